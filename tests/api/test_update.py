"""SPARQL 1.1 Update at /update: the token, atomicity, and build graphs read-only over HTTP."""

from __future__ import annotations

import httpx
import pytest

ONTOLOGY = "https://w3id.org/tradekg/graph/ontology"
DOCUMENT = "https://w3id.org/tradekg/graph/document/x"
INFERRED = "https://w3id.org/tradekg/graph/inferred"
DIRECT = "application/sparql-update"
TOKEN = "s3cret-token"  # noqa: S105 - the test server's
WRONG = "guess"
LOCAL = "t"


def post(
    server, update: str, *, token: str | None = TOKEN, form: bool = False, **kw: object
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    if form:
        return httpx.post(server.update, data={"update": update}, headers=headers, **kw)  # type: ignore[arg-type]
    headers["Content-Type"] = DIRECT
    return httpx.post(server.update, content=update.encode(), headers=headers, **kw)  # type: ignore[arg-type]


def ask(server, query: str) -> bool:
    return bool(httpx.get(server.sparql, params={"query": query}).json()["boolean"])


# --- the token ----------------------------------------------------------------------------


def test_no_token_is_401(server) -> None:
    r = post(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", token=None)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"] == "unauthorized"


def test_wrong_token_is_403(server) -> None:
    r = post(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", token=WRONG)
    assert r.status_code == 403
    assert r.json()["error"] == "forbidden"


def test_basic_auth_is_not_a_bearer_token(server) -> None:
    r = httpx.post(
        server.update,
        content=b"CLEAR DEFAULT",
        auth=("u", "s3cret-token"),
        headers={"Content-Type": DIRECT},
    )
    assert r.status_code == 401


def test_update_is_off_without_a_configured_token(memory_store, make_client) -> None:
    client = make_client(memory_store)
    r = client.post(
        "/update",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": DIRECT, "Authorization": "Bearer anything"},
    )
    assert r.status_code == 403
    assert r.json()["error"] == "update_disabled"
    assert "TRADEKG_UPDATE_TOKEN" in r.json()["detail"]


# --- writes that are allowed --------------------------------------------------------------


@pytest.mark.parametrize("form", [False, True])
def test_insert_into_a_user_graph(server, form: bool) -> None:
    g = f"urn:tradekg:test:notes:{int(form)}"
    r = post(server, f'INSERT DATA {{ GRAPH <{g}> {{ <urn:n> <urn:says> "hello" }} }}', form=form)
    assert r.status_code == 204, r.text
    assert ask(server, f'ASK {{ GRAPH <{g}> {{ <urn:n> <urn:says> "hello" }} }}')
    r = post(server, f"DROP GRAPH <{g}>", form=form)
    assert r.status_code == 204
    assert not ask(server, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")


def test_default_graph_and_templates_into_user_graphs(server) -> None:
    r = post(
        server,
        """
        PREFIX ex: <urn:ex:>
        INSERT DATA { ex:d ex:p "default" } ;
        INSERT { GRAPH <urn:tradekg:test:derived> { ?c ex:seen true } }
        WHERE { ?c a tk:CausalClaim } ;
        WITH <urn:tradekg:test:derived> DELETE { ?c ex:seen true } WHERE { ?c ex:seen true } ;
        DELETE DATA { ex:d ex:p "default" }""",
    )
    assert r.status_code == 204, r.text
    assert not ask(server, 'ASK { <urn:ex:d> ?p "default" }')


def test_updates_are_atomic(server) -> None:
    # The second operation fails at run time (the graph does not exist), so nothing is kept.
    r = post(
        server,
        "INSERT DATA { GRAPH <urn:tradekg:test:atomic> { <urn:a> <urn:b> 1 } } ; "
        "DROP GRAPH <urn:tradekg:test:never-created>",
    )
    assert r.status_code == 400, r.text
    assert not ask(server, "ASK { GRAPH <urn:tradekg:test:atomic> { ?s ?p ?o } }")


# --- build graphs are read-only -----------------------------------------------------------

READ_ONLY = [
    f"INSERT DATA {{ GRAPH <{ONTOLOGY}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    f"DELETE DATA {{ GRAPH <{DOCUMENT}> {{ <urn:a> <urn:b> <urn:c> }} }}",
    f"DELETE WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}",
    f"WITH <{ONTOLOGY}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"WITH <{INFERRED}> INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    f"INSERT {{ GRAPH <{DOCUMENT}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE WHERE { GRAPH ?g { ?s a tk:CausalClaim } }",
    "INSERT { GRAPH ?g { <urn:a> <urn:b> <urn:c> } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"CLEAR GRAPH <{ONTOLOGY}>",
    f"CLEAR SILENT GRAPH <{DOCUMENT}>",
    f"DROP GRAPH <{INFERRED}>",
    f"CREATE GRAPH <{DOCUMENT}>",
    "CLEAR ALL",
    "DROP NAMED",
    "drop silent all",
    f"ADD DEFAULT TO <{ONTOLOGY}>",
    f"COPY <urn:tradekg:test:user> TO <{ONTOLOGY}>",
    f"MOVE <{ONTOLOGY}> TO <urn:tradekg:test:moved>",
    "BASE <https://w3id.org/tradekg/graph/> CLEAR GRAPH <ontology>",
    "PREFIX g: <https://w3id.org/tradekg/graph/> DROP GRAPH g:ontology",
    # Several operations: the refusal of the last keeps the first from being applied.
    f"INSERT DATA {{ GRAPH <urn:tradekg:test:first> {{ <urn:a> <urn:b> <urn:c> }} }} ; "
    f"CLEAR GRAPH <{ONTOLOGY}>",
]


@pytest.mark.parametrize("update", READ_ONLY)
def test_build_graphs_are_read_only(server, built_store, update: str) -> None:
    before = httpx.get(f"{server.base}/health").json()["triples"]
    r = post(server, update)
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["error"] == "read_only_graph"
    assert "kg/claims/*.yaml" in body["detail"]
    assert httpx.get(f"{server.base}/health").json()["triples"] == before
    assert not ask(server, "ASK { GRAPH <urn:tradekg:test:first> { ?s ?p ?o } }")


def test_a_build_graph_iri_in_where_is_fine(server) -> None:
    r = post(
        server,
        f"""INSERT {{ GRAPH <urn:tradekg:test:copy> {{ ?o a ?c }} }}
                         WHERE {{ GRAPH <{ONTOLOGY}> {{ ?o a ?c }} }} ;
                         DROP GRAPH <urn:tradekg:test:copy>""",
    )
    assert r.status_code == 204, r.text


# --- malformed and unsupported ------------------------------------------------------------


def test_malformed_update_gives_the_parser_message(server) -> None:
    r = post(server, "INSERT DATA { <urn:a> <urn:b> }")
    assert r.status_code == 400
    assert r.json()["error"] == "malformed_query"
    assert "error at 1:" in r.json()["detail"]


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"content": b"", "headers": {"Content-Type": DIRECT}},
        {"data": {"update": ["CLEAR DEFAULT", "CLEAR DEFAULT"]}},
        {"data": {"query": "ASK {}"}},
        # The protocol's dataset and the update's own (WITH/USING) conflict.
        {
            "data": {
                "update": "WITH <urn:g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
                "using-graph-uri": "urn:g",
            }
        },
        {"content": b"\xff", "headers": {"Content-Type": DIRECT}},
        {"content": b"SELECT * WHERE { ?s ?p ?o }", "headers": {"Content-Type": DIRECT}},
    ],
)
def test_update_bad_requests(server, request_kwargs: dict[str, object]) -> None:
    headers = {"Authorization": "Bearer s3cret-token", **request_kwargs.pop("headers", {})}  # type: ignore[dict-item]
    r = httpx.post(server.update, headers=headers, **request_kwargs)  # type: ignore[arg-type]
    assert r.status_code == 400, r.text


