"""Explanation requests (/why, /whatif, /loops, /paths) answered in worker processes.

The rule engine is Python: in a thread of the server a request past its deadline
got its 503 but kept its CPU (a thread cannot be stopped) until it ended by itself.
Here each request goes, whole, to a worker process that opens the store read-only
and runs the same routes (a small FastAPI app of the four routers, with the app's
error handlers), so status, headers and body are what the server would have sent.
At the deadline the worker is killed and replaced: its slot, CPU and memory are
free at once. Workers are sandboxed and memory-capped like query workers, keep the
engine's projection between requests, and reopen the store (and so rebuild it) when
the server's store generation moves.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Imported here, so the forkserver (which preloads this module) has the engine loaded
# and every worker is a fork of it, not a fresh import.
from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import home, loops, paths, whatif, why

__all__ = ["ExplainRequest", "explain_main", "sub_app"]

log = logging.getLogger("tradekg.api")

# method, scheme, path, raw_path, query_string, root_path, headers, client, server,
# http_version, body: what a route reads of a request, picklable.
ExplainRequest = tuple[
    str,
    str,
    str,
    bytes,
    bytes,
    str,
    Sequence[tuple[bytes, bytes]],
    Any,
    Any,
    str,
    bytes,
]

_ATTEMPTS = 5


def sub_app(settings: Any, store: Any) -> Any:
    """The explanation routers with the app's error handlers, on ``store``."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.store = store
    install_error_handlers(app)
    # home: its /ask page answers a question as the JSON endpoints do (only /ask is routed
    # here; the landing page stays in the HTTP process)
    for router in (why.router, whatif.router, paths.router, loops.router, home.router):
        app.include_router(router)
    return app


async def _call(app: Any, req: ExplainRequest) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    method, scheme, path, raw_path, query, root, headers, client, server, version, body = req
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": version,
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": raw_path,
        "query_string": query,
        "root_path": root,
        "headers": list(headers),
        "client": client,
        "server": server,
    }
    given = False

    async def receive() -> dict[str, Any]:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client is the server's: it never leaves here
        raise AssertionError  # pragma: no cover

    status = 500
    out_headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, out_headers
        if message["type"] == "http.response.start":
            status = int(message["status"])
            out_headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    await app(scope, receive, send)
    return status, out_headers, b"".join(chunks)


def _open(path: str) -> Any:
    from kg.store import OxigraphStore

    for attempt in range(_ATTEMPTS):
        try:
            return OxigraphStore._at(Path(path), read_only=True)
        except Exception:
            # Opening read-only beside a live writer can race its compaction: open again.
            if attempt == _ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError  # pragma: no cover


def _warm(store: Any) -> None:
    # What every explanation needs first, built before a request's deadline starts.
    from rules.questions import prepare

    try:
        prepare(store)
    except Exception as exc:  # a request will report it properly
        log.warning("explanation worker: warming the engine's tables failed: %s", exc)


def _forget_projections() -> None:
    # The engine caches per store object; a reopened store is a new object, so the old
    # entries would only hold memory.
    import rules.projection

    cache = getattr(rules.projection, "_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def explain_main(conn: Any, memory_bytes: int, sandbox: bool) -> None:
    """Serve (store key, path, settings, request) → ("ok", status, headers, body) until EOF.

    A job whose request is None only opens the store and warms the engine's tables.
    """
    from api.protocol.sandbox import deny_inet_sockets, die_with_parent, limit_memory

    die_with_parent()
    if sandbox and not deny_inet_sockets():
        log.warning("explanation worker: seccomp unavailable")
    if memory_bytes:
        limit_memory(memory_bytes)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    app: Any = None
    key: object = None
    while True:
        try:
            job_key, path, settings, req = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[Any, ...]
        try:
            if app is None or key != job_key or app.state.settings != settings:
                app = None
                _forget_projections()
                app = sub_app(settings, _open(path))
                key = job_key
            if req is None:  # "open": load the store and the engine's tables, untimed
                _warm(app.state.store)
                reply = ("ok",)
            else:
                reply = ("ok", *loop.run_until_complete(_call(app, req)))
        except Exception as exc:  # a worker answers every job; it never dies of one
            log.error("explanation worker: %s", exc, exc_info=exc)
            reply = ("err", f"the store could not be read ({type(exc).__name__}: {exc}); retry")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
