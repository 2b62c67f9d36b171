"""A GET asked while another transaction holds a table, as a long import might: the statement
time limit must end it with a 503 (the request time limit cannot stop a synchronous handler)."""

from __future__ import annotations

import time

import httpx
import psycopg
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.settings import Settings
from tests.conftest import key_maker


def get_while_locked(
    pg_settings: Settings, pg_database_url: str, table: str, path: str
) -> tuple[httpx.Response, float, httpx.Response]:
    """(the answer while `table` is locked, its seconds, the answer once the lock is gone). The
    holder is ended by the server after 8 s, should the request wait for it."""
    key = key_maker(pg_settings)("all")
    # The request time limit only bounds the test where statements are not limited.
    limited = pg_settings.model_copy(
        update={"db_statement_timeout_s": 0.3, "request_timeout_s": 10.0}
    )
    with (
        TestClient(create_app(limited)) as client,
        psycopg.connect(pg_database_url.replace("+psycopg", "")) as locker,
    ):
        locker.execute("SET idle_in_transaction_session_timeout = '8s'")
        locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        started = time.perf_counter()
        answer = client.get(path, headers={"Api-Key": key})
        elapsed = time.perf_counter() - started
        locker.rollback()
        after = client.get(path, headers={"Api-Key": key})
    return answer, elapsed, after
