"""Regression tests of issue #9's server findings: each failed on the code before the fix."""

from __future__ import annotations

import concurrent.futures
import os
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.protocol.guard import is_allowed, normalize_iri, tokens
from kg.store import OxigraphStore

from .conftest import ONTOLOGY_GRAPH, TOKEN

SPARQL_UPDATE = {"Content-Type": "application/sparql-update"}
AUTH = {"Authorization": f"Bearer {TOKEN}", **SPARQL_UPDATE}


def _drop(server, graph: str) -> None:
    # The session server is shared: leave its data as the other tests expect it.
    r = httpx.post(server.update, content=f"DROP SILENT GRAPH <{graph}>", headers=AUTH, timeout=60)
    assert r.status_code == 204, r.text


def _count(server, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    r = httpx.get(server.sparql, params={"query": q}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# --- 1. escapes: the guard reads IRIs and strings as the engine does -----------------------


def _ssrf_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ BIND(<urn:x\\u0041#> AS ?d) SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<urn:x\\U00000041#> AS ?d) SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ BIND("\\u0022#" AS ?d) SERVICE <{url}/x> {{ ?s ?p ?o }} }}',
        f"SELECT * WHERE {{ SERVICE <{url.replace(':', chr(92) + 'u003a', 1)}/x> {{ }} }}",
        # Found by the fuzz: the engine needs no space after a keyword.
        f"SELECT * WHERE {{ sErVICeSilEnT <{url}/x> {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{url}/> SELECT * WHERE {{ SERVICEc:x {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.parametrize("n", range(6))
def test_escaped_iri_does_not_hide_service(server, canary, n: int) -> None:
    query = _ssrf_queries(canary.url)[n]
    for send in (
        lambda: httpx.get(server.sparql, params={"query": query}, timeout=30),
        lambda: httpx.post(
            server.sparql,
            content=query,
            timeout=30,
            headers={"Content-Type": "application/sparql-query"},
        ),
    ):
        box: list[httpx.Response] = []
        assert canary.hits_after(lambda s=send, b=box: b.append(s())) == 0
        assert box[0].status_code == 400, box[0].text
        assert box[0].json()["error"] == "remote_access_refused"


def test_escaped_iri_does_not_hide_service_in_update(server, canary) -> None:
    update = (
        f"INSERT {{ GRAPH <urn:tradekg:test:ssrf> {{ ?s ?p ?o }} }} WHERE {{ "
        f"BIND(<urn:x\\u0041#> AS ?d) SERVICE <{canary.url}/x> {{ ?s ?p ?o }} }}"
    )
    box: list[httpx.Response] = []
    assert (
        canary.hits_after(
            lambda: box.append(httpx.post(server.update, content=update, headers=AUTH, timeout=30))
        )
        == 0
    )
    assert box[0].status_code == 400 and box[0].json()["error"] == "remote_access_refused"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # The engine decodes UCHARs inside an IRI, and "#" there is part of the IRI.
        ("<urn:x\\u0041#>", "iri", "urn:xA#"),
        ("<urn:x\\U00000041#>", "iri", "urn:xA#"),
        # Inside a string an escaped quote is content, not the end of the string.
        ('"a\\u0022 b"', "string", '"a\\u0022 b"'),
        # PN_LOCAL escapes are decoded in prefixed names.
        ("t:graph\\/ontology", "pname", "t:graph/ontology"),
    ],
)
def test_engine_reading(text: str, kind: str, value: str) -> None:
    """The guard's tokens are the engine's: pyoxigraph reads each text as the guard does."""
    toks = list(tokens(text))
    assert [(t.kind, t.value) for t in toks] == [(kind, value)]
    q = f"PREFIX t: <https://w3id.org/tradekg/> SELECT ?x WHERE {{ BIND({text} AS ?x) }}"
    (row,) = list(ox.Store().query(q))
    if kind == "iri":
        assert row["x"] == ox.NamedNode(value)
    elif kind == "pname":
        assert row["x"] == ox.NamedNode("https://w3id.org/tradekg/graph/ontology")
    else:
        assert row["x"].value == 'a" b'


def test_engine_does_not_unescape_keywords() -> None:
    """pyoxigraph 0.5 decodes \\u only in IRIs and strings: a keyword cannot be escaped."""
    with pytest.raises(SyntaxError):
        ox.Store().query("SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> {} }")


# --- 2. the update guard reads \/ in prefixed names as the engine does --------------------


@pytest.mark.parametrize(
    "update",
    [
        "PREFIX t: <https://w3id.org/tradekg/> DROP GRAPH t:graph\\/ontology",
        "PREFIX t: <https://w3id.org/tradekg/> INSERT DATA { GRAPH t:graph\\/inferred "
        "{ <urn:a> <urn:b> 1 } }",
        "PREFIX t: <https://w3id.org/tradekg/graph/> CLEAR GRAPH t:ontology",
        "PREFIX : <https://w3id.org/tradekg/graph/> INSERT DATA { GRAPH:ontology "
        "{ <urn:a> <urn:b> 1 } }",
        "BASE <https://w3id.org/tradekg/x/> DROP GRAPH <../graph/ontology>",
        "INSERT DATA { GRAPH <https://w3id.org/tradekg/graph/ontolog\\u0079> "
        "{ <urn:a> <urn:b> 1 } }",
        "DROPGRAPH<https://w3id.org/tradekg/graph/ontology>",  # the engine reads DROP GRAPH
        "DROPSILENTGRAPH<https://w3id.org/tradekg/graph/ontology>",
    ],
)
def test_escaped_build_graph_names_are_read_only(server, update: str) -> None:
    before = _count(server, ONTOLOGY_GRAPH)
    r = httpx.post(server.update, content=update, headers=AUTH, timeout=30)
    assert r.status_code == 403, r.text
    assert r.json()["error"] == "read_only_graph"
    assert _count(server, ONTOLOGY_GRAPH) == before


# --- 3. nothing is fetched before auth and the guard ----------------------------------------


@pytest.mark.parametrize("token", [None, "wrong", TOKEN])
def test_load_is_never_fetched(server, canary, token: str | None) -> None:
    headers = dict(SPARQL_UPDATE)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    for update in (
        f"LOAD <{canary.url}/data.ttl> INTO GRAPH <urn:tradekg:test:load>",
        f"LOAD <{canary.url}/d\\u0061ta.ttl>",
        f"LOADSILENT<{canary.url}/x>",
        f"INSERT DATA {{ <urn:a> <urn:b> <urn:x\\u0041#> }} ; LOAD <{canary.url}/x>",
    ):
        box: list[httpx.Response] = []
        assert (
            canary.hits_after(
                lambda u=update, b=box: b.append(
                    httpx.post(server.update, content=u, headers=headers, timeout=30)
                )
            )
            == 0
        )
        assert box[0].status_code == {None: 401, "wrong": 403, TOKEN: 400}[token]


def test_updates_naming_load_in_data_still_apply(server) -> None:
    """An update whose text holds 'load'/'service' is dry-run in the sandbox, then applied."""
    update = 'INSERT DATA { GRAPH <urn:tradekg:test:words> { <urn:a> <urn:b> "load the service" } }'
    r = httpx.post(server.update, content=update, headers=AUTH, timeout=30)
    assert r.status_code == 204, r.text
    assert _count(server, "urn:tradekg:test:words") == 1
    _drop(server, "urn:tradekg:test:words")


def test_sandboxed_dry_run_catches_a_fetch(disk_store, make_client, canary) -> None:
    client = make_client(disk_store)
    runner = client.app.state.runner  # type: ignore[attr-defined]
    box: list[bool] = []
    assert (
        canary.hits_after(
            lambda: box.append(runner.probe_update(f"LOAD <{canary.url}/x>", None, timeout=10))
        )
        == 0
    )
    assert box == [True]
    assert runner.probe_update("INSERT DATA { <urn:a> <urn:b> 'load' }", None, timeout=10) is False


# --- 4. over-deep and over-long requests: a 400 naming the limit, before any parser --------

CRASHERS = {
    "braces": "SELECT * WHERE " + "{" * 2200 + "}" * 2200,
    "parens": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "optionals": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + "}",
    "exists": "SELECT * WHERE { " + "FILTER EXISTS { " * 2000 + "}" * 2000 + " }",
    "unions": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 50_000) + " }",
    "plus": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 100_000) + ") }",
    "path": "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 50_000) + " ?o }",
    "filters": "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o) " * 60_000 + "}",
    "minus": "SELECT * WHERE { FILTER(" + "- " * 20_000 + "1) }",
}


