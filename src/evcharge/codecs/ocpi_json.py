"""OCPI 2.2.1 JSON (Tariff, CDR) -> core values, validated strictly.

Unknown fields in a tariff are errors, not silently ignored: a misspelled `dayOfWeek` or a
singular `restriction` would otherwise change the price without a word (reference §5.15).
CDRs carry many fields pricing does not read, so only their priced parts are strict.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.checks import check_tariff
from evcharge.core.ocpi.model import (
    Cdr,
    CdrDimension,
    ChargingPeriod,
    DayOfWeek,
    DisplayText,
    OcpiTariff,
    Price,
    PriceComponent,
    ReservationRestriction,
    Restrictions,
    TariffDimension,
    TariffElement,
    TariffType,
)

NON_UTC = "non_utc_timestamp"


def _number(value: Any) -> Any:
    # JSON numbers arrive as floats: go through their shortest repr so 0.1 stays 0.1.
    return Decimal(repr(value)) if isinstance(value, float) else value


# OCPI DateTime (types.asciidoc): RFC 3339 text, "Z" or no zone; fractional seconds allowed.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEARS = (1970, 2999)


def _rfc3339(value: Any) -> Any:
    # Pydantic would read a number, or digits in a string, as Unix time: 1763671200 became a
    # date, and a small number a moment in 1970, priced without a word.
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time text such as 2026-11-20T20:40:00Z")
    # Years 0001 and 9999 overflow when moved to UTC (a 500); no tariff or session is there.
    if not _YEARS[0] <= int(value[:4]) <= _YEARS[1]:
        raise ValueError(f"the year must be {_YEARS[0]} to {_YEARS[1]}")
    return value


def _iso_date(value: Any) -> Any:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date text such as 2026-11-20")
    return value


Number = Annotated[Decimal, BeforeValidator(_number)]
DateTime = Annotated[datetime, BeforeValidator(_rfc3339)]
Date = Annotated[date, BeforeValidator(_iso_date)]
HhMm = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PriceIn(_Strict):
    excl_vat: Number
    incl_vat: Number | None = None


class PriceComponentIn(_Strict):
    type: TariffDimension
    price: Number
    vat: Number | None = None
    step_size: int = Field(ge=0)


class RestrictionsIn(_Strict):
    start_time: HhMm | None = None
    end_time: HhMm | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    min_kwh: Number | None = Field(default=None, ge=0)
    max_kwh: Number | None = Field(default=None, ge=0)
    min_current: Number | None = Field(default=None, ge=0)
    max_current: Number | None = Field(default=None, ge=0)
    min_power: Number | None = Field(default=None, ge=0)
    max_power: Number | None = Field(default=None, ge=0)
    min_duration: int | None = Field(default=None, ge=0)
    max_duration: int | None = Field(default=None, ge=0)
    day_of_week: list[DayOfWeek] = Field(default_factory=list)
    reservation: ReservationRestriction | None = None


class ElementIn(_Strict):
    price_components: list[PriceComponentIn] = Field(min_length=1)
    restrictions: RestrictionsIn | None = None


class DisplayTextIn(_Strict):
    language: str
    text: str


class TariffIn(_Strict):
    # Required by OCPI but not by pricing; test vectors and hand-written tariffs leave them out.
    country_code: str = Field(default="", max_length=2)
    party_id: str = Field(default="", max_length=3)
    id: str = Field(min_length=1, max_length=36)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    type: TariffType | None = None
    tariff_alt_text: list[DisplayTextIn] = Field(default_factory=list)
    tariff_alt_url: str | None = None
    min_price: PriceIn | None = None
    max_price: PriceIn | None = None
    elements: list[ElementIn] = Field(min_length=1)
    start_date_time: DateTime | None = None
    end_date_time: DateTime | None = None
    energy_mix: dict[str, Any] | None = None
    last_updated: DateTime | None = None


class DimensionIn(_Strict):
    type: CdrDimension
    volume: Number


class PeriodIn(_Strict):
    start_date_time: DateTime
    dimensions: list[DimensionIn] = Field(min_length=1)
    tariff_id: str | None = None

    @field_validator("dimensions")
    @classmethod
    def _one_volume_per_type(cls, dimensions: list[DimensionIn]) -> list[DimensionIn]:
        # Two volumes of one type: which one the CPO meant is unknown (a dict kept the last).
        seen: dict[CdrDimension, int] = {}
        for i, d in enumerate(dimensions):
            if d.type in seen:
                raise ValueError(
                    f"{d.type.value} is given twice (dimensions {seen[d.type]} and {i})"
                )
            seen[d.type] = i
        return dimensions


class LocationIn(_Loose):
    country: str | None = None


class TokenIn(_Loose):
    type: str | None = None


class CdrIn(_Loose):
    start_date_time: DateTime
    end_date_time: DateTime
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    tariffs: list[TariffIn] = Field(default_factory=list)
    charging_periods: list[PeriodIn] = Field(min_length=1)
    cdr_location: LocationIn | None = None
    cdr_token: TokenIn | None = None


def _minutes(hh_mm: str | None) -> int | None:
    if hh_mm is None:
        return None
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def _utc(moment: datetime, warnings: list[str]) -> datetime:
    """OCPI DateTimes are UTC ("Z" or no zone). An offset is not conformant: it is converted,
    and the answer warns about it."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    offset = moment.utcoffset()
    if offset and NON_UTC not in warnings:
        warnings.append(NON_UTC)
    return moment.astimezone(UTC)


def _price(p: PriceIn | None) -> Price | None:
    return None if p is None else Price(p.excl_vat, p.incl_vat)


def _restrictions(r: RestrictionsIn | None) -> Restrictions | None:
    if r is None:
        return None
    return Restrictions(
        start_time_min=_minutes(r.start_time),
        end_time_min=_minutes(r.end_time),
        start_date=r.start_date,
        end_date=r.end_date,
        min_kwh=r.min_kwh,
        max_kwh=r.max_kwh,
        min_current_a=r.min_current,
        max_current_a=r.max_current,
        min_power_kw=r.min_power,
        max_power_kw=r.max_power,
        min_duration_s=r.min_duration,
        max_duration_s=r.max_duration,
        day_of_week=frozenset(r.day_of_week),
        reservation=r.reservation,
    )


def to_tariff(t: TariffIn, warnings: list[str] | None = None) -> OcpiTariff:
    notes = warnings if warnings is not None else []
    return OcpiTariff(
        country_code=t.country_code,
        party_id=t.party_id,
        id=t.id,
        currency=t.currency,
        type=t.type,
        elements=tuple(
            TariffElement(
                tuple(
                    PriceComponent(c.type, c.price, c.vat, c.step_size) for c in e.price_components
                ),
                _restrictions(e.restrictions),
            )
            for e in t.elements
        ),
        last_updated=_utc(t.last_updated, notes) if t.last_updated else None,
        tariff_alt_text=tuple(DisplayText(x.language, x.text) for x in t.tariff_alt_text),
        tariff_alt_url=t.tariff_alt_url,
        min_price=_price(t.min_price),
        max_price=_price(t.max_price),
        start_date_time=_utc(t.start_date_time, notes) if t.start_date_time else None,
        end_date_time=_utc(t.end_date_time, notes) if t.end_date_time else None,
        energy_mix=t.energy_mix,
    )


def to_cdr(c: CdrIn) -> Cdr:
    warnings: list[str] = []
    periods = tuple(
        ChargingPeriod(
            _utc(p.start_date_time, warnings),
            {d.type: d.volume for d in p.dimensions},
            p.tariff_id,
        )
        for p in c.charging_periods
    )
    return Cdr(
        start_date_time=_utc(c.start_date_time, warnings),
        end_date_time=_utc(c.end_date_time, warnings),
        currency=c.currency,
        charging_periods=periods,
        tariffs=tuple(to_tariff(t, warnings) for t in c.tariffs),
        country=c.cdr_location.country if c.cdr_location else None,
        token_type=c.cdr_token.type if c.cdr_token else None,
        warnings=tuple(warnings),
    )


def _problems(error: ValidationError, what: str) -> InvalidInput:
    """The first problem, named by its JSON pointer in {"tariff": ..., "cdr": ...}."""
    first = error.errors()[0]
    pointer = "/".join((f"/{what}", *(_token(part) for part in first["loc"])))
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    message = first["msg"].removeprefix("Value error, ")
    return InvalidInput(f"{pointer}: {message}{more}", pointer=pointer)


def _token(part: object) -> str:
    # A location can be a key of the input (an unknown field): escaped as RFC 6901 says, cut
    # short, and without control characters, so a message stays one safe line.
    text = str(part)[:60].replace("~", "~0").replace("/", "~1")
    return "".join(c if c.isprintable() else "?" for c in text)


def parse_tariff(data: object) -> OcpiTariff:
    """Also refuses what core/ocpi/checks.py refuses in a tariff (InvalidInput)."""
    try:
        tariff = to_tariff(TariffIn.model_validate(data))
    except ValidationError as error:
        raise _problems(error, "tariff") from error
    check_tariff(tariff)
    return tariff


def parse_cdr(data: object) -> Cdr:
    try:
        return to_cdr(CdrIn.model_validate(data))
    except ValidationError as error:
        raise _problems(error, "cdr") from error


def _num(value: Decimal) -> float | int:
    # Shortest-repr floats read back (via repr) as the same Decimal: no precision is lost.
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _hh_mm(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _restrictions_doc(r: Restrictions) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "start_time": _hh_mm(r.start_time_min),
        "end_time": _hh_mm(r.end_time_min),
        "start_date": r.start_date.isoformat() if r.start_date else None,
        "end_date": r.end_date.isoformat() if r.end_date else None,
        "min_kwh": r.min_kwh, "max_kwh": r.max_kwh,
        "min_current": r.min_current_a, "max_current": r.max_current_a,
        "min_power": r.min_power_kw, "max_power": r.max_power_kw,
        "min_duration": r.min_duration_s, "max_duration": r.max_duration_s,
        "day_of_week": [d.value for d in DayOfWeek if d in r.day_of_week] or None,
        "reservation": r.reservation.value if r.reservation else None,
    }  # fmt: skip
    return {k: (_num(v) if isinstance(v, Decimal) else v) for k, v in doc.items() if v is not None}


def dump_tariff(t: OcpiTariff) -> dict[str, Any]:
    """An OCPI 2.2.1 Tariff object; fields that are absent stay absent (vat omitted != 0)."""
    doc: dict[str, Any] = {
        "country_code": t.country_code or None,
        "party_id": t.party_id or None,
        "id": t.id,
        "currency": t.currency,
        "type": t.type.value if t.type else None,
        "tariff_alt_text": [{"language": x.language, "text": x.text} for x in t.tariff_alt_text]
        or None,
        "tariff_alt_url": t.tariff_alt_url,
        "min_price": _price_doc(t.min_price),
        "max_price": _price_doc(t.max_price),
        "elements": [_element_doc(e) for e in t.elements],
        "start_date_time": _time(t.start_date_time) if t.start_date_time else None,
        "end_date_time": _time(t.end_date_time) if t.end_date_time else None,
        "energy_mix": t.energy_mix,
        "last_updated": _time(t.last_updated) if t.last_updated else None,
    }
    return {k: v for k, v in doc.items() if v is not None}


def _price_doc(p: Price | None) -> dict[str, Any] | None:
    if p is None:
        return None
    doc: dict[str, Any] = {"excl_vat": _num(p.excl_vat)}
    if p.incl_vat is not None:
        doc["incl_vat"] = _num(p.incl_vat)
    return doc


def _element_doc(e: TariffElement) -> dict[str, Any]:
    components = []
    for c in e.price_components:
        component: dict[str, Any] = {"type": c.type.value, "price": _num(c.price)}
        if c.vat is not None:
            component["vat"] = _num(c.vat)
        component["step_size"] = c.step_size
        components.append(component)
    doc: dict[str, Any] = {"price_components": components}
    if e.restrictions is not None:
        doc["restrictions"] = _restrictions_doc(e.restrictions)
    return doc
