"""`evcharge data report`'s best-seller coverage, on the embedded catalogue."""

from __future__ import annotations

from typer.testing import CliRunner

from evcharge.cli.main import app
from evcharge.core.best_sellers import BEST_SELLER_LISTS
from evcharge.core.data_quality import coverage
from evcharge.importers.curated import load_embedded


def test_the_report_prints_each_lists_coverage_missing_models_and_source() -> None:
    result = CliRunner().invoke(app, ["data", "report"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Europe's best sellers, as a new user sees them" in result.output
    assert "Best sellers the catalogue holds" in result.output
    vehicles = load_embedded()
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    for best_sellers in BEST_SELLER_LISTS:
        held = coverage(vehicles, best_sellers)
        cells = [c.strip() for c in rows[best_sellers.name].split("│")]
        assert cells[2:4] == [str(len(held.covered)), str(held.listed)]
        for missing in held.missing:
            assert f"{missing.rank}. {missing.label}" in cells[4]
        assert best_sellers.source_url in result.output


def test_the_report_counts_range_figures_apart_and_shows_each_best_sellers_figures() -> None:
    result = CliRunner().invoke(app, ["data", "report"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "range_added: " in result.output
    assert "or else from 10 % (assumed)" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│ 3. Tesla Model 3")]
    assert rows
    # The 2019 Long Range and the Highland Long Range AWD, each checked against Tesla's figure
    assert "range (start assumed) 2" in rows[0]
