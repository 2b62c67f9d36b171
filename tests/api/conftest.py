"""Fixtures for the price endpoints: our fixture network and our own ECB rates file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.importers.curated_network_build import load_network
from evcharge.services.imports.network import import_network
from evcharge.services.platform import fx
from evcharge.settings import Settings
from tests.services.imports.test_network_import import FIXTURE
from tests.services.platform.test_fx import SMALL


@pytest.fixture
def priced(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    database = Database(settings)
    with database.transaction() as session:
        import_network(session, load_network(FIXTURE), source="test")
    database.dispose()
    fx.install(SMALL, tmp_path / "fx")
    with TestClient(create_app(settings.model_copy(update={"fx_dir": tmp_path / "fx"}))) as client:
        yield client
