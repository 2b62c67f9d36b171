"""Schemathesis over our own OpenAPI, on SQLite and on PostgreSQL: generated requests to every
operation, valid and invalid. No answer may be a 5xx, and every answer must be one the document
declares, with the declared status, content type, headers and body schema.

Bounded (a few examples per operation) so `make test` stays fast; each run explores anew.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.services.imports.seed import seed
from evcharge.settings import Settings
from tests.conftest import key_maker

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Generous limits: the fuzzer's volume must not turn into 429s that hide real answers.
_LIMITS = {"rate_limit_per_min": 1_000_000, "price_rate_limit_per_min": 1_000_000}
# The schema is read at import (schemathesis parametrizes at collection), so the app is made
# here from a placeholder database; the fixtures below point it at a real one per backend.
_FOLDER = Path(tempfile.mkdtemp(prefix="evcharge-fuzz-"))
_SQLITE = Settings(database_url=f"sqlite:///{_FOLDER}/fuzz.db", **_LIMITS)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SQLITE))


@pytest.fixture(scope="module")
def sqlite_app(migrated_template: Path) -> Iterator[tuple[object, str]]:
    shutil.copy(migrated_template, _FOLDER / "fuzz.db")
    key = key_maker(_SQLITE)("all", name="fuzz")
    yield create_app(_SQLITE), key
    shutil.rmtree(_FOLDER, ignore_errors=True)


@pytest.fixture(scope="module")
def pg_app(pg_database_url: str) -> tuple[object, str]:
    settings = Settings(database_url=pg_database_url, **_LIMITS)
    upgrade(settings)
    database = Database(settings)
    with database.transaction() as session:
        seed(session)
    database.dispose()
    return create_app(settings), key_maker(settings)("all", name="fuzz-pg")


def _fuzz(case: schemathesis.Case, app_and_key: tuple[object, str]) -> None:
    app, key = app_and_key
    case.call_and_validate(headers={"Api-Key": key}, checks=CHECKS, app=app)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_sqlite_answers_as_documented(
    case: schemathesis.Case, sqlite_app: tuple[object, str]
) -> None:
    _fuzz(case, sqlite_app)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_postgresql_answers_as_documented(
    case: schemathesis.Case, pg_app: tuple[object, str]
) -> None:
    _fuzz(case, pg_app)
