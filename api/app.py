"""The FastAPI application: settings, store and query runner on ``app.state``, and the routers."""

from __future__ import annotations

from functools import partial
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from api.cors import add_cors
from api.errors import install_error_handlers
from api.openapi_ids import operation_id
from api.protocol.endpoint import SparqlEndpoint
from api.protocol.limiter import ExplanationLimiter
from api.protocol.runner import QueryRunner
from api.routes import (
    claims,
    contradictions,
    dereference,
    docs,
    entities,
    graphstore,
    health,
    home,
    loops,
    paths,
    sparql,
    update,
    whatif,
    why,
)
from api.settings import Settings
from kg.store import OxigraphStore, SparqlStore, is_endpoint, open_live

__all__ = ["ROUTERS", "create_app"]

# Every resource's router, in the order the OpenAPI page lists them; add new ones here.
ROUTERS: list[APIRouter] = [
    home.router,
    docs.router,
    health.router,
    sparql.router,
    update.router,
    why.router,
    whatif.router,
    paths.router,
    loops.router,
    contradictions.router,
    claims.router,
    entities.router,
    dereference.router,
    graphstore.router,
]

DESCRIPTION = """\
A knowledge graph of trade causality. `/` is a landing page with example questions,
answered as HTML at `/ask`. `/sparql` is a standard SPARQL 1.1 Protocol
endpoint (open it in a browser for a query page); `/update` takes SPARQL 1.1 Update
with the server's bearer token. Graphs built from the claim files are read-only over
HTTP. The server never fetches remote data (SERVICE, LOAD) unless an operator
allow-lists the endpoint.
"""


def _version() -> str:
    try:
        return metadata.version("tradekg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


class _App(FastAPI):
    """FastAPI, with /sparql queries dispatched before its middleware stack.

    Those layers (error pages, telemetry, body limits, the explanation limiter) cost
    more per request than a small query itself; SparqlEndpoint catches every error
    and answers as the app's handlers do. Not when CORS is on: then its middleware
    must see every response, and SparqlEndpoint sits inside it instead.
    """

    sparql_front: SparqlEndpoint | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        front = self.sparql_front
        if front is not None and scope["type"] == "http" and scope["path"] == front.path:
            scope["app"] = self
            await front(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(
    settings: Settings | None = None, store: OxigraphStore | SparqlStore | None = None
) -> FastAPI:
    """Build the app; ``store`` defaults to the store at ``settings.store`` (not built here).

    >>> from kg.store import OxigraphStore
    >>> create_app(Settings(), OxigraphStore()).title
    'tradekg'
    """
    settings = settings if settings is not None else Settings()
    # /docs and /redoc come from api.routes.docs, on assets served here rather than a CDN.
    app = _App(
        title="tradekg",
        version=_version(),
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    if store is None:
        loc = settings.store
        if is_endpoint(loc):
            store = SparqlStore(str(loc), update_url=settings.update_url)
        else:
            store = open_live(loc)
    app.state.store = store
    app.state.runner = QueryRunner(
        settings.query_workers,
        queue_limit=settings.queue_limit,
        queue_wait=settings.queue_wait,
        memory_mb=settings.worker_memory_mb,
        sandbox=not settings.allow_remote,
    )
    # Worker processes start in the background, so the first query finds them ready.
    app.state.runner.warm_up(app.state.store)
    # /sparql queries skip FastAPI's per-request machinery (same handlers, same answers).
    if settings.cors_origins:
        app.add_middleware(SparqlEndpoint)
    else:
        app.sparql_front = SparqlEndpoint(partial(FastAPI.__call__, app))
    app.add_middleware(ExplanationLimiter)
    install_error_handlers(app)
    if settings.cors_origins:
        add_cors(app, settings.cors_origins)
    for router in ROUTERS:
        app.include_router(router)
    static = Path(str(resources.files("api").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    return app
