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

from api.errors import error_response
from api.protocol.runner import QueryJob
from api.routes import sparql

__all__ = ["SparqlEndpoint", "answers_query"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_QUERY_KEY = b"query="
# Jobs kept for repeated GETs: short texts only, and a bounded number (clients choose them).
_CACHED_QUERY_BYTES = 4096
_CACHED_JOBS = 1024


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
        self._jobs: dict[tuple[object, ...], QueryJob] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not answers_query(scope, self.path):
            await self.app(scope, receive, send)
            return
        handler = sparql.handle_get if scope["method"] == "GET" else sparql.handle_post
        state = scope["app"].state
        if handler is sparql.handle_get:
            try:
                await self._get(scope, receive, send, state)
            except Exception as exc:  # the app's own handlers decide status and body
                failure = await error_response(Request(scope, receive), exc)
                await failure(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await handler(request, state.store, state.settings, state.runner)
        except Exception as exc:  # the app's own handlers decide status and body
            response = await error_response(request, exc)
        await response(scope, receive, send)

    async def _get(self, scope: Scope, receive: Receive, send: Send, state: Any) -> None:
        """GET with a query: :func:`api.routes.sparql.handle_get`'s answer, byte for byte.

        Clients send the same requests again and again: the job of a request (parsed
        parameters, the guard's reading, the base IRI, the Accept header) is kept by
        everything it depends on, and the answer is sent as two ASGI messages without a
        Response object.
        """
        settings = state.settings
        accept = host = None
        for name, value in scope["headers"]:
            if name == b"accept" and accept is None:
                accept = value
            elif name == b"host" and host is None:
                host = value
        qs: bytes = scope.get("query_string", b"")
        key = (
            qs,
            accept,
            host,
            scope.get("scheme"),
            scope.get("root_path", ""),
            tuple(scope.get("server") or ()),
            # Every setting the job reads (settings can be changed in place).
            settings.max_query_bytes,
            settings.max_nesting,
            settings.max_operators,
            settings.allow_remote,
            settings.row_cap,
            settings.query_timeout,
        )
        job = self._jobs.get(key)
        if job is None:
            job = sparql.get_job(Request(scope, receive), settings)
            if len(qs) <= _CACHED_QUERY_BYTES:
                if len(self._jobs) >= _CACHED_JOBS:
                    self._jobs.clear()
                self._jobs[key] = job
        res = await sparql.run_job(job, state.store, state.runner)
        ctype = res.content_type
        if ctype.startswith("text/") and "charset=" not in ctype.lower():
            ctype += "; charset=utf-8"  # as Starlette's Response adds to text types
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"vary", b"Accept"),
                    (b"content-length", str(len(res.body)).encode("latin-1")),
                    (b"content-type", ctype.encode("latin-1")),
                ],
            }
        )
        await send({"type": "http.response.body", "body": res.body})
