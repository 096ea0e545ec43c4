"""Running SPARQL where it can be stopped: a pool of worker processes, a bounded queue, deadlines.

pyoxigraph cannot cancel a query, and a thread cannot be killed, so a query that
runs past its deadline used to keep its CPU and grow until the kernel killed the
server. Queries on an on-disk store now run in worker processes that open the store
read-only; each caps its own address space (RLIMIT_AS), cannot open an inet socket
(see :mod:`api.protocol.sandbox`) unless SERVICE endpoints are allow-listed, and is
killed at the deadline and replaced, which frees its slot, CPU and memory at once.
A worker reopens the store when the server's store generation has moved on, so it
sees every acknowledged update (the server flushes after each one, so a reopen is a
few tens of milliseconds).

Requests wait for a free worker in a bounded queue for a bounded time; only when the
queue is full, or the wait is over, is the answer 503 with ``Retry-After``. An
in-memory store (tests, notebooks) cannot be shared between processes: its queries
run in threads under the same queue, and past the deadline such a thread runs on,
holding its slot, as before.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import selectors
import struct
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import pyoxigraph as ox

from api.errors import (
    APIError,
    BadRequest,
    Busy,
    MalformedQuery,
    NotAcceptable,
    QueryTimeout,
    RemoteAccessRefused,
    RemoteFailed,
)
from api.protocol.negotiate import GRAPH_FORMATS, SOLUTION_FORMATS, MediaRange, choose
from api.protocol.results import (
    Limits,
    serialize_boolean,
    serialize_graph,
    serialize_native,
    serialize_solutions,
)
from ontology.keys import DATA, TK

__all__ = [
    "INLINE_LIMIT",
    "PREFIXES",
    "Dataset",
    "QueryJob",
    "QueryRunner",
    "Response",
    "WorkerFailed",
    "execute_query",
]

T = TypeVar("T")
# The largest LIMIT of a lookup answered in the server process (see QueryJob.inline):
# about a millisecond of the event loop's time.
INLINE_LIMIT = 1000
log = logging.getLogger("tradekg.api")

# Declared for every query and update, as many public endpoints do; a query's own
# PREFIX lines override them, so no valid query changes meaning.
PREFIXES: dict[str, str] = {
    "tk": TK,
    "tkd": DATA,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
}


class WorkerFailed(APIError):
    """The query's worker process died (its memory cap, or a crash); it was replaced."""

    status = 503
    code = "query_worker_failed"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"Retry-After": "1"})


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names with default-graph-uri / named-graph-uri.

    With neither, the default graph is the union of all graphs (unless the query has
    FROM / FROM NAMED) and every named graph is available. With either, the dataset
    is exactly what was named, as the protocol says: only named-graph-uri means an
    empty default graph, only default-graph-uri means no named graphs. The IRIs name
    local graphs; nothing is fetched.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @classmethod
    def of(cls, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> Dataset:
        for iri in (*default_graphs, *named_graphs):
            try:
                ox.NamedNode(iri)
            except ValueError as exc:
                raise BadRequest(f"graph IRI {iri!r} is not a valid IRI: {exc}") from exc
        return cls(tuple(default_graphs), tuple(named_graphs))

    def query_kwargs(self, *, query_has_from: bool) -> dict[str, Any]:
        if self.default_graphs or self.named_graphs:
            return {
                "default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in self.named_graphs],
            }
        if query_has_from:
            # pyoxigraph lets the union flag override FROM; leave the query's dataset alone.
            return {}
        return {"use_default_graph_as_union": True}


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query; picklable."""

    query: str
    dataset: Dataset
    query_has_from: bool
    accept: tuple[MediaRange, ...]
    row_cap: int
    timeout: float
    base_iri: str | None = None
    prefixes: Mapping[str, str] = field(default_factory=lambda: dict(PREFIXES))
    # The outermost query's LIMIT: at most this many rows, whatever the data.
    limit: int | None = None
    # A lookup whose cost its LIMIT bounds (guard.is_bounded_lookup): answered in-process.
    inline: bool = False


# --- the worker process ---------------------------------------------------------------

_ATTEMPTS = 5


def _worker_main(
    conn: multiprocessing.connection.Connection, memory_bytes: int, sandbox: bool
) -> None:
    """Serve jobs from ``conn`` until it closes: (store key, path, job, deadline) → reply."""
    from api.protocol.sandbox import deny_inet_sockets, die_with_parent, limit_memory

    die_with_parent()
    if sandbox and not deny_inet_sockets():
        log.warning("query worker: seccomp unavailable; only the SPARQL guard stops SERVICE")
    if memory_bytes:
        limit_memory(memory_bytes)
    store: ox.Store | None = None
    key: object = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        job_key, path, job, deadline = msg
        reply: tuple[Any, ...]
        if job_key == "probe":
            conn.send(_probe_update(job, path))
            continue
        try:
            for attempt in range(_ATTEMPTS):
                try:
                    if store is None or key != job_key:
                        store = None
                        store = ox.Store.read_only(path)
                        key = job_key
                    res = execute_query(store, job, deadline=deadline)
                    break
                except (OSError, RuntimeError):
                    # Opening read-only beside a live writer can race its compaction (a file
                    # named in the MANIFEST is gone by the time it is opened): open again,
                    # backing off up to about a second in all.
                    store = None
                    if attempt == _ATTEMPTS - 1:
                        raise
                    time.sleep(0.02 * 3**attempt)
            reply = ("ok", res.body, res.content_type)
        except APIError as exc:
            reply = ("err", type(exc).__module__, type(exc).__name__, exc.detail)
        except Exception as exc:  # a worker answers every job; it never dies of one
            reply = (
                "err",
                __name__,
                "WorkerFailed",
                f"the store could not be read ({type(exc).__name__}: {exc}); retry",
            )
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _probe_update(text: str, base: str | None) -> tuple[str]:
    """Run ``text`` on an empty in-memory store in the sandbox: did it try to connect?"""
    try:
        ox.Store().update(text, prefixes=PREFIXES, base_iri=base)
    except PermissionError:
        return ("blocked",)
    except Exception as exc:  # the real run reports its own errors
        if "not permitted" in str(exc):
            return ("blocked",)
    return ("ok",)


def _rebuild_error(module: str, name: str, detail: str) -> APIError:
    import importlib

    cls = getattr(importlib.import_module(module), name, None)
    if isinstance(cls, type) and issubclass(cls, APIError):
        try:
            return cls(detail)
        except TypeError:
            pass
    return BadRequest(detail)


# How long a worker may take to open the store and build the engine's tables.
_OPEN_TIMEOUT = 120.0
_HEADER = struct.Struct("!i")  # multiprocessing.Connection's framing, which the worker uses
_READ = 1 << 18


class _Worker:
    """A worker process and the server's end of its pipe.

    The server's end is non-blocking and read from the event loop, frame by frame
    (the framing of ``multiprocessing.Connection``, which the worker keeps): a
    blocking ``recv`` after a readiness signal is wrong when a large reply arrives in
    parts, and some event loops (uvloop) make a watched descriptor non-blocking anyway.
    """

    def __init__(
        self,
        ctx: Any,
        memory_bytes: int,
        sandbox: bool,
        target: Callable[..., None] | None = None,
        name: str = "tradekg-query-worker",
    ) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(
            target=target or _worker_main,
            args=(child, memory_bytes, sandbox),
            daemon=True,
            name=name,
        )
        self.proc.start()
        child.close()
        self.fd = self.conn.fileno()
        os.set_blocking(self.fd, False)
        self._buf = bytearray()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.proc.kill()
        self.proc.join(timeout=5)
        with contextlib.suppress(OSError):
            self.conn.close()

    @staticmethod
    def _frame(msg: object) -> bytes:
        data = pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)
        return _HEADER.pack(len(data)) + data

    def _take_reply(self) -> tuple[bool, Any]:
        """(True, message) when a whole frame is buffered, else (False, None)."""
        buf = self._buf
        if len(buf) < 4:
            return False, None
        (size,) = _HEADER.unpack_from(buf)
        start = 4
        if size == -1:  # over 2 GiB: an 8-byte length follows
            if len(buf) < 12:
                return False, None
            (size,) = struct.unpack_from("!Q", buf, 4)
            start = 12
        if len(buf) < start + size:
            return False, None
        # Our own worker process wrote it (multiprocessing trusts the same pipe the same way).
        msg = pickle.loads(memoryview(buf)[start : start + size])  # noqa: S301
        del buf[: start + size]
        return True, msg

    def _read_available(self) -> None:
        """Read what the pipe holds now; EOFError when the worker has gone."""
        while True:
            try:
                chunk = os.read(self.fd, _READ)
            except BlockingIOError:
                return
            except OSError as exc:
                raise EOFError(str(exc)) from exc
            if not chunk:
                raise EOFError("the worker closed its pipe")
            self._buf += chunk
            if len(chunk) < _READ:
                return

    async def ask(self, msg: object, timeout: float) -> Any:
        """Send ``msg``, return the reply; TimeoutError after ``timeout``, EOFError if it dies."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Any] = loop.create_future()
        out = memoryview(self._frame(msg))

        def fail(exc: BaseException) -> None:
            if not fut.done():
                fut.set_exception(exc)

        def on_writable() -> None:
            nonlocal out
            try:
                out = out[os.write(self.fd, out) :]
            except BlockingIOError:
                return
            except OSError as exc:
                fail(EOFError(str(exc)))
                return
            if not out:
                loop.remove_writer(self.fd)

        def on_readable() -> None:
            try:
                self._read_available()
                ready, reply = self._take_reply()
            except EOFError as exc:
                fail(exc)
                return
            if ready and not fut.done():
                fut.set_result(reply)

        timer = loop.call_later(timeout, fail, TimeoutError())
        try:
            try:
                out = out[os.write(self.fd, out) :]
            except BlockingIOError:
                pass
            except OSError as exc:
                raise EOFError(str(exc)) from exc
            if out:  # a long text: the rest goes as the worker reads
                loop.add_writer(self.fd, on_writable)
            loop.add_reader(self.fd, on_readable)
            return await fut
        finally:
            timer.cancel()
            loop.remove_reader(self.fd)
            loop.remove_writer(self.fd)

    def ask_blocking(self, msg: object, timeout: float) -> Any:
        """:meth:`ask` for a thread without an event loop."""
        end = time.monotonic() + timeout
        out = memoryview(self._frame(msg))
        with selectors.DefaultSelector() as sel:
            sel.register(self.fd, selectors.EVENT_READ | selectors.EVENT_WRITE)
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                for _, events in sel.select(left):
                    if events & selectors.EVENT_WRITE and out:
                        try:
                            out = out[os.write(self.fd, out) :]
                        except BlockingIOError:
                            pass
                        except OSError as exc:
                            raise EOFError(str(exc)) from exc
                        if not out:
                            sel.modify(self.fd, selectors.EVENT_READ)
                    if events & selectors.EVENT_READ:
                        self._read_available()
                        ready, reply = self._take_reply()
                        if ready:
                            return reply


class _Gate:
    """A bounded wait for one of ``capacity`` slots; Busy when the queue is full or time is up.

    Waiting happens on the event loop (a future per waiter), not in a thread: a burst of
    queued requests costs no thread hop each. Requests may come from several loops (a
    test client runs one per call), and slots are given back from threads too, so the
    state is under a lock and a waiter is woken on its own loop.
    """

    def __init__(self, capacity: int, queue_limit: int, queue_wait: float, what: str) -> None:
        self.capacity = capacity
        self.queue_limit = queue_limit
        self.queue_wait = queue_wait
        self.what = what
        self._lock = threading.Lock()
        self._free = capacity
        self._waiters: collections.deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]
        self._waiters = collections.deque()

    def try_acquire(self) -> bool:
        """Take a free slot at once if there is one and nobody is queued before us."""
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return True
            return False

    async def acquire(self) -> None:
        """Take a slot, waiting up to ``queue_wait`` in the queue; Busy past either bound."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return
            if len(self._waiters) >= self.queue_limit:
                raise Busy(
                    f"all {self.capacity} {self.what} are busy and {len(self._waiters)} "
                    "requests are queued (the server's queue limit); retry in a moment"
                )
            fut: asyncio.Future[None] = loop.create_future()
            waiter = (loop, fut)
            self._waiters.append(waiter)
        timer = loop.call_later(self.queue_wait, self._expire, waiter)
        try:
            await fut
        except asyncio.CancelledError:
            with self._lock:
                queued = waiter in self._waiters
                if queued:
                    self._waiters.remove(waiter)
            # Granted just before the cancel: give the slot on. (A grant still on its way
            # to this loop finds the future cancelled and does it itself.)
            if not queued and fut.done() and not fut.cancelled() and fut.exception() is None:
                self.release()
            raise
        finally:
            timer.cancel()

    def _expire(self, waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]) -> None:
        with self._lock:
            if waiter not in self._waiters:
                return  # granted meanwhile; the grant is on its way
            self._waiters.remove(waiter)
        if not waiter[1].done():
            waiter[1].set_exception(
                Busy(
                    f"all {self.capacity} {self.what} stayed busy for "
                    f"{self.queue_wait:g} s (the server's queue wait); retry in a moment"
                )
            )

    def release(self) -> None:
        """Give a slot back (from any thread): to the first waiter, else to the pool."""
        with self._lock:
            if not self._waiters:
                self._free += 1
                return
            loop, fut = self._waiters.popleft()
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._grant(fut)
            return
        try:
            loop.call_soon_threadsafe(self._grant, fut)
        except RuntimeError:  # that loop is closed: its waiter is gone
            self.release()

    def _grant(self, fut: asyncio.Future[None]) -> None:
        if fut.done():  # cancelled while the grant was on its way
            self.release()
        else:
            fut.set_result(None)


class _Slot:
    """One gate slot; released exactly once, by the thread or by a caller that never ran it."""

    def __init__(self, gate: _Gate) -> None:
        self._gate = gate
        self._lock = threading.Lock()
        self._state = "pending"

    def start(self) -> bool:
        with self._lock:
            if self._state != "pending":
                return False
            self._state = "running"
            return True

    def finish(self) -> None:
        with self._lock:
            if self._state in ("pending", "running"):
                self._state = "done"
                self._gate.release()


class _Pool:
    """Worker processes for one store directory; all access under one lock."""

    def __init__(
        self,
        size: int,
        memory_bytes: int,
        sandbox: bool,
        target: Callable[..., None] | None = None,
        name: str = "tradekg-query-worker",
    ) -> None:
        self.size = size
        self.memory_bytes = memory_bytes
        self.sandbox = sandbox
        self.target = target
        self.name = name
        self._ctx = multiprocessing.get_context("forkserver")
        # One forkserver serves every pool: it imports what both kinds of worker need once,
        # and each worker is a cheap fork of it.
        self._ctx.set_forkserver_preload(["api.protocol.runner", "api.protocol.explainers"])
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._closed = False
        weakref.finalize(self, _Pool._kill_all, self._all)

    @staticmethod
    def _kill_all(workers: set[_Worker]) -> None:
        for w in list(workers):
            w.kill()

    def take_idle(self) -> _Worker | None:
        """An idle live worker, or None (then :meth:`take` starts one, which blocks)."""
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.proc.is_alive():
                    return w
                self._all.discard(w)
                threading.Thread(target=w.kill, daemon=True).start()
        return None

    def take(self) -> _Worker:
        with self._lock:
            while self._idle:
                w = self._idle.pop()
                if w.proc.is_alive():
                    return w
                self._all.discard(w)
                w.kill()
        w = _Worker(self._ctx, self.memory_bytes, self.sandbox, self.target, self.name)
        with self._lock:
            self._all.add(w)
        return w

    def warm_up(
        self, prepare: Callable[[_Worker], object] | None = None, *, most: int | None = None
    ) -> None:
        """Start the other workers (``most``: at most that many), so a burst after the
        first query finds them ready.

        ``prepare`` (blocking) runs on each new worker before it is offered.
        """
        with self._lock:
            missing = self.size - len(self._all)
        if most is not None:
            missing = min(missing, most)
        started = [self.take() for _ in range(max(missing, 0))]
        for w in started:
            if prepare is not None:
                try:
                    prepare(w)
                except (TimeoutError, EOFError, OSError):
                    self.discard(w)
                    continue
            self.give_back(w)

    def give_back(self, w: _Worker) -> None:
        with self._lock:
            if self._closed or len(self._all) > self.size:
                w.kill()
                self._all.discard(w)
            else:
                self._idle.append(w)

    def discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
        for w in workers:
            w.kill()


class QueryRunner:
    """Runs SPARQL queries (worker processes) and blocking work (threads), queued and timed.

    ``workers`` queries run at once; up to ``queue_limit`` more wait up to ``queue_wait``
    seconds for a slot. Updates and other blocking work (``run``) queue the same way
    for their own ``workers`` thread slots.
    """

    def __init__(
        self,
        workers: int,
        *,
        queue_limit: int = 64,
        queue_wait: float = 5.0,
        memory_mb: int = 2048,
        sandbox: bool = True,
    ) -> None:
        self.workers = workers
        self.memory_bytes = memory_mb * 1024 * 1024
        self.sandbox = sandbox
        self._queries = _Gate(workers, queue_limit, queue_wait, "query workers")
        self._threads = _Gate(workers, queue_limit, queue_wait, "worker threads")
        self._limiter = anyio.CapacityLimiter(2 * (workers + queue_limit))
        self._pool: _Pool | None = None
        self._explain_pool: _Pool | None = None
        self._explainers_started = False
        self._pool_lock = threading.Lock()
        # Updates are serialised: the guard's view and the write happen under one lock.
        self.write_lock = threading.Lock()

    def _get_pool(self, *, background: bool = True) -> _Pool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = pool = _Pool(self.workers, self.memory_bytes, self.sandbox)
                if background:
                    threading.Thread(
                        target=pool.warm_up, name="tradekg-warm-up", daemon=True
                    ).start()
            return self._pool

    def _get_explain_pool(self) -> _Pool:
        from api.protocol.explainers import explain_main

        with self._pool_lock:
            if self._explain_pool is None:
                # The engine never needs the network: always sandboxed.
                self._explain_pool = _Pool(
                    self.workers,
                    self.memory_bytes,
                    True,
                    target=explain_main,
                    name="tradekg-explain-worker",
                )
            return self._explain_pool

    def _explainers(
        self, store: Any, settings: Any, *, most: int | None = None
    ) -> tuple[_Pool, tuple[Any, ...]]:
        """The explanation pool and the job that opens ``store`` in a worker. The first
        call without ``most`` starts the pool's other workers, which load the store and
        the engine's tables in the background, one after the other, so a burst finds
        them ready; a call with ``most`` starts at most that many."""
        with self._pool_lock:
            fresh = most is not None or not self._explainers_started
            if most is None:
                self._explainers_started = True
        pool = self._get_explain_pool()
        key = (str(store.path), str(getattr(store, "generation", "")))
        opening = (key, str(store.path), settings, None)
        if fresh:
            threading.Thread(
                target=pool.warm_up,
                kwargs={"prepare": lambda w: w.ask_blocking(opening, _OPEN_TIMEOUT), "most": most},
                name="tradekg-warm-up",
                daemon=True,
            ).start()
        return pool, opening

    def warm_explainers(self, store: Any, settings: Any) -> None:
        """For an on-disk ``store``, start one explanation worker now, in the background: a
        server does at start, so its first question finds the store and the engine's
        tables (the parser's lexicon too) loaded. The others start with the first
        question, as without this."""
        if getattr(store, "path", None) is not None:
            self._explainers(store, settings, most=1)

    async def explain(
        self, request: Any, *, store: Any, settings: Any, timeout: float
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Answer an explanation request (see api.protocol.explainers) in a worker process.

        Raises QueryTimeout (the worker was killed at ``timeout``) or WorkerFailed.
        """
        pool, opening = self._explainers(store, settings)
        key = opening[0]
        worker = pool.take_idle()
        if worker is None:
            worker = await anyio.to_thread.run_sync(pool.take, limiter=self._limiter)
        done = False
        try:
            # Loading the store and the engine's tables is not the request's time: only
            # the request itself runs against its deadline.
            try:
                await worker.ask(opening, _OPEN_TIMEOUT)
            except TimeoutError as exc:
                raise EOFError("the worker did not load the store in time") from exc
            reply = await worker.ask((key, str(store.path), settings, request), timeout)
            done = True
        except TimeoutError as exc:
            raise QueryTimeout(
                f"the request ran longer than {timeout:g} s (the server's query timeout); it "
                "was stopped. Narrow it (a variable, an economy, a lower limit)"
            ) from exc
        except EOFError as exc:
            raise WorkerFailed(
                f"the request's worker process died (exit code {worker.proc.exitcode}): most "
                f"likely it went past its memory cap of {self.memory_bytes // 2**20} MB. It "
                "was replaced; nothing else was affected"
            ) from exc
        finally:
            if done:
                pool.give_back(worker)
            else:
                # Timed out, died, or the client went away: stop the worker, free its CPU.
                threading.Thread(target=pool.discard, args=(worker,), daemon=True).start()
        if reply[0] != "ok":
            raise WorkerFailed(str(reply[1]))
        return int(reply[1]), list(reply[2]), bytes(reply[3])

    def warm_up(self, store: Any, *, wait: bool = False) -> None:
        """For an on-disk ``store``, start the worker processes now, in the background
        (``wait``: before returning; a reader HTTP process joins the port only then)."""
        if getattr(store, "path", None) is not None:
            pool = self._get_pool(background=not wait)
            if wait:
                pool.warm_up()

    def close(self) -> None:
        """Stop every worker process."""
        with self._pool_lock:
            pools = [p for p in (self._pool, self._explain_pool) if p is not None]
            self._pool = self._explain_pool = None
        for pool in pools:
            pool.close()

    async def query(self, job: QueryJob, *, store: Any) -> Response:
        """Answer ``job`` on ``store``: in a worker process when it is on disk, else a thread.

        Raises Busy, QueryTimeout, WorkerFailed or the query's own APIError.
        """
        if job.inline:
            # One triple pattern under a LIMIT of at most INLINE_LIMIT: at most that many
            # index steps, no SERVICE, so nothing here can run away or reach the network.
            # A worker's round trip would cost more than the query.
            return execute_query(store.native, job, deadline=time.monotonic() + job.timeout)
        path = getattr(store, "path", None)
        if path is None:
            native = store.native

            def in_thread(deadline: float) -> Response:
                return execute_query(native, job, deadline=deadline)

            return await self.run(in_thread, timeout=job.timeout, gate=self._queries)
        key = (str(path), str(getattr(store, "generation", "")))
        # Everything stays on the event loop: a slot (or a place in the queue), an idle
        # worker, a pipe.
        await self._queries.acquire()
        try:
            return await self._ask_worker(job, key, str(path))
        finally:
            self._queries.release()

    async def _ask_worker(self, job: QueryJob, key: tuple[str, str], path: str) -> Response:
        pool = self._get_pool()
        worker = pool.take_idle()
        if worker is None:
            worker = await anyio.to_thread.run_sync(pool.take, limiter=self._limiter)
        # The deadline counts from the moment a worker has the query: waiting in the
        # queue is bounded by queue_wait, and a worker's start-up is not the query's.
        deadline = time.monotonic() + job.timeout
        done = False
        try:
            reply = await worker.ask((key, path, job, deadline), job.timeout + 0.05)
            done = True
        except TimeoutError as exc:
            raise QueryTimeout(
                f"the query ran longer than {job.timeout:g} s (the server's query "
                "timeout); it was stopped. Narrow it or add LIMIT"
            ) from exc
        except EOFError as exc:
            code = worker.proc.exitcode
            raise WorkerFailed(
                "the query's worker process died (exit code "
                f"{code}): most likely it went past its memory cap of "
                f"{self.memory_bytes // 2**20} MB. It was replaced; nothing else was "
                "affected. Narrow the query or add LIMIT"
            ) from exc
        finally:
            if done:
                pool.give_back(worker)
            else:
                # Timed out, died, or the client went away: stop the worker, free its CPU.
                threading.Thread(target=pool.discard, args=(worker,), daemon=True).start()
        if reply[0] == "ok":
            return Response(reply[1], reply[2])
        raise _rebuild_error(*reply[1:])

    def probe_update(self, text: str, base: str | None, *, timeout: float) -> bool:
        """True when a dry run of the update in a sandboxed worker tried to open a connection.

        The second wall for /update, whose real run happens in the server process: an
        update the guard misread but whose LOAD or SERVICE runs on an empty store is
        caught here. Blocking; False when there is no pool (in-memory store) or no sandbox.
        """
        if not self.sandbox or self._pool is None:
            return False
        pool = self._pool
        worker = pool.take()
        try:
            reply = worker.ask_blocking(("probe", base, text, 0.0), timeout)
        except (TimeoutError, EOFError):
            pool.discard(worker)
            return False
        pool.give_back(worker)
        return bool(reply[0] == "blocked")

    async def run(
        self,
        fn: Callable[[float], T],
        *,
        timeout: float,
        on_timeout: str | None = None,
        gate: _Gate | None = None,
    ) -> T:
        """Run ``fn(deadline)`` in a thread once a slot is free; raise Busy or QueryTimeout.

        ``fn`` gets the monotonic deadline and should check it as it goes; a thread
        past it cannot be stopped and keeps its slot until it ends, so runaway work
        cannot pile up. ``on_timeout`` replaces the message of the QueryTimeout.
        """
        gate = gate or self._threads
        start = time.monotonic()
        await gate.acquire()
        deadline = start + timeout
        slot = _Slot(gate)

        def work() -> T:
            if not slot.start():
                raise QueryTimeout("the work was abandoned before it started")
            try:
                return fn(deadline)
            finally:
                slot.finish()

        try:
            with anyio.fail_after(max(deadline - time.monotonic(), 0.001)):
                return await anyio.to_thread.run_sync(
                    work, abandon_on_cancel=True, limiter=self._limiter
                )
        except TimeoutError as exc:
            raise QueryTimeout(
                on_timeout
                or (
                    f"the query ran longer than {timeout:g} s (the server's query timeout); "
                    "narrow it or add LIMIT"
                )
            ) from exc
        finally:
            # If the thread never started, nobody else will give the slot back.
            if slot.start():
                slot.finish()


def execute_query(store: ox.Store, job: QueryJob, *, deadline: float) -> Response:
    """Evaluate ``job.query`` and serialise it as the client prefers (blocking).

    Raises MalformedQuery (with pyoxigraph's message), NotAcceptable, ResultTooLarge
    or QueryTimeout; never returns a partial result.
    """
    try:
        return _execute(
            store, job, limits=Limits(row_cap=job.row_cap, deadline=deadline, timeout=job.timeout)
        )
    except Exception as exc:
        # pyoxigraph results must be dropped on the thread that made them, and the frames of
        # this traceback still hold one: cut them here, before the error leaves the worker.
        if not isinstance(exc, (APIError, OSError)):
            log.error("query failed: %s", job.query, exc_info=exc)
            exc = BadRequest(f"the query failed: {type(exc).__name__}: {exc}")
        exc.__cause__ = exc.__context__ = None
        raise exc.with_traceback(None) from None


def _execute(store: ox.Store, job: QueryJob, *, limits: Limits) -> Response:
    try:
        result = store.query(
            job.query,
            prefixes=dict(job.prefixes),
            base_iri=job.base_iri,
            **job.dataset.query_kwargs(query_has_from=job.query_has_from),
        )
    except SyntaxError as exc:
        raise MalformedQuery(f"SPARQL syntax error: {exc}") from exc
    try:
        return _serialize(
            result,
            accept=list(job.accept),
            prefixes=job.prefixes,
            limits=limits,
            bounded=job.limit is not None and job.limit <= job.row_cap,
        )
    except ConnectionError as exc:
        # Only an allow-listed SERVICE gets this far with a remote IRI.
        raise RemoteFailed(f"a SERVICE endpoint failed: {exc}") from exc
    except PermissionError as exc:
        # The worker's sandbox refused a socket: the guard's reading missed a SERVICE.
        log.error("a query worker's sandbox stopped an outbound connection: %s", job.query)
        raise RemoteAccessRefused(
            "SERVICE refused: query workers cannot open network connections (SSRF guard)"
        ) from exc
    except RuntimeError as exc:
        raise BadRequest(f"the query failed: {exc}") from exc


def _serialize(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    *,
    accept: list[MediaRange],
    prefixes: Mapping[str, str],
    limits: Limits,
    bounded: bool = False,
) -> Response:
    if isinstance(result, ox.QueryTriples):
        triples = list(limits.rows(result))
        offers = GRAPH_FORMATS
        if any(
            isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple) for t in triples
        ):
            # JSON-LD 1.1 has no triple terms: choose among the formats that carry them.
            offers = tuple(f for f in GRAPH_FORMATS if f.name != "jsonld")
        fmt = choose(accept, offers)
        if fmt is None:
            raise NotAcceptable(
                _not_acceptable(
                    "CONSTRUCT/DESCRIBE"
                    + (" with triple terms" if offers != GRAPH_FORMATS else ""),
                    offers,
                )
            )
        return Response(
            serialize_graph(triples, fmt, limits, prefixes=dict(prefixes)), fmt.content_type
        )
    fmt = choose(accept, SOLUTION_FORMATS)
    if fmt is None:
        raise NotAcceptable(_not_acceptable("SELECT/ASK", SOLUTION_FORMATS))
    if isinstance(result, ox.QueryBoolean):
        return Response(serialize_boolean(result, fmt), fmt.content_type)
    if bounded:
        # The LIMIT keeps it under the row cap, and a worker past its deadline is killed:
        # the engine's own writer (the same bytes, in Rust) needs no row-by-row check.
        return Response(serialize_native(result, fmt), fmt.content_type)
    return Response(serialize_solutions(result, fmt, limits), fmt.content_type)


def _not_acceptable(kind: str, offers: Sequence[Any]) -> str:
    types = ", ".join(f.media_type for f in offers)
    return f"no acceptable format for a {kind} result; this endpoint offers {types}"
