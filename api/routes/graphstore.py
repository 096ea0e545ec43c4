"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol — reads for all, writes with the token."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep
from api.errors import (
    BadRequest,
    Forbidden,
    NotAcceptable,
    NotFound,
    ReadOnlyGraph,
    Unauthorized,
    UnsupportedMediaType,
    error_responses,
)
from api.protocol.rdf import TRIPLE_FORMATS, choose_graph_format, parse_body, serialize
from api.routes.update import _authorize
from api.settings import Settings
from kg.build import is_build_graph
from kg.store import OxigraphStore

__all__ = ["GraphTarget", "router"]

router = APIRouter(prefix="/store", tags=["graph store"])

_GRAPH_DOC = "IRI of the named graph (indirect identification); exclusive with `default`."
_DEFAULT_DOC = "Present (no value) to address the default graph."
_RDF = {f.media_type: {"schema": {"type": "string"}} for f in TRIPLE_FORMATS}
_BODY = {"requestBody": {"required": True, "content": _RDF}}
_READ: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The graph, in the format Accept prefers (Turtle by default).",
        "content": _RDF,
    },
    **error_responses(BadRequest, NotFound, NotAcceptable),
}
_WRITE_ERRORS = error_responses(BadRequest, Unauthorized, Forbidden, UnsupportedMediaType)
_WRITES = [Depends(_authorize)]


def _query(doc: str) -> Any:
    """A documented query parameter; GraphTarget reads the values (``?default`` has none)."""
    return Query(description=doc)


class GraphTarget:
    """The graph a request names: ``?graph=IRI`` or ``?default`` (exactly one)."""

    def __init__(self, request: Request) -> None:
        params = request.query_params
        graphs = params.getlist("graph")
        default = "default" in params
        if default and graphs:
            raise BadRequest("give either ?graph=IRI or ?default, not both")
        if len(graphs) > 1:
            raise BadRequest("the 'graph' parameter is given more than once")
        self.given = default or bool(graphs)
        self.iri: str | None = graphs[0] if graphs else None
        self.node: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
        if self.iri is not None:
            try:
                self.node = ox.NamedNode(self.iri)
            except ValueError as exc:
                raise BadRequest(f"'graph' is not an absolute IRI: {exc}") from exc

    @property
    def label(self) -> str:
        return f"<{self.iri}>" if self.iri else "the default graph"

    def require(self) -> GraphTarget:
        if not self.given:
            raise BadRequest("name the graph: ?graph=<IRI> or ?default")
        return self


Target = Annotated[GraphTarget, Depends(GraphTarget)]


def _exists(store: OxigraphStore, target: GraphTarget) -> bool:
    if isinstance(target.node, ox.DefaultGraph):
        return True
    return target.node in set(store.native.named_graphs())


def _check_writable(target: GraphTarget, settings: Settings) -> None:
    # the same rule as /update: graphs the build makes from the claim files are read-only
    if target.iri and not settings.no_bundled and is_build_graph(target.iri):
        raise ReadOnlyGraph(
            f"{target.label} is built from the claim files and read-only over "
            "HTTP: edit kg/claims and rebuild"
        )


def _write(
    store: OxigraphStore, target: GraphTarget, triples: list[ox.Triple], *, replace: bool
) -> bool:
    """Replace or merge the graph's content in one SPARQL Update (atomic); True if created."""
    existed = _exists(store, target)
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    where = "DEFAULT" if target.iri is None else f"GRAPH <{target.iri}>"
    steps = [f"DROP SILENT {where}"] if replace else []
    if target.iri is None:
        steps.append(f"INSERT DATA {{ {data} }}")
    else:
        steps.append(f"INSERT DATA {{ GRAPH <{target.iri}> {{ {data} }} }}")
    store.native.update(" ;\n".join(steps))
    if isinstance(target.node, ox.NamedNode):
        store.native.add_graph(target.node)  # an empty PUT still creates the graph
    store.touch()
    return not existed


def _read(store: OxigraphStore, target: GraphTarget) -> list[ox.Triple]:
    return [q.triple for q in store.native.quads_for_pattern(None, None, None, target.node)]


async def _get(request: Request, store: OxigraphStore, target: GraphTarget) -> Response:
    target.require()
    fmt = choose_graph_format(request.headers.get("accept"))
    assert fmt is not None  # noqa: S101 - html=False never chooses HTML
    if not await run_in_threadpool(_exists, store, target):
        raise NotFound(f"no graph {target.label} in this store")
    triples = await run_in_threadpool(_read, store, target)
    return Response(
        serialize(triples, fmt), media_type=fmt.content_type, headers={"Vary": "Accept"}
    )


