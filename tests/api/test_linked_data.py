"""Linked-data surface, against a live server: Service Description (SPARQL 1.1 SD),
Graph Store HTTP Protocol (SPARQL 1.1 GSP), dereferenceable /id IRIs; CORS; operation ids.

Each check cites the specification's sentence it tests.
"""

from __future__ import annotations

import json
import re
import warnings
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from openapi_spec_validator import validate

from api.app import create_app
from api.settings import Settings
from kg.store import OxigraphStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = "http://www.w3.org/ns/formats/"
TK = rdflib.Namespace("https://w3id.org/tradekg/ontology#")
USER_GRAPH = "urn:tradekg:test:user"
ONTOLOGY = "https://w3id.org/tradekg/graph/ontology"
CLAIM = "https://w3id.org/tradekg/id/claim/weak-yen-drives-deficit"
MEDIA = {  # the W3C format IRIs the description may name, and their media types
    "SPARQL_Results_JSON": "application/sparql-results+json",
    "SPARQL_Results_XML": "application/sparql-results+xml",
    "SPARQL_Results_CSV": "text/csv",
    "SPARQL_Results_TSV": "text/tab-separated-values",
    "Turtle": "text/turtle",
    "N-Triples": "application/n-triples",
    "RDF_XML": "application/rdf+xml",
    "JSON-LD": "application/ld+json",
    "N-Quads": "application/n-quads",
}


def graph_of(r: httpx.Response, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=r.text, format=fmt)
    return g


