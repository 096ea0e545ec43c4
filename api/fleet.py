"""Several HTTP processes on one port and one store: the owner writes, readers answer queries.

One Python event loop answers a small query in about a quarter of a millisecond of CPU,
most of it HTTP and the endpoint's own Python; Oxigraph's server answers on every core
(issue #9, throughput beside it). ``tradekg serve --http-workers N`` runs N processes,
each with its own listening socket on the same port (``SO_REUSEPORT``: the kernel
spreads connections over them):

- the **owner** is the server as it was: it holds the store for writing (a
  :class:`kg.store.LiveStore`, which follows builds), answers everything, and also
  listens on a private Unix socket;
- each **reader** answers SPARQL queries (GET/POST /sparql) from a read-only open of
  the store, inline or in its own killable query workers, and forwards every other
  request to the owner over that Unix socket (:mod:`api.protocol.forward`).

Read-your-writes across processes: the owner *publishes* its store (the generation
directory and the generation token) on a :class:`Board` — a JSON file and an 8-byte
counter in a shared memory map — before the answer to any write leaves it (the
:class:`Publisher` middleware), and when a build switches it (the LiveStore's
``on_switch`` hook). A reader compares the counter on every query (one read of shared
memory) and reopens when it moved, so a query sent after an acknowledged write sees it,
whichever process answers. Opening read-only replays the writer's log, so no flush is
needed for that; a reopen takes tens of milliseconds.

The owner restarts a reader that dies; readers die with the owner (``PDEATHSIG``).
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox

from api.errors import APIError
from api.protocol.endpoint import SparqlEndpoint, answers_query
from api.protocol.forward import Forward
from api.protocol.runner import QueryRunner
from api.settings import Settings

__all__ = [
    "Board",
    "Fleet",
    "FollowerStore",
    "Publisher",
    "ReaderApp",
    "StoreMoved",
    "default_http_workers",
    "reader_main",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("tradekg.api")

_COUNTER = "counter"
_STATE = "state.json"
_OWNER_SOCKET = "owner.sock"
_ENV = "TRADEKG_FLEET"  # the reader's instructions, as JSON
_MOST = 8  # more processes than this only compete for the same cores


def default_http_workers(settings: Settings, store: Any) -> int:
    """How many HTTP processes ``serve`` runs: ``settings.http_workers``, else one per core
    this process may use (at most 8); always 1 for a store that is not on disk (an
    in-memory or remote store cannot be opened by another process) or without
    ``SO_REUSEPORT``."""
    if getattr(store, "path", None) is None or not hasattr(socket, "SO_REUSEPORT"):
        return 1
    if settings.http_workers is not None:
        return settings.http_workers
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MOST))


class Board:
    """Where the owner publishes the store it serves, and readers look (a private directory).

    ``counter`` is an 8-byte number in a shared map, bumped after ``state.json`` (the
    generation directory and token) has been replaced; a reader that sees a new number
    reads the state.
    """

    def __init__(self, directory: Path, *, create: bool = False) -> None:
        self.directory = directory
        path = directory / _COUNTER
        if create:
            path.write_bytes(bytes(8))
        fd = os.open(path, os.O_RDWR)
        try:
            self._map = mmap.mmap(fd, 8)
        finally:
            os.close(fd)
        self._lock = threading.Lock()
        self._last: tuple[str, str] | None = None

    @property
    def owner_socket(self) -> str:
        return str(self.directory / _OWNER_SOCKET)

    def counter(self) -> int:
        return int.from_bytes(self._map[:8], "little")

    def state(self) -> dict[str, str]:
        data = json.loads((self.directory / _STATE).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{self.directory / _STATE} is not a JSON object")
        return {str(k): str(v) for k, v in data.items()}

    def publish(self, store: Any) -> None:
        """Publish ``store``'s directory and generation if they changed since last time."""
        now = (str(store.path), str(store.generation))
        if now == self._last:
            return
        with self._lock:
            now = (str(store.path), str(store.generation))
            if now == self._last:
                return
            tmp = self.directory / f"{_STATE}.tmp"
            tmp.write_text(json.dumps({"path": now[0], "generation": now[1]}), encoding="utf-8")
            os.replace(tmp, self.directory / _STATE)
            self._map[:8] = (self.counter() + 1).to_bytes(8, "little")
            self._last = now