@router.get(
    "",
    operation_id="getGraph",
    summary="Graph Store: read a graph",
    response_class=Response,
    responses=_READ,
)
async def get_graph(
    request: Request,
    store: StoreDep,
    target: Target,
    graph: Annotated[str | None, _query(_GRAPH_DOC)] = None,
    default: Annotated[str | None, _query(_DEFAULT_DOC)] = None,
) -> Response:
    """The named graph ``?graph=IRI`` or the default graph ``?default`` (404 when the named
    graph does not exist), in Turtle, N-Triples, RDF/XML or JSON-LD by Accept."""
    return await _get(request, store, target)


@router.head(
    "",
    operation_id="headGraph",
    summary="Graph Store: a graph's headers",
    response_class=Response,
    responses=_READ,
)
async def head_graph(
    request: Request,
    store: StoreDep,
    target: Target,
    graph: Annotated[str | None, _query(_GRAPH_DOC)] = None,
    default: Annotated[str | None, _query(_DEFAULT_DOC)] = None,
) -> Response:
    """As GET, without the body."""
    full = await _get(request, store, target)
    return Response(
        b"",
        status_code=full.status_code,
        media_type=full.media_type,
        headers={"Vary": "Accept", "Content-Length": str(len(full.body))},
    )


@router.put(
    "",
    operation_id="putGraph",
    summary="Graph Store: replace a graph",
    status_code=204,
    response_class=Response,
    openapi_extra=_BODY,
    dependencies=_WRITES,
    responses={
        201: {"description": "The graph did not exist and was created."},
        204: {"description": "The graph's content was replaced."},
        **_WRITE_ERRORS,
    },
)
async def put_graph(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    target: Target,
    graph: Annotated[str | None, _query(_GRAPH_DOC)] = None,
    default: Annotated[str | None, _query(_DEFAULT_DOC)] = None,
) -> Response:
    """Replace the graph's content with the RDF body (needs the update token)."""
    target.require()
    _check_writable(target, settings)
    triples = parse_body(
        await request.body(),
        request.headers.get("content-type", ""),
        base_iri=target.iri or str(request.url),
    )
    created = await run_in_threadpool(lambda: _write(store, target, triples, replace=True))
    return Response(status_code=201 if created else 204)


@router.post(
    "",
    operation_id="postGraph",
    summary="Graph Store: add to a graph, or a new one",
    status_code=204,
    response_class=Response,
    openapi_extra=_BODY,
    dependencies=_WRITES,
    responses={
        201: {
            "description": "A graph was created; with no graph named, its "
            "IRI is in the Location header."
        },
        204: {"description": "The triples were added to the graph."},
        **_WRITE_ERRORS,
    },
)
async def post_graph(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    target: Target,
    graph: Annotated[str | None, _query(_GRAPH_DOC)] = None,
    default: Annotated[str | None, _query(_DEFAULT_DOC)] = None,
) -> Response:
    """Merge the RDF body into the graph (needs the update token). Posted to ``/store``
    itself, a new graph is made and its IRI returned in ``Location`` (201)."""
    headers: dict[str, str] = {}
    if not target.given:
        # the request IRI names the graph store: mint a graph of its own
        new = f"{request.url.replace(query=None, fragment=None)!s}/graph/{uuid.uuid4()}"
        target.iri, target.node, target.given = new, ox.NamedNode(new), True
        headers["Location"] = new
    _check_writable(target, settings)
    triples = parse_body(
        await request.body(),
        request.headers.get("content-type", ""),
        base_iri=target.iri or str(request.url),
    )
    created = await run_in_threadpool(lambda: _write(store, target, triples, replace=False))
    return Response(status_code=201 if created else 204, headers=headers)


@router.delete(
    "",
    operation_id="deleteGraph",
    summary="Graph Store: delete a graph",
    status_code=204,
    response_class=Response,
    dependencies=_WRITES,
    responses={
        204: {"description": "The graph was deleted."},
        **error_responses(BadRequest, Unauthorized, Forbidden, NotFound),
    },
)
async def delete_graph(
    store: StoreDep,
    settings: SettingsDep,
    target: Target,
    graph: Annotated[str | None, _query(_GRAPH_DOC)] = None,
    default: Annotated[str | None, _query(_DEFAULT_DOC)] = None,
) -> Response:
    """Delete the named graph (404 when it does not exist), or empty the default graph
    (needs the update token)."""
    target.require()
    _check_writable(target, settings)

    def drop() -> bool:
        if not _exists(store, target):
            return False
        store.native.update("DROP DEFAULT" if target.iri is None else f"DROP GRAPH <{target.iri}>")
        store.touch()
        return True

    if not await run_in_threadpool(drop):
        raise NotFound(f"no graph {target.label} in this store")
    return Response(status_code=204)
