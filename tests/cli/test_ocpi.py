"""`evcharge ocpi price-cdr`: the API's answer, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from evcharge.api.schemas.cdr_prices import EXAMPLE
from evcharge.cli.main import app

runner = CliRunner()


def files(tmp_path: Path) -> tuple[Path, Path]:
    tariff, cdr = tmp_path / "tariff.json", tmp_path / "cdr.json"
    tariff.write_text(json.dumps(EXAMPLE["tariff"]))
    cdr.write_text(json.dumps(EXAMPLE["cdr"]))
    return tariff, cdr


def test_json_output_equals_the_api_numbers(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    result = runner.invoke(
        app, ["ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr), "--format", "json",
              "--time-zone", "Europe/Berlin"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    attributes = json.loads(result.output)["data"]["attributes"]
    assert attributes["total_cost"] == {"excl_vat": 14.155, "incl_vat": 16.8445}  # see the API test


def test_the_table_names_each_periods_element_and_the_totals(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    result = runner.invoke(app, ["ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr)])
    assert result.exit_code == 0, result.output
    assert "14.1550" in result.output
    assert "step_size PARKING_TIME" in result.output


def test_a_missing_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ocpi", "price-cdr", "--cdr", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "cannot read CDR" in result.output


def test_a_cdr_in_another_currency_is_refused_naming_the_field(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    cdr.write_text(json.dumps({**EXAMPLE["cdr"], "currency": "USD"}))
    result = runner.invoke(app, ["ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr)])
    assert result.exit_code == 1
    assert "error: /cdr/currency: the CDR's currency USD" in result.output
    assert "Traceback" not in result.output


def test_warnings_are_printed_under_the_table(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    # The same moment as the example's start, written with an offset (OCPI wants UTC).
    cdr.write_text(json.dumps({**EXAMPLE["cdr"], "start_date_time": "2026-11-20T21:40:00+01:00"}))
    result = runner.invoke(app, ["ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr)])
    assert result.exit_code == 0, result.output
    assert "warning: non_utc_timestamp" in result.output


def test_a_tariff_id_with_markup_and_control_characters_is_shown_as_text(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    tariff.write_text(json.dumps({**EXAMPLE["tariff"], "id": "[/x]\x1b[31m"}))
    result = runner.invoke(
        app, ["ocpi", "price-cdr", "--tariff", str(tariff), "--cdr", str(cdr),
              "--time-zone", "Europe/Berlin"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "tariff [/x]?[31m in Europe/Berlin" in result.output
