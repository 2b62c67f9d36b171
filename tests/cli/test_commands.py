"""The console script, run in-process against a fresh SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from evcharge.cli.main import app
from evcharge.settings import get_settings
from tests.importers.ocm_sample import ocm_sample
from tests.importers.test_open_ev_data import FIXTURE

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("EVCHARGE_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    assert run("db", "upgrade").exit_code == 0
    yield
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def out(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return str(result.output)


def test_keys_create_prints_the_key_last_and_list_never_shows_it() -> None:
    created = out("keys", "create", "--name", "app", "--groups", "ReadVehicles,ReadCosts")
    plaintext = created.strip().splitlines()[-1]
    assert plaintext.startswith("evc_")
    listing = out("keys", "list")
    assert "app" in listing
    assert "ReadCosts,ReadVehicles" in listing
    assert plaintext not in listing


def test_revoke_marks_the_key_revoked() -> None:
    out("keys", "create", "--name", "old", "--groups", "all")
    assert "revoked key 'old'" in out("keys", "revoke", "old")
    assert "revoked" in out("keys", "list")
    assert "no key named 'nope'" in out("keys", "revoke", "nope", code=1)


@pytest.mark.parametrize(
    ("groups", "says"), [("Nope", "unknown group(s) Nope"), (" ", "no groups given")]
)
def test_bad_groups_are_refused_with_a_message(groups: str, says: str) -> None:
    assert says in out("keys", "create", "--name", "x", "--groups", groups, code=1)


def test_a_duplicate_name_is_refused() -> None:
    out("keys", "create", "--name", "dup", "--groups", "all")
    assert "already exists" in out("keys", "create", "--name", "dup", "--groups", "all", code=1)


def test_the_demo_key_is_stable_between_runs() -> None:
    first = out("keys", "ensure-demo").strip().splitlines()[-1]
    second = out("keys", "ensure-demo").strip().splitlines()[-1]
    assert first == second
    assert Path("var/demo-key").read_text().strip() == first


def test_the_demo_key_comes_with_a_link_that_opens_the_page_with_it() -> None:
    lines = out("keys", "ensure-demo", "--page-url", "http://127.0.0.1:8000/").strip().splitlines()
    key = lines[-1]
    # The key rides in the fragment, which the browser keeps to itself; the key stays last.
    assert f"  http://127.0.0.1:8000/#key={key}" in lines


def test_seed_is_idempotent_and_if_empty_skips_a_loaded_catalogue() -> None:
    assert "unchanged 0" in out("seed")
    assert "created 0" in out("seed")
    assert "nothing to do" in out("seed", "--if-empty")


def test_import_reports_counts_and_reasons_and_is_idempotent() -> None:
    first = out("import", "open-ev-data", str(FIXTURE))
    assert "vehicles: created 2, updated 0, unchanged 0, skipped 3" in first
    assert "Backwards" in first
    assert "curve_soc_rising" in first
    again = out("import", "open-ev-data", str(FIXTURE))
    assert "created 0, updated 0, unchanged 2, skipped 3" in again


def test_import_of_a_file_that_is_not_the_format_fails_cleanly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"nothing": 1}')
    assert "not an open-ev-data file" in out("import", "open-ev-data", str(bad), code=1)


def test_seed_if_empty_fills_in_a_missing_network() -> None:
    out("import", "open-ev-data", str(FIXTURE))  # vehicles, but no tariffs yet
    seeded = out("seed", "--if-empty")
    assert "seeded tariffs: created" in seeded
    assert "seeded tariffs: created 0" not in seeded


def test_import_ocm_reports_skips_notes_and_attribution(tmp_path: Path) -> None:
    ocm = ocm_sample(tmp_path)
    first = out("import", "ocm", str(ocm), "--reference", str(ocm / "reference_subset.json"))
    assert "skipped reference_subset.json: OCM reference data: pass it with --reference" in first
    assert "stations: created 4, updated 0, unchanged 0, skipped 1" in first
    assert "OCM-73213: connection 105340 left out: cannot map connection type Europlug" in first
    assert "© Open Charge Map contributors (CC BY 4.0)" in first
    again = out("import", "ocm", str(ocm / "poi"))
    assert "stations: created 0, updated 0, unchanged 4, skipped 0" in again
    broken = run(
        "import", "ocm", str(ocm / "poi"), "--reference", str(ocm / "poi" / "OCM-73213.json")
    )
    assert broken.exit_code == 1
    assert "OCM-73213.json is not OCM reference data" in broken.output


def test_keys_carry_their_limits_and_usage_report_formats() -> None:
    limits = ("--rate-limit", "5", "--quota", "7")
    assert "lim" in out("keys", "create", "--name", "lim", "--groups", "all", *limits)
    assert out("keys", "list").split()[3:5] == ["5/min", "quota"]
    zero = run("keys", "create", "--name", "bad", "--groups", "all", "--rate-limit", "0")
    assert zero.exit_code == 1
    empty = out("usage", "report", "--format", "csv")
    assert empty.splitlines() == ["key,endpoint,period,calls,chargeable_calls,amount,currency"]
    assert out("usage", "report", "--key", "lim", "--format", "json").strip() == "[]"
    missing = run("usage", "report", "--key", "nobody")
    assert missing.exit_code == 1
    assert "no key named 'nobody'" in missing.output
    wrong = run("usage", "report", "--from", "2026-02-01", "--to", "2026-01-01")
    assert wrong.exit_code == 1


def test_data_report_prints_curves_errors_and_v2x_shares() -> None:
    result = CliRunner().invoke(app, ["data", "report"])
    assert result.exit_code == 0, result.output
    assert "fitted_to_published" in result.output
    assert "simulated vs published, median error" in result.output
    assert "V2X answers" in result.output
