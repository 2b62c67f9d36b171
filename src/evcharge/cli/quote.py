"""`evcharge quote`: every tariff's price for one car at one station: a table in the terminal,
or JSON or CSV for a program (money and kWh as exact decimal strings)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table
from rich.text import Text

from evcharge.cli.context import out, transaction
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import Plug

if TYPE_CHECKING:
    from evcharge.services.pricing.quotes import Quote, QuoteRow


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


CSV_COLUMNS = (
    "tariff_id", "tariff", "provider", "price", "currency", "price_per_kwh", "total_monthly_fee",
    "cheapest", "no_price_reason",
)  # fmt: skip
_POINT = re.compile(r"^(?P<plug>[a-z0-9_]+)(?::(?P<power>\d+(?:\.\d+)?))?$")


def _charge_point(text: str | None) -> tuple[Plug, float | None] | None:
    if text is None:
        return None
    match = _POINT.match(text.strip().lower())
    plugs = ", ".join(p.value for p in Plug)
    if not match or match["plug"] not in {p.value for p in Plug}:
        raise InvalidInput(f"--charge-point is PLUG or PLUG:KW, PLUG one of {plugs}; got {text!r}")
    return Plug(match["plug"]), float(match["power"]) if match["power"] else None


def _minutes(text: str) -> int:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise InvalidInput(f"--start is a time of day as HH:MM, got {text!r}")
    return int(match[1]) * 60 + int(match[2])


def _reason(row: QuoteRow) -> str:
    from evcharge.core.locale import DEFAULT_LANGUAGE, no_price_reason_text

    if row.no_price_reason is None:
        return ""
    return no_price_reason_text(row.no_price_reason, DEFAULT_LANGUAGE)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _render_table(q: Quote, rows: list[QuoteRow]) -> None:
    from evcharge.services.pricing.quotes import energy_kwh

    currency = q.answer.currency
    out.print(
        f"[bold]{q.vehicle.label}[/bold] at [bold]{q.station.name}[/bold], {q.station.address}"
    )
    out.print(
        f"{q.charge_point.plug.value} {q.charge_point.power_kw:g} kW: {energy_kwh(q)} kWh from "
        f"the grid in {q.answer.sessions[0].profile.duration_min:.0f} min; prices in {currency} "
        f"(ECB rates of {q.answer.rate_date})"
    )
    table = Table("tariff", "provider", "price", "per kWh", "monthly fee", title="cheapest first")
    missing = Table("tariff", "provider", "why there is no price", title="without a price")
    for row in rows:
        if row.price is None:
            missing.add_row(Text(row.tariff), Text(row.provider), Text(_reason(row)))
            continue
        table.add_row(
            Text(f"{row.tariff} (cheapest)" if row.cheapest else row.tariff),
            Text(row.provider),
            f"{row.price} {currency}",
            f"{row.price_per_kwh if row.price_per_kwh is not None else '-'}",
            f"{row.total_monthly_fee}" if row.total_monthly_fee else "none",
            style="bold green" if row.cheapest else None,
        )
    out.print(table if table.row_count else "no tariff has a price here")
    if missing.row_count:
        out.print(missing)


def quote_json(q: Quote, rows: list[QuoteRow]) -> dict[str, Any]:
    """The quote as plain JSON types: money and kWh as decimal strings, never floats."""
    from evcharge.services.pricing.quotes import energy_kwh

    return {
        "vehicle": {"id": q.vehicle.id, "name": q.vehicle.label},
        "station": {"id": q.station.id, "name": q.station.name, "address": q.station.address},
        "charge_point": {"plug": q.charge_point.plug.value, "power_kw": q.charge_point.power_kw},
        "energy_kwh": str(energy_kwh(q)),
        "duration_min": round(q.answer.sessions[0].profile.duration_min, 1),
        "currency": q.answer.currency,
        "exchange_rate_date": q.answer.rate_date,
        "tariffs": [
            {
                "id": row.tariff_id,
                "name": row.tariff,
                "provider": row.provider,
                "price": _decimal(row.price),
                "price_per_kwh": _decimal(row.price_per_kwh),
                "total_monthly_fee": str(row.total_monthly_fee),
                "cheapest": row.cheapest,
                "no_price_reason": row.no_price_reason.value if row.no_price_reason else None,
                "no_price_reason_text": _reason(row) or None,
            }
            for row in rows
        ],
    }


def quote_csv(q: Quote, rows: list[QuoteRow]) -> str:
    """One line per tariff under a header (CSV_COLUMNS); an empty cell where there is no price."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.tariff_id, row.tariff, row.provider, _decimal(row.price) or "",
                q.answer.currency, _decimal(row.price_per_kwh) or "", row.total_monthly_fee,
                "yes" if row.cheapest else "",
                row.no_price_reason.value if row.no_price_reason else "",
            ]
        )  # fmt: skip
    return buffer.getvalue()


def _render(q: Quote, output: Format) -> None:
    from evcharge.services.pricing.quotes import quote_rows

    rows = quote_rows(q)
    if output is Format.json:
        typer.echo(json.dumps(quote_json(q, rows), ensure_ascii=False, indent=2))
    elif output is Format.csv:
        typer.echo(quote_csv(q, rows), nl=False)
    else:
        _render_table(q, rows)


def quote_command(
    vehicle: str = typer.Option(..., "--vehicle", help="id, EV Database id or search text"),
    station: str = typer.Option(
        ..., "--station", help="station id, one of its EVSE ids, or search text (name, address)"
    ),
    battery_range: tuple[float, float] = typer.Option(
        (20, 80), "--range", help="from and to SoC %"
    ),
    currency: str = typer.Option("EUR", "--currency", help="ISO 4217 code"),
    start: str = typer.Option("12:00", "--start", help="local start time, HH:MM"),
    charge_point: str | None = typer.Option(
        None, "--charge-point", help="PLUG or PLUG:KW, e.g. ccs:350; default: the fastest usable"
    ),
    output: Format = typer.Option(
        Format.table, "--format", help="table (terminal), json or csv (exact decimal strings)"
    ),
) -> None:
    """Price a charging session for every tariff at one station, cheapest first."""
    from evcharge.services.catalogue import Catalogue
    from evcharge.services.platform import fx
    from evcharge.services.pricing.quotes import QuoteRequest, quote
    from evcharge.settings import get_settings

    rates = fx.rates(get_settings().fx_dir)
    with transaction() as session:
        request = QuoteRequest(
            vehicle=vehicle,
            station=station,
            battery_range=battery_range,
            currency=currency,
            start_time_min=_minutes(start),
            charge_point=_charge_point(charge_point),
        )
        answer = quote(session, Catalogue(), request, rates)
    _render(answer, output)
