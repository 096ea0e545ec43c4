"""The remote SPARQL store: the bundled graph loaded by `tradekg build --store URL` into a
live server on loopback (Oxigraph, and Virtuoso where it is installed) answers the same
goldens as the embedded store, the same results field for field, on the command line and
through `tradekg serve --store URL`; an unreachable or read-only server is refused clearly,
and a failed build leaves the server's graphs as they were."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from kg.build import build_memory, build_remote
from kg.errors import BuildError, StoreError, StoreUnavailable
from kg.store import (
    REMOTE_BUILD_GRAPH,
    REMOTE_STAGING_PREFIX,
    OxigraphStore,
    SparqlStore,
    is_endpoint,
    open_any,
)
from rules import ask, contradictions, loops, paths, whatif, why
from rules.projection import Projection, _tsv_value

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VIRTUOSO = shutil.which("virtuoso-t")
# CI (.ci/run) installs Virtuoso and sets this, so there its tests cannot skip.
REQUIRE_VIRTUOSO = bool(os.environ.get("TRADEKG_REQUIRE_VIRTUOSO"))
DEAD = "http://127.0.0.1:9/query"  # the discard port: nothing listens there
JPN_BAL = "JPN/WLD/goodsBalance"
JPN_YEN = "JPN/WLD/currencyValue"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 120) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _oxigraph(loc: Path, *, timeout_s: int | None = None) -> Iterator[str]:
    exe = shutil.which("oxigraph")
    assert exe, "the oxigraph server binary ships with the `oxigraph` package (test extra)"
    port = _free_port()
    log = loc / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [exe, "serve", "--location", str(loc / "db"), "--bind", f"127.0.0.1:{port}"]
            + (["--timeout-s", str(timeout_s)] if timeout_s else []),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/query?query=ASK%7B%7D", proc, log)
        yield f"{url}/query"
    finally:
        _stop(proc)


_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def _virtuoso(loc: Path) -> Iterator[str]:
    """A fresh Virtuoso on loopback ports (SQL and HTTP), its /sparql open to updates."""
    if VIRTUOSO is None:
        msg = "Virtuoso not installed (apt-get install virtuoso-opensource)"
        if REQUIRE_VIRTUOSO:
            pytest.fail(msg + ", and TRADEKG_REQUIRE_VIRTUOSO is set")
        pytest.skip(msg)
    sql, http = _free_port(), _free_port()
    ini = loc / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=loc, sql=sql, http=http), encoding="utf-8")
    log = loc / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=loc,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        _wait(f"{url}?query=ASK%7B%7D", proc, log)
        isql = shutil.which("isql-vt") or shutil.which("isql")
        assert isql, "Virtuoso's isql client comes with virtuoso-opensource"
        # A new database's dba password is dba; only this loopback test server has it.
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The query URL of a fresh SPARQL server of each kind, on loopback."""
    loc = tmp_path_factory.mktemp(f"{request.param}-server")
    start = _oxigraph if request.param == "oxigraph" else _virtuoso
    yield from start(loc)


def _tradekg(store: SparqlStore) -> list[str]:
    """The graphs of ``store`` that tradekg wrote (Virtuoso keeps system graphs beside)."""
    return [g for g in store.graphs() if g.startswith("https://w3id.org/tradekg/")]


