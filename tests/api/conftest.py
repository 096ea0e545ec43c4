"""Fixtures for the HTTP tests: a built store with test data, servers on 127.0.0.1, a canary."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.app import create_app
from api.settings import Settings
from kg.build import build
from kg.store import OxigraphStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's TestClient warns about its httpx transport
    from fastapi.testclient import TestClient

__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cret-token"  # noqa: S105 - a test server's token
USER_GRAPH = "urn:tradekg:test:user"
OTHER_GRAPH = "urn:tradekg:test:g2"
ONTOLOGY_GRAPH = "https://w3id.org/tradekg/graph/ontology"

# Terms of every kind the result formats must carry: language tags, numbers, booleans,
# CSV-hostile characters, non-ASCII, a custom datatype, a blank node.
TEST_DATA = r"""
INSERT DATA {
  GRAPH <urn:tradekg:test:user> {
    <urn:t:a> <urn:t:p> "comma, \"quote\"\nnewline\ttab"@en , 42 , 1.5 , 1.0e3 , true ,
                        "plain" , "ünïcødé ✓ <&>" , "typed"^^<urn:t:dt> , _:b1 .
    <urn:t:b> <urn:t:p> <urn:t:a> .
    _:b1 <urn:t:p> "from a blank node" .
  }
  GRAPH <urn:tradekg:test:g2> { <urn:t:a> <urn:t:q> "in g2" }
  <urn:t:d> <urn:t:p> "in the default graph" .
}
"""

# 64 triples of their own graph: a 4-way join over them (16.7 M rows) takes seconds, whatever
# the bundled claims are.
WIDE_DATA = (
    "INSERT DATA { GRAPH <urn:tradekg:test:wide> { "
    + " ".join(f"<urn:t:w{i}> <urn:t:w> {i} ." for i in range(64))
    + " } }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A ``python -m api.server`` subprocess and what it took to get it answering."""

    base: str
    proc: subprocess.Popen[bytes]
    startup_seconds: float
    log: Path
    token: str = TOKEN

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/update"


def start_server(store: Path, log: Path, **env: str) -> Server:
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRADEKG_")}
    clean.update(
        {"TRADEKG_STORE": str(store), "TRADEKG_HOST": "127.0.0.1", "TRADEKG_PORT": str(port), **env}
    )
    t0 = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.server"],
            cwd=ROOT,
            env=clean,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() - t0 < 120:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return Server(base, proc, time.monotonic() - t0, log)
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server did not start within 120 s")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@dataclass
class BuiltStore:
    path: Path
    direct: ox.Store  # an in-memory copy, to compare the endpoint with pyoxigraph itself


def make_built_store(path: Path) -> BuiltStore:
    """The bundled build (whatever claims it has) plus TEST_DATA in graphs of its own."""
    build(path)
    store = OxigraphStore(path)
    store.update(TEST_DATA)
    store.update(WIDE_DATA)
    store.flush()
    direct = ox.Store()
    direct.load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    del store
    return BuiltStore(path, direct)


@pytest.fixture(scope="session")
def store_factory() -> Callable[[Path], BuiltStore]:
    """Make another built store with the test data: ``store_factory(path)``."""
    return make_built_store


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> BuiltStore:
    return make_built_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def start() -> Iterator[Callable[..., Server]]:
    """Start more servers: ``start(store_path, log_path, TRADEKG_X=...)``; stopped at the end."""
    servers: list[Server] = []

    def run(store: Path, log: Path, **env: str) -> Server:
        srv = start_server(store, log, **env)
        servers.append(srv)
        return srv

    yield run
    for srv in servers:
        stop_server(srv)
        log = srv.log.read_text(errors="replace")
        assert "Exception in ASGI application" not in log, log[-5000:]


@pytest.fixture(scope="session")
def server(built_store: BuiltStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server every client test talks to: bundled mode, update token set."""
    srv = start_server(
        built_store.path, tmp_path_factory.mktemp("log") / "server.log", TRADEKG_UPDATE_TOKEN=TOKEN
    )
    yield srv
    stop_server(srv)
    log = srv.log.read_text(errors="replace")
    assert "Exception in ASGI application" not in log, log[-5000:]
    assert "unsendable" not in log, log[-5000:]


@dataclass
class Canary:
    """A loopback TCP listener that records every connection made to it."""

    port: int
    connections: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hits_after(self, action: Callable[[], object], *, settle: float = 0.3) -> int:
        before = len(self.connections)
        action()
        time.sleep(settle)
        return len(self.connections) - before


@pytest.fixture(scope="session")
def canary() -> Iterator[Canary]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    c = Canary(int(sock.getsockname()[1]))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.5)
                try:
                    c.connections.append(conn.recv(4096) or b"(empty)")
                except OSError:
                    c.connections.append(b"(no data)")

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield c
    stop.set()
    t.join(timeout=2)
    sock.close()


@pytest.fixture()
def memory_store() -> OxigraphStore:
    """A small in-memory store with TEST_DATA and a build-owned ontology graph."""
    s = OxigraphStore()
    s.update(TEST_DATA)
    s.update(f"""INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{
        <https://w3id.org/tradekg/ontology> a owl:Ontology ; owl:versionInfo "9.9.9" .
        <urn:t:claim1> a tk:CausalClaim . <urn:t:claim2> a tk:CausalClaim . }} }}""")
    return s


@pytest.fixture()
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Build an in-process client: ``make_client(store, **settings)``."""
    clients: list[TestClient] = []

    def make(store: OxigraphStore, **settings: object) -> TestClient:
        client = TestClient(create_app(Settings(**settings), store))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
