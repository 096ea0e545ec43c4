"""The SPARQL 1.1 Protocol at /sparql over HTTP: operations, dataset, negotiation, errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest

SELECT_USER = "SELECT ?o WHERE { GRAPH <urn:tradekg:test:user> { <urn:t:a> <urn:t:p> ?o } }"
SELECT_P = "SELECT ?s ?o WHERE { ?s <urn:t:p> ?o } ORDER BY ?s ?o"
CONSTRUCT = (
    "CONSTRUCT { ?s <urn:t:p> ?o } WHERE { GRAPH <urn:tradekg:test:user> { ?s <urn:t:p> ?o } }"
)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
SRX = "{http://www.w3.org/2005/sparql-results#}"


def values(doc: dict[str, object], var: str) -> set[str]:
    bindings = doc["results"]["bindings"]  # type: ignore[index]
    return {b[var]["value"] for b in bindings if var in b}  # type: ignore[union-attr]


# --- the three ways to send a query -------------------------------------------------------


def test_get_query(server) -> None:
    r = httpx.get(server.sparql, params={"query": SELECT_USER})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert "42" in values(r.json(), "o") and "plain" in values(r.json(), "o")


def test_post_form(server) -> None:
    r = httpx.post(server.sparql, data={"query": SELECT_USER})
    assert r.status_code == 200
    assert "plain" in values(r.json(), "o")


def test_post_form_with_charset(server) -> None:
    r = httpx.post(
        server.sparql,
        content=f"query={SELECT_USER}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    )
    assert r.status_code == 200


def test_post_direct(server) -> None:
    r = httpx.post(
        server.sparql,
        content=SELECT_USER.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert r.status_code == 200
    assert "plain" in values(r.json(), "o")


def test_predeclared_prefixes_do_not_override_the_query(server) -> None:
    q = "PREFIX tk: <urn:t:> SELECT ?o WHERE { ?s tk:q ?o }"
    r = httpx.get(server.sparql, params={"query": q})
    assert values(r.json(), "o") == {"in g2"}


# --- dataset: union by default, default-graph-uri and named-graph-uri honoured ------------


def test_default_graph_is_the_union(server) -> None:
    r = httpx.get(server.sparql, params={"query": "SELECT ?o WHERE { ?s ?p ?o }"})
    got = values(r.json(), "o")
    assert {"in g2", "in the default graph", "plain"} <= got


def test_default_graph_uri(server) -> None:
    r = httpx.get(
        server.sparql,
        params={
            "query": "SELECT ?o WHERE { ?s ?p ?o }",
            "default-graph-uri": "urn:tradekg:test:g2",
        },
    )
    assert values(r.json(), "o") == {"in g2"}


def test_several_default_graph_uris_merge(server) -> None:
    r = httpx.get(
        server.sparql,
        params=[
            ("query", "SELECT ?o WHERE { ?s ?p ?o }"),
            ("default-graph-uri", "urn:tradekg:test:g2"),
            ("default-graph-uri", "urn:tradekg:test:user"),
        ],
    )
    got = values(r.json(), "o")
    assert "in g2" in got and "plain" in got and "in the default graph" not in got


def test_named_graph_uri_limits_graph_patterns(server) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = httpx.post(server.sparql, data={"query": q, "named-graph-uri": ["urn:tradekg:test:g2"]})
    assert values(r.json(), "g") == {"urn:tradekg:test:g2"}
    # Only named graphs given: the default graph is empty, as the protocol says.
    r = httpx.post(
        server.sparql,
        data={"query": "SELECT * WHERE { ?s ?p ?o }", "named-graph-uri": "urn:tradekg:test:g2"},
    )
    assert r.json()["results"]["bindings"] == []


def test_default_graph_uri_alone_means_no_named_graphs(server) -> None:
    q = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = httpx.get(server.sparql, params={"query": q, "default-graph-uri": "urn:tradekg:test:g2"})
    assert r.json()["results"]["bindings"] == []


def test_direct_post_takes_dataset_from_the_url(server) -> None:
    r = httpx.post(
        server.sparql,
        params={"default-graph-uri": "urn:tradekg:test:g2"},
        content=b"SELECT ?o WHERE { ?s ?p ?o }",
        headers=DIRECT,
    )
    assert values(r.json(), "o") == {"in g2"}


def test_from_in_the_query_is_honoured(server) -> None:
    q = "SELECT ?o FROM <urn:tradekg:test:g2> WHERE { ?s ?p ?o }"
    assert values(httpx.get(server.sparql, params={"query": q}).json(), "o") == {"in g2"}


def test_protocol_dataset_overrides_from(server) -> None:
    q = "SELECT ?o FROM <urn:tradekg:test:user> WHERE { ?s ?p ?o }"
    r = httpx.get(server.sparql, params={"query": q, "default-graph-uri": "urn:tradekg:test:g2"})
    assert values(r.json(), "o") == {"in g2"}


# --- content negotiation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/csv;q=0.2, application/sparql-results+json;q=0.1", "text/csv; charset=utf-8"),
        ("text/tab-separated-values, text/*;q=0.5", "text/tab-separated-values; charset=utf-8"),
        ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
    ],
)
def test_select_formats(server, accept: str | None, ctype: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(server.sparql, params={"query": SELECT_P}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"] == ctype
    assert "accept" in r.headers["vary"].lower()


def test_select_bodies_parse(server) -> None:
    xml = httpx.get(
        server.sparql,
        params={"query": SELECT_P},
        headers={"Accept": "application/sparql-results+xml"},
    )
    root = ET.fromstring(xml.content)  # noqa: S314 - our own test server
    assert root.tag == f"{SRX}sparql" and root.findall(f".//{SRX}result")
    text = httpx.get(server.sparql, params={"query": SELECT_P}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(text.text)))
    assert rows[0] == ["s", "o"]
    assert any('comma, "quote"\nnewline\ttab' in row for row in rows)
    tsv = httpx.get(
        server.sparql, params={"query": SELECT_P}, headers={"Accept": "text/tab-separated-values"}
    )
    assert tsv.text.splitlines()[0] == "?s\t?o"
    assert '"comma, \\"quote\\"\\nnewline\\ttab"@en' in tsv.text


def test_ask(server) -> None:
    r = httpx.get(server.sparql, params={"query": "ASK { ?s <urn:t:q> ?o }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = httpx.get(
        server.sparql,
        params={"query": "ASK { ?s <urn:t:none> ?o }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert b"<boolean>false</boolean>" in r.content


@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        (None, "text/turtle; charset=utf-8"),
        ("text/turtle", "text/turtle; charset=utf-8"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/n-quads", "application/n-quads"),
    ],
)
def test_construct_formats(server, accept: str | None, ctype: str) -> None:
    import rdflib

    headers = {"Accept": accept} if accept else {}
    r = httpx.get(server.sparql, params={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"] == ctype
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
        "application/n-quads": "nquads",
    }[ctype.split(";")[0]]
    g = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
    g.parse(data=r.text, format=fmt)
    assert len(g) == 11


def test_describe(server) -> None:
    r = httpx.get(
        server.sparql,
        params={"query": "DESCRIBE <urn:t:b>"},
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200
    assert "<urn:t:b> <urn:t:p> <urn:t:a> ." in r.text


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT_P, "text/turtle"),
        (SELECT_P, "image/png"),
        ("ASK {}", "application/rdf+xml;q=1, text/html"),
        (CONSTRUCT, "text/csv"),
        (CONSTRUCT, "application/sparql-results+json"),
        (SELECT_P, "application/sparql-results+json;q=0"),
    ],
)
def test_not_acceptable(server, query: str, accept: str) -> None:
    r = httpx.get(server.sparql, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 406
    assert r.json()["error"] == "not_acceptable"


# --- errors -------------------------------------------------------------------------------


def test_malformed_query_gives_the_parser_message(server) -> None:
    r = httpx.get(server.sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "malformed_query"
    assert "error at 1:" in body["detail"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
        {"method": "POST", "data": {"query": ["ASK {}", "ASK {}"]}},
        {"method": "POST", "params": {"query": "ASK {}"}, "data": {"query": "ASK {}"}},
        {"method": "POST", "params": {"query": "ASK {}"}, "content": b"ASK {}", "headers": DIRECT},
    ],
)
def test_repeated_query_is_400(server, request_kwargs: dict[str, object]) -> None:
    r = httpx.request(url=server.sparql, **request_kwargs)  # type: ignore[arg-type]
    assert r.status_code == 400
    assert "more than once" in r.json()["detail"]


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET"},
        {"method": "GET", "params": {"query": ""}},
        {"method": "GET", "params": {"update": "CLEAR DEFAULT"}},
        {"method": "POST", "data": {"update": "CLEAR DEFAULT"}},
        {"method": "POST", "content": b"", "headers": DIRECT},
        {"method": "POST", "data": {"default-graph-uri": "urn:x"}},
        {"method": "GET", "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
        {"method": "POST", "content": b"query=\xff\xfe", "headers": FORM},
        {"method": "POST", "content": b"\xff\xfe", "headers": DIRECT},
        {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    ],
)
def test_bad_requests_are_400(server, request_kwargs: dict[str, object]) -> None:
    r = httpx.request(url=server.sparql, **request_kwargs)  # type: ignore[arg-type]
    assert r.status_code == 400, r.text
    assert set(r.json()) >= {"error", "detail"}


@pytest.mark.parametrize(
    "ctype",
    [None, "text/plain", "application/json", "application/sparql-update", "multipart/form-data"],
)
def test_unsupported_content_type_is_415(server, ctype: str | None) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    r = httpx.post(server.sparql, content=b"ASK {}", headers=headers)
    assert r.status_code == 415
    assert r.json()["error"] == "unsupported_media_type"


def test_unknown_path_and_method(server) -> None:
    assert httpx.get(f"{server.base}/nope").status_code == 404
    r = httpx.delete(server.sparql)
    assert r.status_code == 405
    assert r.json()["error"] == "method_not_allowed"


# --- the query page, the docs and health ---------------------------------------------------


def test_browser_gets_yasgui(server) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = httpx.get(server.sparql, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "static/yasgui/yasgui.min.js" in r.text and "new Yasgui(" in r.text
    for asset in ("yasgui.min.js", "yasgui.min.css"):
        a = httpx.get(f"{server.base}/static/yasgui/{asset}")
        assert a.status_code == 200 and len(a.content) > 10_000
    # The page loads nothing from another origin.
    assert "http://" not in r.text.replace("http://www.w3.org", "")
    assert "https://" not in r.text.replace("https://w3id.org", "")


def test_browser_with_a_query_gets_results(server) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+xml"


def test_openapi_and_docs(server) -> None:
    schema = httpx.get(f"{server.base}/openapi.json").json()
    assert {"/sparql", "/update", "/health"} <= set(schema["paths"])
    post = schema["paths"]["/sparql"]["post"]["requestBody"]["content"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(post)
    assert httpx.get(f"{server.base}/docs").status_code == 200


def test_health(server, built_store) -> None:
    h = httpx.get(f"{server.base}/health").json()
    assert h["status"] == "ok"
    assert h["triples"] == len(built_store.direct)
    # Claims are causal claims and event shocks, stated or derived (kg.counts).
    claims = built_store.direct.query(
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { { ?c a <https://w3id.org/tradekg/ontology#"
        "CausalClaim> } UNION { ?c a <https://w3id.org/tradekg/ontology#EventShock> } }",
        use_default_graph_as_union=True,
    )
    assert h["claims"] == int(next(iter(claims))["n"].value)
    version = built_store.direct.query(
        "SELECT ?v WHERE { <https://w3id.org/tradekg/ontology> "
        "<http://www.w3.org/2002/07/owl#versionInfo> ?v }",
        use_default_graph_as_union=True,
    )
    assert h["ontology_version"] == next(iter(version))["v"].value
    assert h["rules_version"]
    assert h["bundled"] is True and h["update_enabled"] is True


def test_json_body_is_compact_and_utf8(server) -> None:
    r = httpx.get(server.sparql, params={"query": SELECT_USER})
    assert "ünïcødé ✓ <&>" in r.content.decode("utf-8")
    json.loads(r.content)
