"""Fixtures shared by the repository tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from evcharge.db.engine import Database


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A transaction on the module's `db`, rolled back afterwards, so a test's writes stay its
    own."""
    s = db.session()
    yield s
    s.rollback()
    s.close()
