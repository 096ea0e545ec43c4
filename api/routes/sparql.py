"""``/sparql``: the W3C SPARQL 1.1 Protocol query operation, and the YASGUI query page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import (
    BadRequest,
    Busy,
    MalformedQuery,
    NotAcceptable,
    QueryTimeout,
    RemoteAccessRefused,
    RemoteFailed,
    ResultTooLarge,
    UnsupportedMediaType,
    error_responses,
)
from api.protocol.guard import (
    RequestTooComplex,
    SizeLimits,
    check_remote,
    check_size,
    is_bounded_lookup,
    prefixes_needed,
    scan,
    top_limit,
)
from api.protocol.negotiate import HTML, asks_for, parse_accept
from api.protocol.remote import forward_query, is_remote
from api.protocol.runner import INLINE_LIMIT, PREFIXES, Dataset, QueryJob, QueryRunner
from api.protocol.runner import Response as QueryResponse
from api.routes.service import describe_service, wants_description
from api.settings import Settings
from kg.store import OxigraphStore

__all__ = [
    "base_iri_of",
    "get_job",
    "handle_get",
    "handle_post",
    "media_type_of",
    "read_body",
    "read_form",
    "router",
    "run_job",
    "size_limits",
]

router = APIRouter(tags=["sparql"])

EXAMPLE = "SELECT ?claim WHERE { ?claim a tk:CausalClaim } LIMIT 10"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"

_RESULT_TYPES = {
    "application/sparql-results+json": {"schema": {"type": "object"}},
    "application/sparql-results+xml": {"schema": {"type": "string"}},
    "text/csv": {"schema": {"type": "string"}},
    "text/tab-separated-values": {"schema": {"type": "string"}},
    "text/turtle": {"schema": {"type": "string"}},
    "application/n-triples": {"schema": {"type": "string"}},
    "application/rdf+xml": {"schema": {"type": "string"}},
    "application/ld+json": {"schema": {"type": "array"}},
    "application/n-quads": {"schema": {"type": "string"}},
}
_OK: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The result, in the format the Accept header prefers: SELECT/ASK as SPARQL "
        "JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), "
        "N-Triples, RDF/XML, JSON-LD or N-Quads.",
        "content": _RESULT_TYPES,
    }
}
_ERRORS = error_responses(
    MalformedQuery,
    RemoteAccessRefused,
    NotAcceptable,
    ResultTooLarge,
    UnsupportedMediaType,
    QueryTimeout,
    Busy,
    RemoteFailed,
)
_DATASET_DOC = (
    "IRI of a local graph for the {what}; repeat for several. Graphs are never "
    "fetched from the network."
)
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {
                            "type": "string",
                            "description": "The SPARQL query.",
                            "example": EXAMPLE,
                        },
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            SPARQL_QUERY: {
                "schema": {"type": "string", "description": "The SPARQL query.", "example": EXAMPLE}
            },
        },
    },
}


def media_type_of(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased ('' when absent)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, limit: int, *, what: str = "query") -> bytes:
    """The request body, refused with a 400 naming the limit as soon as it passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooComplex(
            f"the request body is {declared} bytes; this server accepts "
            f"at most {limit} (limit: max_{what}_bytes)"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooComplex(
                f"the request body is over {limit} bytes, the most this "
                f"server accepts (limit: max_{what}_bytes)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(
    request: Request, limit: int = 3_000_000, *, what: str = "query"
) -> dict[str, list[str]]:
    """The url-encoded body as a multi-dict; 400 when it is not UTF-8 or over ``limit``."""
    # Percent-encoding can triple the text, so the body may be up to three times the limit.
    try:
        text = (await read_body(request, 3 * limit, what=what)).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the form body is not UTF-8: {exc}") from exc
    return parse_qs(text, keep_blank_values=True)


def base_iri_of(request: Request) -> str:
    """The service's own URL, the base IRI of relative IRIs in a request (as Oxigraph server)."""
    scope = request.scope
    key = (
        scope.get("scheme"),
        request.headers.get("host"),
        tuple(scope.get("server") or ()),
        scope.get("root_path", ""),
        scope.get("path"),
    )
    url = _BASES.get(key)
    if url is None:
        url = str(request.url.replace(query="", fragment="")).rstrip("?#")
        try:
            ox.NamedNode(url)
        except ValueError:
            # A Host header that makes no IRI falls back to the address the server listens on.
            url = f"http://{scope.get('server', ('localhost', 80))[0]}{request.url.path}"
        if len(_BASES) >= 256:  # Host headers are the client's to choose: keep the cache small
            _BASES.clear()
        _BASES[key] = url
    return url


# Building and checking the URL cost more than the rest of a small query's guard.
_BASES: dict[tuple[object, ...], str] = {}


def size_limits(settings: Settings, *, update: bool = False) -> SizeLimits:
    """The pre-parser limits of a query (or, with ``update``, of an update)."""
    return SizeLimits(
        settings.max_update_bytes if update else settings.max_query_bytes,
        settings.max_nesting,
        settings.max_operators,
    )


def _one_query(values: list[str]) -> str:
    if not values:
        raise BadRequest("missing the 'query' parameter")
    if len(values) > 1:
        raise BadRequest("the 'query' parameter is given more than once")
    if not values[0].strip():
        raise MalformedQuery("the query is empty")
    return values[0]


@cache
def _page() -> str:
    return resources.files("api").joinpath("static/sparql.html").read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Reading:
    """What the guard learnt from a query text that passed it."""

    has_from: bool
    prefixes: dict[str, str]
    limit: int | None
    inline: bool


def _read(query: str, base: str, settings: Settings) -> _Reading:
    """Run the guard on ``query`` (raising its 400s), remembering texts that passed.

    The reading depends only on the text, the base and the settings, and clients send
    the same queries again and again; a repeat skips the tokenizer.
    """
    key = (
        query,
        base,
        settings.max_query_bytes,
        settings.max_nesting,
        settings.max_operators,
        settings.allow_remote,
        settings.row_cap,
    )
    reading = _READINGS.get(key)
    if reading is not None:
        return reading
    # Limits first: nothing else reads a text that could overflow a parser's stack.
    toks = check_size(query, size_limits(settings), what="query")
    found = scan(toks, prefixes=PREFIXES, base=base)
    check_remote(found, settings.allow_remote)
    reading = _Reading(
        found.has_from,
        prefixes_needed(toks, PREFIXES),
        top_limit(toks),
        is_bounded_lookup(toks, min(INLINE_LIMIT, settings.row_cap)),
    )
    if len(query) <= 4096:
        if len(_READINGS) >= 1024:
            _READINGS.clear()
        _READINGS[key] = reading
    return reading


_READINGS: dict[tuple[object, ...], _Reading] = {}


def job_of(
    request: Request,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    settings: Settings,
) -> QueryJob:
    """The job of a query request: the guard's reading (its 400s raised here), dataset, base."""
    dataset = Dataset.of(default_graphs, named_graphs)
    base = base_iri_of(request)
    reading = _read(query, base, settings)
    accept = tuple(parse_accept(request.headers.get("accept")))
    return QueryJob(
        query,
        dataset,
        reading.has_from,
        accept,
        settings.row_cap,
        settings.query_timeout,
        base_iri=base,
        prefixes=reading.prefixes,
        limit=reading.limit,
        inline=reading.inline,
    )


def get_job(request: Request, settings: Settings) -> QueryJob:
    """The job of GET /sparql?query=… (the caller has checked that there is a query)."""
    return job_of(
        request,
        _one_query(request.query_params.getlist("query")),
        request.query_params.getlist("default-graph-uri"),
        request.query_params.getlist("named-graph-uri"),
        settings,
    )


async def run_job(job: QueryJob, store: Any, runner: QueryRunner) -> QueryResponse:
    """Answer ``job``: on the remote store's own server, else with the runner."""
    if is_remote(store):  # a remote store: its own server answers
        return await forward_query(job, store=store, runner=runner)
    return await runner.query(job, store=store)


async def _answer(
    request: Request,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    *,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> Response:
    job = job_of(request, query, default_graphs, named_graphs, settings)
    res = await run_job(job, store, runner)
    return Response(content=res.body, media_type=res.content_type, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the query page for a browser",
    responses={**_OK, **_ERRORS},
    response_class=Response,
)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    query: Annotated[
        str | None, Query(description="The SPARQL query; exactly once.", examples=[EXAMPLE])
    ] = None,
    default_graph_uri: Annotated[
        list[str] | None,
        Query(alias="default-graph-uri", description=_DATASET_DOC.format(what="default graph")),
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None,
        Query(alias="named-graph-uri", description=_DATASET_DOC.format(what="named graphs")),
    ] = None,
) -> Response:
    """Run a SPARQL 1.1 query given as ``query=``; with no query, a browser gets YASGUI and
    an RDF client (Accept naming an RDF type) the SPARQL 1.1 Service Description."""
    return await handle_get(request, store, settings, runner)


async def handle_get(
    request: Request, store: OxigraphStore, settings: Settings, runner: QueryRunner
) -> Response:
    """GET /sparql without FastAPI's parameter machinery (api.protocol.endpoint calls it too)."""
    queries = request.query_params.getlist("query")
    if not queries and wants_description(request.headers.get("accept")):
        return describe_service(request, store, settings)  # SPARQL 1.1 Service Description
    if not queries and asks_for(parse_accept(request.headers.get("accept")), HTML):
        return HTMLResponse(_page(), headers={"Vary": "Accept"})
    res = await run_job(get_job(request, settings), store, runner)
    return Response(content=res.body, media_type=res.content_type, headers={"Vary": "Accept"})


@router.post(
    "/sparql",
    summary="SPARQL query (POST, form-encoded or application/sparql-query)",
    responses={**_OK, **_ERRORS},
    response_class=Response,
    openapi_extra=_POST_BODY,
)
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    default_graph_uri: Annotated[
        list[str] | None,
        Query(
            alias="default-graph-uri",
            description=_DATASET_DOC.format(what="default graph") + " (with a direct POST)",
        ),
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None,
        Query(
            alias="named-graph-uri",
            description=_DATASET_DOC.format(what="named graphs") + " (with a direct POST)",
        ),
    ] = None,
) -> Response:
    """Run a SPARQL 1.1 query sent in the body, url-encoded (``query=``) or as is."""
    return await handle_post(request, store, settings, runner)


