"""The request gate queues GET/HEAD requests beyond its limit and never refuses or loses one."""

from __future__ import annotations

import asyncio

import pytest

from gepmonitor.core.config import Settings
from gepmonitor.web.gate import RequestGate


def scope(method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": "/", "headers": []}


async def receive() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


class Recorder:
    """An app that notes how many requests run inside it at once, and answers slowly."""

    def __init__(self, fail: bool = False) -> None:
        self.running = 0
        self.most = 0
        self.fail = fail

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        if self.fail:
            raise RuntimeError("boom")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0.01)  # a slow body: the place is already given back
        await send({"type": "http.response.body", "body": b"ok"})


async def run_many(gate: RequestGate, count: int, method: str = "GET") -> list[int]:
    statuses: list[int] = []

    async def one() -> None:
        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        try:
            await gate(scope(method), receive, send)
        except RuntimeError:
            statuses.append(500)

    await asyncio.gather(*(one() for _ in range(count)))
    return statuses


def test_gets_beyond_the_limit_wait_their_turn_and_all_are_answered():
    app = Recorder()
    statuses = asyncio.run(run_many(RequestGate(app, limit=3), 12))
    assert statuses == [200] * 12
    assert app.most == 3


def test_requests_with_a_body_pass_straight_through():
    app = Recorder()
    asyncio.run(run_many(RequestGate(app, limit=1), 5, method="POST"))
    assert app.most == 5


def test_a_failing_request_gives_its_place_back():
    app = Recorder(fail=True)
    gate = RequestGate(app, limit=1)
    assert asyncio.run(run_many(gate, 4)) == [500] * 4
    app.fail = False
    assert asyncio.run(run_many(gate, 2)) == [200, 200]  # a lost place would hang here


def test_the_limit_is_a_setting_with_bounds():
    assert Settings().web_gate == 4
    with pytest.raises(ValueError):
        Settings(web_gate=0)
