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
