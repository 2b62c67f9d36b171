"""Two evcharge servers that know each other over OCPI: `us`, and a `peer` CPO (our own app,
with its own database and identity NL*PEE), each calling the other through a TestClient."""

from __future__ import annotations

import base64
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.services.ocpi import credentials
from evcharge.services.ocpi.identity import identity
from evcharge.services.ocpi.parties import add_party, party_named
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

US_URL, PEER_URL = "http://us.test", "http://peer.test"


class PeerSettings(Settings):
    """The peer's identity on OCPI: a CPO."""

    ocpi_country_code: str = "NL"
    ocpi_party_id: str = "PEE"
    ocpi_role: str = "CPO"
    ocpi_name: str = "Peer CPO"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": "Token " + base64.b64encode(token.encode()).decode()}


def new_party(settings: Settings, country: str, party_id: str, role: str) -> str:
    database = Database(settings)
    with database.transaction() as session:
        _party, token = add_party(session, country, party_id, role)
    database.dispose()
    return token


@dataclass
class Pair:
    us: TestClient
    peer: TestClient
    us_settings: Settings
    peer_settings: PeerSettings

    def register_peer(self) -> str:
        """The peer registers with us as NL*PEE CPO; the token C we gave it."""
        token_a = new_party(self.us_settings, "NL", "PEE", "CPO")
        new_party(self.peer_settings, "DE", "EVC", "EMSP")
        database = Database(self.peer_settings)
        with database.transaction() as session:
            party = party_named(session, "DE*EVC")
            token_b = credentials.begin_registration(session, party)
        with database.transaction() as session:
            party = party_named(session, "DE*EVC")
            done = credentials.register_with(
                session, party, f"{US_URL}/ocpi/versions", (token_a, token_b), self.us,
                identity(self.peer_settings, PEER_URL),
            )  # fmt: skip
        database.dispose()
        assert done.peer_token is not None
        return done.peer_token


@contextmanager
def paired(settings: Settings, migrated_template: Path, tmp_path: Path) -> Iterator[Pair]:
    shutil.copy(migrated_template, tmp_path / "peer.db")
    peer_settings = PeerSettings(database_url=f"sqlite:///{tmp_path / 'peer.db'}")
    with (
        TestClient(create_app(settings), base_url=US_URL) as us,
        TestClient(create_app(peer_settings), base_url=PEER_URL) as peer,
    ):
        us.app.state.ocpi_http = peer  # type: ignore[attr-defined]
        peer.app.state.ocpi_http = us  # type: ignore[attr-defined]
        yield Pair(us, peer, settings, peer_settings)


@pytest.fixture
def pair(settings: Settings, migrated_template: Path, tmp_path: Path) -> Iterator[Pair]:
    """We run on SQLite."""
    with paired(settings, migrated_template, tmp_path) as both:
        yield both


@pytest.fixture(params=["sqlite", "postgresql"])
def any_pair(
    request: pytest.FixtureRequest, settings: Settings, migrated_template: Path, tmp_path: Path
) -> Iterator[Pair]:
    """We run on SQLite, then on a PostgreSQL database of the test's own (the peer on SQLite)."""
    if request.param == "sqlite":
        with paired(settings, migrated_template, tmp_path) as both:
            yield both
        return
    url = request.getfixturevalue("pg_database_url")
    with (
        scratch_database(url, f"ocpi_{uuid.uuid4().hex[:8]}") as pg,
        paired(pg, migrated_template, tmp_path) as both,
    ):
        yield both
