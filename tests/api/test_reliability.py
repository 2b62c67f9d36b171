"""Body limit, time limit, database outage, unrecordable usage, request ids, logs, metrics."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.settings import Settings
from tests.conftest import MakeKey
from tests.pg_locks import get_while_locked

BIDI = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002"


def test_a_body_over_the_limit_is_413_before_it_is_read(
    settings: Settings, make_key: MakeKey
) -> None:
    small = settings.model_copy(update={"max_body_bytes": 2048})
    with TestClient(create_app(small)) as client:
        headers = {"Api-Key": make_key(), "Content-Type": "application/json"}
        big = client.post("/v1/charge_prices", content=b"{" + b" " * 4096 + b"}", headers=headers)
        assert big.status_code == 413
        assert big.json()["errors"][0]["code"] == "PAYLOAD_TOO_LARGE"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            for _ in range(8):
                yield b" " * 1024

        streamed = client.post("/v1/charge_prices", content=chunks(), headers=headers)
        assert streamed.status_code == 413


def test_a_slow_request_is_cut_off_with_503(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"request_timeout_s": 0.2}))

    @app.get("/slow-for-test")
    async def slow() -> dict[str, str]:
        import asyncio

        await asyncio.sleep(5)
        return {}

    with TestClient(app) as client:
        started = time.perf_counter()
        answer = client.get("/slow-for-test")
        assert answer.status_code == 503
        assert answer.json()["errors"][0]["code"] == "TIMEOUT"
        assert time.perf_counter() - started < 3


def test_database_down_is_a_fast_503_in_the_envelope(settings: Settings) -> None:
    # A PostgreSQL URL where nothing listens: connection refused.
    down = settings.model_copy(
        update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/evcharge"}
    )
    with TestClient(create_app(down)) as client:
        started = time.perf_counter()
        jsonapi = client.get("/v1/companies", headers={"Api-Key": "evc_12345678_x"})
        one_auto = client.get(BIDI, headers={"Api-Key": "evc_12345678_x"})
        health = client.get("/healthz")
    assert time.perf_counter() - started < 10
    assert jsonapi.status_code == 503
    assert jsonapi.json()["errors"][0]["title"] == "Database unavailable"
    assert jsonapi.headers["Retry-After"] == "5"
    assert one_auto.status_code == 503
    assert one_auto.json()["success"] is False
    assert health.status_code == 503


@pytest.fixture
def hung_database_url() -> Iterator[str]:
    """A PostgreSQL URL whose server accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)  # so that the accepting thread notices the end of the test
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql+psycopg://nobody@127.0.0.1:{listener.getsockname()[1]}/evcharge"
    done.set()
    thread.join(5)
    for connection in [listener, *accepted]:
        connection.close()


def test_a_hung_database_is_a_503_within_seconds(
    settings: Settings, hung_database_url: str
) -> None:
    hung = settings.model_copy(update={"database_url": hung_database_url})
    with TestClient(create_app(hung)) as client:
        for path in ("/v1/companies", "/healthz"):
            started = time.perf_counter()
            answer = client.get(path, headers={"Api-Key": "evc_12345678_x"})
            assert answer.status_code == 503, path
            assert time.perf_counter() - started < 5, path


def test_a_statement_over_the_time_limit_is_a_503_not_a_500(
    pg_settings: Settings, pg_database_url: str
) -> None:
    answer, elapsed, after = get_while_locked(
        pg_settings, pg_database_url, "companies", "/v1/companies"
    )
    assert answer.status_code == 503
    assert answer.json()["errors"][0]["title"] == "Database unavailable"
    assert elapsed < 5
    assert after.status_code == 200


def test_an_answer_whose_usage_cannot_be_recorded_is_not_given(
    settings: Settings, make_key: MakeKey
) -> None:
    key = make_key()
    database = Database(settings)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE usage_events"))
    database.dispose()
    with TestClient(create_app(settings)) as client:
        answer = client.get(BIDI, headers={"Api-Key": key})
    assert answer.status_code == 503
    assert answer.json()["error"] == "Usage could not be recorded; try again"


def test_request_ids_logs_and_metrics(
    client: TestClient, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="evcharge.access"):
        answer = client.get(BIDI, headers={"Api-Key": key, "X-Request-Id": "trace-42"})
        generated = client.get("/healthz")
    assert answer.headers["X-Request-Id"] == "trace-42"
    assert len(generated.headers["X-Request-Id"]) == 32
    (entry,) = [r for r in caplog.records if getattr(r, "request_id", None) == "trace-42"]
    assert (entry.endpoint, entry.status) == ("bidirectional_charging", 200)  # type: ignore[attr-defined]
    assert key not in caplog.text  # the key's name is logged, never the key
    metrics = client.get("/metrics").text
    counted = 'evcharge_requests_total{endpoint="bidirectional_charging",method="GET",status="200"}'
    assert counted in metrics
    assert "evcharge_request_duration_seconds_bucket" in metrics
