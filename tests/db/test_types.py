"""db/types.py: a UTC column reads back in UTC, whatever the session's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import cast, literal, select, text

from evcharge.db.engine import Database
from evcharge.db.types import UtcDateTime
from evcharge.settings import Settings

NOON_UTC = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_postgresql_in_another_time_zone_reads_back_utc(pg_database_url: str) -> None:
    # A Debian server's sessions take the host's time zone; St John's is UTC-03:30 in winter,
    # so PostgreSQL answers 08:30-03:30 for 12:00 UTC.
    database = Database(Settings(database_url=pg_database_url))
    try:
        with database.session() as session:
            session.execute(text("SET TIME ZONE 'America/St_Johns'"))
            raw = session.execute(text("SELECT TIMESTAMPTZ '2026-11-30 12:00:00+00'")).scalar()
            assert raw.utcoffset() == -timedelta(hours=3, minutes=30)
            typed = cast(literal("2026-11-30 12:00:00+00"), UtcDateTime())
            value = session.execute(select(typed)).scalar_one()
    finally:
        database.dispose()
    assert value == NOON_UTC
    assert value.utcoffset() == timedelta(0)
    assert value.isoformat() == "2026-11-30T12:00:00+00:00"


def test_a_naive_value_is_read_as_utc_and_an_aware_one_converted() -> None:
    column = UtcDateTime()
    dialect = Database(Settings(database_url="sqlite://")).engine.dialect
    assert column.process_result_value(datetime(2026, 11, 30, 12, 0), dialect) == NOON_UTC
    plus_one = datetime(2026, 11, 30, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    assert column.process_result_value(plus_one, dialect).isoformat() == "2026-11-30T12:00:00+00:00"
    with pytest.raises(ValueError, match="naive"):
        column.process_bind_param(datetime(2026, 11, 30, 12, 0), dialect)
