"""`evcharge ocpi …`: OCPI 2.2.1 tools that need no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from evcharge.api.views.cdr_prices import cdr_price_document
from evcharge.cli.context import handled, out
from evcharge.core.errors import InvalidInput
from evcharge.services.cdr_prices import price_cdr_documents

app = typer.Typer(help="OCPI 2.2.1: price CDRs.", no_args_is_help=True)


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what} {path} is not JSON: {exc}") from None


@app.command("price-cdr")
def price_cdr_command(
    cdr: Annotated[Path, typer.Option(help="an OCPI 2.2.1 CDR (JSON)")],
    tariff: Annotated[
        Path | None, typer.Option(help="an OCPI 2.2.1 Tariff (JSON); default: the CDR's own")
    ] = None,
    time_zone: Annotated[
        str | None, typer.Option(help="IANA zone of the location (default: the country's only one)")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Price a finished session and show every period's tariff element and component."""
    with handled():
        if output not in ("table", "json"):
            raise InvalidInput("--format must be table or json")
        tariff_doc = read_json(tariff, "tariff") if tariff else None
        priced = price_cdr_documents(tariff_doc, read_json(cdr, "CDR"), time_zone)
        doc = cdr_price_document(priced)
        if output == "json":
            out.print_json(json.dumps(doc))
            return
        _print_table(doc["data"]["attributes"])


def _shown(text: str) -> str:
    # A tariff id is the caller's text: rich markup in it ("[/x]") would crash the table, and
    # control characters would reach the terminal.
    return escape("".join(c if c.isprintable() else "?" for c in text))


def _print_table(a: dict[str, Any]) -> None:
    title = f"tariff {_shown(a['tariff_id'])} in {a['time_zone']} ({a['currency']})"
    periods = Table(title=title)
    for column in ("period", "start UTC", "dimension", "billed", "element/component",
                   "price", "vat %", "excl", "incl"):  # fmt: skip
        periods.add_column(
            column, justify="right" if column in ("billed", "excl", "incl") else "left"
        )
    for p in a["charging_periods"]:
        for d in p["dimensions"]:
            periods.add_row(
                str(p["index"]), p["start_date_time"][11:19], d["volume_of"] or d["type"],
                str(d["billed"]),
                f"{d['tariff_element']}/{d['price_component']}", str(d["price"]),
                "none" if d["vat"] is None else str(d["vat"]),
                f"{d['cost']['excl_vat']:.4f}", f"{d['cost']['incl_vat']:.4f}",
            )  # fmt: skip
    out.print(periods)
    totals = Table(title="totals")
    totals.add_column("total")
    totals.add_column("excl", justify="right")
    totals.add_column("incl", justify="right")
    for name in ("energy", "time", "parking", "fixed", "reservation"):
        m = a[f"total_{name}_cost"]
        totals.add_row(name, f"{m['excl_vat']:.4f}", f"{m['incl_vat']:.4f}")
    totals.add_row("[bold]cost[/bold]", f"{a['total_cost']['excl_vat']:.4f}",
                   f"{a['total_cost']['incl_vat']:.4f}")  # fmt: skip
    out.print(totals)
    for s in a["step_rounding"]:
        why = f" (not rounded: {s['not_rounded_because']})" if s["not_rounded_because"] else ""
        out.print(f"step_size {s['volume_of']}: {s['total']} -> {s['billed']} "
                  f"(step {s['step_size']}, extra in period {s['period']}){why}")  # fmt: skip
    for x in a["price_limits"]:
        out.print(f"{x['rule']} on {x['applies_to']}: {x['before']} -> {x['after']}")
    for w in a["warnings"]:
        out.print(f"[yellow]warning:[/yellow] {w}")
