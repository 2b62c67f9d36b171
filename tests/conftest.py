"""Shared fixtures: migrated databases (SQLite always, PostgreSQL when reachable) and API clients.

PostgreSQL tests skip with a reason where the server is not reachable, except under CI
(`CI=true`), where they must run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.services.imports.seed import seed
from evcharge.services.platform import api_keys
from evcharge.settings import Settings
from tests.live_server import LiveServer, serving

# ../shared beside the clone; EVCHARGE_TEST_SHARED points elsewhere (CI points it at an empty
# folder once, to prove that a newcomer's clone, which has no ../shared, still passes).
SHARED = Path(
    os.environ.get("EVCHARGE_TEST_SHARED") or Path(__file__).resolve().parents[2] / "shared"
)
REDIS_TEST_URL = os.environ.get("EVCHARGE_TEST_REDIS", "redis://127.0.0.1:6379/15")
PG_ADMIN_DSN = os.environ.get("EVCHARGE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"
# Tests write with SQL of their own and read through the app at once: every read rechecks the
# catalogue's versions (tests/services/catalogue/test_catalogue.py covers the periodic recheck).
os.environ["EVCHARGE_CATALOGUE_RECHECK_S"] = "0"


def shared_path(*parts: str) -> Path:
    """A file of ../shared/data; the test skips when it is absent.

    Call it inside a test or fixture, never at import: a skip outside a test fails collection.
    For module-wide use, `needs_shared(...)` is a `pytestmark`.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/data is optional)")
    return path


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """A skip mark for a module or test whose every case reads this part of ../shared."""
    path = SHARED.joinpath(*parts)
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is not present (../shared/data is optional)"
    )


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated and seeded SQLite file; each test gets a copy, which is much faster."""
    path = tmp_path_factory.mktemp("template") / "evcharge.db"
    settings = Settings(database_url=f"sqlite:///{path}")
    upgrade(settings)
    database = Database(settings)
    with database.transaction() as session:
        seed(session)
    database.dispose()
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_template: Path) -> Settings:
    path = tmp_path / "evcharge.db"
    shutil.copy(migrated_template, path)
    return Settings(database_url=f"sqlite:///{path}")


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    """A migrated database with no vehicles."""
    s = Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(s)
    return s


def _pg_reachable() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=2):
            return None
    except psycopg.Error as exc:
        return str(exc).strip() or type(exc).__name__


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    problem = _pg_reachable()
    if problem is not None:
        if IN_CI:
            pytest.fail(f"PostgreSQL must be reachable under CI: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_DSN}: {problem}")
    name = f"evcharge_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    host = PG_ADMIN_DSN.split("://", 1)[1].rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{host}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_settings(pg_database_url: str) -> Settings:
    s = Settings(database_url=pg_database_url)
    upgrade(s)
    database = Database(s)
    with database.transaction() as session:
        seed(session)
    database.dispose()
    return s


@pytest.fixture
def redis_url() -> str:
    """A Redis database of its own (15 unless EVCHARGE_TEST_REDIS says), emptied for the test."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"Redis must be reachable under CI: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_TEST_URL}: {exc}")
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    db = Database(settings)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """The seeded database on each backend. PostgreSQL's is shared by the session's tests, so
    a test that writes to it must undo what it wrote."""
    chosen: Settings = (
        settings if request.param == "sqlite" else request.getfixturevalue("pg_settings")
    )
    database = Database(chosen)
    yield database
    database.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


MakeKey = Callable[..., str]


def key_maker(settings: Settings) -> MakeKey:
    def make(
        groups: str = "all",
        *,
        sandbox: bool = False,
        name: str | None = None,
        rate_limit: int | None = None,
        quota: int | None = None,
    ) -> str:
        database = Database(settings)
        with database.transaction() as session:
            _stored, plaintext = api_keys.create_key(
                session, name=name or f"k-{uuid.uuid4().hex[:8]}", groups=groups, sandbox=sandbox,
                rate_limit_per_min=rate_limit, quota_per_month=quota,
            )  # fmt: skip
        database.dispose()
        return plaintext

    return make


@pytest.fixture
def make_key(settings: Settings) -> MakeKey:
    return key_maker(settings)


@pytest.fixture
def key(make_key: MakeKey) -> str:
    return make_key("all")


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server for the whole run, shared by the client's and the page's tests."""
    with serving(tmp_path_factory.mktemp("live")) as server:
        yield server
