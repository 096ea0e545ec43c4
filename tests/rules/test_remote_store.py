"""The remote SPARQL store: the bundled graph pushed to a live Oxigraph server on loopback
answers the same goldens as the embedded store, and the same results field for field."""

from __future__ import annotations

import importlib.util
import inspect
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.build import build_remote
from kg.errors import StoreError
from kg.store import REMOTE_BUILD_GRAPH, OxigraphStore, SparqlStore, is_endpoint, open_any
from rules import contradictions, loops, paths, whatif, why
from rules.materialize import post_load

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("oxigraph")
    assert exe, "the oxigraph server binary ships with the `oxigraph` package (test extra)"
    port = _free_port()
    loc = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "") from None
                time.sleep(0.05)
        yield f"{url}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def remote(server: str, reasoned: OxigraphStore) -> SparqlStore:
    report = build_remote(server, post_load=post_load)  # what `tradekg build` does remotely
    store = open_any(server)
    assert isinstance(store, SparqlStore)
    assert report.triples == reasoned.count()
    assert store.graphs() == sorted([*reasoned.graphs(), REMOTE_BUILD_GRAPH])
    info = store.build_info()
    assert info is not None and info["build_id"] == report.build_id == store.token
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


def test_remote_results_equal_embedded(remote: SparqlStore, reasoned: OxigraphStore) -> None:
    def answers(store: Any) -> list[dict[str, Any]]:
        return [
            why(store, "JPN/WLD/goodsBalance", "decrease").model_dump(),
            why(store, "JPN/WLD/goodsBalance", "increase", period="2021-2024").model_dump(),
            whatif(store, "JPN/WLD/currencyValue", "decrease").model_dump(),
            paths(store, "JPN/WLD/currencyValue", "JPN/WLD/goodsBalance").model_dump(),
            loops(store, involving="USA/WLD/foreignBondDemand").model_dump(),
            contradictions(store).model_dump(),
        ]

    assert answers(remote) == answers(reasoned)


def test_endpoint_urls_and_errors() -> None:
    assert is_endpoint("http://127.0.0.1:7878/query") and not is_endpoint("data/store")
    s = SparqlStore("http://127.0.0.1:9/query")
    assert s.update_url == "http://127.0.0.1:9/update" and s.store_url == "http://127.0.0.1:9/store"
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        s.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
