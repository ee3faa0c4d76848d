"""uvicorn's HTTP protocol, sending a response's head and a small body in one write.

uvicorn writes the status line and headers as soon as the app starts its response, and the body
when it comes: two socket writes, so two TCP segments (the socket has TCP_NODELAY) and two
wake-ups of the reader, for a page that fits in one. Here the protocol's transport keeps a
small write until the event loop's current round ends: a body written in the same round goes
out with it in one write. A large write (a download) is not copied into the small one: what is
kept goes out first. Nothing is delayed beyond the current round of the event loop, and every
write still leaves in order.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

KEEP_BYTES = 16 * 1024  # a write this small waits for the rest of the round
JOIN_BYTES = 256 * 1024  # a body up to this size is joined to what waits (one copy)


class JoinedWrites:
    """A transport that joins the writes made in one round of the event loop."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._kept: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Write data: a small one waits for the rest of the round, joined to what follows."""
        if self._kept is not None:
            if len(data) <= JOIN_BYTES:
                self._kept += bytes(data)
                return
            self.flush()
        if len(data) <= KEEP_BYTES and not self._transport.is_closing():
            self._kept = bytes(data)
            asyncio.get_running_loop().call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        """Send what is kept (nothing when the connection has closed meanwhile)."""
        kept, self._kept = self._kept, None
        if kept and not self._transport.is_closing():
            self._transport.write(kept)

    def close(self) -> None:
        """Send what is kept, then close (the transport sends its buffer before closing)."""
        self.flush()
        self._transport.close()

    def writelines(self, chunks: Any) -> None:
        """Write each chunk in turn."""
        for chunk in chunks:
            self.write(chunk)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class HttpProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP/1.1 protocol (httptools when installed) writing through JoinedWrites."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the connection with writes joined per round of the event loop."""
        super().connection_made(JoinedWrites(transport))  # type: ignore[arg-type]


HTTP_PROTOCOL = "gepmonitor.web.protocol:HttpProtocol"  # uvicorn.Config(http=...)