@pytest.mark.parametrize("name", sorted(CRASHERS))
def test_parser_bombs_are_refused(server, name: str) -> None:
    query = CRASHERS[name]
    r = httpx.post(
        server.sparql,
        content=query,
        timeout=60,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"] == "request_too_complex"
    assert "limit: max_" in r.json()["detail"]
    update = "INSERT { <urn:a> <urn:b> 1 } WHERE " + query.split("WHERE ", 1)[1]
    r = httpx.post(server.update, content=update, headers=AUTH, timeout=60)
    assert r.status_code == 400 and r.json()["error"] == "request_too_complex"
    assert httpx.get(f"{server.base}/health", timeout=10).status_code == 200


def test_oversized_query_names_the_limit(memory_store, make_client) -> None:
    client = make_client(memory_store, max_query_bytes=1000)
    r = client.post(
        "/sparql",
        content="ASK {} #" + "x" * 2000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 400 and "max_query_bytes" in r.json()["detail"]
    r = client.get("/sparql", params={"query": "ASK {} #" + "x" * 2000})
    assert r.status_code == 400 and "max_query_bytes" in r.json()["detail"]


# --- 5. allow-listed SERVICE IRIs are normalised; never a 500 --------------------------------


def test_allow_list_normalises() -> None:
    allow = ["http://127.0.0.1:9/allowed/*"]
    assert is_allowed("http://127.0.0.1:9/allowed/sparql", allow)
    assert is_allowed("HTTP://127.0.0.1:9/allowed/./sparql", allow)
    for iri in (
        "http://127.0.0.1:9/allowed/../secret",
        "http://127.0.0.1:9/allowed/%2e%2e/secret",
        "http://127.0.0.1:9/allowed/%2E%2E/secret",
        "http://u:p@127.0.0.1:9/allowed/x",
        "http://127.0.0.1:9@evil/allowed/x",
        "http://[::1/allowed",
        "file:///etc/passwd",
    ):
        assert not is_allowed(iri, allow), iri
    assert normalize_iri("http://a:80/b/../c") == "http://a/c"


@pytest.mark.parametrize(
    "suffix", ["/allowed/../secret", "/allowed/%2e%2e/secret", "/allowed/%2E%2e/secret"]
)
def test_dot_segments_do_not_escape_the_allow_list(
    canary, memory_store, make_client, suffix: str
) -> None:
    client = make_client(memory_store, allow_remote=f"{canary.url}/allowed/*")
    box: list[httpx.Response] = []
    q = f"SELECT * WHERE {{ SERVICE <{canary.url}{suffix}> {{ ?s ?p ?o }} }}"
    assert canary.hits_after(lambda: box.append(client.get("/sparql", params={"query": q}))) == 0
    assert box[0].status_code == 400 and box[0].json()["error"] == "remote_access_refused"


def test_userinfo_is_a_400_not_a_500(canary, memory_store, make_client) -> None:
    client = make_client(memory_store, allow_remote=f"{canary.url}/allowed/*")
    q = (
        f"SELECT * WHERE {{ SERVICE <http://user:pw@127.0.0.1:{canary.port}/allowed/x> "
        "{ ?s ?p ?o } }"
    )
    box: list[httpx.Response] = []
    assert canary.hits_after(lambda: box.append(client.get("/sparql", params={"query": q}))) == 0
    assert box[0].status_code == 400 and "userinfo" in box[0].json()["detail"]


# --- 6. a timed-out query is stopped: its slot, CPU and memory are freed ---------------------

WIDE = (
    "INSERT DATA { GRAPH <urn:w> { "
    + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(64))
    + " } }"
)
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i LIMIT 1"
# Pure CPU at flat memory (a streamed count over a cross product): only the deadline stops it,
# whereas RUNAWAY may hit the worker's memory cap first on a fast machine.
CPU_RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
)
CONCAT_BOMB = (
    'SELECT ?x WHERE { BIND("0123456789abcdef" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(36))
    + " BIND(STRLEN(?a36) AS ?x) }"
)


