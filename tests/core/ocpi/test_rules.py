"""One hand-checked case per OCPI 2.2.1 pricing rule (reference ocpi-2.2.1-tariffs.md §3-§5, §9).

Each row builds its own CDR: periods split wherever the reference says a CPO must start a new
one (a price change, a current or power change, charging -> parking). Each row's comment shows
the arithmetic that was checked by hand. Spec tariffs are read from
../shared/data/ocpi/spec-examples (CC BY-ND, never copied); variants are written inline. Money
is compared exactly, or at `places` decimals (ROUND_HALF_UP) where a billed quantity in hours
has no finite decimal form (7 min = 0.11666... h).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from evcharge.codecs.ocpi_json import parse_cdr, parse_tariff
from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.ocpi.pricing import CdrPrice, Money, price_cdr, select_tariff
from tests.conftest import shared_path

SPEC_EXAMPLES = ("data", "ocpi", "spec-examples")
MINUTES_PER_HOUR = Decimal(60)
QUANTITY = Decimal("1e-9")  # quantities (kWh, h) are compared at 9 decimals


# --- builders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One charging period of a CDR: its length and its dimensions."""

    seconds: int
    dimensions: tuple[tuple[str, Decimal], ...]


def h(minutes: int | str) -> Decimal:
    """Minutes as hours, the unit of TIME, PARKING_TIME and RESERVATION_TIME volumes."""
    return Decimal(minutes) / MINUTES_PER_HOUR


def charge(
    minutes: int | str,
    kwh: str | None = None,
    *,
    seconds: int = 0,
    amps: str | tuple[str, str] | None = None,
    kw: str | None = None,
) -> Segment:
    """Charging: TIME, and ENERGY / MIN_ and MAX_CURRENT / MIN_ and MAX_POWER when given.
    A single `amps` or `kw` value is both the period's minimum and maximum."""
    length = int(Decimal(minutes) * 60) + seconds
    dims: list[tuple[str, Decimal]] = [("TIME", Decimal(length) / 3600)]
    if kwh is not None:
        dims.append(("ENERGY", Decimal(kwh)))
    for name, value in (("CURRENT", amps), ("POWER", kw)):
        if value is not None:
            low, high = value if isinstance(value, tuple) else (value, value)
            dims += [(f"MIN_{name}", Decimal(low)), (f"MAX_{name}", Decimal(high))]
    return Segment(length, tuple(dims))


def park(minutes: int) -> Segment:
    return Segment(minutes * 60, (("PARKING_TIME", h(minutes)),))


def reserve(minutes: int) -> Segment:
    return Segment(minutes * 60, (("RESERVATION_TIME", h(minutes)),))


