"""One policy for the explanation endpoints (/why, /whatif, /loops, /paths): slots, queue, deadline.

An ASGI middleware, so the routes stay as they are: a request takes one of
``query_workers`` slots (waiting in the bounded queue, else 503 ``busy`` with
Retry-After) and gets 503 ``query_timeout`` at ``query_timeout``. On an on-disk
store the request runs, whole, in an explanation worker process
(:mod:`api.protocol.explainers`) that is killed at the deadline, which frees the
slot, the CPU and the memory at once. An in-memory store cannot be shared with a
process: there the route runs in a thread that cannot be killed; it keeps its slot
until it really ends (its late answer is dropped), so runaway requests cannot pile
up past the slots.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from api.errors import APIError, BadRequest, QueryTimeout
from api.protocol.runner import _Gate

__all__ = ["EXPLANATION_PATHS", "ExplanationLimiter"]

# the question page (/ask) is an explanation too: the same slots, deadline and worker
EXPLANATION_PATHS = ("/why", "/whatif", "/loops", "/paths", "/ask")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _send_error(send: Send, exc: APIError) -> None:
    body = json.dumps({"error": exc.code, "detail": exc.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


log = logging.getLogger("tradekg.api")


def _prepare(store: Any) -> None:
    from rules.questions import prepare

    try:
        prepare(store)
    except Exception as exc:  # the request itself reports what is wrong with the store
        log.warning("warming the engine's tables failed: %s", exc)


class ExplanationLimiter:
    """ASGI middleware: slots, bounded queue and deadline for the explanation paths.

    Settings are read from ``app.state.settings`` on first use: ``query_workers``,
    ``queue_limit``, ``queue_wait``, ``query_timeout``.
    """

    def __init__(self, app: ASGIApp, *, paths: tuple[str, ...] = EXPLANATION_PATHS) -> None:
        self.app = app
        self.paths = paths
        self._gate: _Gate | None = None
        self._timeout = 10.0

    def _setup(self, scope: Scope) -> _Gate:
        if self._gate is None:
            settings = scope["app"].state.settings
            self._timeout = float(settings.query_timeout)
            self._gate = _Gate(
                settings.query_workers,
                settings.queue_limit,
                settings.queue_wait,
                "explanation slots",
            )
        return self._gate

    def _applies(self, scope: Scope) -> bool:
        path = scope.get("path", "")
        return scope["type"] == "http" and any(
            path == p or path.startswith(p + "/") for p in self.paths
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._applies(scope):
            await self.app(scope, receive, send)
            return
        gate = self._setup(scope)
        try:
            await gate.acquire()
        except APIError as exc:
            await _send_error(send, exc)
            return
        state = scope["app"].state
        store = state.store
        if getattr(store, "path", None) is not None:
            # On disk: a worker process that can be stopped at the deadline.
            try:
                await self._in_worker(scope, receive, send, store, state)
            finally:
                gate.release()
            return
        # In memory (tests, notebooks) or remote: the store cannot be shared with a process.
        # As in a worker, the engine's tables are built before the deadline starts: they
        # are the store's, not the request's (a remote store's first projection alone can
        # take seconds over the network).
        try:
            await anyio.to_thread.run_sync(_prepare, store)
        except BaseException:
            gate.release()
            raise
        started = False
        timed_out = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if timed_out:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def run() -> None:
            try:
                await self.app(scope, receive, guarded)
            finally:
                gate.release()

        task = asyncio.ensure_future(run())
        try:
            await asyncio.wait_for(asyncio.shield(task), self._timeout)
        except TimeoutError:
            if started:
                await task  # the answer is on its way; let it finish
                return
            timed_out = True
            task.add_done_callback(_retrieve)
            await _send_error(
                send,
                QueryTimeout(
                    f"the request ran longer than {self._timeout:g} s (the server's query "
                    "timeout); narrow it (a variable, an economy, a lower limit)"
                ),
            )

    async def _in_worker(
        self, scope: Scope, receive: Receive, send: Send, store: Any, state: Any
    ) -> None:
        try:
            body = await _read_body(receive, _MAX_BODY)
            request = (
                scope["method"],
                scope.get("scheme", "http"),
                scope["path"],
                scope.get("raw_path") or scope["path"].encode(),
                scope.get("query_string", b""),
                scope.get("root_path", ""),
                [(bytes(k), bytes(v)) for k, v in scope.get("headers", [])],
                scope.get("client"),
                scope.get("server"),
                scope.get("http_version", "1.1"),
                body,
            )
            status, headers, payload = await state.runner.explain(
                request, store=store, settings=state.settings, timeout=self._timeout
            )
        except APIError as exc:
            await _send_error(send, exc)
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


_MAX_BODY = 1_000_000


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest("the client went away before sending the whole request")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BadRequest(f"the request body is over {limit} bytes, more than any query needs")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _retrieve(task: asyncio.Future[None]) -> None:
    # The late answer of a timed-out request is dropped, errors included.
    if not task.cancelled():
        task.exception()