@pytest.fixture()
def disk_store(tmp_path: Path) -> OxigraphStore:
    s = OxigraphStore(tmp_path / "store")
    s.update(WIDE)
    s.flush()
    return s


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _our_workers() -> list[int]:
    """This process's worker processes: its forkserver and the forks under it (not the
    session servers, which are descendants too, with workers of their own)."""
    out: list[int] = []
    for child in _descendants(os.getpid()):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                cmd = fh.read()
            with open(f"/proc/{child}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and b"multiprocessing.forkserver" in cmd:
            out += [child, *_descendants(child)]
    return out


def _cpu_and_rss(pids: list[int]) -> tuple[float, int]:
    ticks, rss = 0, 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK"), rss


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_timed_out_query_frees_cpu_and_memory(disk_store, make_client) -> None:
    client = make_client(disk_store, query_timeout=1.5, query_workers=2)
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": CPU_RUNAWAY})
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
    assert time.monotonic() - t0 < 5
    time.sleep(0.3)
    assert _our_workers(), "the query workers were not found"
    cpu0, _ = _cpu_and_rss(_our_workers())
    time.sleep(1.0)
    cpu1, rss = _cpu_and_rss(_our_workers())
    assert cpu1 - cpu0 < 0.3, "a worker is still computing the abandoned query"
    assert rss < 1.5 * 2**30
    # Both slots are free at once.
    for _ in range(4):
        r = client.get("/sparql", params={"query": "ASK {}"})
        assert r.status_code == 200, r.text


def test_memory_cap_stops_a_concat_bomb(disk_store, make_client) -> None:
    client = make_client(disk_store, query_timeout=30, worker_memory_mb=1024, query_workers=1)
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": CONCAT_BOMB})
    assert r.status_code == 503, r.text
    assert r.json()["error"] in ("query_worker_failed", "query_timeout")
    assert time.monotonic() - t0 < 30
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200, r.text


def test_workers_see_acknowledged_updates(disk_store, make_client) -> None:
    client = make_client(disk_store, update_token="u", no_bundled=True)  # noqa: S106
    ask = "ASK { GRAPH <urn:new> { <urn:a> <urn:b> ?n } }"
    for n in range(3):
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is (n > 0)
        r = client.post(
            "/update",
            content=f"INSERT DATA {{ GRAPH <urn:new> {{ <urn:a> <urn:b> {n} }} }}",
            headers={"Authorization": "Bearer u", **SPARQL_UPDATE},
        )
        assert r.status_code == 204
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:new> { ?s ?p ?o } }"
        got = client.get("/sparql", params={"query": q}).json()
        assert got["results"]["bindings"][0]["n"]["value"] == str(n + 1)