class StoreMoved(APIError):
    """A reader could not open the store the owner just published (a build mid-switch)."""

    status = 503
    code = "store_unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"Retry-After": "1"})


class FollowerStore:
    """A reader's read-only view of the store the owner publishes on a :class:`Board`.

    Every access to :attr:`native`, :attr:`path` or :attr:`generation` first compares
    the board's counter with the one last seen (a read of shared memory) and reopens on
    a change, so a query never runs on a view older than the last acknowledged write.
    """

    read_only = True
    token: str | None = None

    def __init__(self, board: Board) -> None:
        self.board = board
        self._seen = -1
        self._store: ox.Store | None = None
        self._path = ""
        self._generation = ""
        self._sync()

    def _sync(self) -> None:
        seen = self.board.counter()
        if seen == self._seen:
            return
        state = self.board.state()
        path = state["path"]
        store = _open_read_only(path)
        self._store, self._path, self._seen = store, path, seen
        # The owner's own generation, prefixed with the directory: the query workers
        # reopen when it changes, as they do in the owner.
        self._generation = f"{path}:{state['generation']}"

    @property
    def native(self) -> ox.Store:
        self._sync()
        assert self._store is not None  # noqa: S101 - set by _sync or it raised
        return self._store

    @property
    def path(self) -> str:
        self._sync()
        return self._path

    @property
    def generation(self) -> str:
        self._sync()
        return self._generation


def _open_read_only(path: str, attempts: int = 20) -> ox.Store:
    # Opening beside a live writer can race its compaction (a file the manifest names is
    # gone by the time it is opened): open again.
    for n in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as exc:
            if n == attempts - 1:
                raise StoreMoved(f"the store at {path} could not be opened: {exc}") from exc
            time.sleep(0.01 * (n + 1))
    raise AssertionError("unreachable")  # pragma: no cover