def session(start: str, *segments: Segment) -> dict[str, Any]:
    """An OCPI CDR (the parts pricing reads); each segment starts where the previous ends."""
    at = datetime.fromisoformat(start)
    periods = []
    for segment in segments:
        periods.append(
            {
                "start_date_time": _iso(at),
                "dimensions": [{"type": t, "volume": v} for t, v in segment.dimensions],
            }
        )
        at += timedelta(seconds=segment.seconds)
    return {
        "start_date_time": start,
        "end_date_time": _iso(at),
        "currency": "EUR",
        "charging_periods": periods,
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pc(kind: str, price: float, step: int = 1, vat: float | None = None) -> dict[str, Any]:
    component: dict[str, Any] = {"type": kind, "price": price, "step_size": step}
    if vat is not None:
        component["vat"] = vat
    return component


def el(*components: dict[str, Any], **restrictions: Any) -> dict[str, Any]:
    element: dict[str, Any] = {"price_components": list(components)}
    if restrictions:
        element["restrictions"] = restrictions
    return element


def tariff(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"id": "inline", "currency": "EUR", "elements": list(elements)}


def spec_tariff(name: str) -> OcpiTariff:
    """A spec example tariff; for cdr_example.json, the tariff the CDR embeds."""
    doc = json.loads(shared_path(*SPEC_EXAMPLES, name).read_text())
    return parse_tariff(doc["tariffs"][0] if "tariffs" in doc else doc)


# --- the table ------------------------------------------------------------------------------

Pair = tuple[str, str]  # (excl_vat, incl_vat)
LineSpec = tuple[int, str, int, Decimal | str]  # (period, tariff dimension, element, quantity)


@dataclass(frozen=True)
class Case:
    id: str
    tariff: str | dict[str, Any]  # a spec example file, or an inline OCPI tariff
    cdr: dict[str, Any]
    total: Pair
    parts: dict[str, Pair] = field(default_factory=dict)  # "energy" -> total_energy_cost, ...
    lines: tuple[LineSpec, ...] = ()  # every priced line, when given
    limits: tuple[tuple[str, str], ...] = ()  # (rule, applies_to) of min/max_price clamps
    places: int | None = None  # None: exact
    zone: str = "UTC"


MON = "2024-01-01T"  # a Monday
SAT = "2024-01-06T"  # a Saturday

TARIFF_14_NOTE = "tariff_14_step_size.json"
TIME_5_7 = tariff(
    el(pc("TIME", 7.00, 600), start_time="17:00", end_time="00:00"),
    el(pc("TIME", 5.00, 600)),
)

CASES = [
    # ---- §4: the spec's worked examples -------------------------------------------------------
    # 20 kWh x 0.25 = 5.00; x 1.10 = 5.50.
    Case(
        "tariff_8-20kWh",
        "tariff_8_simple_025kwh.json",
        session(MON + "10:00:00Z", charge(120, "20")),
        ("5.00", "5.50"),
        lines=((0, "ENERGY", 0, "20"),),
    ),
    # FLAT 0.50 (x 1.20 = 0.60) + 20 x 0.25 = 5.00 (x 1.10 = 5.50) -> 5.50 / 6.10.
    Case(
        "tariff_9-start_fee-20kWh",
        "tariff_9_025kwh_start.json",
        session(MON + "10:00:00Z", charge(120, "20")),
        ("5.50", "6.10"),
        parts={"fixed": ("0.50", "0.60"), "energy": ("5.00", "5.50")},
        lines=((0, "FLAT", 0, "1"), (0, "ENERGY", 0, "20")),
    ),
    # 20 x 0.25 = 5.00 / 5.50, above min_price 0.50 / 0.55: no clamp.
    Case(
        "tariff_12-min_price-20kWh",
        "tariff_12_025kwh_min_price.json",
        session(MON + "10:00:00Z", charge(120, "20")),
        ("5.00", "5.50"),
    ),
    # 1.2 x 0.25 = 0.30 (x 1.10 = 0.33) < min_price -> 0.50 / 0.55, each bound on its own.
    Case(
        "tariff_12-min_price-below_2kWh",
        "tariff_12_025kwh_min_price.json",
        session(MON + "10:00:00Z", charge(15, "1.2")),
        ("0.50", "0.55"),
        parts={"energy": ("0.30", "0.33")},
        limits=(("min_price", "excl_vat"), ("min_price", "incl_vat")),
    ),
    # FLAT 0.50/0.60 + 20 kWh 5.00/5.50 + parking 40 min -> 45 min (step 900 s) = 0.75 h x 2.00
    # = 1.50 (x 1.20 = 1.80) -> 7.00 / 7.90.
    Case(
        "tariff_10-parking_step_900",
        "tariff_10_025kwh_parking_start.json",
        session(MON + "10:00:00Z", charge(120, "20"), park(40)),
        ("7.00", "7.90"),
        parts={"parking": ("1.50", "1.80")},
        lines=((0, "FLAT", 0, "1"), (0, "ENERGY", 0, "20"), (1, "PARKING_TIME", 0, "0.75")),
    ),
    # Before the tariff's end date. 0.50 + 50 x 0.25 = 13.00 excl, 0.60 + 13.75 = 14.35 incl
    # -> max_price clamps to 10.00 / 11.00.
    Case(
        "tariff_6-max_price-50kWh",
        "tariff_6_025kwh_start_max_price.json",
        session("2019-06-01T10:00:00Z", charge(300, "50")),
        ("10.00", "11.00"),
        limits=(("max_price", "excl_vat"), ("max_price", "incl_vat")),
    ),
    # 0.50 + 30 x 0.25 = 8.00; 0.60 + 7.50 x 1.10 = 0.60 + 8.25 = 8.85: below max_price.
    Case(
        "tariff_6-max_price-30kWh",
        "tariff_6_025kwh_start_max_price.json",
        session("2019-06-01T10:00:00Z", charge(180, "30")),
        ("8.00", "8.85"),
    ),
    # 2.5 h x 2.00 = 5.00; x 1.10 = 5.50 (9000 s is a whole number of 60 s steps).
    Case(
        "tariff_1-time-2.5h",
        "tariff_1_simple_2hour.json",
        session(MON + "10:00:00Z", charge(150)),
        ("5.00", "5.50"),
        lines=((0, "TIME", 0, "2.5"),),
    ),
    # TIME 2.5 h x 3.00 = 7.50 (8.25); parking 42 min -> 45 (step 300) = 0.75 x 5.00 = 3.75
    # (x 1.20 = 4.50) -> 11.25 / 12.75.
    Case(
        "tariff_13-time_and_parking",
        "tariff_13_simple_3hour_5parking.json",
        session(MON + "10:00:00Z", charge(150), park(42)),
        ("11.25", "12.75"),
        parts={"time": ("7.50", "8.25"), "parking": ("3.75", "4.50")},
        lines=((0, "TIME", 0, "2.5"), (1, "PARKING_TIME", 0, "0.75")),
    ),
    # 2.5 h x 1.90 = 4.75; x 1.052 = 4.997 exactly (the spec prints 5.00).
    Case(
        "tariff_2-time-vat_5.2",
        "tariff_2_alt_text.json",
        session(MON + "10:00:00Z", charge(150)),
        ("4.75", "4.997"),
    ),
    # 20.45 kWh -> 20.5 (step 100 Wh) x 0.25 = 5.125 (x 1.10 = 5.6375) + FLAT 0.50 (0.60)
    # = 5.625 / 6.2375 (the spec prints 5.63 / 6.24).
    Case(
        "tariff_3-energy_step_100Wh",
        "tariff_3_alt_url.json",
        session(MON + "10:00:00Z", charge(120, "20.45")),
        ("5.625", "6.2375"),
        lines=((0, "FLAT", 0, "1"), (0, "ENERGY", 0, "20.5")),
    ),
    # Monday 09:30, 16 A -> element 1 (max_current 32): 2.75 h x 1.00 = 2.75 (x 1.20 = 3.30);
    # parking from 12:15, weekday 09-18 -> element 4: 42 -> 45 min = 0.75 x 5.00 = 3.75
    # (x 1.10 = 4.125); FLAT 2.50 (x 1.15 = 2.875) -> 9.00 / 10.30.
    Case(
        "tariff_4-complex-monday",
        "tariff_4_complex.json",
        session(MON + "09:30:00Z", charge(165, "11", amps="16"), park(42)),
        ("9.00", "10.30"),
        parts={
            "fixed": ("2.50", "2.875"),
            "time": ("2.75", "3.30"),
            "parking": ("3.75", "4.125"),
        },
        lines=((0, "FLAT", 0, "1"), (0, "TIME", 1, "2.75"), (1, "PARKING_TIME", 4, "0.75")),
    ),
    # Erratum ocpi#579. Saturday 13:30, 43 A: element 1 (max 32) off, element 2 weekdays off,
    # element 3 (weekend, min 32): 1.9 h x 1.25 = 2.375 (x 1.20 = 2.85), not rounded since parking
    # is billed; parking 15:24, Sat 10-17 -> element 5: 71 -> 75 min = 1.25 h x 6.00 = 7.50
    # (x 1.10 = 8.25); FLAT 2.50 / 2.875 -> 12.375 / 13.975.
    Case(
        "tariff_4-complex-saturday-erratum",
        "tariff_4_complex.json",
        session(SAT + "13:30:00Z", charge(114, "30", amps="43"), park(71)),
        ("12.375", "13.975"),
        parts={"time": ("2.375", "2.85"), "parking": ("7.50", "8.25")},
        lines=((0, "FLAT", 0, "1"), (0, "TIME", 3, "1.9"), (1, "PARKING_TIME", 5, "1.25")),
    ),
    # No VAT anywhere (incl = excl). 16:55-17:00 5 min x 1.20 = 0.10; 17:00-17:05 5 min x 2.40
    # = 0.20; parking 2 min -> 15 min (step 900) x 1.00 = 0.25; TIME not rounded -> 0.55.
    Case(
        "tariff_14-step-example_1",
        TARIFF_14_NOTE,
        session(MON + "16:55:00Z", charge(5), charge(5), park(2)),
        ("0.55", "0.55"),
        lines=((0, "TIME", 0, h(5)), (1, "TIME", 1, h(5)), (2, "PARKING_TIME", 1, "0.25")),
        places=4,
    ),
    # 16:35-17:00 25 min x 1.20 = 0.50; 17:00-17:10 10 min, total 35 -> 45 min with the last
    # step (900 s), so 20 min x 2.40 = 0.80 -> 1.30.
    Case(
        "tariff_14-step-example_2",
        TARIFF_14_NOTE,
        session(MON + "16:35:00Z", charge(25), charge(10)),
        ("1.30", "1.30"),
        lines=((0, "TIME", 0, h(25)), (1, "TIME", 1, h(20))),
        places=4,
    ),
    # Erratum a57ecb6. 19:40-19:52 12 min x 2.40 = 0.48; parking 19:52-20:00 (element 1, 1.00)
    # 8 billable min -> 15 (step 900) = 0.25; parking after 20:00 has no component (free, not
    # billable, not rounded) -> 0.73.
    Case(
        "tariff_14-step-example_3-switch_to_free",
        TARIFF_14_NOTE,
        session(MON + "19:40:00Z", charge(12), park(8), park(12)),
        ("0.73", "0.73"),
        lines=((0, "TIME", 1, "0.2"), (1, "PARKING_TIME", 1, "0.25")),
    ),
    # 1 kWh @ 6 kW -> 0.20; 40 kWh @ 48 kW -> fallback 0.50 = 20.00; 0.5 kWh @ 4 kW -> 0.10
    # = 20.30; x 1.20 = 24.36.
    Case(
        "max_power-example",
        "tariffrestriction_example_max_power.json",
        session(
            MON + "10:00:00Z",
            charge(10, "1", kw="6"),
            charge(50, "40", kw="48"),
            charge("7.5", "0.5", kw="4"),
        ),
        ("20.30", "24.36"),
        lines=((0, "ENERGY", 0, "1"), (1, "ENERGY", 2, "40"), (2, "ENERGY", 0, "0.5")),
    ),
    # 5 kWh in the first 30 min x 0.00; the period at t = 1800 s is out of max_duration 1800
    # (exclusive), in max 3600: 1.2 x 0.25 = 0.30; x 1.20 = 0.36.
    Case(
        "max_duration-example",
        "tariffrestriction_example_max_duration.json",
        session(MON + "10:00:00Z", charge(30, "5"), charge(10, "1.2")),
        ("0.30", "0.36"),
        lines=((0, "ENERGY", 0, "5"), (1, "ENERGY", 1, "1.2")),
    ),
    # Reserved 15 min x 5.00 = 1.25 (x 1.20 = 1.50); FLAT 0.50 / 0.60; 20 kWh 5.00 / 5.50
    # -> 6.75 / 7.60.
    Case(
        "tariff_15-reservation",
        "tariff_15_reservation_5_euro_per_hour.json",
        session(MON + "10:00:00Z", reserve(15), charge(120, "20")),
        ("6.75", "7.60"),
        parts={"reservation": ("1.25", "1.50"), "fixed": ("0.50", "0.60"), "time": ("0", "0")},
        lines=((0, "TIME", 0, "0.25"), (1, "FLAT", 1, "1"), (1, "ENERGY", 1, "20")),
    ),
    # Reservation FLAT 2.00 (2.40) + 13 -> 15 min (step 300) x 5.00 = 1.25 (1.50); session FLAT
    # 0.50 (0.60) + 5.00 (5.50) -> 8.75 / 10.00.
    Case(
        "tariff_16-reservation_fee",
        "tariff_16_reservation_2_euro_fee_5_euro_per_hour.json",
        session(MON + "10:00:00Z", reserve(13), charge(120, "20")),
        ("8.75", "10.00"),
        parts={"reservation": ("3.25", "3.90"), "fixed": ("0.50", "0.60")},
        lines=(
            (0, "FLAT", 0, "1"),
            (0, "TIME", 0, "0.25"),
            (1, "FLAT", 1, "1"),
            (1, "ENERGY", 1, "20"),
        ),
    ),
    # Not expired: no 4.00 fee. 22 -> 30 min (step 600) x 2.00 = 1.00 (1.20) + 0.50 (0.60)
    # + 5.00 (5.50) -> 6.50 / 7.30.
    Case(
        "tariff_17-reservation",
        "tariff_17_reservation_with_expire_fee.json",
        session(MON + "10:00:00Z", reserve(22), charge(120, "20")),
        ("6.50", "7.30"),
        parts={"reservation": ("1.00", "1.20")},
        lines=((0, "TIME", 1, "0.5"), (1, "FLAT", 2, "1"), (1, "ENERGY", 2, "20")),
    ),
    # Expired after 60 min without a session: fee 4.00 (4.80) + 1 h x 2.00 = 2.00 (2.40)
    # -> 6.00 / 7.20.
    Case(
        "tariff_17-reservation-expired",
        "tariff_17_reservation_with_expire_fee.json",
        session(MON + "10:00:00Z", reserve(60)),
        ("6.00", "7.20"),
        parts={"reservation": ("6.00", "7.20")},
        lines=((0, "FLAT", 0, "1"), (0, "TIME", 1, "1")),
    ),
    # Not expired: 22 -> 30 min x 3.00 = 1.50 (1.80) + 0.50 (0.60) + 5.00 (5.50) -> 7.00 / 7.90.
    Case(
        "tariff_18-reservation",
        "tariff_18_reservation_with_expire_time.json",
        session(MON + "10:00:00Z", reserve(22), charge(120, "20")),
        ("7.00", "7.90"),
        parts={"reservation": ("1.50", "1.80")},
        lines=((0, "TIME", 1, "0.5"), (1, "FLAT", 2, "1"), (1, "ENERGY", 2, "20")),
    ),
    # Expired after 90 min: the RESERVATION_EXPIRES element's TIME 6.00: 1.5 h = 9.00 (10.80).
    Case(
        "tariff_18-reservation-expired",
        "tariff_18_reservation_with_expire_time.json",
        session(MON + "10:00:00Z", reserve(90)),
        ("9.00", "10.80"),
        parts={"reservation": ("9.00", "10.80")},
        lines=((0, "TIME", 0, "1.5"),),
    ),
    # cdr_example's tariff: 21:39:09-23:37:32 = 7103 s -> 7200 s (step 300) = 2 h x 2.00
    # = 4.00; x 1.10 = 4.40.
    Case(
        "cdr_example-tariff",
        "cdr_example.json",
        session("2015-06-29T21:39:09Z", charge(118, "15.342", seconds=23)),
        ("4.00", "4.40"),
        lines=((0, "TIME", 0, "2"),),
    ),
    # PriceComponent NOTE: 115.2 Wh at 0.25/kWh. Step 1 Wh -> 116 Wh = 0.029.
    Case(
        "note-115.2Wh-step_1",
        tariff(el(pc("ENERGY", 0.25, 1))),
        session(MON + "10:00:00Z", charge(1, "0.1152")),
        ("0.029", "0.029"),
        lines=((0, "ENERGY", 0, "0.116"),),
    ),
    # Step 25 Wh -> 125 Wh = 0.03125.
    Case(
        "note-115.2Wh-step_25",
        tariff(el(pc("ENERGY", 0.25, 25))),
        session(MON + "10:00:00Z", charge(1, "0.1152")),
        ("0.03125", "0.03125"),
        lines=((0, "ENERGY", 0, "0.125"),),
    ),
    # Step 500 Wh -> 500 Wh = 0.125.
    Case(
        "note-115.2Wh-step_500",
        tariff(el(pc("ENERGY", 0.25, 500))),
        session(MON + "10:00:00Z", charge(1, "0.1152")),
        ("0.125", "0.125"),
        lines=((0, "ENERGY", 0, "0.5"),),
    ),
    # mod_cdrs: 4.3 kWh before 17:00 x 0.20 = 0.86; 1.1 after; 5.4 -> 5.5 kWh (step 500 Wh), so
    # 1.2 kWh after 17:00 (not 1.5) x 0.27 = 0.324 -> 1.184.
    Case(
        "mod_cdrs-energy_step_across_17h",
        tariff(
            el(pc("ENERGY", 0.27, 500), start_time="17:00", end_time="00:00"),
            el(pc("ENERGY", 0.20, 500)),
        ),
        session(MON + "16:00:00Z", charge(60, "4.3"), charge(15, "1.1")),
        ("1.184", "1.184"),
        lines=((0, "ENERGY", 1, "4.3"), (1, "ENERGY", 0, "1.2")),
    ),
    # mod_cdrs: 6 min before 17:00 x 5.00 = 0.50; 6 + 22 = 28 -> 30 min (step 600), so 24 min
    # after 17:00 x 7.00 = 2.80 -> 3.30.
    Case(
        "mod_cdrs-time_step_across_17h",
        TIME_5_7,
        session(MON + "16:54:00Z", charge(6), charge(22)),
        ("3.30", "3.30"),
        lines=((0, "TIME", 1, "0.1"), (1, "TIME", 0, "0.4")),
    ),
    # mod_cdrs: 21 min charging x 1.00 = 0.35 (not rounded: parking follows); parking 16 -> 20
    # min (step 600) x 2.00 = 0.666667 -> 1.016667.
    Case(
        "mod_cdrs-charge_then_park_step_10min",
        tariff(el(pc("TIME", 1.00, 600), pc("PARKING_TIME", 2.00, 600))),
        session(MON + "10:00:00Z", charge(21), park(16)),
        ("1.016667", "1.016667"),
        lines=((0, "TIME", 0, "0.35"), (1, "PARKING_TIME", 0, h(20))),
        places=6,
    ),
    # mod_cdrs (no prices in the spec; 1.20 and 2.40 chosen): step 5 min, 21 min charging stays
    # 21 min = 0.42; 7 min parking -> 10 min x 2.40 = 0.40 -> 0.82.
    Case(
        "mod_cdrs-charge_then_park_step_5min",
        tariff(el(pc("TIME", 1.20, 300), pc("PARKING_TIME", 2.40, 300))),
        session(MON + "10:00:00Z", charge(21), park(7)),
        ("0.82", "0.82"),
        lines=((0, "TIME", 0, "0.35"), (1, "PARKING_TIME", 0, h(10))),
        places=4,
    ),
    # §5.8: TIME and PARKING both step 15 min, 2 + 2 min -> 2 min charging (0.04) + 15 min
    # parking (0.25 x 2.40 = 0.60), not 15 + 15 -> 0.64.
    Case(
        "time_not_rounded_when_parking_billed",
        tariff(el(pc("TIME", 1.20, 900), pc("PARKING_TIME", 2.40, 900))),
        session(MON + "10:00:00Z", charge(2), park(2)),
        ("0.64", "0.64"),
        lines=((0, "TIME", 0, h(2)), (1, "PARKING_TIME", 0, "0.25")),
        places=4,
    ),
    # Free of charge: one FLAT 0.00 with step 0 -> 0 / 0 whatever the session.
    Case(
        "tariff_5-free_of_charge",
        "tariff_5_free_of_charge.json",
        session(MON + "10:00:00Z", charge(60, "10"), park(30)),
        ("0", "0"),
        lines=((0, "FLAT", 0, "1"),),
    ),
    # ocpi#494: 3 kWh x 2 + 3 kWh x 5 + 3 kWh x 2; 9 -> 10 kWh (step 10000 Wh of the last
    # element), the extra 1 kWh at the last price 2: 6 + 15 + 8 = 29.
    Case(
        "ocpi_494-energy_step_across_elements",
        tariff(
            el(pc("ENERGY", 2, 10000), max_kwh=3),
            el(pc("ENERGY", 5, 10000), min_kwh=3, max_kwh=6),
            el(pc("ENERGY", 2, 10000), min_kwh=6),
        ),
        session(MON + "10:00:00Z", charge(20, "3"), charge(20, "3"), charge(20, "3")),
        ("29", "29"),
        lines=((0, "ENERGY", 0, "3"), (1, "ENERGY", 1, "3"), (2, "ENERGY", 2, "4")),
    ),
    # ---- restriction corners ----------------------------------------------------------------
    # end_time 00:00 is the end of the day: 23:30 is inside 20:00-00:00 -> 5 x 0.40 = 2.00;
    # at 00:00 the window is over -> 5 x 0.20 = 1.00 -> 3.00.
    Case(
        "end_time_0000_is_end_of_day",
        tariff(
            el(pc("ENERGY", 0.40), start_time="20:00", end_time="00:00"),
            el(pc("ENERGY", 0.20)),
        ),
        session(MON + "23:30:00Z", charge(30, "5"), charge(30, "5")),
        ("3.00", "3.00"),
        lines=((0, "ENERGY", 0, "5"), (1, "ENERGY", 1, "5")),
    ),
    # 22:00-06:00 wraps midnight: 21:30 0.5 h x 2.00 = 1.00; 22:00 2 h x 1.00 = 2.00; 00:00
    # (after midnight, still inside) 6 h x 1.00 = 6.00; 06:00 (end exclusive) 0.5 h x 2.00
    # = 1.00 -> 10.00.
    Case(
        "time_window_wraps_midnight",
        tariff(
            el(pc("TIME", 1.00), start_time="22:00", end_time="06:00"),
            el(pc("TIME", 2.00)),
        ),
        session(MON + "21:30:00Z", charge(30), charge(120), charge(360), charge(30)),
        ("10.00", "10.00"),
        lines=(
            (0, "TIME", 1, "0.5"),
            (1, "TIME", 0, "2"),
            (2, "TIME", 0, "6"),
            (3, "TIME", 1, "0.5"),
        ),
    ),
    # Sunday 2024-01-07 23:30 UTC is Monday 00:30 in Berlin (CET, UTC+1): the MONDAY element
    # applies -> 10 kWh x 0.30 = 3.00.
    Case(
        "day_of_week_in_location_time_zone",
        tariff(el(pc("ENERGY", 0.30), day_of_week=["MONDAY"]), el(pc("ENERGY", 0.10))),
        session("2024-01-07T23:30:00Z", charge(60, "10")),
        ("3.00", "3.00"),
        lines=((0, "ENERGY", 0, "10"),),
        zone="Europe/Berlin",
    ),
    # The same instant in UTC is Sunday: fallback -> 10 x 0.10 = 1.00.
    Case(
        "day_of_week_same_instant_in_utc",
        tariff(el(pc("ENERGY", 0.30), day_of_week=["MONDAY"]), el(pc("ENERGY", 0.10))),
        session("2024-01-07T23:30:00Z", charge(60, "10")),
        ("1.00", "1.00"),
        lines=((0, "ENERGY", 1, "10"),),
    ),
    # Promotion [2024-03-01, 2024-03-02): Feb 29 23:30 1 kWh x 0.20 = 0.20; Mar 1 00:00
    # (start inclusive) 2 x 0.50 = 1.00; Mar 2 00:00 (end exclusive) 4 x 0.20 = 0.80 -> 2.00.
    Case(
        "start_date_inclusive_end_date_exclusive",
        tariff(
            el(pc("ENERGY", 0.50), start_date="2024-03-01", end_date="2024-03-02"),
            el(pc("ENERGY", 0.20)),
        ),
        session("2024-02-29T23:30:00Z", charge(30, "1"), charge(1440, "2"), charge(30, "4")),
        ("2.00", "2.00"),
        lines=((0, "ENERGY", 1, "1"), (1, "ENERGY", 0, "2"), (2, "ENERGY", 1, "4")),
    ),
    # Energy *before* the period: 0 kWh before -> max 5 -> 5 x 0.10 = 0.50; 5 before -> max 5
    # exclusive, min 5 inclusive -> 5 x 0.30 = 1.50; 10 before -> max 10 exclusive -> fallback
    # 2 x 0.50 = 1.00 -> 3.00.
    Case(
        "min_kwh_inclusive_max_kwh_exclusive",
        tariff(
            el(pc("ENERGY", 0.10), max_kwh=5),
            el(pc("ENERGY", 0.30), min_kwh=5, max_kwh=10),
            el(pc("ENERGY", 0.50)),
        ),
        session(MON + "10:00:00Z", charge(30, "5"), charge(30, "5"), charge(10, "2")),
        ("3.00", "3.00"),
        lines=((0, "ENERGY", 0, "5"), (1, "ENERGY", 1, "5"), (2, "ENERGY", 2, "2")),
    ),
    # Duration from the *session* start: charging 45 min x 1.00 = 0.75; parking at t = 2700 s
    # (< max 3600) free for 15 min; parking at t = 3600 s exactly: max exclusive, min inclusive
    # -> 30 min x 2.00 = 1.00 -> 1.75. (Counted from the parking start it would still be free.)
    Case(
        "min_max_duration_from_session_start",
        tariff(
            el(pc("PARKING_TIME", 0.00), max_duration=3600),
            el(pc("PARKING_TIME", 2.00), min_duration=3600),
            el(pc("TIME", 1.00), pc("PARKING_TIME", 9.00)),
        ),
        session(MON + "10:00:00Z", charge(45), park(15), park(30)),
        ("1.75", "1.75"),
        lines=(
            (0, "TIME", 2, "0.75"),
            (1, "PARKING_TIME", 0, "0.25"),
            (2, "PARKING_TIME", 1, "0.5"),
        ),
    ),
    # 6-min periods: 11 kW (min 11 inclusive, < 22) 1.1 kWh x 0.30 = 0.33; 22 kW (max 22
    # exclusive, min 22 inclusive) 2.2 x 0.50 = 1.10; 10.9 kW -> fallback 1.09 x 0.10 = 0.109
    # -> 1.539.
    Case(
        "min_power_inclusive_max_power_exclusive",
        tariff(
            el(pc("ENERGY", 0.30), min_power=11, max_power=22),
            el(pc("ENERGY", 0.50), min_power=22),
            el(pc("ENERGY", 0.10)),
        ),
        session(
            MON + "10:00:00Z",
            charge(6, "1.1", kw="11"),
            charge(6, "2.2", kw="22"),
            charge(6, "1.09", kw="10.9"),
        ),
        ("1.539", "1.539"),
        lines=((0, "ENERGY", 0, "1.1"), (1, "ENERGY", 1, "2.2"), (2, "ENERGY", 2, "1.09")),
    ),
    # 1 h each: 16 A -> [16, 32) 1.00; 32 A -> max exclusive, min 32 inclusive 2.00; 15.9 A ->
    # fallback 0.50; MIN 10 / MAX 20 A -> min_current is checked against MIN_CURRENT (10 < 16)
    # -> fallback 0.50 -> 4.00.
    Case(
        "min_current_inclusive_max_current_exclusive",
        tariff(
            el(pc("TIME", 1.00), min_current=16, max_current=32),
            el(pc("TIME", 2.00), min_current=32),
            el(pc("TIME", 0.50)),
        ),
        session(
            MON + "10:00:00Z",
            charge(60, amps="16"),
            charge(60, amps="32"),
            charge(60, amps="15.9"),
            charge(60, amps=("10", "20")),
        ),
        ("4.00", "4.00"),
        lines=((0, "TIME", 0, "1"), (1, "TIME", 1, "1"), (2, "TIME", 2, "1"), (3, "TIME", 2, "1")),
    ),
    # Element 0 matches (min_kwh 0) but has no ENERGY: skipped for ENERGY, so 10 kWh x 0.25 =
    # 2.50 from element 1; parking is element 0's: 0.5 h x 2.00 = 1.00 (not 9.00) -> 3.50.
    Case(
        "matching_element_without_dimension_does_not_block",
        tariff(
            el(pc("PARKING_TIME", 2.00), min_kwh=0),
            el(pc("ENERGY", 0.25), pc("PARKING_TIME", 9.00)),
        ),
        session(MON + "10:00:00Z", charge(60, "10"), park(30)),
        ("3.50", "3.50"),
        lines=((0, "ENERGY", 1, "10"), (1, "PARKING_TIME", 0, "0.5")),
    ),
]


# --- the tests ------------------------------------------------------------------------------


def load(source: str | dict[str, Any]) -> OcpiTariff:
    return spec_tariff(source) if isinstance(source, str) else parse_tariff(source)


def pair(m: Money, places: int | None) -> tuple[Decimal, Decimal]:
    return _round(m.excl_vat, places), _round(m.incl_vat, places)


def want(p: Pair, places: int | None) -> tuple[Decimal, Decimal]:
    return _round(Decimal(p[0]), places), _round(Decimal(p[1]), places)


def _round(value: Decimal, places: int | None) -> Decimal:
    return value if places is None else value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def priced_lines(result: CdrPrice) -> list[tuple[int, str, int, Decimal]]:
    return sorted(
        (p.index, line.dimension.value, line.choice.element, line.quantity.quantize(QUANTITY))
        for p in result.periods
        for line in p.lines
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(case: Case) -> None:
    result = price_cdr(parse_cdr(case.cdr), load(case.tariff), ZoneInfo(case.zone))

    assert pair(result.total_cost, case.places) == want(case.total, case.places)
    for name, expected in case.parts.items():
        actual = getattr(result, f"total_{name}_cost")
        assert pair(actual, case.places) == want(expected, case.places), name
    if case.lines:
        assert priced_lines(result) == sorted(
            (p, d, e, Decimal(q).quantize(QUANTITY)) for p, d, e, q in case.lines
        )
    assert [(x.rule, x.applies_to) for x in result.limits] == list(case.limits)
    assert result.warnings == []


@pytest.mark.parametrize(("vat", "expected_vat"), [(None, None), (0.0, Decimal(0))])
def test_vat_omitted_and_vat_zero_both_leave_incl_equal_to_excl(
    vat: float | None, expected_vat: Decimal | None
) -> None:
    # 10 kWh x 0.25 = 2.50 either way; only the component says whether VAT applies at all.
    result = price_cdr(
        parse_cdr(session(MON + "10:00:00Z", charge(60, "10"))),
        parse_tariff(tariff(el(pc("ENERGY", 0.25, vat=vat)))),
        ZoneInfo("UTC"),
    )

    [line] = result.periods[0].lines
    assert (line.cost.excl_vat, line.cost.incl_vat) == (Decimal("2.50"), Decimal("2.50"))
    assert line.choice.price_component.vat == expected_vat
    if expected_vat is None:
        assert line.choice.price_component.vat is None
    assert (result.total_cost.excl_vat, result.total_cost.incl_vat) == (
        Decimal("2.50"),
        Decimal("2.50"),
    )


@pytest.mark.parametrize(
    "start",
    [
        "2024-01-01T10:00:00Z",  # years after the end
        "2019-06-30T23:59:59Z",  # exactly at end_date_time, which is exclusive
    ],
)
def test_a_tariff_that_ended_before_the_session_is_not_selected(start: str) -> None:
    # tariff_6 ends 2019-06-30T23:59:59Z: start_date_time <= start < end_date_time fails.
    ended = spec_tariff("tariff_6_025kwh_start_max_price.json")
    cdr = parse_cdr(session(start, charge(60, "10")))

    with pytest.raises(InvalidInput, match="no tariff is valid"):
        select_tariff(cdr, (ended,))
    assert "tariff_not_valid_at_session_start" in price_cdr(cdr, ended, ZoneInfo("UTC")).warnings


def test_a_tariff_is_selected_up_to_one_second_before_its_end() -> None:
    ended = spec_tariff("tariff_6_025kwh_start_max_price.json")
    cdr = parse_cdr(session("2019-06-30T23:59:58Z", charge(60, "10")))

    assert select_tariff(cdr, (ended,)) is ended
