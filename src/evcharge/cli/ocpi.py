"""`evcharge ocpi …`: OCPI 2.2.1: price CDRs, register parties, pull a CPO's data."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Column, Table

from evcharge.cli.cdr_inputs import CdrInput, cdr_inputs, is_batch
from evcharge.cli.context import err, handled, out, transaction
from evcharge.cli.ocpi_party import party_app
from evcharge.core.errors import EvchargeError, InvalidInput

app = typer.Typer(
    help="OCPI 2.2.1: price CDRs, register parties, pull a CPO's locations and tariffs.",
    no_args_is_help=True,
)
app.add_typer(party_app, name="party")


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what} {path} is not JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:  # not UTF-8, nested too deep, a huge number
        raise InvalidInput(f"{what} {path} is not readable JSON: {type(exc).__name__}") from None


@app.command("price-cdr")
def price_cdr_command(
    cdr: Annotated[
        Path,
        typer.Option(
            help="an OCPI 2.2.1 CDR (JSON); or a batch: a folder of CDR JSON files, or an "
            "NDJSON file (.ndjson/.jsonl, one CDR per line)"
        ),
    ],
    tariff: Annotated[
        Path | None, typer.Option(help="an OCPI 2.2.1 Tariff (JSON); default: the CDR's own")
    ] = None,
    time_zone: Annotated[
        str | None, typer.Option(help="IANA zone of the location (default: the country's only one)")
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="table or json (NDJSON, one line per CDR, for a batch)")
    ] = "table",
) -> None:
    """Price a finished session and show every period's tariff element and component."""
    with handled():
        if output not in ("table", "json"):
            raise InvalidInput("--format must be table or json")
        tariff_doc = read_json(tariff, "tariff") if tariff else None
        if is_batch(cdr):
            if not _price_batch(cdr_inputs(cdr), tariff_doc, time_zone, output):
                raise typer.Exit(1)
            return
        doc = _priced(tariff_doc, read_json(cdr, "CDR"), time_zone)
        if output == "json":
            # json.dumps, not rich's print_json: the same text, and 100 times faster.
            sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            return
        _print_table(doc["data"]["attributes"])


def _priced(tariff_doc: Any, cdr_doc: Any, time_zone: str | None) -> dict[str, Any]:
    """The API's document for one CDR (the same service and view as POST /v1/cdr_prices)."""
    from evcharge.api.views.cdr_prices import cdr_price_document
    from evcharge.services.pricing.cdr_prices import price_cdr_documents

    return cdr_price_document(price_cdr_documents(tariff_doc, cdr_doc, time_zone))


def _price_batch(
    items: Iterator[CdrInput], tariff_doc: Any, time_zone: str | None, output: str
) -> bool:
    """Prices and prints every CDR; True when all were priced."""
    rows: list[tuple[str, dict[str, Any]]] = []
    failed = total = 0
    for item in items:  # reading stops the batch only when the path itself is unreadable
        total += 1
        try:
            if item.problem is not None:
                raise InvalidInput(item.problem)
            doc = _priced(tariff_doc, item.doc, time_zone)
        except EvchargeError as exc:
            failed += 1
            _report_failure(item.source, exc, output)
            continue
        if output == "json":
            doc["meta"] = {"source": item.source}
            sys.stdout.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            rows.append((item.source, doc["data"]["attributes"]))
    if output == "table":
        _print_batch_table(rows)
    summary = f"priced {total - failed} of {total} CDRs" + (f"; {failed} failed" if failed else "")
    (err if output == "json" else out).print(summary)
    return failed == 0


def _report_failure(source: str, exc: EvchargeError, output: str) -> None:
    """One line on stderr; for json, also the API's error document on the CDR's stdout line."""
    err.print(f"[red]error:[/red] {_shown(source)}: {escape(exc.message)}")
    if output == "json":
        from evcharge.api.errors import status_and_code

        status, code = status_and_code(exc)
        error: dict[str, Any] = {"status": str(status), "code": code, "title": exc.message}
        if (pointer := getattr(exc, "pointer", None)) is not None:
            error["source"] = {"pointer": pointer}
        doc = {"errors": [error], "meta": {"source": source}}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")


def _print_batch_table(rows: list[tuple[str, dict[str, Any]]]) -> None:
    # A narrow terminal folds a file name and line number instead of cutting them short.
    cdr_column = Column("CDR", overflow="fold")
    excl, incl = Column("excl", justify="right"), Column("incl", justify="right")
    table = Table(cdr_column, "tariff", "currency", "energy kWh", excl, incl, "warnings")
    for source, a in rows:
        cost = a["total_cost"]
        table.add_row(
            _shown(source), _shown(a["tariff_id"]), a["currency"], str(a["total_energy"]),
            f"{cost['excl_vat']:.4f}", f"{cost['incl_vat']:.4f}", str(len(a["warnings"])),
        )  # fmt: skip
    if rows:
        out.print(table)


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


@app.command("sync")
def sync_command(
    party: Annotated[str, typer.Argument(help="a registered CPO: CC*PTY")],
    page_size: Annotated[
        int | None, typer.Option("--page-size", min=1, help="objects per page asked for")
    ] = None,
    every: Annotated[
        float | None,
        typer.Option("--every", min=1, help="repeat every so many minutes (default: once)"),
    ] = None,
) -> None:
    """Pull a registered CPO's locations and tariffs (only what changed since the last sync)."""
    import time

    while True:
        _sync_once(party, page_size)
        if every is None:
            return
        time.sleep(every * 60)


def _sync_once(party: str, page_size: int | None) -> None:
    import httpx

    from evcharge.services.ocpi.parties import party_named
    from evcharge.services.ocpi.sync import sync

    with transaction() as session, httpx.Client(timeout=60.0) as http:
        report = sync(session, party_named(session, party), http, page_size=page_size)
    since = f"since {report.since:%Y-%m-%dT%H:%M:%SZ}" if report.since else "everything"
    for module, done in (("locations", report.locations), ("tariffs", report.tariffs)):
        out.print(
            f"{module}: {done.stored} stored, {len(done.skipped)} skipped, {done.pages} pages "
            f"({since})"
        )
        for reason in done.skipped[:20]:
            err.print(f"  skipped {escape(reason)}")
