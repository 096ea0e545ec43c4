"""``/sparql``: the W3C SPARQL 1.1 Protocol query operation, and the YASGUI query page."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs

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
from api.protocol.guard import check_remote, scan
from api.protocol.negotiate import HTML, asks_for, parse_accept
from api.protocol.runner import PREFIXES, Dataset, execute_query
from api.routes.service import describe_service, wants_description

__all__ = ["media_type_of", "read_form", "router"]

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
_OK: dict[int | str, dict[str, Any]] = {200: {
    "description": "The result, in the format the Accept header prefers: SELECT/ASK as SPARQL "
                   "JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), "
                   "N-Triples, RDF/XML, JSON-LD or N-Quads.",
    "content": _RESULT_TYPES,
}}
_ERRORS = error_responses(MalformedQuery, RemoteAccessRefused, NotAcceptable, ResultTooLarge,
                          UnsupportedMediaType, QueryTimeout, Busy, RemoteFailed)
_DATASET_DOC = ("IRI of a local graph for the {what}; repeat for several. Graphs are never "
                "fetched from the network.")
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {"schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string", "description": "The SPARQL query.",
                              "example": EXAMPLE},
                    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                },
            }},
            SPARQL_QUERY: {"schema": {"type": "string", "description": "The SPARQL query.",
                                      "example": EXAMPLE}},
        },
    },
}


def media_type_of(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased ('' when absent)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_form(request: Request) -> dict[str, list[str]]:
    """The url-encoded body as a multi-dict; 400 when it is not UTF-8."""
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the form body is not UTF-8: {exc}") from exc
    return parse_qs(text, keep_blank_values=True)


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


async def _answer(request: Request, query: str, default_graphs: list[str],
                  named_graphs: list[str], *, store: StoreDep, settings: SettingsDep,
                  runner: RunnerDep) -> Response:
    dataset = Dataset.of(default_graphs, named_graphs)
    found = scan(query, prefixes=PREFIXES)
    check_remote(found, settings.allow_remote)
    accept = parse_accept(request.headers.get("accept"))
    native = store.native

    def work(deadline: float) -> tuple[bytes, str]:
        res = execute_query(native, query, dataset=dataset, query_has_from=found.has_from,
                            accept=accept, row_cap=settings.row_cap,
                            timeout=settings.query_timeout, deadline=deadline)
        return res.body, res.content_type

    body, content_type = await runner.run(work, timeout=settings.query_timeout)
    return Response(content=body, media_type=content_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL query (GET), or the query page for a browser",
            responses={**_OK, **_ERRORS}, response_class=Response)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    query: Annotated[str | None, Query(description="The SPARQL query; exactly once.",
                                       examples=[EXAMPLE])] = None,
    default_graph_uri: Annotated[list[str] | None, Query(
        alias="default-graph-uri", description=_DATASET_DOC.format(what="default graph"))] = None,
    named_graph_uri: Annotated[list[str] | None, Query(
        alias="named-graph-uri", description=_DATASET_DOC.format(what="named graphs"))] = None,
) -> Response:
    """Run a SPARQL 1.1 query given as ``query=``; with no query, a browser gets YASGUI and
    an RDF client (Accept naming an RDF type) the SPARQL 1.1 Service Description."""
    queries = request.query_params.getlist("query")
    if not queries and wants_description(request.headers.get("accept")):
        return describe_service(request, store, settings)  # SPARQL 1.1 Service Description
    if not queries and asks_for(parse_accept(request.headers.get("accept")), HTML):
        return HTMLResponse(_page(), headers={"Vary": "Accept"})
    return await _answer(request, _one_query(queries), default_graph_uri or [],
                         named_graph_uri or [], store=store, settings=settings, runner=runner)


@router.post("/sparql", summary="SPARQL query (POST, form-encoded or application/sparql-query)",
             responses={**_OK, **_ERRORS}, response_class=Response, openapi_extra=_POST_BODY)
async def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    default_graph_uri: Annotated[list[str] | None, Query(
        alias="default-graph-uri",
        description=_DATASET_DOC.format(what="default graph") + " (with a direct POST)")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(
        alias="named-graph-uri",
        description=_DATASET_DOC.format(what="named graphs") + " (with a direct POST)")] = None,
) -> Response:
    """Run a SPARQL 1.1 query sent in the body, url-encoded (``query=``) or as is."""
    ctype = media_type_of(request)
    url_queries = request.query_params.getlist("query")
    default_graphs = list(default_graph_uri or [])
    named_graphs = list(named_graph_uri or [])
    if ctype == FORM:
        form = await read_form(request)
        if "update" in form:
            raise BadRequest("this is the query endpoint; send updates to /update")
        query = _one_query(url_queries + form.get("query", []))
        default_graphs += form.get("default-graph-uri", [])
        named_graphs += form.get("named-graph-uri", [])
    elif ctype == SPARQL_QUERY:
        if url_queries:
            raise BadRequest("the 'query' parameter is given more than once "
                             "(in the URL and as the body)")
        try:
            query = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the query is not UTF-8: {exc}") from exc
        if not query.strip():
            raise MalformedQuery("the query is empty")
    else:
        raise UnsupportedMediaType(
            f"Content-Type {ctype or '(none)'} is not supported; send {FORM} or {SPARQL_QUERY}")
    return await _answer(request, query, default_graphs, named_graphs,
                         store=store, settings=settings, runner=runner)
