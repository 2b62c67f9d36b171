"""`evcharge data report`: how far the embedded catalogue can be trusted."""

from __future__ import annotations

import typer
from rich.table import Table

from evcharge.cli.context import out

app = typer.Typer(help="The embedded dataset.", no_args_is_help=True)


@app.command("report")
def report() -> None:
    """Curves by provenance, simulated against published charge times, and V2X completeness."""
    from evcharge.core.data_quality import REFERENCE_TOLERANCE, data_report
    from evcharge.importers.curated import load_embedded

    result = data_report(load_embedded())
    curves = Table("curve provenance", "vehicles", title="DC curves")
    for provenance, count in result.by_provenance.items():
        curves.add_row(provenance.value, str(count))
    out.print(curves)
    worst = result.worst
    if worst is not None and result.median_error is not None:
        agree = sum(1 for c in result.checks if c.agrees)
        out.print(
            f"Published times: {len(result.checks)} vehicles; simulated vs published, median "
            f"error {result.median_error:.1%}, worst {worst.error:+.1%} ({worst.vehicle.label}: "
            f"{worst.simulated_min:.1f} min simulated, {worst.published_min:g} published); "
            f"{agree} within ±{REFERENCE_TOLERANCE:.0%}",
            markup=False,
        )
    v2x = Table("market", "complete answers (200)", "answers", "share", title="V2X answers")
    for market, (complete, total) in result.v2x_complete.items():
        share = f"{complete / total:.0%}" if total else "-"
        v2x.add_row(market.value, str(complete), str(total), share)
    out.print(v2x)