def test_workers_cannot_open_inet_sockets(disk_store, make_client, canary) -> None:
    """The second wall: even a SERVICE the guard let through could not connect."""
    import anyio

    from api.protocol.negotiate import parse_accept
    from api.protocol.runner import Dataset, QueryJob

    client = make_client(disk_store)
    runner = client.app.state.runner  # type: ignore[attr-defined]
    job = QueryJob(
        f"SELECT * WHERE {{ SERVICE <{canary.url}/x> {{ ?s ?p ?o }} }}",
        dataset=Dataset(),
        query_has_from=False,
        accept=tuple(parse_accept(None)),
        row_cap=10,
        timeout=10,
    )

    box: list[object] = []

    def go() -> None:
        try:
            box.append(anyio.run(lambda: runner.query(job, store=disk_store)))
        except Exception as exc:
            box.append(exc)

    assert canary.hits_after(go) == 0
    assert "cannot open network connections" in str(getattr(box[0], "detail", box[0]))


# --- 7. bursts queue instead of being refused; heavy queries do not take /sparql down --------


def _burst(url: str, clients: int, per_client: int, query: str) -> list[int]:
    def one(_: int) -> list[int]:
        with httpx.Client(timeout=60) as c:
            return [c.get(url, params={"query": query}).status_code for _ in range(per_client)]

    with concurrent.futures.ThreadPoolExecutor(clients) as ex:
        return [s for codes in ex.map(one, range(clients)) for s in codes]


