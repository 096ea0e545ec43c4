"""``api.server``: builds the bundled store when there is none, starts fast on a built one."""

from __future__ import annotations

import httpx

from kg.build import build_info, is_built


def test_serve_builds_the_bundled_store_when_there_is_none(start, tmp_path) -> None:
    store = tmp_path / "fresh"
    srv = start(store, tmp_path / "server.log")
    assert is_built(store)
    h = httpx.get(f"{srv.base}/health").json()
    assert h["triples"] > 0 and h["bundled"] is True and h["update_enabled"] is False
    assert h["ontology_version"] != "unknown"
    r = httpx.post(
        srv.update, content=b"CLEAR DEFAULT", headers={"Content-Type": "application/sparql-update"}
    )
    assert r.status_code == 403 and r.json()["error"] == "update_disabled"


def test_no_bundled_serves_an_empty_store_as_is(start, tmp_path) -> None:
    store = tmp_path / "mine"
    srv = start(store, tmp_path / "server.log", TRADEKG_NO_BUNDLED="1", TRADEKG_UPDATE_TOKEN="t")  # noqa: S106
    assert not is_built(store)
    assert httpx.get(f"{srv.base}/health").json()["triples"] == 0
    auth = {"Authorization": "Bearer t", "Content-Type": "application/sparql-update"}
    r = httpx.post(
        srv.update,
        headers=auth,
        content=(
            b"INSERT DATA { GRAPH <https://w3id.org/tradekg/graph/ontology> { <urn:a> <urn:b> 1 } }"
        ),
    )
    assert r.status_code == 204
    r = httpx.get(srv.sparql, params={"query": "SELECT ?o WHERE { ?s ?p ?o }"})
    assert r.json()["results"]["bindings"][0]["o"]["value"] == "1"


def test_a_built_store_is_served_as_built_not_rebuilt(start, store_factory, tmp_path) -> None:
    """A server on a built store serves that build (same build id): starting is opening, not
    building. How fast that is lives in bench/bench_api.py, not in a timed test."""
    built = store_factory(tmp_path / "store")
    before = build_info(built.path)
    assert before and before.get("build_id")
    srv = start(built.path, tmp_path / "server.log")
    h = httpx.get(f"{srv.base}/health").json()
    assert h["build"]["id"] == before["build_id"]
    assert build_info(built.path) == before