@pytest.mark.parametrize("ctype", [None, "application/sparql-query", "text/plain"])
def test_update_unsupported_media_type(server, ctype: str | None) -> None:
    headers = {"Authorization": "Bearer s3cret-token"}
    if ctype:
        headers["Content-Type"] = ctype
    r = httpx.post(server.update, content=b"CLEAR DEFAULT", headers=headers)
    assert r.status_code == 415


def test_get_update_is_not_allowed(server) -> None:
    assert httpx.get(server.update, params={"update": "CLEAR DEFAULT"}).status_code == 405


# --- --no-bundled: a plain SPARQL 1.1 server ----------------------------------------------


def test_no_bundled_makes_every_graph_writable(memory_store, make_client) -> None:
    client = make_client(memory_store, no_bundled=True, update_token=LOCAL)
    auth = {"Authorization": "Bearer t", "Content-Type": DIRECT}
    for update in (
        f"INSERT DATA {{ GRAPH <{ONTOLOGY}> {{ <urn:a> <urn:b> <urn:c> }} }}",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { <urn:a> ?p ?o } }",
        "CLEAR ALL",
    ):
        r = client.post("/update", content=update, headers=auth)
        assert r.status_code == 204, r.text
    assert client.get("/health").json()["triples"] == 0
    assert client.get("/health").json()["bundled"] is False


def test_update_bumps_the_store_generation(memory_store, make_client) -> None:
    client = make_client(memory_store, update_token=LOCAL)
    before = memory_store.generation
    r = client.post(
        "/update",
        content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Authorization": "Bearer t", "Content-Type": DIRECT},
    )
    assert r.status_code == 204
    assert memory_store.generation != before
