"""uvicorn's HTTP protocol, writing a response's head and body to the socket together.

uvicorn writes the status line and headers, then the body, as two writes: two
syscalls here, and two segments that a client may read with two reads (an extra
wake-up and parse per response, which a Python client pays dearly). The head is held
until the body's first write, or the end of the current loop iteration at most.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.auto import AutoHTTPProtocol

__all__ = ["CorkedHTTPProtocol"]


class _Corked:
    """A transport that holds a response head until the next write (or the loop's next turn)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.writelines((held, data))
            return
        if data.startswith(b"HTTP/") and data.endswith(b"\r\n\r\n"):
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.write(held)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CorkedHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's default HTTP protocol (httptools, else h11) over a :class:`_Corked` transport."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but write like one.
        corked = _Corked(cast(asyncio.Transport, transport), asyncio.get_running_loop())
        super().connection_made(corked)
