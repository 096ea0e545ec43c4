"""``/sparql`` queries answered below FastAPI: the same handlers, without its per-request machinery.

FastAPI resolves dependencies, validates parameters and wraps the endpoint for every
request; for /sparql that cost more CPU than parsing, guarding and answering the query
together (issue #9, throughput beside Oxigraph server). This middleware calls the
route's own handlers (:func:`api.routes.sparql.handle_get` / ``handle_post``) with
the app's store, settings and runner, and maps errors with the app's own handlers, so
the answers are the same byte for byte; the FastAPI routes stay for the OpenAPI
document and for what this path leaves to them (the query page, the service
description, other methods).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from api.errors import error_response
from api.routes import sparql

__all__ = ["SparqlEndpoint", "answers_query"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_QUERY_KEY = b"query="


def answers_query(scope: Scope, path: str = "/sparql") -> bool:
    """Whether :class:`SparqlEndpoint` answers this request itself (a query to ``path``)."""
    if scope["path"] != path:
        return False
    method = scope["method"]
    if method == "POST":
        return True
    if method != "GET":
        return False
    qs: bytes = scope.get("query_string", b"")
    # No query: the page or the service description, which FastAPI serves.
    return qs.startswith(_QUERY_KEY) or b"&" + _QUERY_KEY in qs


class SparqlEndpoint:
    """ASGI middleware: answer GET/POST ``path`` queries with the route's own handlers."""

    def __init__(self, app: ASGIApp, *, path: str = "/sparql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not answers_query(scope, self.path):
            await self.app(scope, receive, send)
            return
        handler = sparql.handle_get if scope["method"] == "GET" else sparql.handle_post
        request = Request(scope, receive)
        state = scope["app"].state
        response: Response
        try:
            response = await handler(request, state.store, state.settings, state.runner)
        except Exception as exc:  # the app's own handlers decide status and body
            response = await error_response(request, exc)
        await response(scope, receive, send)
