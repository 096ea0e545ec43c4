"""A running server follows rebuilds without losing an acknowledged write; a full disk is 507."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.build import build
from kg.store import LiveStore, open_store

from .conftest import TOKEN, Server

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "good" / "mini.yaml"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
WRITTEN = "SELECT ?n WHERE { GRAPH <urn:my:w> { ?s <urn:n> ?n } }"


def _rebuild(path: Path) -> subprocess.CompletedProcess[str]:
    code = (
        f"from pathlib import Path\nfrom kg.build import build\n"
        f"build(Path({str(path)!r}), claim_files=[Path({str(MINI)!r})])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_the_server_follows_rebuilds_and_loses_no_acknowledged_write(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    srv = start(path, tmp_path / "server.log", TRADEKG_UPDATE_TOKEN=TOKEN)
    first = httpx.get(f"{srv.base}/health", timeout=10).json()["store_generation"]
    acked: list[int] = []
    refused: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        with httpx.Client(timeout=30) as client:
            i = 0
            while not stop.is_set():
                graph = "<urn:my:w>" if i % 2 else ""
                body = (
                    f"INSERT DATA {{ GRAPH {graph} {{ <urn:w{i}> <urn:n> {i} }} }}"
                    if graph
                    else f"INSERT DATA {{ <urn:d{i}> <urn:n> {i} }}"
                )
                r = client.post(srv.update, content=body, headers=AUTH)
                (acked if r.status_code == 204 else refused).append(i)
                i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(2):
            done = _rebuild(path)
            assert done.returncode == 0, done.stderr[-3000:]
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join()
    print(f"acknowledged writes through 2 rebuilds: {len(acked)}, refused: {len(refused)}")
    assert refused == []
    assert len(acked) > 10
    health = httpx.get(f"{srv.base}/health", timeout=10).json()
    assert health["store_generation"] != first and health["status"] == "ok"

    def written(rows: list[dict[str, object]]) -> set[int]:
        return {int(str(r["n"])) for r in rows}

    want_named = {i for i in acked if i % 2}
    want_default = {i for i in acked if not i % 2}
    r = httpx.post(
        srv.sparql,
        data={"query": WRITTEN},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    got = {int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert got == want_named  # the server serves the new build and every write
    # The CLI reads the store beside the running server (read-only open).
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "sparql",
            "--store",
            str(path),
            "--format",
            "csv",
            "SELECT ?n WHERE { <urn:d0> <urn:n> ?n }",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert cli.returncode == 0, cli.stderr[-2000:]
    srv.proc.terminate()
    srv.proc.wait(timeout=30)
    store = open_store(path, read_only=True)
    assert written(store.select(WRITTEN)) == want_named  # on disk after the server is gone
    got_default = {
        int(sol["n"].value) for sol in store.native.query("SELECT ?n WHERE { ?s <urn:n> ?n }")
    }
    assert got_default == want_default  # default-graph writes kept, in the default graph


class _FullDisk:
    """Stands in for pyoxigraph's store: writes fail as RocksDB's do on a full disk."""

    def __init__(self, real: ox.Store) -> None:
        self.real = real

    def update(self, *args: object, **kwargs: object) -> None:
        raise OSError("IO error: No space left on device: While appending to file: 000009.log")

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_a_full_disk_answers_507_and_health_degrades_then_recovers(
    tmp_path: Path, make_client: Callable[..., object]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    live = LiveStore(path, poll_interval=3600)
    client = make_client(live, update_token=TOKEN)
    try:
        # the first write opens the writer (until then the store is served read-only):
        # the fault is injected into that writer
        live.update("INSERT DATA { <urn:first> <urn:b> 0 }")
        assert live.writer_open
        real = live._store
        live._store = _FullDisk(real)  # type: ignore[assignment]
        r = client.post(
            "/update",
            content="INSERT DATA { <urn:a> <urn:b> 1 }",  # type: ignore[attr-defined]
            headers=AUTH,
        )
        assert r.status_code == 507, r.text
        assert r.json()["error"] == "insufficient_storage"
        assert "disk is full" in r.json()["detail"]
        health = client.get("/health").json()  # type: ignore[attr-defined]
        assert health["status"] == "degraded" and "No space left" in health["reason"]
        del real
        time.sleep(1.05)
        health = client.get("/health").json()  # type: ignore[attr-defined]
        assert health["status"] == "ok", health
        r = client.post(
            "/update",
            content="INSERT DATA { <urn:a> <urn:b> 2 }",  # type: ignore[attr-defined]
            headers=AUTH,
        )
        assert r.status_code == 204, r.text
    finally:
        live.close()
