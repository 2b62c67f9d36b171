"""The API key cache (services/platform/key_cache.py): valid keys kept for `recheck_s`, never
past a write of this process, never the invalid ones; and through HTTP, a key revoked
elsewhere is refused within `recheck_s`, one revoked here at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from evcharge.api.app import create_app
from evcharge.core.auth import parse_groups
from evcharge.core.errors import InvalidApiKey
from evcharge.db.engine import Database
from evcharge.db.models import ApiKeyRow
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.platform.api_keys import revoke_key
from evcharge.services.platform.key_cache import KeyCache
from evcharge.settings import Settings
from tests.conftest import key_maker

NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
KEY = StoredKey(
    id=7, name="partner", lookup="0123abcd", key_hash="", groups=parse_groups("all"),
    sandbox=False, created_at=NOW, revoked_at=None,
)  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_valid_key_is_kept_for_recheck_s() -> None:
    clock = Clock()
    keys = KeyCache(0.25, clock=clock)
    assert keys.get("evc_0123abcd_secret") is None
    assert keys.load("evc_0123abcd_secret", lambda: KEY) is KEY
    clock.now += 0.2
    assert keys.get("evc_0123abcd_secret") is KEY
    assert keys.get("evc_0123abcd_other") is None  # another secret with the same lookup id
    clock.now += 0.05
    assert keys.get("evc_0123abcd_secret") is None


def refused() -> StoredKey:
    raise InvalidApiKey()


def test_invalid_and_revoked_keys_are_never_kept() -> None:
    keys = KeyCache(60, clock=Clock())
    with pytest.raises(InvalidApiKey):
        keys.load("evc_0123abcd_wrong", refused)
    assert keys.get("evc_0123abcd_wrong") is None
    keys.load("evc_0123abcd_gone", lambda: replace(KEY, revoked_at=NOW))
    assert keys.get("evc_0123abcd_gone") is None


def test_no_recheck_interval_keeps_nothing() -> None:
    keys = KeyCache(0, clock=Clock())
    keys.load("evc_0123abcd_secret", lambda: KEY)
    assert keys.get("evc_0123abcd_secret") is None


def test_a_write_committed_in_this_process_empties_it(database: Database) -> None:
    keys = KeyCache(60, clock=Clock())
    keys.load("evc_0123abcd_secret", lambda: KEY)
    with database.transaction() as session:
        session.execute(update(ApiKeyRow).where(ApiKeyRow.id == -1).values(name="x"))
    assert keys.get("evc_0123abcd_secret") is None


@pytest.fixture
def kept(settings: Settings) -> Iterator[tuple[TestClient, Clock]]:
    """An app that keeps keys for 60 s of a clock the test moves."""
    clock = Clock()
    app = create_app(settings.model_copy(update={"catalogue_recheck_s": 60.0}))
    app.state.keys = KeyCache(60.0, clock=clock)
    with TestClient(app) as client:
        yield client, clock


def revoke_elsewhere(settings: Settings, name: str) -> None:
    """Revoke as another process would: SQL on a connection of its own (this process's write
    generation does not move)."""
    database = Database(settings)
    with database.engine.begin() as connection:
        connection.execute(update(ApiKeyRow).where(ApiKeyRow.name == name).values(revoked_at=NOW))
    database.dispose()


def test_a_key_revoked_elsewhere_is_refused_within_recheck_s(
    settings: Settings, kept: tuple[TestClient, Clock]
) -> None:
    client, clock = kept
    headers = {"Api-Key": key_maker(settings)("all", name="elsewhere")}
    assert client.get("/v2/vehicles", headers=headers).status_code == 200
    revoke_elsewhere(settings, "elsewhere")
    assert client.get("/v2/vehicles", headers=headers).status_code == 200  # kept
    clock.now += 60
    assert client.get("/v2/vehicles", headers=headers).status_code == 403


def test_a_key_revoked_in_this_process_is_refused_at_once(
    settings: Settings, kept: tuple[TestClient, Clock]
) -> None:
    client, _clock = kept
    headers = {"Api-Key": key_maker(settings)("all", name="here")}
    assert client.get("/v2/vehicles", headers=headers).status_code == 200
    database = Database(settings)
    with database.transaction() as session:
        revoke_key(session, "here")
    database.dispose()
    assert client.get("/v2/vehicles", headers=headers).status_code == 403
