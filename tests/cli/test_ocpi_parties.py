"""`evcharge ocpi party add|list|remove`: token A on the last line, stored only as a hash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from evcharge.cli.main import app
from evcharge.core.auth import hash_key
from evcharge.db.engine import Database
from evcharge.db.models import OcpiPartyRow
from evcharge.settings import Settings, get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("EVCHARGE_DATABASE_URL", url)
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield url
    get_settings.cache_clear()


def out(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return str(result.output)


def test_add_prints_token_a_last_and_keeps_only_its_hash(fresh_database: str) -> None:
    token = out("ocpi", "party", "add", "--country", "de", "--party-id", "abc", "--role", "cpo")
    token = token.strip().splitlines()[-1]
    assert len(token) >= 40
    database = Database(Settings(database_url=fresh_database))
    with database.transaction() as session:
        row = session.scalars(select(OcpiPartyRow)).one()
        stored = (row.country_code, row.party_id, row.role, row.status, row.token_a_hash)
    database.dispose()
    assert stored == ("DE", "ABC", "CPO", "pending", hash_key(token))
    listing = out("ocpi", "party", "list")
    assert listing.split()[:3] == ["DE*ABC", "CPO", "pending"]
    assert token not in listing


def test_remove_forgets_the_party() -> None:
    out("ocpi", "party", "add", "--country", "NL", "--party-id", "X1Y", "--role", "EMSP")
    assert "removed OCPI party NL*X1Y (EMSP)" in out("ocpi", "party", "remove", "NL-X1Y")
    assert out("ocpi", "party", "list") == ""
    assert "no OCPI party" in out("ocpi", "party", "remove", "NL*X1Y", code=1)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--country", "DEU", "--party-id", "ABC", "--role", "CPO"], "two letters"),
        (["--country", "DE", "--party-id", "AB", "--role", "CPO"], "three letters or digits"),
        (["--country", "DE", "--party-id", "ABC", "--role", "HUB"], "CPO or EMSP"),
    ],
)
def test_bad_identities_are_refused_with_a_message(args: list[str], says: str) -> None:
    assert says in out("ocpi", "party", "add", *args, code=1)


def test_the_same_party_and_role_twice_is_refused() -> None:
    out("ocpi", "party", "add", "--country", "DE", "--party-id", "ABC", "--role", "CPO")
    again = out(
        "ocpi", "party", "add", "--country", "DE", "--party-id", "ABC", "--role", "CPO", code=1
    )
    assert "exists already" in again
    # Another role of the same party is another registration.
    out("ocpi", "party", "add", "--country", "DE", "--party-id", "ABC", "--role", "EMSP")
    assert "both CPO and EMSP" in out("ocpi", "party", "remove", "DE*ABC", code=1)
    assert "removed" in out("ocpi", "party", "remove", "DE*ABC:EMSP")


def test_sync_refuses_a_party_that_has_not_registered() -> None:
    out("ocpi", "party", "add", "--country", "NL", "--party-id", "PEE", "--role", "CPO")
    assert "not a registered CPO" in out("ocpi", "sync", "NL*PEE", code=1)
    assert "no OCPI party" in out("ocpi", "sync", "XX*YYY", code=1)


def test_token_registers_offline_and_replaces_token_a(fresh_database: str) -> None:
    token_a = out("ocpi", "party", "add", "--country", "DE", "--party-id", "ABC", "--role", "CPO")
    token = out("ocpi", "party", "token", "DE*ABC").strip().splitlines()[-1]
    database = Database(Settings(database_url=fresh_database))
    with database.transaction() as session:
        row = session.scalars(select(OcpiPartyRow)).one()
        stored = (row.status, row.token_a_hash, row.token_hash)
    database.dispose()
    assert stored == ("registered", None, hash_key(token))
    assert token != token_a.strip().splitlines()[-1]
