"""`evcharge serve --workers 2` on PostgreSQL and Redis: shared limits, exact billing, and no
lost or doubled usage when a worker is killed mid-load or the server is stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from evcharge.db.engine import Database
from evcharge.db.repositories.usage import UsageEvent, UsageRepository
from evcharge.services.platform import api_keys
from evcharge.settings import Settings
from tests.cli.test_serve import BIN, free_port

BIDI = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        found = subprocess.run(
            # uvicorn's workers, not multiprocessing's resource tracker
            ["pgrep", "-P", str(self.process.pid), "-f", "spawn_main"],
            capture_output=True,
            text=True,
        )
        return [int(pid) for pid in found.stdout.split()]


@pytest.fixture
def server(pg_settings: Settings, redis_url: str, tmp_path: Path) -> Iterator[Server]:
    port = free_port()
    env = {
        **os.environ,
        "EVCHARGE_DATABASE_URL": pg_settings.database_url,
        "EVCHARGE_REDIS_URL": redis_url,
        "EVCHARGE_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [str(BIN / "evcharge"), "serve", "--port", str(port), "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if (
                    httpx.get(f"{url}/healthz").status_code == 200
                    and len(Server(url, process).workers()) == 2
                ):
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()


def new_key(settings: Settings, **limits: int) -> tuple[int, str]:
    database = Database(settings)
    with database.transaction() as session:
        stored, plaintext = api_keys.create_key(
            session, name=f"w-{time.monotonic_ns()}", groups="all",
            rate_limit_per_min=limits.get("rate"), quota_per_month=limits.get("quota"),
        )  # fmt: skip
    database.dispose()
    return stored.id, plaintext


def events(settings: Settings, key_id: int) -> list[UsageEvent]:
    database = Database(settings)
    with database.transaction() as session:
        found = UsageRepository(session).events(key_id)
    database.dispose()
    return found


async def fire(url: str, key: str, path: str, n: int) -> list[int | None]:
    """n concurrent calls, each with its own X-Request-Id r-<i>; None where none answered."""
    limits = httpx.Limits(max_connections=n)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def one(i: int) -> int | None:
            headers = {"Api-Key": key, "X-Request-Id": f"r-{i}"}
            try:
                return (await client.get(path, headers=headers)).status_code
            except httpx.TransportError:
                return None

        return list(await asyncio.gather(*(one(i) for i in range(n))))


def test_two_workers_share_one_limit(server: Server, pg_settings: Settings) -> None:
    _id, key = new_key(pg_settings, rate=10)
    codes = asyncio.run(fire(server.url, key, "/v1/companies", 30))
    assert Counter(codes) == {200: 10, 429: 20}


def test_two_hundred_concurrent_chargeable_calls_are_billed_exactly_200_times(
    server: Server, pg_settings: Settings
) -> None:
    key_id, key = new_key(pg_settings)
    codes = asyncio.run(fire(server.url, key, BIDI, 200))
    assert Counter(codes) == {200: 200}
    billed = [e for e in events(pg_settings, key_id) if e.chargeable]
    assert len(billed) == 200
    assert sum(e.unit_price for e in billed) == 100  # 200 x GBP 0.50, exact
    assert len({e.request_id for e in billed}) == 200


def test_a_killed_worker_loses_no_answered_call_and_doubles_none(
    server: Server, pg_settings: Settings
) -> None:
    key_id, key = new_key(pg_settings)

    async def load_then_kill() -> list[int | None]:
        calls = asyncio.ensure_future(fire(server.url, key, BIDI, 300))
        await asyncio.sleep(0.3)  # mid-load
        os.kill(server.workers()[0], signal.SIGKILL)
        return await calls

    codes = asyncio.run(load_then_kill())
    answered = {f"r-{i}" for i, code in enumerate(codes) if code == 200}
    recorded = Counter(e.request_id for e in events(pg_settings, key_id) if e.chargeable)
    assert answered, "no call was answered"
    assert None in codes or len(answered) == 300  # the kill cut calls off (or came too late)
    # Every answered call is billed once; nothing is billed twice; a call cut off after its
    # commit may be billed without its answer arriving, but only a call that was sent.
    assert all(recorded[r] == 1 for r in answered)
    assert max(recorded.values()) == 1
    assert set(recorded) <= {f"r-{i}" for i in range(300)}


def test_stopping_the_server_finishes_calls_in_flight_and_records_them(
    server: Server, pg_settings: Settings
) -> None:
    key_id, key = new_key(pg_settings)

    async def load_then_stop() -> list[int | None]:
        calls = asyncio.ensure_future(fire(server.url, key, BIDI, 100))
        await asyncio.sleep(0.2)
        server.process.send_signal(signal.SIGTERM)
        return await calls

    codes = asyncio.run(load_then_stop())
    server.process.wait(timeout=40)
    answered = {f"r-{i}" for i, code in enumerate(codes) if code == 200}
    recorded = Counter(e.request_id for e in events(pg_settings, key_id) if e.chargeable)
    # Calls in flight were answered; calls arriving after the stop were refused unanswered.
    assert answered
    assert set(recorded) == answered


def test_a_quota_counts_only_billed_calls_and_the_bill_stays_readable(
    server: Server, pg_settings: Settings
) -> None:
    made = subprocess.run(
        [str(BIN / "evcharge"), "keys", "create", "--name", f"q-{time.monotonic_ns()}",
         "--groups", "all", "--quota", "3"],
        env={**os.environ, "EVCHARGE_DATABASE_URL": pg_settings.database_url},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    headers = {"Api-Key": made.stdout.strip().splitlines()[-1]}

    def get(path: str) -> httpx.Response:
        # A new connection each time, so calls land on either worker.
        return httpx.get(f"{server.url}{path}", headers=headers, timeout=30)

    assert [get("/v2/vehicles").status_code for _ in range(5)] == [200] * 5  # free
    assert [get(BIDI).status_code for _ in range(4)] == [200, 200, 200, 429]
    usage = get("/v1/usage")
    assert usage.status_code == 200
    rows = [r["attributes"] for r in usage.json()["data"]]
    assert sum(r["chargeable_calls"] for r in rows) == 3
    assert usage.json()["meta"]["total"] == {"GBP": "1.50"}
