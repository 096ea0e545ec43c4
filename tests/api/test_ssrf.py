"""No outbound requests: SERVICE, LOAD and remote graph IRIs never reach a loopback canary."""

from __future__ import annotations

import httpx
import pytest

AUTH = "Bearer s3cret-token"


def _sparql(server, query: str, **kw: object) -> httpx.Response:
    return httpx.post(server.sparql, data={"query": query, **kw}, timeout=10)  # type: ignore[arg-type]


def _update(server, update: str) -> httpx.Response:
    return httpx.post(
        server.update,
        content=update.encode(),
        timeout=10,
        headers={"Content-Type": "application/sparql-update", "Authorization": AUTH},
    )


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{u}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{u}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{u}/> {{ ?s ?p ?o }} }}",
    "PREFIX c: <{u}/> SELECT * WHERE {{ SERVICE c:sparql {{ ?s ?p ?o }} }}",
    # The engine reads "SERVICE:x" as SERVICE followed by the name ":x".
    "PREFIX : <{u}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "BASE <{u}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o.SERVICE<{u}/>{{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # a comment \n SERVICE <{u}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{u}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{u}/> {{ ?s ?p ?o }} }} }}",
    "ASK {{ SERVICE <{u}/> {{ ?s ?p ?o }} }}",
    "CONSTRUCT WHERE {{ SERVICE <{u}/> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_without_a_connection(server, canary, template: str) -> None:
    query = template.format(u=canary.url)
    responses: list[httpx.Response] = []
    assert canary.hits_after(lambda: responses.append(_sparql(server, query))) == 0
    assert responses[0].status_code == 400, responses[0].text
    assert responses[0].json()["error"] == "remote_access_refused"


def test_service_over_get_and_direct_post(server, canary) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{canary.url}/> {{ ?s ?p ?o }} }}"
    out: list[int] = []
    hits = canary.hits_after(
        lambda: out.extend(
            [
                httpx.get(server.sparql, params={"query": query}).status_code,
                httpx.post(
                    server.sparql,
                    content=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                ).status_code,
            ]
        )
    )
    assert hits == 0 and out == [400, 400]


def test_the_word_service_in_data_is_not_a_keyword(server, canary) -> None:
    query = (
        f'SELECT * WHERE {{ ?s ?p "SERVICE <{canary.url}/> {{}}" . '
        f"# SERVICE <{canary.url}/>\n ?s ?p ?o }} LIMIT 1"
    )
    r = _sparql(server, query)
    assert r.status_code == 200


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{u}/x>",
        "LOAD SILENT <{u}/x>",
        "LOAD <{u}/x> INTO GRAPH <urn:tradekg:test:loaded>",
        "load silent <{u}/x> into graph <urn:tradekg:test:loaded>",
        "PREFIX c: <{u}/> LOAD c:x",
        "INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{u}/> {{ ?s ?p ?o }} }}",
    ],
)
def test_load_is_refused_without_a_connection(server, canary, template: str) -> None:
    responses: list[httpx.Response] = []
    assert (
        canary.hits_after(lambda: responses.append(_update(server, template.format(u=canary.url))))
        == 0
    )
    assert responses[0].status_code == 400, responses[0].text
    assert responses[0].json()["error"] == "remote_access_refused"


@pytest.mark.parametrize(
    ("template", "params"),
    [
        ("SELECT * FROM <{u}/x> WHERE {{ ?s ?p ?o }}", {}),
        ("SELECT * FROM NAMED <{u}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        ("SELECT * FROM <{u}/x> FROM NAMED <{u}/y> WHERE {{ ?s ?p ?o }}", {}),
        ("SELECT * WHERE {{ ?s ?p ?o }}", {"default-graph-uri": "{u}/x"}),
        ("SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {"named-graph-uri": "{u}/x"}),
        ("SELECT * WHERE {{ GRAPH <{u}/x> {{ ?s ?p ?o }} }}", {}),
        ("CONSTRUCT {{ ?s ?p ?o }} FROM <{u}/x> WHERE {{ ?s ?p ?o }}", {}),
    ],
)
def test_remote_graph_iris_are_local_names(
    server, canary, template: str, params: dict[str, str]
) -> None:
    query = template.format(u=canary.url)
    extra = {k: v.format(u=canary.url) for k, v in params.items()}
    responses: list[httpx.Response] = []
    assert canary.hits_after(lambda: responses.append(_sparql(server, query, **extra))) == 0
    assert responses[0].status_code == 200  # an empty result: no such local graph


@pytest.mark.parametrize(
    "template",
    [
        "DELETE {{ ?s ?p ?o }} USING <{u}/x> WHERE {{ ?s ?p ?o }}",
        "WITH <{u}/x> DELETE {{ ?s <urn:none> ?o }} WHERE {{ ?s <urn:none> ?o }}",
        "DELETE {{ ?s ?p ?o }} USING NAMED <{u}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
def test_using_and_with_are_local_names(server, canary, template: str) -> None:
    responses: list[httpx.Response] = []
    assert (
        canary.hits_after(lambda: responses.append(_update(server, template.format(u=canary.url))))
        == 0
    )
    assert responses[0].status_code in (204, 403), responses[0].text


def test_allow_list_lets_a_named_endpoint_through(canary, memory_store, make_client) -> None:
    """The guard is the only thing in the way: an allow-listed endpoint is really called."""
    client = make_client(memory_store, allow_remote=f"{canary.url}/sparql")
    allowed = f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}"
    other = f"SELECT * WHERE {{ SERVICE <{canary.url}/other> {{ ?s ?p ?o }} }}"
    responses: list[int] = []
    assert (
        canary.hits_after(
            lambda: responses.append(client.get("/sparql", params={"query": other}).status_code)
        )
        == 0
    )
    assert responses == [400]
    assert (
        canary.hits_after(
            lambda: responses.append(client.get("/sparql", params={"query": allowed}).status_code)
        )
        == 1
    )
    assert responses[1] == 502  # the canary hangs up; the client is told the remote failed