@pytest.mark.parametrize("clients", [8, 32])
def test_bursts_are_queued_not_refused(server, clients: int) -> None:
    codes = _burst(server.sparql, clients, 5, "SELECT * WHERE { ?s a ?t } LIMIT 5")
    assert codes.count(200) == len(codes), sorted(set(codes))


def test_heavy_queries_do_not_take_sparql_down(disk_store, make_client) -> None:
    client = make_client(disk_store, query_timeout=1.0, query_workers=2, queue_wait=10)
    heavy = [
        threading.Thread(
            target=client.get, args=("/sparql",), kwargs={"params": {"query": RUNAWAY}}
        )
        for _ in range(4)
    ]
    for t in heavy:
        t.start()
    for t in heavy:
        t.join(timeout=30)
    t0 = time.monotonic()
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert time.monotonic() - t0 < 3


def test_full_queue_is_503_with_retry_after(disk_store, make_client) -> None:
    client = make_client(disk_store, query_timeout=2.0, query_workers=1, queue_limit=0)
    t = threading.Thread(
        target=client.get, args=("/sparql",), kwargs={"params": {"query": RUNAWAY}}
    )
    t.start()
    time.sleep(0.5)
    r = client.get("/sparql", params={"query": "ASK {}"})
    t.join(timeout=30)
    assert r.status_code == 503 and r.json()["error"] == "busy"
    assert r.headers["retry-after"] == "1"


@pytest.mark.parametrize(
    ("query", "inline"),
    [
        ("SELECT ?s ?t WHERE { ?s a ?t } LIMIT 5", True),
        ("select * { ?s ?p ?o . } limit 1000", True),
        ('PREFIX x: <urn:x#> SELECT ?s WHERE { ?s x:p "v"@en } LIMIT 3', True),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1001", False),
        ("SELECT * WHERE { ?s ?p ?s } LIMIT 5", False),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5 OFFSET 10000000", False),
        ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 5", False),
        ("SELECT DISTINCT ?p WHERE { ?s ?p ?o } LIMIT 5", False),
        ("SELECT * WHERE { ?s ?p ?o FILTER(false) } LIMIT 5", False),
        ("SELECT * WHERE { ?s <urn:p>+ ?o } LIMIT 5", False),
        ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 5", False),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } LIMIT 5", False),
        ("SELECT * WHERE { ?s SERVICEx:p ?o } LIMIT 5", False),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } LIMIT 5", False),
        ("SELECT * WHERE { { SELECT * { ?s ?p ?o } } } LIMIT 5", False),
    ],
)
def test_only_bounded_lookups_skip_the_workers(query: str, inline: bool) -> None:
    from api.protocol.guard import is_bounded_lookup

    assert is_bounded_lookup(list(tokens(query)), 1000) is inline


