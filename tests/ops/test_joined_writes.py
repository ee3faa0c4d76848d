"""web.protocol: a response's head and small body leave in one write, in order, and large or
streamed bodies, HEAD and closing connections are sent whole by the real server."""

from __future__ import annotations

import asyncio
import socket
import threading

import httpx
import pytest
import uvicorn

from gepmonitor.web.protocol import HTTP_PROTOCOL, JOIN_BYTES, JoinedWrites


class _Sink(asyncio.Protocol):
    pass


def test_writes_in_one_round_leave_together_and_in_order():
    async def scenario() -> tuple[bytes | None, bytes]:
        loop = asyncio.get_running_loop()
        server_end, client_end = socket.socketpair()
        client_end.setblocking(False)
        transport, _ = await loop.connect_accepted_socket(_Sink, server_end)
        joined = JoinedWrites(transport)  # type: ignore[arg-type]
        joined.write(b"HTTP/1.1 200 OK\r\n\r\n")
        joined.write(b"first ")
        try:
            early: bytes | None = client_end.recv(100)
        except BlockingIOError:
            early = None  # nothing has left yet: the writes wait for the end of the round
        await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        received = client_end.recv(100)
        joined.write(b"x" * (JOIN_BYTES + 1))  # too large to wait: what waits goes first
        joined.close()
        client_end.close()
        return early, received

    early, received = asyncio.run(scenario())
    assert early is None
    assert received == b"HTTP/1.1 200 OK\r\n\r\nfirst "


async def _app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/big":
        body = bytes(range(256)) * 4096  # 1 MiB
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})
    elif path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in range(5):
            await send({"type": "http.response.body", "body": b"%d;" % part, "more_body": True})
            await asyncio.sleep(0.01)
        await send({"type": "http.response.body", "body": b"end"})
    else:
        body = f"page {path}".encode()
        headers = [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture
def server_url():  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        _app, host="127.0.0.1", port=port, http=HTTP_PROTOCOL, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_the_server_sends_every_kind_of_answer_whole(server_url):
    with httpx.Client(base_url=server_url) as client:  # one kept-alive connection
        for number in range(30):
            assert client.get(f"/p{number}").text == f"page /p{number}"
        big = client.get("/big")
        assert big.content == bytes(range(256)) * 4096
        assert client.get("/stream").text == "0;1;2;3;4;end"
        head = client.head("/p1")
        assert head.status_code == 200 and head.content == b""
        assert client.get("/after").text == "page /after"
        closing = client.get("/last", headers={"Connection": "close"})
        assert closing.text == "page /last"
