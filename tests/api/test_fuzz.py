"""Schemathesis over our own OpenAPI: generated requests to every operation, none may be 5xx.

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
from schemathesis.checks import not_a_server_error

from evcharge.api.app import create_app
from evcharge.settings import Settings
from tests.conftest import key_maker

# The schema is read at import (schemathesis parametrizes at collection), so the app is made
# here; its database is filled by the fixture below, before any test calls it.
_FOLDER = Path(tempfile.mkdtemp(prefix="evcharge-fuzz-"))
_SETTINGS = Settings(
    database_url=f"sqlite:///{_FOLDER}/fuzz.db",
    # Generous limits: the fuzzer's volume must not turn into 429s that hide real answers.
    rate_limit_per_min=1_000_000,
    price_rate_limit_per_min=1_000_000,
)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_SETTINGS))
_KEY: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def fuzz_database(migrated_template: Path) -> Iterator[None]:
    shutil.copy(migrated_template, _FOLDER / "fuzz.db")
    _KEY.append(key_maker(_SETTINGS)("all", name="fuzz"))
    yield
    shutil.rmtree(_FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Api-Key": _KEY[0]}, checks=[not_a_server_error])
