"""The client's tests: a Client on the live server (tests/live_server.py), and fakes that record
waits or script answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from evcharge.client import Client
from tests.live_server import LiveServer


@pytest.fixture
def client(live: LiveServer) -> Iterator[Client]:
    with Client(live.url, api_key=live.key) as c:
        yield c


@dataclass
class RecordingSleeper:
    """Stands in for time.sleep: records the waits instead of waiting."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class AsyncRecordingSleeper:
    """Stands in for asyncio.sleep: records the waits instead of waiting."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class CountingTransport(httpx.HTTPTransport):
    """A real transport that counts the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return super().handle_request(request)


class ScriptedTransport(CountingTransport):
    """Answers the first requests with the given responses, then forwards to the server."""

    def __init__(self, *script: httpx.Response) -> None:
        super().__init__()
        self.script = list(script)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.script:
            self.requests.append(request)
            return self.script.pop(0)
        return super().handle_request(request)


class AsyncScriptedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, *script: httpx.Response) -> None:
        super().__init__()
        self.script = list(script)
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.script:
            return self.script.pop(0)
        return await super().handle_async_request(request)


def rate_limited(retry_after: str | None = "2") -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    body = {"errors": [{"status": "429", "code": "RATE_LIMITED", "title": "slow down"}]}
    return httpx.Response(429, headers=headers, json=body)
