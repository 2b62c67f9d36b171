"""PostgreSQL: rows COPYed in the binary format, and a batch's new stations inserted while the
importer reads the next batch (issue 15).

An import on this 2-core machine is two processes taking turns: Python reads and checks a
batch, then waits while the server writes it (its indexes, keys and foreign keys), then reads
the next. `insert_in_background` lets them overlap: the batch's new stations and EVSE ids are
COPYed into temporary tables (cheap: no index, no WAL), and a thread runs the INSERT ... SELECT
into the real tables while the caller goes on. psycopg serialises a connection's commands, so
whatever the session asks next (the next batch's lookups, the commit) runs after that INSERT,
in the same transaction; `settle` waits for it and raises its error, and StationBatch settles
before each batch and at its end, so a failed INSERT fails the import.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import orjson
import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_JSON = {"facilities", "charge_points"}
_KEY = "station_copy.background"  # session.info: the running insert, if any
_NEW_STATIONS, _NEW_EVSES = "station_new", "station_evse_new"


def copy_rows(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """COPY `rows` into `table` on the session's connection, in the binary format: psycopg
    then turns values into bytes in C, for a third of the text format's cost. Binary values
    must be of the columns' exact types, so those are read from the table."""
    types = session.execute(
        text(
            "SELECT attname, atttypid::int AS oid FROM pg_attribute "
            "WHERE attrelid = CAST(:table AS regclass) AND attnum > 0 AND NOT attisdropped"
        ),
        {"table": table},
    )
    oid = {row.attname: row.oid for row in types}
    json = [name in _JSON for name in columns]
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    try:
        with _driver(session).cursor().copy(statement) as copy:
            copy.set_types([oid[name] for name in columns])
            for row in rows:
                copy.write_row(
                    [
                        Jsonb(row[name], dumps=orjson.dumps) if is_json else row[name]
                        for name, is_json in zip(columns, json, strict=True)
                    ]
                )
    except psycopg.Error as error:
        raise _as_sqlalchemy(statement, error) from error


class _Insert(threading.Thread):
    def __init__(self, driver: Any, statements: Sequence[str]) -> None:
        super().__init__(name="station-insert", daemon=True)
        self.driver, self.statements = driver, statements
        self.error: BaseException | None = None

    def run(self) -> None:
        statement = ""
        try:
            for statement in self.statements:
                self.driver.execute(statement)
        except psycopg.Error as error:  # raised in the caller's thread by settle()
            self.error = _as_sqlalchemy(statement, error)
        except BaseException as error:
            self.error = error


def insert_in_background(
    session: Session,
    stations: tuple[Sequence[str], Sequence[dict[str, Any]]],
    evses: tuple[Sequence[str], Sequence[dict[str, Any]]],
) -> None:
    """Insert (columns, rows) of new `stations`, then of `evses` (EVSE ids, of these stations
    or stored ones), in a thread on the session's connection; `settle` waits for it."""
    settle(session)
    for name, like in ((_NEW_STATIONS, "stations"), (_NEW_EVSES, "station_evse_ids")):
        session.execute(
            text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} (LIKE {like}) ON COMMIT DROP")
        )
        session.execute(text(f"TRUNCATE {name}"))
    statements = []
    for (columns, rows), table, new in (
        (stations, "stations", _NEW_STATIONS),
        (evses, "station_evse_ids", _NEW_EVSES),
    ):
        if rows:
            copy_rows(session, new, columns, rows)
            listed = ", ".join(columns)
            statements.append(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {new}")
    insert = _Insert(_driver(session), statements)
    session.info[_KEY] = insert
    insert.start()


def settle(session: Session) -> None:
    """Wait for the session's background insert, if any; raise its error."""
    insert = session.info.pop(_KEY, None)
    if insert is None:
        return
    insert.join()
    if insert.error is not None:
        raise insert.error


def _as_sqlalchemy(statement: str, error: psycopg.Error) -> BaseException:
    """The error as SQLAlchemy raises the driver's (an IntegrityError for a foreign key...):
    these statements bypass it, their callers should not see the difference."""
    return DBAPIError.instance(statement, None, error, psycopg.Error)


def _driver(session: Session) -> Any:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver
