"""POST /v1/cdr_prices: an OCPI 2.2.1 CDR (and tariff) in, totals and their explanation out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE_TARIFF: dict[str, Any] = {
    "country_code": "DE", "party_id": "EVC", "id": "DC-NIGHT", "currency": "EUR",
    "elements": [
        {"price_components": [{"type": "FLAT", "price": 0.5, "vat": 19.0, "step_size": 1}]},
        {"price_components": [{"type": "ENERGY", "price": 0.35, "vat": 19.0, "step_size": 100}],
         "restrictions": {"start_time": "22:00", "end_time": "06:00"}},
        {"price_components": [{"type": "ENERGY", "price": 0.5, "vat": 19.0, "step_size": 100},
                              {"type": "PARKING_TIME", "price": 6.0, "vat": 19.0,
                               "step_size": 300}]},
    ],
    "last_updated": "2026-11-01T00:00:00Z",
}  # fmt: skip
EXAMPLE_CDR: dict[str, Any] = {
    "start_date_time": "2026-11-20T20:40:00Z", "end_date_time": "2026-11-20T21:32:00Z",
    "currency": "EUR", "cdr_location": {"country": "DEU"},
    "charging_periods": [
        {"start_date_time": "2026-11-20T20:40:00Z",
         "dimensions": [{"type": "ENERGY", "volume": 12.5}, {"type": "TIME", "volume": 0.3333}]},
        {"start_date_time": "2026-11-20T21:00:00Z",
         "dimensions": [{"type": "ENERGY", "volume": 18.25}, {"type": "TIME", "volume": 0.4167}]},
        {"start_date_time": "2026-11-20T21:25:00Z",
         "dimensions": [{"type": "PARKING_TIME", "volume": 0.1167}]},
    ],
}  # fmt: skip


EXAMPLE: Any = {"tariff": EXAMPLE_TARIFF, "cdr": EXAMPLE_CDR, "time_zone": "Europe/Berlin"}

# The endpoint's OpenAPI description; the README's cdr_prices section says the same.
DESCRIPTION = """\
Prices a finished session (an OCPI 2.2.1 CDR) under an OCPI 2.2.1 tariff, period by period,
and explains every number. Without `tariff`, the tariffs the CDR embeds are used.

**Refused with 400**, `source.pointer` naming the field in this body (a tariff the CDR embeds is
`/cdr/tariffs/<i>`), because each would give wrong money:

- a CDR `currency` other than the tariff's (`/cdr/currency`);
- one `type` twice in an element's `price_components`, or twice in a period's `dimensions`
  (the same type in different elements is ordinary);
- a number (or digits) where an RFC 3339 DateTime or a date belongs: it was read as Unix time;
- a negative `TIME`, `PARKING_TIME` or `RESERVATION_TIME` volume (negative `ENERGY`, V2G
  export, is priced);
- `min_price` above `max_price`, excl or incl VAT;
- numbers beyond these bounds, which keep every amount exact at 4 decimals: prices and
  min/max price within +-1 000 000; `vat` 0-100; `step_size` 0-1 000 000; per period ENERGY
  and other volumes within +-1 000 000, time volumes 0-8 760 h; CDR timestamps in 2000-2099;
- wrong types, non-numbers, control characters in text, JSON nested too deep to read.

**Priced with a `warnings` entry**: a timestamp with an offset instead of UTC
(`non_utc_timestamp`, converted) and periods outside the CDR's start and end
(`periods_outside_start_end_date_time`).
"""


class CdrPriceRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": EXAMPLE},
    )

    tariff: dict[str, Any] | None = Field(
        default=None, description="an OCPI 2.2.1 Tariff; without it, the tariffs the CDR embeds"
    )
    cdr: dict[str, Any] = Field(
        description="an OCPI 2.2.1 CDR: start/end_date_time, currency, charging_periods"
    )
    time_zone: str | None = Field(
        default=None,
        description="IANA zone of the location; restrictions are local time there. Default: "
        "the zone of the CDR's country when it has only one",
    )


class MoneyOut(BaseModel):
    excl_vat: float = Field(description="in the tariff's currency, VAT excluded (4 decimals)")
    incl_vat: float = Field(description="in the tariff's currency, VAT included (4 decimals)")


class LineOut(BaseModel):
    type: str = Field(description="ENERGY, TIME, PARKING_TIME or FLAT")
    volume_of: str | None = Field(description="the CDR dimension priced (RESERVATION_TIME too)")
    volume: float = Field(
        description="the period's volume: kWh for ENERGY, hours for the times, 1 for FLAT"
    )
    step_extra: float = Field(description="added by step_size rounding of the session total")
    billed: float = Field(description="volume + step_extra: what is charged, in the same unit")
    tariff_element: int = Field(description="index in tariff.elements")
    price_component: int = Field(description="index in that element's price_components")
    price: float = Field(
        description="unit price excl. VAT: per kWh, per hour or per session (FLAT)"
    )
    vat: float | None = Field(description="null: no VAT applicable (not the same as 0)")
    step_size: int = Field(description="billing step: Wh for ENERGY, seconds for the times")
    cost: MoneyOut = Field(description="billed x price, excl. and incl. VAT")


class PeriodOut(BaseModel):
    index: int = Field(description="index in cdr.charging_periods")
    start_date_time: str = Field(description="the period's start, RFC 3339 UTC")
    end_date_time: str = Field(description="its end (the next period's start, or the CDR's end)")
    reservation: bool = Field(description="a reservation period (priced as RESERVATION_TIME)")
    dimensions: list[LineOut] = Field(description="one line per dimension priced")


class CdrPriceAttributes(BaseModel):
    tariff_id: str = Field(description="the OCPI tariff's id")
    currency: str = Field(description="ISO 4217 code of every amount: the tariff's")
    time_zone: str = Field(description="the IANA zone restrictions were read in")
    total_cost: MoneyOut = Field(description="the session's price, after min/max price")
    total_fixed_cost: MoneyOut = Field(description="of FLAT components")
    total_energy_cost: MoneyOut = Field(description="of ENERGY components")
    total_time_cost: MoneyOut = Field(description="of TIME components (charging time)")
    total_parking_cost: MoneyOut = Field(description="of PARKING_TIME components")
    total_reservation_cost: MoneyOut = Field(description="of the reservation periods")
    total_energy: float = Field(description="kWh")
    total_time: float = Field(description="hours, charging and parking")
    total_parking_time: float = Field(description="hours")
    charging_periods: list[PeriodOut] = Field(description="every period, priced line by line")
    step_rounding: list[dict[str, Any]] = Field(
        description="each step_size rounding of a session total: volume_of, total, billed, "
        "step_size, period it was added to, not_rounded_because"
    )
    price_limits: list[dict[str, Any]] = Field(
        description="each min_price / max_price applied: rule, applies_to, before, after"
    )
    warnings: list[str] = Field(
        description="what was priced anyway: non_utc_timestamp, periods_outside_start_end_date_time"
    )


class CdrPriceResource(BaseModel):
    id: str = Field(description="the tariff's id")
    type: str = Field(description="always cdr_price")
    attributes: CdrPriceAttributes = Field(description="the totals and how they were reached")


class CdrPriceDocument(BaseModel):
    data: CdrPriceResource = Field(description="the priced session")
