from __future__ import annotations

from pathlib import Path

import typer

from evcharge.cli.context import handled, out

app = typer.Typer(help="Currency rates (ECB euro reference rates).", no_args_is_help=True)


@app.command("update")
def update(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="eurofxref(-hist) zip/csv"),
) -> None:
    """Use a newer ECB eurofxref file (from ecb.europa.eu) instead of the shipped rates."""
    from evcharge.services.platform import fx
    from evcharge.settings import get_settings

    with handled():
        rates = fx.install(file, get_settings().fx_dir)
    out.print(f"rates of {rates.rate_date} for {len(rates.currencies)} currencies in use")


@app.command("show")
def show() -> None:
    """The rates in use and their date."""
    from evcharge.services.platform import fx
    from evcharge.settings import get_settings

    rates = fx.rates(get_settings().fx_dir)
    out.print(f"ECB reference rates of {rates.rate_date} (per 1 EUR)")
    for code in rates.currencies:
        out.print(f"{code}\t{rates.rate(code)}")
