"""`evcharge ocpi price-cdr`: the API's answer, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

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


def price(*args: str) -> Result:
    return runner.invoke(app, ["ocpi", "price-cdr", "--time-zone", "Europe/Berlin", *args])


def ndjson_lines(tmp_path: Path) -> Path:
    """Line 1 and 5 price; 2 is not JSON, 3 is blank, 4 is in another currency."""
    good = json.dumps(EXAMPLE["cdr"])
    path = tmp_path / "cdrs.ndjson"
    path.write_text(
        "\n".join([good, "{not json", "", json.dumps({**EXAMPLE["cdr"], "currency": "USD"}), good])
        + "\n"
    )
    return path


def test_ndjson_gives_one_plain_json_line_per_cdr_and_fails_only_the_bad_ones(
    tmp_path: Path,
) -> None:
    tariff, _cdr = files(tmp_path)
    cdrs = ndjson_lines(tmp_path)
    result = price("--tariff", str(tariff), "--cdr", str(cdrs), "--format", "json")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    docs = [json.loads(line) for line in lines]  # one whole document per line
    assert [d["meta"]["source"] for d in docs] == [f"{cdrs}:{n}" for n in (1, 2, 4, 5)]
    # Money is exact in the text itself: the 4-decimal amounts, not a float's tail.
    assert '"total_cost":{"excl_vat":14.155,"incl_vat":16.8445}' in lines[0]
    assert docs[3]["data"] == docs[0]["data"]
    assert docs[1]["errors"][0]["title"].startswith("not JSON")
    assert docs[2]["errors"][0]["source"] == {"pointer": "/cdr/currency"}
    assert docs[2]["errors"][0]["status"] == "400"
    assert f"error: {cdrs}:2: not JSON" in result.stderr
    assert f"error: {cdrs}:4: /cdr/currency:" in result.stderr
    assert "priced 2 of 4 CDRs; 2 failed" in result.stderr


def test_a_batch_that_all_prices_exits_0(tmp_path: Path) -> None:
    tariff, _cdr = files(tmp_path)
    cdrs = tmp_path / "cdrs.jsonl"
    cdrs.write_text((json.dumps(EXAMPLE["cdr"]) + "\n") * 3)
    result = price("--tariff", str(tariff), "--cdr", str(cdrs), "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


def test_a_folder_prices_each_json_file_under_it_as_a_table(tmp_path: Path) -> None:
    tariff, _cdr = files(tmp_path)
    folder = tmp_path / "cdrs"
    (folder / "later").mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps(EXAMPLE["cdr"]))
    (folder / "later" / "b.json").write_text(json.dumps({**EXAMPLE["cdr"], "currency": "USD"}))
    (folder / "c.json").write_bytes(b"\xff not text")
    (folder / "notes.txt").write_text("not a CDR")
    result = price("--tariff", str(tariff), "--cdr", str(folder))
    assert result.exit_code == 1
    assert "14.1550" in result.stdout
    assert "16.8445" in result.stdout
    assert f"error: {folder / 'c.json'}: not UTF-8" in result.stderr
    assert f"error: {folder / 'later' / 'b.json'}: /cdr/currency:" in result.stderr
    assert "priced 1 of 3 CDRs; 2 failed" in result.stdout


def test_a_batch_with_no_cdr_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.ndjson").write_text("\n\n")
    result = price("--cdr", str(tmp_path / "empty.ndjson"))
    assert result.exit_code == 1
    assert "no CDR" in result.stderr


def test_single_json_output_is_json_dumps_text(tmp_path: Path) -> None:
    tariff, cdr = files(tmp_path)
    result = price("--tariff", str(tariff), "--cdr", str(cdr), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert result.stdout == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
