"""`evcharge quote`: every tariff's price for one car at one station, as a table in the terminal."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from evcharge.cli.context import out, transaction
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import Plug

if TYPE_CHECKING:
    from evcharge.services.pricing.quotes import Quote

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


def _render(q: Quote) -> None:
    from evcharge.core.locale import DEFAULT_LANGUAGE, no_price_reason_text

    session = q.answer.sessions[0].profile
    currency = q.answer.currency
    energy = Decimal(str(round(session.energy_kwh, 3)))
    out.print(
        f"[bold]{q.vehicle.label}[/bold] at [bold]{q.station.name}[/bold], {q.station.address}"
    )
    out.print(
        f"{q.charge_point.plug.value} {q.charge_point.power_kw:g} kW: {energy} kWh from the grid "
        f"in {session.duration_min:.0f} min; prices in {currency} (ECB rates of "
        f"{q.answer.rate_date})"
    )
    table = Table("tariff", "provider", "price", "per kWh", "monthly fee", title="cheapest first")
    missing = Table("tariff", "provider", "why there is no price", title="without a price")
    for t in q.answer.tariffs:
        point = t.prices[0]
        name = t.tariff.name or t.provider
        if point.price is None:
            reason = (
                no_price_reason_text(point.no_price_reason, DEFAULT_LANGUAGE)
                if point.no_price_reason
                else ""
            )
            missing.add_row(Text(name), Text(t.provider), Text(reason))
            continue
        per_kwh = (point.price / energy).quantize(Decimal("0.001")) if energy else "-"
        cheapest = table.row_count == 0
        table.add_row(
            Text(f"{name} (cheapest)" if cheapest else name),
            Text(t.provider),
            f"{point.price} {currency}",
            f"{per_kwh}",
            f"{t.total_monthly_fee}" if t.total_monthly_fee else "none",
            style="bold green" if cheapest else None,
        )
    out.print(table if table.row_count else "no tariff has a price here")
    if missing.row_count:
        out.print(missing)


def quote_command(
    vehicle: str = typer.Option(..., "--vehicle", help="id, EV Database id or search text"),
    station: str = typer.Option(..., "--station", help="station id or one of its EVSE ids"),
    battery_range: tuple[float, float] = typer.Option(
        (20, 80), "--range", help="from and to SoC %"
    ),
    currency: str = typer.Option("EUR", "--currency", help="ISO 4217 code"),
    start: str = typer.Option("12:00", "--start", help="local start time, HH:MM"),
    charge_point: str | None = typer.Option(
        None, "--charge-point", help="PLUG or PLUG:KW, e.g. ccs:350; default: the fastest usable"
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
    _render(answer)
