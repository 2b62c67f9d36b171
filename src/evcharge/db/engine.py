"""Engine and transaction boundary. One transaction per request or command; services only flush."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from evcharge.settings import Settings


def _json_dumps(value: Any) -> str:
    # Non-string keys become strings, as the standard library does (AC tables keyed by kW).
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns (charge points, tariff prices) are read on every price request: orjson parses
# them several times faster than the standard library.
_JSON_CODEC: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while a writer commits; busy_timeout waits instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit survives a killed
    # process (the kill tests), and only an OS crash or power loss can drop the last ones.
    # PostgreSQL is the choice where that matters (see the README's deploying section).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, **_JSON_CODEC
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A short connect timeout makes "database down" a fast 503 rather than a hang.
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args={"connect_timeout": 3},
        **_JSON_CODEC,
    )


class Database:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit when the block ends normally, roll back on any exception."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def session(self) -> Session:
        """A session for the caller to commit and close (the API's per-request transaction)."""
        return self._sessions()

    @property
    def connections(self) -> int:
        """How many connections the pool hands out at most (pool size plus overflow)."""
        pool = self.engine.pool
        size = getattr(pool, "size", lambda: 5)()
        return int(size + max(getattr(pool, "_max_overflow", 0), 0))

    def dispose(self) -> None:
        self.engine.dispose()
