"""`evcharge usage report`: what each key used and owes, per endpoint and month (UTC)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from evcharge.cli.context import out, transaction
from evcharge.core.errors import NotFound

if TYPE_CHECKING:
    from evcharge.db.repositories.usage import UsagePeriod

app = typer.Typer(help="Usage and billing.", no_args_is_help=True)
COLUMNS = ("key", "endpoint", "period", "calls", "chargeable_calls", "amount", "currency")


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def _row(p: UsagePeriod) -> dict[str, object]:
    from evcharge.api.views.platform import money_text

    return {
        "key": p.key_name or "(no valid key)", "endpoint": p.endpoint, "period": p.period,
        "calls": p.calls, "chargeable_calls": p.chargeable_calls,
        "amount": money_text(p.amount), "currency": p.currency,
    }  # fmt: skip


@app.command("report")
def report(
    key: str | None = typer.Option(None, "--key", help="only this key (by name)"),
    start: datetime | None = typer.Option(None, "--from", formats=["%Y-%m-%d"], help="first day"),
    end: datetime | None = typer.Option(None, "--to", formats=["%Y-%m-%d"], help="last day"),
    fmt: Format = typer.Option(Format.TABLE, "--format", help="table, csv or json"),
) -> None:
    """Calls, chargeable calls and amount per key, endpoint and month."""
    from evcharge.api.views.platform import money_text
    from evcharge.services.platform.api_keys import key_named
    from evcharge.services.platform.usage import amounts_by_currency, usage, utc_day_range

    with transaction() as session:
        since, until = utc_day_range(start.date() if start else None, end.date() if end else None)
        key_id = None
        if key is not None:
            stored = key_named(session, key)
            if stored is None:
                raise NotFound(f"no key named {key!r}")
            key_id = stored.id
        periods = usage(session, api_key_id=key_id, start=since, end=until)
    rows = [_row(p) for p in periods]
    if fmt is Format.JSON:
        print(json.dumps(rows, indent=2))
    elif fmt is Format.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(*COLUMNS)
        for row in rows:
            table.add_row(*(str(row[c]) for c in COLUMNS))
        out.print(table)
        for currency, amount in amounts_by_currency(periods).items():
            out.print(f"total: {money_text(amount)} {currency}")