def test_inline_and_worker_answers_agree(disk_store, make_client) -> None:
    client = make_client(disk_store)
    runner = client.app.state.runner  # type: ignore[attr-defined]
    inline = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } LIMIT 50"
    worker = inline + " OFFSET 0"  # an OFFSET is never answered in-process
    seen: list[bool] = []
    ask = runner._ask_worker

    async def spy(job, key, path):  # type: ignore[no-untyped-def]
        seen.append(job.inline)
        return await ask(job, key, path)

    runner._ask_worker = spy
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        a = client.get("/sparql", params={"query": inline}, headers={"Accept": accept})
        b = client.get("/sparql", params={"query": worker}, headers={"Accept": accept})
        assert a.status_code == b.status_code == 200
        assert a.content == b.content and a.headers["content-type"] == b.headers["content-type"]
    assert seen == [False, False, False], "only the OFFSET query goes to a worker"


def test_large_replies_arrive_whole_under_uvloop(disk_store) -> None:
    """A reply larger than the pipe's buffer arrives in parts; under uvloop (which makes the
    descriptor non-blocking) the old blocking read took the first part for a dead worker."""
    uvloop = pytest.importorskip("uvloop")  # a dependency: installed wherever tradekg is
    from api.protocol.negotiate import parse_accept
    from api.protocol.runner import Dataset, QueryJob, QueryRunner

    runner = QueryRunner(1)
    big = 'SELECT ?s ?x WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), "' + "x" * 4000 + '") AS ?x) }'
    job = QueryJob(big, Dataset(), False, tuple(parse_accept(None)), 1000, 30)
    try:
        for _ in range(3):
            res = uvloop.run(runner.query(job, store=disk_store))
            assert len(res.body) > 64 * 4000
    finally:
        runner.close()


# --- 8. explanation endpoints get the same deadline and slots --------------------------------


@pytest.mark.parametrize("path", ["/why", "/ask"])
def test_explanations_have_a_deadline(memory_store, make_client, monkeypatch, path) -> None:
    """The question page too: it answers as the JSON endpoints do, under the same deadline.
    The engine's tables are the store's, built before a request's deadline starts: built
    here first, so that the time measured is the request's."""
    import rules
    from rules.questions import prepare

    prepare(memory_store)

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(3)
        raise AssertionError("too late")

    monkeypatch.setattr(rules, "ask", slow)
    client = make_client(memory_store, query_timeout=0.5)
    t0 = time.monotonic()
    r = client.get(path, params={"q": "why did the yen fall?"})
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
    assert time.monotonic() - t0 < 2.5


def test_explanations_have_slots(memory_store, make_client, monkeypatch) -> None:
    import rules
    from kg.errors import KGError

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(1.5)
        raise KGError("done")

    monkeypatch.setattr(rules, "ask", slow)
    client = make_client(memory_store, query_timeout=5, query_workers=1, queue_limit=0)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        first = ex.submit(client.get, "/why", params={"q": "why?"})
        time.sleep(0.3)
        second = ex.submit(client.get, "/why", params={"q": "why?"})
        codes = sorted([second.result().status_code])
        first.result()
    assert codes == [503]
    assert second.result().json()["error"] == "busy"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_timed_out_explanation_frees_cpu(tmp_path) -> None:
    """A /why past its deadline is stopped, not just answered: the server goes quiet."""
    import gc
    import subprocess
    import sys

    from .conftest import ROOT, free_port

    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.update(WIDE)
    store.flush()
    del store  # the server opens the store itself
    gc.collect()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEKG_")}
    env.update(
        TRADEKG_STORE=str(path),
        TRADEKG_PORT=str(port),
        TRADEKG_NO_BUNDLED="1",
        TRADEKG_QUERY_TIMEOUT="1.5",
        TRADEKG_QUERY_WORKERS="1",
        # One HTTP process: explanations are the owner's anyway (readers forward them), and
        # a reader still starting up would be CPU in the window that is not the explanation's.
        TRADEKG_HTTP_WORKERS="1",
        PYTHONPATH=str(ROOT),
    )
    with (tmp_path / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("spin_server.py"))],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() - t0 < 120, "the server did not start"
            time.sleep(0.1)
        r = httpx.get(f"{base}/why", params={"q": "why does it spin?"}, timeout=120)
        assert r.status_code == 503 and r.json()["error"] == "query_timeout", r.text
        time.sleep(0.5)
        cpu0, _ = _cpu_and_rss([proc.pid, *_descendants(proc.pid)])
        time.sleep(2.0)
        cpu1, _ = _cpu_and_rss([proc.pid, *_descendants(proc.pid)])
        assert cpu1 - cpu0 < 0.2, "the abandoned explanation is still computing"
        # Its slot is free at once: the next question is answered (whatever the answer).
        r = httpx.get(f"{base}/why", params={"q": "why did the yen fall?"}, timeout=120)
        assert r.status_code < 500, r.text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- 9. the update guard is thread-safe and linear ------------------------------------------


