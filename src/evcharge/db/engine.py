"""Engine and transaction boundary. One transaction per request or command; services only flush."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, text
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


def _postgresql_connect_args(
    settings: Settings, statement_timeout_s: float | None
) -> dict[str, Any]:
    # A short connect timeout makes "database down" or "database hung" a fast 503, not a hang.
    args: dict[str, Any] = {"connect_timeout": settings.db_connect_timeout_s}
    if statement_timeout_s is not None:
        # Set in the connection's start-up packet, so requests pay no extra round trip.
        args["options"] = f"-c statement_timeout={round(statement_timeout_s * 1000)}"
    return args


def make_engine(settings: Settings, *, statement_timeout_s: float | None = None) -> Engine:
    """The engine for `settings`; on PostgreSQL, each statement may run `statement_timeout_s`
    at most (None: no limit, as migrations need)."""
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
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_timeout=settings.db_pool_timeout_s,
        connect_args=_postgresql_connect_args(settings, statement_timeout_s),
        **_JSON_CODEC,
    )


class Database:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Statements are limited for the API's requests; `transaction()` lifts it for commands.
        self.engine = make_engine(settings, statement_timeout_s=settings.db_statement_timeout_s)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commit when the block ends normally, roll back on any exception. Commands run
        without the requests' statement timeout."""
        session = self._sessions()
        try:
            self._unlimited(session)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def core_transaction(self) -> Iterator[Connection]:
        """A connection in a transaction, limited like a request's, committed when the block ends
        normally: for the one write every metered call waits on (usage), where an ORM session's
        setup and bookkeeping cost more than the insert itself."""
        with self.engine.begin() as connection:
            yield connection

    def _unlimited(self, session: Session) -> None:
        # Commands (imports, seeds) run statements far longer than a request's; SET LOCAL lifts
        # the engine's limit until this transaction ends.
        if not self.settings.is_sqlite:
            session.execute(text("SET LOCAL statement_timeout = 0"))

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
