"""Row cap and timeout give a clear error, never a truncated 200; slow queries stay off the loop."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from kg.store import OxigraphStore

# pyoxigraph results dropped on the wrong thread surface as unraisable exceptions.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

USER_ROWS = "SELECT * WHERE { GRAPH <urn:tradekg:test:user> { ?s ?p ?o } }"  # 11 rows
# Every row of a 5-way cross product streams; the worker sees the deadline between rows.
STREAMING = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
# An aggregate computes everything before its first row: the worker cannot stop it.
BLOCKING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def wide_store() -> OxigraphStore:
    s = OxigraphStore()
    s.update("INSERT DATA { " + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(64)) + " }")
    return s


def test_row_cap(memory_store, make_client) -> None:
    client = make_client(memory_store, row_cap=11)
    assert client.get("/sparql", params={"query": USER_ROWS}).status_code == 200
    client = make_client(memory_store, row_cap=10)
    for accept in (
        "application/sparql-results+json",
        "text/csv",
        "text/tab-separated-values",
        "application/sparql-results+xml",
    ):
        r = client.get("/sparql", params={"query": USER_ROWS}, headers={"Accept": accept})
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/json"
        assert r.json()["error"] == "result_too_large"
        assert "LIMIT" in r.json()["detail"]
    assert client.get("/sparql", params={"query": USER_ROWS + " LIMIT 10"}).status_code == 200
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:tradekg:test:user> { ?s ?p ?o } }"
    assert client.get("/sparql", params={"query": construct}).status_code == 413
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_timeout_stops_a_streaming_query(wide_store, make_client) -> None:
    client = make_client(wide_store, query_timeout=0.3, row_cap=10**9, query_workers=1)
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": STREAMING})
    elapsed = time.monotonic() - t0
    assert r.status_code == 503
    assert r.json()["error"] == "query_timeout"
    assert elapsed < 3
    # The worker saw its deadline and stopped, so its slot is free again at once.
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        r = client.get("/sparql", params={"query": "ASK {}"})
        if r.status_code == 200:
            break
        time.sleep(0.05)
    assert r.status_code == 200


def test_timeout_of_a_query_that_cannot_be_stopped(wide_store, make_client) -> None:
    client = make_client(wide_store, query_timeout=0.2, query_workers=1, queue_wait=0)
    t0 = time.monotonic()
    r = client.get("/sparql", params={"query": BLOCKING})
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
    assert time.monotonic() - t0 < 1.5
    # The abandoned query still holds the only worker: the next one is told to come back.
    busy = client.get("/sparql", params={"query": "ASK {}"})
    assert busy.status_code == 503
    assert busy.json()["error"] == "busy"
    assert busy.headers["retry-after"] == "1"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = client.get("/sparql", params={"query": "ASK {}"})
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.status_code == 200


def test_a_slow_query_does_not_stall_other_requests(server) -> None:
    """While one client's query runs in a worker, /health still answers at once."""
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:tradekg:test:wide> "
        "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } }"
    )
    done = threading.Event()

    def run() -> None:
        httpx.get(server.sparql, params={"query": slow}, timeout=30)
        done.set()

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.1)
    t0 = time.monotonic()
    assert httpx.get(f"{server.base}/health", timeout=5).status_code == 200
    health_seconds = time.monotonic() - t0
    t.join(timeout=30)
    assert health_seconds < 1.0


def test_an_update_past_the_timeout_is_applied_whole_or_not_at_all(wide_store, make_client) -> None:
    client = make_client(wide_store, query_timeout=0.2, update_token="u")  # noqa: S106
    update = (
        "INSERT { GRAPH <urn:tradekg:test:late> { <urn:t:count> <urn:t:n> ?n } } "
        "WHERE { " + BLOCKING.replace("SELECT", "{ SELECT", 1) + " } }"
    )
    r = client.post(
        "/update",
        content=update,
        headers={"Authorization": "Bearer u", "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 503
    assert "applied entirely or not at all" in r.json()["detail"]
    ask = "ASK { GRAPH <urn:tradekg:test:late> { <urn:t:count> <urn:t:n> 16777216 } }"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        got = client.get("/sparql", params={"query": ask})
        if got.status_code == 200 and got.json()["boolean"]:
            break
        time.sleep(0.2)
    assert got.json()["boolean"] is True
