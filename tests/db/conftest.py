"""Fixtures shared by the repository tests."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from evcharge.db.engine import Database
from evcharge.settings import Settings
from tests.pg_scratch import empty_database


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A transaction on the module's `db`, rolled back afterwards, so a test's writes stay its
    own."""
    s = db.session()
    yield s
    s.rollback()
    s.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """An empty database of the test's own, on each backend (a migration test builds an old
    schema in it): a SQLite file, or a PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield Settings(database_url=f"sqlite:///{tmp_path}/m.db")
        return
    suffix = hashlib.blake2b(request.node.nodeid.encode(), digest_size=4).hexdigest()
    with empty_database(request.getfixturevalue("pg_database_url"), suffix) as settings:
        yield settings
