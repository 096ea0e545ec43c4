"""``/sparql`` and ``/update`` on a remote store: guarded requests forwarded to its server.

With ``--store http://host/query`` the server holds no data: a query that passed the
guard (size, nesting, operators, SERVICE/LOAD allow-list) is sent to the store's SPARQL
server with what is left of its deadline, and its answer is parsed and written again in
the format the client asked for, under the same row cap, so a client sees the same
protocol, limits and errors as with the embedded store. Updates go the same way, after
the route's checks (token, read-only build graphs). The store's server must not be
reachable by clients directly for these guarantees to hold.

The worker sandbox that backs the guard locally has no counterpart here, so two more
walls stand before a text leaves: a query must parse as standard SPARQL 1.1 (the
embedded engine parses it, and nothing is evaluated), which keeps out a server's own
dialect (Virtuoso's ``DEFINE`` pragmas, its predeclared ``bif:``/``sql:`` functions);
and no IRI in a query or update may name those built-in function schemes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

import pyoxigraph as ox

from api.errors import (
    APIError,
    MalformedQuery,
    NotAcceptable,
    QueryTimeout,
    ResultTooLarge,
)
from api.protocol.guard import tokens
from api.protocol.negotiate import GRAPH_FORMATS, SOLUTION_FORMATS, MediaRange, choose
from api.protocol.results import Limits, serialize_boolean, serialize_graph, serialize_solutions
from api.protocol.runner import PREFIXES, QueryJob, QueryRunner, Response
from kg.errors import RemoteStoreError, StoreUnavailable
from kg.store import SparqlStore

__all__ = [
    "RemoteStoreFailed",
    "check_forwardable",
    "forward_query",
    "forward_query_now",
    "forward_update",
    "is_remote",
]

# Bytes a result may take per row of the row cap before it is refused unread (413).
_BYTES_PER_ROW = 4096
# IRI schemes a server may map to its own code: Virtuoso's SQL built-ins and procedures.
_SERVER_CODE = re.compile(r"\s*(?:bif|sql)\s*:", re.IGNORECASE)


class RemoteStoreFailed(APIError):
    """The store's SPARQL server answered with an error that is not the client's."""

    status = 502
    code = "remote_store_failed"


def is_remote(store: Any) -> TypeGuard[SparqlStore]:
    """Whether ``store`` lives in a SPARQL server (its queries are forwarded)."""
    return isinstance(store, SparqlStore)


def _remaining(deadline: float, timeout: float, *, update: bool = False) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        if update:
            raise QueryTimeout(
                f"the update did not finish within {timeout:g} s; the store's server "
                "applies it entirely or not at all"
            )
        raise QueryTimeout(
            f"the query ran longer than {timeout:g} s (the server's query timeout); "
            "narrow it or add LIMIT"
        )
    return left


def _translate(exc: RemoteStoreError, *, what: str, row_cap: int | None = None) -> APIError:
    if exc.status == 400:
        return MalformedQuery(f"the store's SPARQL server refused the {what}: {exc.detail[:1000]}")
    if exc.status == 413 and row_cap is not None:
        return ResultTooLarge(
            f"the result is larger than this server accepts ({row_cap} rows, at most "
            f"{row_cap * _BYTES_PER_ROW} bytes); add LIMIT/OFFSET to page through it"
        )
    return RemoteStoreFailed(str(exc))


def check_forwardable(text: str, *, what: str) -> None:
    """Refuse (400) a text that could reach the store server's own code rather than SPARQL:
    an IRI in the ``bif:`` or ``sql:`` scheme, or a ``DEFINE`` pragma."""
    for tok in tokens(text):
        if tok.kind == "iri" and _SERVER_CODE.match(tok.value):
            raise MalformedQuery(
                f"the {what} names <{tok.value}>: IRIs in the bif: and sql: schemes "
                "are refused, since the store's server may run them as its own functions"
            )
        if tok.kind == "word" and tok.value.upper() == "DEFINE":
            raise MalformedQuery("DEFINE is not SPARQL 1.1; this endpoint forwards no pragmas")


def _parses(job: QueryJob) -> None:
    # Parsed by the embedded engine on an empty store; results are lazy and never read.
    try:
        ox.Store().query(
            job.query,
            prefixes=dict(job.prefixes),
            base_iri=job.base_iri,
            **job.dataset.query_kwargs(query_has_from=job.query_has_from),
        )
    except SyntaxError as exc:
        raise MalformedQuery(f"SPARQL syntax error: {exc}") from None


def forward_query_now(store: SparqlStore, job: QueryJob, *, deadline: float) -> Response:
    """Ask the store's server ``job`` and write its answer as the client prefers (blocking).

    Raises MalformedQuery, NotAcceptable, ResultTooLarge, QueryTimeout, RemoteStoreFailed,
    or StoreUnavailable (503, naming the URL) when the server does not answer.
    """
    check_forwardable(job.query, what="query")
    _parses(job)
    limits = Limits(row_cap=job.row_cap, deadline=deadline, timeout=job.timeout)
    kwargs = job.dataset.query_kwargs(query_has_from=job.query_has_from)
    try:
        result = store.native.query(
            job.query,
            prefixes=dict(job.prefixes),
            base_iri=job.base_iri,
            timeout=_remaining(deadline, job.timeout),
            max_bytes=job.row_cap * _BYTES_PER_ROW,
            **kwargs,
        )
    except RemoteStoreError as exc:
        raise _translate(exc, what="query", row_cap=job.row_cap) from None
    except StoreUnavailable:
        _remaining(deadline, job.timeout)  # past the deadline: say so, as locally
        raise
    return _write(result, accept=list(job.accept), prefixes=job.prefixes, limits=limits)


async def forward_query(job: QueryJob, *, store: SparqlStore, runner: QueryRunner) -> Response:
    """``forward_query_now`` in a thread slot of ``runner``: queued, and timed by its deadline."""
    return await runner.run(
        lambda deadline: forward_query_now(store, job, deadline=deadline), timeout=job.timeout
    )


def forward_update(
    store: SparqlStore, text: str, *, base: str | None, deadline: float, timeout: float
) -> None:
    """Send an update that passed the route's checks to the store's server (blocking).

    Raises MalformedQuery when the server refuses it as malformed, RemoteStoreFailed on
    its other errors, StoreUnavailable (503) when it does not answer; QueryTimeout past
    the deadline (the server may still apply it: it runs all of it or none).
    """
    check_forwardable(text, what="update")
    left = _remaining(deadline, timeout, update=True)
    try:
        store.native.update(text, prefixes=PREFIXES, base_iri=base, timeout=left)
    except RemoteStoreError as exc:
        raise _translate(exc, what="update") from None
    except StoreUnavailable:
        _remaining(deadline, timeout, update=True)
        raise
    finally:
        store.touch()


def _write(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    *,
    accept: Sequence[MediaRange],
    prefixes: Mapping[str, str],
    limits: Limits,
) -> Response:
    if isinstance(result, ox.QueryTriples):
        triples = list(limits.rows(result))
        offers = GRAPH_FORMATS
        if any(
            isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple) for t in triples
        ):
            offers = tuple(f for f in GRAPH_FORMATS if f.name != "jsonld")
        fmt = choose(list(accept), offers)
        if fmt is None:
            raise NotAcceptable(_offers("CONSTRUCT/DESCRIBE", offers))
        body = serialize_graph(triples, fmt, limits, prefixes=dict(prefixes))
        return Response(body, fmt.content_type)
    fmt = choose(list(accept), SOLUTION_FORMATS)
    if fmt is None:
        raise NotAcceptable(_offers("SELECT/ASK", SOLUTION_FORMATS))
    if isinstance(result, ox.QueryBoolean):
        return Response(serialize_boolean(result, fmt), fmt.content_type)
    return Response(serialize_solutions(result, fmt, limits), fmt.content_type)


def _offers(kind: str, offers: Sequence[Any]) -> str:
    types = ", ".join(f.media_type for f in offers)
    return f"no acceptable format for a {kind} result; this endpoint offers {types}"