class Publisher:
    """ASGI middleware for the owner: publish the store before any write's answer leaves.

    GET, HEAD and OPTIONS never write, so only other methods pay for the check.
    """

    def __init__(self, app: ASGIApp, board: Board, store: Any) -> None:
        self.app = app
        self.board = board
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return

        async def publish_first(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.board.publish(self.store)
            await send(message)

        await self.app(scope, receive, publish_first)


class ReaderApp:
    """A reader's ASGI app: SPARQL queries answered here, everything else by the owner."""

    def __init__(self, settings: Settings, store: FollowerStore, runner: QueryRunner) -> None:
        self.state = SimpleNamespace(settings=settings, store=store, runner=runner)
        self.forward = Forward(store.board.owner_socket)
        front: ASGIApp = SparqlEndpoint(self.forward)
        if settings.cors_origins:
            from fastapi.middleware.cors import CORSMiddleware

            from api.cors import cors_options

            front = CORSMiddleware(front, **cors_options(settings.cors_origins))
        self.front = front

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and answers_query(scope):
            scope["app"] = self
            await self.front(scope, receive, send)
        else:
            await self.forward(scope, receive, send)


def reader_main() -> None:
    """A reader process: ``python -m api.fleet`` with its instructions in ``TRADEKG_FLEET``."""
    import uvicorn

    from api.protocol.sandbox import die_with_parent
    from api.protocol.transport import CorkedHTTPProtocol

    die_with_parent()
    spec = json.loads(os.environ.pop(_ENV))
    if os.getppid() != spec["parent"]:  # the owner died before the line above
        sys.exit(1)
    logging.basicConfig(level=logging.INFO)
    settings = Settings(**spec["settings"], update_token=None)
    board = Board(Path(spec["board"]))
    store = FollowerStore(board)
    runner = QueryRunner(
        settings.query_workers,
        queue_limit=settings.queue_limit,
        queue_wait=settings.queue_wait,
        memory_mb=settings.worker_memory_mb,
        sandbox=not settings.allow_remote,
    )
    # Join the port only when the query workers are up: a reader still starting would
    # make its first clients wait seconds for a worker, while the owner answers alone.
    runner.warm_up(store, wait=True)
    sock = _listen(spec["host"], spec["port"])
    config = uvicorn.Config(
        ReaderApp(settings, store, runner),
        log_level="info",
        access_log=settings.access_log,
        http=CorkedHTTPProtocol,
        lifespan="off",
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        runner.close()


def _listen(host: str, port: int, *, alone: bool = False) -> socket.socket:
    """A listening socket that other processes of this user may join (SO_REUSEPORT).

    ``alone``: first make sure nobody listens there yet. SO_REUSEPORT would otherwise let
    this server share the port with another one, where binding used to fail.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if alone and port:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))  # OSError (address in use) when a server listens
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(False)
    return sock


class Fleet:
    """The owner's side: its sockets, the board, and the reader processes it keeps alive.

    Use as a context manager around the owner's own server; leaving it stops the readers.
    """

    def __init__(self, settings: Settings, store: Any, readers: int) -> None:
        self.settings = settings
        self.store = store
        self.readers = readers
        self._dir = Path(tempfile.mkdtemp(prefix="tradekg-fleet-"))
        try:
            self.board = Board(self._dir, create=True)
            self.board.publish(store)
            self.tcp = _listen(settings.host, settings.port, alone=True)
            self.port = int(self.tcp.getsockname()[1])
            self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.unix.bind(self.board.owner_socket)
            self.unix.listen(512)
        except BaseException:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise
        self._stop = threading.Event()
        self._procs: dict[int, subprocess.Popen[bytes]] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Fleet:
        # A build taken by the store's watcher publishes at once, not at the next write.
        if hasattr(self.store, "on_switch"):
            self.store.on_switch = lambda: self.board.publish(self.store)
        for n in range(self.readers):
            t = threading.Thread(
                target=self._keep, args=(n,), name=f"tradekg-reader-{n}", daemon=True
            )
            t.start()
            self._threads.append(t)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for p in self._procs.values() if p.poll() is None]

    def _spawn(self) -> subprocess.Popen[bytes]:
        spec = {
            "parent": os.getpid(),
            "board": str(self._dir),
            "host": self.settings.host,
            "port": self.port,
            "settings": self.settings.model_dump(mode="json", exclude={"update_token"}),
        }
        env = {**os.environ, _ENV: json.dumps(spec)}
        env.pop("TRADEKG_UPDATE_TOKEN", None)  # readers forward updates; they need no token
        return subprocess.Popen([sys.executable, "-m", "api.fleet"], env=env)

    def _keep(self, n: int) -> None:
        """Run reader ``n`` until the fleet stops, restarting it when it dies.

        The reader is started from this thread and this thread lives as long as it does:
        PDEATHSIG fires when the thread that started a child ends.
        """
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                proc = self._spawn()
            except OSError as exc:
                log.error("could not start HTTP reader %d: %s", n, exc)
                self._stop.wait(1.0)
                continue
            with self._lock:
                self._procs[n] = proc
            code = proc.wait()
            if self._stop.is_set():
                return
            log.warning(
                "HTTP reader %d (pid %d) exited with %s; starting another", n, proc.pid, code
            )
            # A reader that dies at once (a bad setting) is not restarted in a tight loop.
            self._stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

    def close(self) -> None:
        """Stop the readers (SIGTERM, then SIGKILL after 10 s) and remove the board."""
        self._stop.set()
        if hasattr(self.store, "on_switch"):
            self.store.on_switch = None
        for _ in range(2):  # again after the threads end: one may have been starting a reader
            with self._lock:
                procs = list(self._procs.values())
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            for t in self._threads:
                t.join(timeout=5)
        for s in (self.tcp, self.unix):
            s.close()
        shutil.rmtree(self._dir, ignore_errors=True)


if __name__ == "__main__":
    reader_main()
