"""The reader-to-owner forwarder (api/protocol/forward.py) against an owner that answers
before it has read the request body and closes: the answer must reach the client."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

from api.protocol.forward import Forward

ANSWER = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\nconnection: close\r\n\r\nbad"


def _owner(path: Path) -> socket.socket:
    """A Unix server that answers 400 as soon as the request head is in, then closes
    without reading the body (as an owner refusing a request on its target does)."""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(str(path))
    srv.listen(8)
    return srv


async def _serve_once(srv: socket.socket) -> None:
    loop = asyncio.get_running_loop()
    srv.setblocking(False)
    conn, _ = await loop.sock_accept(srv)
    head = b""
    while b"\r\n\r\n" not in head:
        head += await loop.sock_recv(conn, 1024)
    await asyncio.sleep(0.2)  # the forwarder fills the socket buffers with body and waits
    await loop.sock_sendall(conn, ANSWER)
    conn.close()  # the body is still coming: the forwarder's next writes break


async def _forward_once(path: Path) -> list[dict[str, Any]]:
    srv = _owner(path)
    sent: list[dict[str, Any]] = []
    chunks = [b"x" * 65536] * 64  # 4 MB: far more than the socket buffers hold

    async def receive() -> dict[str, Any]:
        if chunks:
            return {"type": "http.request", "body": chunks.pop(), "more_body": bool(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/store",
        "raw_path": b"/store",
        "query_string": b"graph=%C3%98l",
        "headers": [(b"content-type", b"text/turtle"), (b"content-length", b"4194304")],
    }
    owner = asyncio.ensure_future(_serve_once(srv))
    try:
        await Forward(str(path))(scope, receive, send)
    finally:
        await owner
        srv.close()
    return sent


def test_an_answer_before_the_body_is_relayed(tmp_path: Path) -> None:
    for k in range(5):
        sent = asyncio.run(_forward_once(tmp_path / f"owner{k}.sock"))
        assert sent[0]["type"] == "http.response.start"
        assert sent[0]["status"] == 400, sent[0]
        assert b"".join(m.get("body", b"") for m in sent[1:]) == b"bad"