def test_concurrent_updates(server) -> None:
    def one(i: int) -> int:
        body = (
            "INSERT DATA { GRAPH <urn:tradekg:test:conc> { "
            + " ".join(f"<urn:c{i}x{j}> <urn:p> {j} ." for j in range(50))
            + " } }"
        )
        return httpx.post(server.update, content=body, headers=AUTH, timeout=60).status_code

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        assert list(ex.map(one, range(8))) == [204] * 8
    assert _count(server, "urn:tradekg:test:conc") == 400
    assert one(99) == 204
    _drop(server, "urn:tradekg:test:conc")


def test_large_insert_data(start, tmp_path) -> None:
    """10^5 triples go through (the old guard took 40+ minutes; bench/ times it)."""
    srv = start(
        tmp_path / "empty",
        tmp_path / "server.log",
        TRADEKG_NO_BUNDLED="1",
        TRADEKG_UPDATE_TOKEN=TOKEN,
        TRADEKG_QUERY_TIMEOUT="120",
    )
    body = (
        "INSERT DATA { GRAPH <urn:tradekg:test:big> { "
        + " ".join(f'<urn:b{j}> <urn:p> "v{j}" .' for j in range(100_000))
        + " } }"
    )
    r = httpx.post(srv.update, content=body, headers=AUTH, timeout=180)
    assert r.status_code == 204, r.text
    assert _count(srv, "urn:tradekg:test:big") == 100_000


# --- 17. relative IRIs resolve against the service's own URL ---------------------------------


def test_relative_iris_in_queries(server) -> None:
    r = httpx.get(
        server.sparql,
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert r.text.startswith(f"<{server.base}/s> <{server.base}/p> ")


def test_relative_iris_in_updates(server) -> None:
    r = httpx.post(
        server.update,
        content="INSERT DATA { GRAPH <rel-graph> { <s> <p> 1 } }",
        headers=AUTH,
        timeout=30,
    )
    assert r.status_code == 204, r.text
    assert _count(server, f"{server.base}/rel-graph") == 1
    _drop(server, f"{server.base}/rel-graph")


# --- 18. CONSTRUCT of a triple term as JSON-LD; 405 carries Allow ----------------------------


def test_triple_terms_and_json_ld(server) -> None:
    q = "CONSTRUCT { <urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> } WHERE {}"
    r = httpx.get(
        server.sparql, params={"query": q}, timeout=30, headers={"Accept": "application/ld+json"}
    )
    assert r.status_code == 406 and "triple terms" in r.json()["detail"]
    r = httpx.get(
        server.sparql,
        params={"query": q},
        timeout=30,
        headers={"Accept": "application/ld+json, application/n-triples;q=0.5"},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/n-triples"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/sparql", "GET, POST"),
        ("DELETE", "/sparql", "GET, POST"),
        ("GET", "/update", "POST"),
        ("PUT", "/why", "GET, POST"),
        ("PATCH", "/health", "GET"),
    ],
)
def test_405_carries_allow(server, method: str, path: str, allow: str) -> None:
    r = httpx.request(method, f"{server.base}{path}", timeout=30)
    assert r.status_code == 405
    assert r.headers["allow"] == allow
