"""The engine's statement time limit holds for API requests and not for commands."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from evcharge.db.engine import Database
from evcharge.settings import Settings

SLEEP = text("SELECT pg_sleep(0.6)")


def test_a_request_session_is_limited_and_a_command_transaction_is_not(
    pg_settings: Settings,
) -> None:
    database = Database(pg_settings.model_copy(update={"db_statement_timeout_s": 0.2}))
    try:
        request = database.session()
        try:
            with pytest.raises(OperationalError, match="statement timeout"):
                request.execute(SLEEP)
        finally:
            request.close()
        # An import or a seed runs in `transaction()`, and may take its time.
        with database.transaction() as command:
            command.execute(SLEEP)
        # The lift lasts one transaction; the pooled connection keeps the limit.
        again = database.session()
        try:
            with pytest.raises(OperationalError, match="statement timeout"):
                again.execute(SLEEP)
        finally:
            again.close()
    finally:
        database.dispose()


def test_a_core_transaction_keeps_the_requests_limit(pg_settings: Settings) -> None:
    # The usage writer's: metered answers wait for it, so a hung database must fail it fast.
    database = Database(pg_settings.model_copy(update={"db_statement_timeout_s": 0.2}))
    try:
        with (
            pytest.raises(OperationalError, match="statement timeout"),
            database.core_transaction() as writer,
        ):
            writer.execute(SLEEP)
    finally:
        database.dispose()
