"""`evcharge import ...` on hostile input: exit codes, one short line on stderr, skips on stdout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from evcharge.cli.main import app
from evcharge.settings import get_settings
from tests.importers.test_ocpi_locations import HPC
from tests.services.imports.test_removed_at_source import ncr_file, ocm_poi

runner = CliRunner()
BINARY = bytes(range(256)) * 40_000  # 10 MB that is not text


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EVCHARGE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield
    get_settings.cache_clear()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(arg) for arg in args])


def one_error_line(result: Result) -> str:
    """The command failed with one short line on stderr, and no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith("error: ")
    assert len(lines[0]) < 300
    return lines[0]


@pytest.mark.parametrize("command", ["ocpi-tariffs", "ocpi-locations", "ocm", "open-ev-data"])
def test_a_binary_file_fails_with_one_short_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "photo.jpg").write_bytes(BINARY)
    line = one_error_line(run("import", command, tmp_path / "photo.jpg"))
    assert "photo.jpg" in line
    assert "not UTF-8 text" in line


@pytest.mark.parametrize("command", ["ocpi-tariffs", "ocpi-locations", "ocm"])
def test_json_of_another_shape_or_an_empty_folder_fails(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty").mkdir()
    assert "has no .json file" in one_error_line(run("import", command, tmp_path / "empty"))
    (tmp_path / "other.json").write_text(json.dumps({"vehicles": [1, 2]}))
    line = one_error_line(run("import", command, tmp_path / "other.json"))
    assert "other.json: not a" in line


def test_a_dataset_whose_vehicle_files_are_unreadable_fails(tmp_path: Path) -> None:
    year = tmp_path / "dataset" / "src" / "acme" / "arrow" / "2024"
    year.mkdir(parents=True)
    (year / "arrow.json").write_bytes(BINARY)
    line = one_error_line(run("import", "open-ev-data-dataset", tmp_path / "dataset"))
    assert "no vehicle file in dataset is readable" in line


def test_binary_ocm_reference_data_is_one_short_line(tmp_path: Path) -> None:
    (tmp_path / "poi.json").write_text("[]")
    (tmp_path / "referencedata.json").write_bytes(BINARY)
    reference = tmp_path / "referencedata.json"
    result = run("import", "ocm", tmp_path / "poi.json", "--reference", reference)
    assert one_error_line(result) == (
        "error: referencedata.json is not OCM reference data: "
        "not UTF-8 text (byte 0x80 at offset 128)"
    )


def test_a_record_with_a_nul_is_reported_and_the_others_import(tmp_path: Path) -> None:
    bad = {**HPC, "id": "NUL", "name": "Bad\x00name"}
    (tmp_path / "locations.json").write_text(json.dumps([HPC, bad]))
    result = run("import", "ocpi-locations", tmp_path / "locations.json")
    assert result.exit_code == 0, result.output
    assert (
        "skipped locations.json[1]: name holds a NUL character (\\x00), "
        "which the database cannot store"
    ) in result.stdout
    assert "stations: created 1, updated 0, unchanged 0, skipped 1" in result.stdout


def test_brackets_in_the_input_are_printed_as_they_are(tmp_path: Path) -> None:
    # "[/x]" is rich markup that does not parse: printed as markup it ended in a traceback.
    bad = {**HPC, "id": "MARKUP", "country": "[/x] :x:"}
    (tmp_path / "locations.json").write_text(json.dumps([HPC, bad]))
    result = run("import", "ocpi-locations", tmp_path / "locations.json")
    assert result.exit_code == 0, result.output
    assert "country [/x] :x: is not one we map" in result.stdout


def test_a_shared_evse_id_and_a_value_too_long_are_reported_and_the_others_import(
    tmp_path: Path,
) -> None:
    later = {**HPC, "id": "LATER", "evses": HPC["evses"][1:2]}  # DE*TST*E2 again
    long = {**HPC, "id": "LONG", "parking_type": "P" * 41}
    (tmp_path / "locations.json").write_text(json.dumps([HPC, later, long]))
    result = run("import", "ocpi-locations", tmp_path / "locations.json")
    assert result.exit_code == 0, result.output
    assert (
        "DE*TST*LATER: EVSE id DE*TST*E2 left out: station ocpi:location:DE*TST*HPC1 has it"
    ) in result.stdout
    assert (
        "skipped DE*TST*LONG: parking_type (PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP…) is 41 characters "
        "long; the database stores at most 40"
    ) in result.stdout
    assert "stations: created 2, updated 0, unchanged 0, skipped 1" in result.stdout


def test_seed_says_which_embedded_evse_ids_an_earlier_import_holds(tmp_path: Path) -> None:
    # An operator's push stored one of the embedded Vattenfall station's EVSE ids first: the
    # seed keeps it with that station and says so, as an import does, instead of a silent loss.
    held = json.loads(json.dumps(HPC))
    held["evses"][0]["evse_id"] = "NL*NUO*E011901"
    (tmp_path / "locations.json").write_text(json.dumps([held]))
    assert run("import", "ocpi-locations", tmp_path / "locations.json").exit_code == 0
    result = run("seed")
    assert result.exit_code == 0, result.output
    assert "EVSE id NL*NUO*E011901 left out: station ocpi:" in result.stdout


def test_stations_their_source_removed_are_counted_and_named(tmp_path: Path) -> None:
    (tmp_path / "pois.json").write_text(json.dumps([ocm_poi(9001, 0), ocm_poi(9002, 9)]))
    assert run("import", "ocm", tmp_path / "pois.json").exit_code == 0
    gone = [ocm_poi(9001, 0, status=200), ocm_poi(9002, 9), ocm_poi(9003, 90, status=210)]
    (tmp_path / "gone.json").write_text(json.dumps(gone))
    result = run("import", "ocm", tmp_path / "gone.json")
    assert result.exit_code == 0, result.output
    assert "removed gone.json[0]: removed (decommissioned)" in result.stdout
    assert "skipped gone.json[2]: removed (duplicate listing)" in result.stdout  # never stored
    assert "stations: created 0, updated 0, unchanged 1, removed 1, skipped 1" in result.stdout
    assert "stations across sources: merged 0," in result.stdout
    ncr = ncr_file(tmp_path / "ncr.csv")
    assert run("import", "uk-ncr", ncr).exit_code == 0
    deleted = ncr_file(tmp_path / "deleted.csv", deleted="2017-11-20 09:00:00")
    result = run("import", "uk-ncr", deleted)
    assert result.exit_code == 0, result.output
    assert (
        "removed line 2 (chargeDeviceID aaa1): deleted from the registry on 2017-11-20 09:00:00"
    ) in result.stdout
    assert "stations: created 0, updated 0, unchanged 2, removed 1, skipped 3" in result.stdout