async def handle_post(
    request: Request, store: OxigraphStore, settings: Settings, runner: QueryRunner
) -> Response:
    """POST /sparql without FastAPI's parameter machinery (api.protocol.endpoint calls it too)."""
    ctype = media_type_of(request)
    url_queries = request.query_params.getlist("query")
    default_graphs = request.query_params.getlist("default-graph-uri")
    named_graphs = request.query_params.getlist("named-graph-uri")
    if ctype == FORM:
        form = await read_form(request, settings.max_query_bytes)
        if "update" in form:
            raise BadRequest("this is the query endpoint; send updates to /update")
        query = _one_query(url_queries + form.get("query", []))
        default_graphs += form.get("default-graph-uri", [])
        named_graphs += form.get("named-graph-uri", [])
    elif ctype == SPARQL_QUERY:
        if url_queries:
            raise BadRequest(
                "the 'query' parameter is given more than once (in the URL and as the body)"
            )
        try:
            query = (await read_body(request, settings.max_query_bytes)).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the query is not UTF-8: {exc}") from exc
        if not query.strip():
            raise MalformedQuery("the query is empty")
    else:
        raise UnsupportedMediaType(
            f"Content-Type {ctype or '(none)'} is not supported; send {FORM} or {SPARQL_QUERY}"
        )
    return await _answer(
        request, query, default_graphs, named_graphs, store=store, settings=settings, runner=runner
    )