# ------------------------------------------------------------------ Service Description
# SD 1.1 §2: "SPARQL services made available via the SPARQL Protocol should return a service
# description document at the service endpoint when dereferenced using the HTTP GET
# operation without any query parameter strings provided. This service description must be
# made available in an RDF serialization ... and should use content negotiation".


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_service_description_by_content_negotiation(server, accept: str, fmt: str) -> None:
    r = httpx.get(server.sparql, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = graph_of(r, fmt)
    services = list(g.subjects(rdflib.RDF.type, SD.Service))
    assert len(services) == 1
    svc = services[0]
    # SD §3.2.2 sd:endpoint: "the SPARQL endpoint of an sd:Service"
    assert g.value(svc, SD.endpoint) == rdflib.URIRef(server.sparql)
    assert SD.SPARQL11Query in set(g.objects(svc, SD.supportedLanguage))
    assert SD.SPARQL11Update not in set(g.objects(svc, SD.supportedLanguage))
    assert SD.UnionDefaultGraph in set(g.objects(svc, SD.feature))
    assert SD.BasicFederatedQuery not in set(g.objects(svc, SD.feature))  # no allow-list
    dataset = g.value(svc, SD.defaultDataset)
    assert (dataset, rdflib.RDF.type, SD.Dataset) in g
    assert g.value(dataset, SD.defaultGraph) is not None
    names = {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}
    assert {USER_GRAPH, ONTOLOGY} <= names


def test_every_advertised_result_format_is_served(server) -> None:
    g = graph_of(httpx.get(server.sparql, headers={"Accept": "text/turtle"}), "turtle")
    formats = {str(o)[len(FORMATS) :] for o in g.objects(None, SD.resultFormat)}
    assert formats == set(MEDIA)
    for name in sorted(formats):
        media = MEDIA[name]
        rdf = not name.startswith("SPARQL_Results")
        query = (
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"
            if rdf
            else "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
        )
        r = httpx.get(server.sparql, params={"query": query}, headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), name


def test_the_union_default_graph_feature_holds(server) -> None:
    r = httpx.get(
        server.sparql,
        headers={"Accept": "application/sparql-results+json"},
        params={"query": 'ASK { <urn:t:a> <urn:t:q> "in g2" }'},
    )
    assert r.json()["boolean"] is True  # a named graph's triple, seen in the default graph


def test_a_browser_still_gets_the_query_page(server) -> None:
    r = httpx.get(server.sparql, headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def test_a_query_is_still_a_query(server) -> None:
    r = httpx.get(
        server.sparql,
        params={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.json() == {"head": {}, "boolean": True}


# ------------------------------------------------------------------ Graph Store Protocol


def store_url(server, *, graph: str | None = None, default: bool = False) -> str:
    base = f"{server.base}/store"
    if default:
        return base + "?default"
    return base + ("" if graph is None else "?graph=" + quote(graph, safe=""))


def auth(server, ctype: str | None = "text/turtle") -> dict[str, str]:
    h = {"Authorization": f"Bearer {server.token}"}
    if ctype:
        h["Content-Type"] = ctype
    return h


def test_gsp_get_a_named_graph(server, built_store) -> None:
    # GSP §5.2: GET "MUST retrieve an RDF payload that is a serialization of the named graph"
    r = httpx.get(store_url(server, graph=USER_GRAPH), headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    got = graph_of(r, "nt")
    direct = list(built_store.direct.quads_for_pattern(None, None, None, ox.NamedNode(USER_GRAPH)))
    assert len(got) == len(direct) > 0


def test_gsp_get_the_default_graph(server) -> None:
    r = httpx.get(store_url(server, default=True), headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert "in the default graph" in r.text
    assert "in g2" not in r.text  # the store's own default graph, not the union


def test_gsp_status_codes_of_reads(server) -> None:
    # GSP §5.2 / §5.1: a missing graph is 404; an unusable request 400; no acceptable type 406
    assert httpx.get(store_url(server, graph="urn:tradekg:test:none")).status_code == 404
    assert httpx.get(f"{server.base}/store").status_code == 400
    both = f"{server.base}/store?default&graph=" + quote(USER_GRAPH, safe="")
    assert httpx.get(both).status_code == 400
    r = httpx.get(store_url(server, graph=USER_GRAPH), headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_gsp_head_is_get_without_a_body(server) -> None:
    # GSP §5.6: HEAD is "identical to GET except that the server MUST NOT return a message-body"
    get = httpx.get(store_url(server, graph=USER_GRAPH))
    head = httpx.head(store_url(server, graph=USER_GRAPH))
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert httpx.head(store_url(server, graph="urn:tradekg:test:none")).status_code == 404


def test_gsp_writes_need_the_token(server) -> None:
    url = store_url(server, graph="urn:tradekg:test:gsp-auth")
    body = b"<urn:s> <urn:p> <urn:o> ."
    assert httpx.put(url, content=body, headers={"Content-Type": "text/turtle"}).status_code == 401
    bad = {"Authorization": "Bearer wrong", "Content-Type": "text/turtle"}
    assert httpx.put(url, content=body, headers=bad).status_code == 403
    assert httpx.delete(url).status_code == 401
    assert httpx.get(url).status_code == 404  # nothing was written


def test_gsp_build_graphs_are_read_only(server) -> None:
    url = store_url(server, graph=ONTOLOGY)
    for method in ("PUT", "POST"):
        r = httpx.request(method, url, content=b"<urn:s> <urn:p> <urn:o> .", headers=auth(server))
        assert r.status_code == 403 and r.json()["error"] == "read_only_graph", method
    r = httpx.delete(url, headers=auth(server, None))
    assert r.status_code == 403 and r.json()["error"] == "read_only_graph"
    assert httpx.get(url).status_code == 200


def test_gsp_put_post_delete_lifecycle(server) -> None:
    g = "urn:tradekg:test:gsp"
    url = store_url(server, graph=g)
    # GSP §5.3 PUT: "If new RDF graph content is created, the origin server MUST inform the
    # user agent by a 201 Created response. If existing RDF graph content is modified, either
    # 200 OK or 204 No Content"
    r = httpx.put(url, content=b'<urn:s> <urn:p> "one" .', headers=auth(server))
    assert r.status_code == 201
    r = httpx.put(url, content=b'<urn:s> <urn:p> "two" .', headers=auth(server))
    assert r.status_code == 204
    text = httpx.get(url, headers={"Accept": "application/n-triples"}).text
    assert '"two"' in text and '"one"' not in text  # replaced, not merged
    # GSP §5.5 POST: the payload is merged into the graph
    r = httpx.post(
        url,
        content=b'{"@id": "urn:s", "urn:p": "three"}',
        headers=auth(server, "application/ld+json"),
    )
    assert r.status_code == 204
    got = graph_of(httpx.get(url, headers={"Accept": "text/turtle"}), "turtle")
    assert {str(o) for o in got.objects()} == {"two", "three"}
    # the graph is there for SPARQL too
    r = httpx.get(
        server.sparql,
        headers={"Accept": "application/sparql-results+json"},
        params={"query": f'ASK {{ GRAPH <{g}> {{ <urn:s> <urn:p> "three" }} }}'},
    )
    assert r.json()["boolean"] is True
    # GSP §5.4 DELETE: 200 or 204 on success; 404 when the graph does not exist
    assert httpx.delete(url, headers=auth(server, None)).status_code == 204
    assert httpx.get(url).status_code == 404
    assert httpx.delete(url, headers=auth(server, None)).status_code == 404


def test_gsp_post_to_the_store_creates_a_graph(server) -> None:
    # GSP §5.5: POST to the Graph Store "MUST create a new RDF graph ... and return a 201
    # Created status code with a Location header field set to the URI of the new graph"
    r = httpx.post(
        f"{server.base}/store", content=b"<urn:s> <urn:p> <urn:new> .", headers=auth(server)
    )
    assert r.status_code == 201
    new = r.headers["location"]
    assert new.startswith(f"{server.base}/store/graph/")
    got = httpx.get(store_url(server, graph=new), headers={"Accept": "application/n-triples"})
    assert "<urn:new>" in got.text
    assert httpx.delete(store_url(server, graph=new), headers=auth(server, None)).status_code == 204


def test_gsp_bad_payloads(server) -> None:
    url = store_url(server, graph="urn:tradekg:test:gsp-bad")
    r = httpx.put(url, content=b"hello", headers=auth(server, "text/plain"))
    assert r.status_code == 415
    r = httpx.put(url, content=b"<urn:s> <urn:p> ", headers=auth(server))
    assert r.status_code == 400 and "does not parse" in r.json()["detail"]
    assert httpx.get(url).status_code == 404


def test_gsp_relative_iris_resolve_against_the_graph(server) -> None:
    g = "http://example.org/graphs/rel"
    url = store_url(server, graph=g)
    assert httpx.put(url, content=b"<#a> <#b> <c> .", headers=auth(server)).status_code == 201
    text = httpx.get(url, headers={"Accept": "application/n-triples"}).text
    assert "<http://example.org/graphs/rel#a>" in text and "<http://example.org/graphs/c>" in text
    assert httpx.delete(url, headers=auth(server, None)).status_code == 204


def test_gsp_default_graph_put_and_restore(server) -> None:
    url = store_url(server, default=True)
    before = httpx.get(url, headers={"Accept": "application/n-triples"}).text
    r = httpx.post(url, content=b'<urn:t:x> <urn:t:p> "added" .', headers=auth(server))
    assert r.status_code == 204  # the default graph always exists
    assert '"added"' in httpx.get(url, headers={"Accept": "application/n-triples"}).text
    assert (
        httpx.put(
            url, content=before.encode(), headers=auth(server, "application/n-triples")
        ).status_code
        == 204
    )
    assert '"added"' not in httpx.get(url, headers={"Accept": "application/n-triples"}).text


# ------------------------------------------------------------------ dereferenceable IRIs


def test_a_claim_iri_dereferences_to_turtle(server) -> None:
    r = httpx.get(
        f"{server.base}/id/claim/weak-yen-drives-deficit", headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "accept" in r.headers["vary"].lower()
    g = graph_of(r, "turtle")
    claim = rdflib.URIRef(CLAIM)
    assert "depreciating yen" in str(g.value(claim, TK.quote))
    assert g.value(claim, TK.sign).toPython() == 1


def test_a_claim_iri_dereferences_to_json_ld(server) -> None:
    r = httpx.get(
        f"{server.base}/id/claim/weak-yen-drives-deficit", headers={"Accept": "application/ld+json"}
    )
    assert r.status_code == 200
    json.loads(r.text)
    g = graph_of(r, "json-ld")
    assert (rdflib.URIRef(CLAIM), rdflib.RDF.type, TK.CausalClaim) in g


def test_a_browser_gets_a_page_with_links(server) -> None:
    r = httpx.get(
        f"{server.base}/id/claim/weak-yen-drives-deficit",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "depreciating yen" in r.text
    assert 'href="/id/var/JPN/WLD/goodsBalance/total/value"' in r.text


def test_a_variable_iri_with_slashes_dereferences(server) -> None:
    r = httpx.get(
        f"{server.base}/id/var/JPN/WLD/goodsBalance/total/value",
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200
    assert "<https://w3id.org/tradekg/ontology#key>" in r.text


def test_dereferencing_status_codes(server) -> None:
    assert httpx.get(f"{server.base}/id/claim/no-such-claim").status_code == 404
    r = httpx.get(
        f"{server.base}/id/claim/weak-yen-drives-deficit", headers={"Accept": "image/png"}
    )
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable"
    r = httpx.get(f"{server.base}/id/claim/weak-yen-drives-deficit")  # no Accept: Turtle
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


# ------------------------------------------------------------------ CORS


def test_cors_is_off_by_default(make_client) -> None:
    client = make_client(OxigraphStore())
    r = client.options(
        "/sparql", headers={"Origin": "https://nb.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in r.headers
    r = client.get("/health", headers={"Origin": "https://nb.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_preflight_and_request_for_a_configured_origin(make_client) -> None:
    client = make_client(OxigraphStore(), cors_origins="https://nb.example, https://b.example")
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://nb.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "https://nb.example"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "authorization" in r.headers["access-control-allow-headers"].lower()
    r = client.get(
        "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://b.example", "Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://b.example"
    r = client.options(
        "/sparql",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
    r = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_origins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRADEKG_CORS_ORIGINS", "*")
    client = TestClient(create_app(Settings(), OxigraphStore()))
    r = client.get("/health", headers={"Origin": "https://any.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    client.close()


# ------------------------------------------------------------------ operation ids


def test_operation_ids_read_as_method_names() -> None:
    doc = create_app(Settings(), OxigraphStore()).openapi()
    validate(doc)
    ids = {
        (method.upper(), path): op["operationId"]
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
    }
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", i) for i in ids.values()), ids
    assert ids[("GET", "/why")] == "why" and ids[("GET", "/whatif")] == "whatif"
    assert ids[("GET", "/sparql")] == "sparqlQuery"
    assert ids[("GET", "/store")] == "getGraph" and ids[("GET", "/id/{path}")] == "describeResource"


def test_a_malformed_iri_path_is_not_found(server) -> None:
    r = httpx.get(f"{server.base}/id/%C2%9FIZ%C2%9D%29%C2%87%14%C3%A8")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_the_ontology_is_served(server) -> None:
    r = httpx.get(f"{server.base}/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = graph_of(r, "turtle")
    assert (
        rdflib.URIRef("https://w3id.org/tradekg/ontology"),
        rdflib.RDF.type,
        rdflib.OWL.Ontology,
    ) in g
    assert g.value(TK.quote, rdflib.RDFS.isDefinedBy) == rdflib.URIRef(
        "https://w3id.org/tradekg/ontology"
    )
    assert httpx.get(f"{server.base}/ontology", headers={"Accept": "image/png"}).status_code == 406