@pytest.fixture(scope="module")
def remote(server: str, reasoned: OxigraphStore) -> SparqlStore:
    """The server loaded by `tradekg build --store URL`, exactly as a user would."""
    res = CliRunner().invoke(cli, ["build", "--store", server, "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    store = open_any(server)
    assert isinstance(store, SparqlStore)
    assert report["store"] == server and report["triples"] == reasoned.count()
    assert _tradekg(store) == sorted([*reasoned.graphs(), REMOTE_BUILD_GRAPH])
    for g in reasoned.graphs():
        n = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
        assert store.select(n) == reasoned.select(n), g
    info = store.build_info()
    assert info is not None and info["build_id"] == report["build_id"] == store.token
    return store


def _goldens() -> Any:
    spec = importlib.util.spec_from_file_location("_goldens", HERE / "test_goldens.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_remote_store_passes_the_goldens(remote: SparqlStore) -> None:
    g = _goldens()
    ran = 0
    for name, fn in inspect.getmembers(g, inspect.isfunction):
        if not name.startswith("test_") or fn.__module__ != g.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        if params == ["reasoned"]:
            fn(remote)
            ran += 1
    for case in g.WHY_GOLDENS:
        g.test_why_goldens(remote, *case)
        ran += 1
    for case in g.WHATIF_GOLDENS:
        g.test_whatif_goldens(remote, *case)
        ran += 1
    assert ran >= 20


def _projected(store: Any) -> dict[str, Any]:
    p = Projection(store)
    return {
        "nodes": dict(p.graph.nodes(data=True)),
        "edges": {(u, v, k): d for u, v, k, d in p.graph.edges(keys=True, data=True)},
        "claim_info": p.claim_info,
        "claim_edges": p.claim_edges,
        "dominance_claims": p.dominance_claims,
        "dominance_channels": p.dominance_channels,
    }


def test_tsv_booleans_in_both_lexical_forms() -> None:
    b = "<http://www.w3.org/2001/XMLSchema#boolean>"
    assert [_tsv_value(f'"{x}"^^{b}') for x in ("true", "1", "false", "0")] == [
        True,
        True,
        False,
        False,
    ]
    assert _tsv_value("true") is True and _tsv_value("false") is False


def test_remote_projection_equals_embedded(remote: SparqlStore, reasoned: OxigraphStore) -> None:
    """The causal graph read from the server is the embedded store's, attribute for
    attribute (a server may write a boolean as 1: it is still true)."""
    got, want = _projected(remote), _projected(reasoned)
    assert any(d.get("ceteris_paribus") for d in want["edges"].values())
    assert any(d.get("input_share") for d in want["edges"].values())
    for part in want:
        assert got[part] == want[part], part


def test_remote_results_equal_embedded(remote: SparqlStore, reasoned: OxigraphStore) -> None:
    def answers(store: Any) -> list[dict[str, Any]]:
        return [
            why(store, JPN_BAL, "decrease").model_dump(),
            why(store, JPN_BAL, "increase", period="2021-2024").model_dump(),
            whatif(store, JPN_YEN, "decrease").model_dump(),
            paths(store, JPN_YEN, JPN_BAL).model_dump(),
            loops(store, involving="USA/WLD/foreignBondDemand").model_dump(),
            contradictions(store).model_dump(),
            ask(store, "what if China buys fewer Treasuries?").model_dump(),
        ]

    assert answers(remote) == answers(reasoned)


def _cli_json(*args: str) -> Any:
    res = CliRunner().invoke(cli, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_cli_on_remote_store_answers_as_embedded(
    server: str, remote: SparqlStore, reasoned: OxigraphStore
) -> None:
    def same(result: Any) -> Any:
        return json.loads(result.model_dump_json())

    opts = ("--store", server)
    got = _cli_json("why", "-v", JPN_BAL, "-c", "decrease", *opts)
    assert got == same(why(reasoned, JPN_BAL, "decrease"))
    assert got["explanations"], "the golden question has explanations"
    got = _cli_json("whatif", "-v", JPN_YEN, "-c", "decrease", *opts)
    assert got == same(whatif(reasoned, JPN_YEN, "decrease"))
    got = _cli_json("why", "why did Japan's trade deficit widen in 2022?", *opts)
    assert got == same(ask(reasoned, "why did Japan's trade deficit widen in 2022?", intent="why"))
    got = _cli_json("loops", "-v", "USA/WLD/foreignBondDemand", *opts)
    assert got == same(loops(reasoned, involving="USA/WLD/foreignBondDemand"))
    got = _cli_json("contradictions", *opts)
    assert got == same(contradictions(reasoned))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a tk:CausalClaim }"
    n = reasoned.select(q)[0]["n"]
    assert _cli_json("sparql", q, *opts)["results"]["bindings"][0]["n"]["value"] == str(n)


def test_serve_on_remote_store(
    server: str, remote: SparqlStore, reasoned: OxigraphStore, tmp_path: Path
) -> None:
    """`tradekg serve --store URL` under uvicorn: the API reads from the server, /sparql and
    /update are forwarded to it, and the answers are those of the embedded store."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEKG_")}
    env.update(TRADEKG_UPDATE_TOKEN="s3cret", PYTHONPATH=str(ROOT))  # noqa: S106
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--store", server, "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/health", proc, log)
        local = TestClient(create_app(Settings(), reasoned))
        with httpx.Client(base_url=base, timeout=60) as http:
            health = http.get("/health").json()
            assert health["build"]["id"] == remote.token
            assert health["counts"] == local.get("/health").json()["counts"]
            for url in (
                "/why?q=why did Japan's trade deficit widen in 2022?",
                "/whatif?q=what if the yen falls?",
                "/claims?limit=5",
                "/loops?variable=USA/WLD/foreignBondDemand",
            ):
                got = http.get(url, headers={"Accept": "application/json"})
                assert got.status_code == 200, got.text
                assert got.json() == local.get(url, headers={"Accept": "application/json"}).json()
            q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a tk:CausalClaim }"
            got = http.post("/sparql", data={"query": q}, headers={"Accept": "text/csv"})
            assert got.status_code == 200 and got.text.split() == [
                "n",
                str(reasoned.select(q)[0]["n"]),
            ]
            quotes = "CONSTRUCT { ?c tk:quote ?q } WHERE { ?c tk:quote ?q } LIMIT 3"
            got = http.post(
                "/sparql", data={"query": quotes}, headers={"Accept": "application/n-triples"}
            )
            assert got.status_code == 200 and len(got.text.strip().splitlines()) == 3
            bad = http.post("/sparql", data={"query": "SELEC ?x"})
            assert bad.status_code == 400 and bad.json()["error"] == "malformed_query"
            ssrf = "SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }"
            got = http.post("/sparql", data={"query": ssrf})
            assert got.status_code == 400 and got.json()["error"] == "remote_access_refused"
            for dialect in (  # a server's own dialect stays out: only SPARQL 1.1 is forwarded
                'DEFINE get:soft "replace" SELECT * FROM <http://127.0.0.1:9/x> { ?s ?p ?o }',
                'SELECT * { ?s ?p ?o FILTER(bif:contains(?o, "yen")) }',
                'PREFIX b: <bif:> SELECT * { ?s ?p ?o FILTER(b:contains(?o, "yen")) }',
                "SELECT (<sql:DB.DBA.USER_ROLE>() AS ?x) {}",
            ):
                got = http.post("/sparql", data={"query": dialect})
                assert got.status_code == 400, (dialect, got.text)
                assert got.json()["error"] == "malformed_query", got.text
            auth = {"Authorization": "Bearer s3cret"}
            note = 'INSERT DATA { GRAPH <urn:test:notes> { <urn:test:n1> rdfs:comment "a note" } }'
            assert http.post("/update", data={"update": note}, headers=auth).status_code == 204
            ok = http.get("/sparql", params={"query": "ASK { <urn:test:n1> rdfs:comment ?c }"})
            assert ok.json().get("boolean") is True, ok.text
            code = "INSERT { GRAPH <urn:test:x> { <urn:test:a> <urn:test:b> ?v } } WHERE {"
            code += " BIND(<bif:now>() AS ?v) }"
            got = http.post("/update", data={"update": code}, headers=auth)
            assert got.status_code == 400 and "bif:" in got.json()["detail"]
            drop = "DROP GRAPH <https://w3id.org/tradekg/graph/ontology>"
            got = http.post("/update", data={"update": drop}, headers=auth)
            assert got.status_code == 403 and got.json()["error"] == "read_only_graph"
            assert http.post("/update", data={"update": note}).status_code == 401
            cleanup = "DROP SILENT GRAPH <urn:test:notes>"
            assert http.post("/update", data={"update": cleanup}, headers=auth).status_code == 204
    finally:
        _stop(proc)
    assert b"Traceback" not in log.read_bytes()


def test_unreachable_remote_is_a_clear_error() -> None:
    res = CliRunner().invoke(cli, ["why", "-v", JPN_BAL, "-c", "decrease", "--store", DEAD])
    assert res.exit_code == 2 and "cannot reach the SPARQL endpoint " + DEAD in res.output
    res = CliRunner().invoke(cli, ["build", "--store", DEAD])
    assert res.exit_code == 2 and DEAD in res.output
    client = TestClient(create_app(Settings(store=DEAD)), raise_server_exceptions=False)
    for url in ("/why?q=why did the yen fall?", "/health", "/claims", "/sparql?query=ASK{}"):
        got = client.get(url, headers={"Accept": "application/json"})
        assert got.status_code == 503, (url, got.text)
        assert got.json()["error"] == "store_unavailable" and DEAD in got.json()["detail"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server of its own, for builds that fail on purpose; it stops a query
    after 5 s itself, as a server behind tradekg should (README)."""
    yield from _oxigraph(tmp_path_factory.mktemp("scratch-server"), timeout_s=5)


def test_build_refuses_a_read_only_endpoint(scratch: str) -> None:
    # Oxigraph's query endpoint takes no updates: a stand-in for a read-only server.
    res = CliRunner().invoke(cli, ["build", "--store", scratch, "--update-url", scratch])
    assert res.exit_code == 2 and f"the SPARQL endpoint {scratch} refuses updates" in res.output
    with pytest.raises(StoreError, match="refuses updates"):
        SparqlStore(scratch, update_url=scratch).check_writable()


def test_staged_build_swaps_in_whole_or_not_at_all(scratch: str) -> None:
    store = SparqlStore(scratch)
    user = 'INSERT DATA { GRAPH <urn:test:mine> { <urn:test:a> <urn:test:b> "kept" } }'
    store.update_raw(user)
    local, _ = build_memory()  # unreasoned: enough to check the swap, and fast
    first = build_remote(store, chunk=1500)  # several chunks: the staging path
    graphs = _tradekg(store)
    assert graphs == sorted([*local.graphs(), REMOTE_BUILD_GRAPH])
    extra = _size(store, REMOTE_BUILD_GRAPH) + _size(store, "urn:test:mine")
    assert first.triples == local.count() == store.count() - extra
    assert store.token == first.build_id

    def fail_after_load(stage: str) -> None:
        if stage == "loaded":
            assert any(g.startswith(REMOTE_STAGING_PREFIX) for g in store.graphs())
            raise StoreUnavailable("the server went away (test)")

    with pytest.raises(BuildError, match="rolled back"):
        build_remote(store, chunk=1500, fault=fail_after_load)
    assert _tradekg(store) == graphs and store.count() == first.triples + extra
    assert store.token == first.build_id  # readers still see the first build
    assert store.ask('ASK { GRAPH <urn:test:mine> { ?s ?p "kept" } }')
    second = build_remote(store)  # one request (it fits in a chunk)
    assert store.token == second.build_id != first.build_id
    assert _tradekg(store) == graphs and store.count() == second.triples + extra


def test_forwarded_query_keeps_the_deadline(scratch: str) -> None:
    store = SparqlStore(scratch)
    if not store.is_built():
        build_remote(store)
    client = TestClient(create_app(Settings(store=scratch, query_timeout=1.0)))
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    got = client.post("/sparql", data={"query": runaway})
    assert got.status_code == 503 and got.json()["error"] == "query_timeout", got.text
    assert time.monotonic() - t0 < 3.0
    # The row cap holds on what the server sends back.
    capped = TestClient(create_app(Settings(store=scratch, row_cap=10)))
    got = capped.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 11"})
    assert got.status_code == 413 and got.json()["error"] == "result_too_large", got.text
    got = capped.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert got.status_code == 200 and len(got.json()["results"]["bindings"]) == 10


def _size(store: SparqlStore, graph: str) -> int:
    n = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(n[0]["n"])


def test_endpoint_urls_and_errors() -> None:
    assert is_endpoint("http://127.0.0.1:7878/query") and not is_endpoint("data/store")
    s = SparqlStore("http://127.0.0.1:9/query")
    assert s.update_url == "http://127.0.0.1:9/update" and s.store_url == "http://127.0.0.1:9/store"
    v = SparqlStore("http://127.0.0.1:9/sparql")  # Virtuoso: one endpoint for both
    assert v.update_url == v.query_url and v.store_url is None
    with pytest.raises(StoreUnavailable, match="cannot reach the SPARQL endpoint"):
        s.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
