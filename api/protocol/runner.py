"""Running SPARQL off the event loop: bounded worker threads, a timeout, the request's dataset.

pyoxigraph cannot cancel a query. The worker checks the deadline between rows, so
a streaming query stops soon after its time is up; one that computes everything
before its first row (ORDER BY, aggregates) runs on in its thread while the client
already has its 503. The worker slots count such threads until they really end, so
runaway queries cannot pile up: when all slots are taken the endpoint answers 503
"busy" at once instead of queueing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    RemoteFailed,
)
from api.protocol.negotiate import GRAPH_FORMATS, SOLUTION_FORMATS, MediaRange, choose
from api.protocol.results import Limits, serialize_boolean, serialize_graph, serialize_solutions
from ontology.keys import DATA, TK

__all__ = ["PREFIXES", "Dataset", "QueryRunner", "Response", "execute_query"]

T = TypeVar("T")
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
            return {"default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                    "named_graphs": [ox.NamedNode(g) for g in self.named_graphs]}
        if query_has_from:
            # pyoxigraph lets the union flag override FROM; leave the query's dataset alone.
            return {}
        return {"use_default_graph_as_union": True}


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str


class _Slot:
    """One worker slot; released exactly once, by the thread or by a caller that never ran it."""

    def __init__(self, slots: threading.BoundedSemaphore) -> None:
        self._slots = slots
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
                self._slots.release()


class QueryRunner:
    """Runs blocking SPARQL work in threads: at most ``workers`` at once, each with a timeout."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._slots = threading.BoundedSemaphore(workers)

    async def run(self, fn: Callable[[float], T], *, timeout: float,
                  on_timeout: str | None = None) -> T:
        """Run ``fn(deadline)`` in a worker thread; raise Busy or QueryTimeout as they apply.

        ``fn`` gets the monotonic deadline and should check it as it goes;
        ``on_timeout`` replaces the message of the QueryTimeout.
        """
        if not self._slots.acquire(blocking=False):
            raise Busy(f"all {self.workers} query workers are busy with long queries; "
                       "retry in a moment")
        slot = _Slot(self._slots)
        deadline = time.monotonic() + timeout

        def work() -> T:
            if not slot.start():
                raise QueryTimeout("the query was abandoned before it started")
            try:
                return fn(deadline)
            finally:
                slot.finish()

        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError as exc:
            raise QueryTimeout(on_timeout or (
                f"the query ran longer than {timeout:g} s (the server's query timeout); "
                "narrow it or add LIMIT")) from exc
        finally:
            # If the thread never started, nobody else will give the slot back.
            if slot.start():
                slot.finish()


def execute_query(store: ox.Store, query: str, *, dataset: Dataset, query_has_from: bool,
                  accept: list[MediaRange], row_cap: int, timeout: float, deadline: float,
                  prefixes: Mapping[str, str] = PREFIXES) -> Response:
    """Evaluate ``query`` and serialise it as the client prefers (blocking; call in a worker).

    Raises MalformedQuery (with pyoxigraph's message), NotAcceptable, ResultTooLarge
    or QueryTimeout; never returns a partial result.
    """
    try:
        return _execute(store, query, dataset=dataset, query_has_from=query_has_from,
                        accept=accept, prefixes=prefixes,
                        limits=Limits(row_cap=row_cap, deadline=deadline, timeout=timeout))
    except Exception as exc:
        # pyoxigraph results must be dropped on the thread that made them, and the frames of
        # this traceback still hold one: cut them here, before the error leaves the worker.
        if not isinstance(exc, APIError):
            log.error("query failed: %s", query, exc_info=exc)
        exc.__cause__ = exc.__context__ = None
        raise exc.with_traceback(None) from None


def _execute(store: ox.Store, query: str, *, dataset: Dataset, query_has_from: bool,
             accept: list[MediaRange], prefixes: Mapping[str, str], limits: Limits) -> Response:
    try:
        result = store.query(query, prefixes=dict(prefixes),
                             **dataset.query_kwargs(query_has_from=query_has_from))
    except SyntaxError as exc:
        raise MalformedQuery(f"SPARQL syntax error: {exc}") from exc
    try:
        return _serialize(result, accept=accept, prefixes=prefixes, limits=limits)
    except ConnectionError as exc:
        # Only an allow-listed SERVICE gets this far with a remote IRI.
        raise RemoteFailed(f"a SERVICE endpoint failed: {exc}") from exc
    except RuntimeError as exc:
        raise BadRequest(f"the query failed: {exc}") from exc


def _serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, *,
               accept: list[MediaRange], prefixes: Mapping[str, str], limits: Limits) -> Response:
    if isinstance(result, ox.QueryTriples):
        fmt = choose(accept, GRAPH_FORMATS)
        if fmt is None:
            raise NotAcceptable(_not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_FORMATS))
        return Response(serialize_graph(result, fmt, limits, prefixes=dict(prefixes)),
                        fmt.content_type)
    fmt = choose(accept, SOLUTION_FORMATS)
    if fmt is None:
        raise NotAcceptable(_not_acceptable("SELECT/ASK", SOLUTION_FORMATS))
    if isinstance(result, ox.QueryBoolean):
        return Response(serialize_boolean(result, fmt), fmt.content_type)
    return Response(serialize_solutions(result, fmt, limits), fmt.content_type)


def _not_acceptable(kind: str, offers: Sequence[Any]) -> str:
    types = ", ".join(f.media_type for f in offers)
    return f"no acceptable format for a {kind} result; this endpoint offers {types}"
