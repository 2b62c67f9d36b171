"""`evcharge import bnetza|irve|afdc|nobil|uk-ncr` on the real register files: streamed into one
transaction, idempotent, with the source's attribution (skipped without ../shared)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evcharge.db.engine import Database
from evcharge.db.repositories.stations import StationRepository
from evcharge.services.imports.registers import station_id
from evcharge.settings import Settings
from tests.conftest import shared_path

EVCHARGE = Path(sys.executable).parent / "evcharge"


def run(settings: Settings, *args: str) -> str:
    env = {"EVCHARGE_DATABASE_URL": settings.database_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(EVCHARGE), "import", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_afdc_export_imports_once_and_again_unchanged(settings: Settings) -> None:
    path = shared_path("data", "afdc", "alt_fuel_stations_WA_2025-02-09.csv")
    first = run(settings, "afdc", str(path))
    created = next(line for line in first.splitlines() if line.startswith("stations: "))
    assert created.startswith("stations: created ")
    assert "unchanged 0" in created
    again = run(settings, "afdc", str(path))
    summary = next(line for line in again.splitlines() if line.startswith("stations: "))
    count = int(created.split("created ")[1].split(",")[0])
    assert summary.startswith(f"stations: created 0, updated 0, unchanged {count},")
    assert "Station data: " in again
    with Database(settings).transaction() as session:
        assert StationRepository(session).count() >= count


@pytest.mark.parametrize(
    ("command", "parts"),
    [
        ("nobil", ("data", "nobil", "nobil_search_response_2019-10-15.body.json")),
        ("uk-ncr", ("data", "uk-ncr", "national-charge-point-registry_2017-11.csv")),
    ],
)
def test_each_register_command_reports_counts_and_attribution(
    settings: Settings, command: str, parts: tuple[str, ...]
) -> None:
    output = run(settings, command, str(shared_path(*parts)))
    assert any(line.startswith("stations: created ") for line in output.splitlines())
    assert "Station data: " in output


def test_a_station_id_is_the_register_and_its_own_id() -> None:
    assert station_id("afdc", "1517") == station_id("afdc", "1517")
    assert station_id("afdc", "1517") != station_id("nobil", "1517")
