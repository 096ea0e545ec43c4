"""Hand an HTTP request to the owner process over its Unix socket and stream the answer back.

A reader process (see :mod:`api.fleet`) answers SPARQL queries itself and sends every
other request (/update, the Graph Store, explanations, pages, health) here, so one
process — the one that holds the store for writing — answers those exactly as a
single-process server would: same handlers, same locks, same headers. One connection
per request (the owner closes it after the answer): these are not the hot path, and a
fresh Unix connection costs tens of microseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httptools

__all__ = ["Forward"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("tradekg.api")

# Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not to the request;
# Expect was answered by this process's own HTTP server already.
_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"expect",
    }
)
_READ = 1 << 16


class _Answer:
    """httptools callbacks: the owner's status, headers and body as they arrive."""

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.head_done = False
        self.body: list[bytes] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.head_done = True

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class Forward:
    """ASGI app: forward each HTTP request to the server listening on ``socket_path``."""

    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no websockets here; lifespan is the server's
            return
        loop = asyncio.get_running_loop()
        # A plain non-blocking socket, not an asyncio stream: the owner may answer (a 400
        # for a target it refuses) and close before it has read the body, and the body
        # still being written then breaks the pipe. A stream would drop the buffered answer
        # with the broken transport; on the socket the failed write ends only the body's
        # copy, and the answer is read as sent.
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, self.socket_path)
        except OSError as exc:
            sock.close()
            log.error("cannot reach the owner process at %s: %s", self.socket_path, exc)
            await _unavailable(send)
            return
        pump: asyncio.Task[None] | None = None
        try:
            head, chunked = _head(scope)
            pump = asyncio.ensure_future(_pump_body(receive, loop, sock, head, chunked))
            await _relay(loop, sock, send, head_only=scope["method"] == "HEAD")
        finally:
            if pump is not None and not pump.done():
                pump.cancel()
                with contextlib.suppress(BaseException):
                    await pump
            sock.close()


def _head(scope: Scope) -> tuple[bytes, bool]:
    """The request line and headers, and whether the body goes chunked."""
    target = scope.get("raw_path") or scope["path"].encode("utf-8")
    if scope.get("query_string"):
        target += b"?" + scope["query_string"]
    lines = [scope["method"].encode("ascii") + b" " + target + b" HTTP/1.1"]
    has_length = False
    for name, value in scope["headers"]:
        low = name.lower()
        if low in _HOP:
            continue
        if low == b"content-length":
            has_length = True
        lines.append(name + b": " + value)
    # The ASGI server has taken the client's framing apart: a body without a length
    # (chunked from the client) goes on chunked.
    chunked = not has_length and scope["method"] not in ("GET", "HEAD", "DELETE", "OPTIONS")
    if chunked:
        lines.append(b"transfer-encoding: chunked")
    lines.append(b"connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n", chunked


async def _pump_body(
    receive: Receive,
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket,
    head: bytes,
    chunked: bool,
) -> None:
    """Send the head, then copy the client's body to the owner as it arrives (the owner
    may answer first)."""
    try:
        await loop.sock_sendall(sock, head)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            if body:
                await loop.sock_sendall(
                    sock, b"%x\r\n%s\r\n" % (len(body), body) if chunked else body
                )
            if not message.get("more_body", False):
                break
        if chunked:
            await loop.sock_sendall(sock, b"0\r\n\r\n")
    except OSError:
        return  # the owner answered without reading it all (a 4xx): its answer stands


async def _recv(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    """The next bytes of the owner's answer; b"" at its end or when the connection broke."""
    try:
        return await loop.sock_recv(sock, _READ)
    except OSError:
        return b""


async def _relay(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, send: Send, *, head_only: bool
) -> None:
    answer = _Answer()
    parser = httptools.HttpResponseParser(answer)
    started = False
    while True:
        data = await _recv(loop, sock)
        if data:
            try:
                parser.feed_data(data)
            except httptools.HttpParserError as exc:
                log.error("the owner process sent a malformed answer: %s", exc)
                if not started:
                    await _unavailable(send)
                return
        if answer.head_done and not started:
            status = parser.get_status_code()
            headers = [(k.lower(), v) for k, v in answer.headers if k.lower() not in _HOP]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            started = True
            if head_only or status in (204, 304):
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
        if started and answer.body:
            chunk = b"".join(answer.body)
            answer.body.clear()
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if answer.done or not data:
            break
    if not started:
        log.error("the owner process closed the connection before answering")
        await _unavailable(send)
        return
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _unavailable(send: Send) -> None:
    body = json.dumps(
        {
            "error": "owner_unavailable",
            "detail": "the server's main process did not answer this request; retry in a moment",
        }
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", b"1"),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
