"""What the OCPI engine refuses, and the edges it still prices (core/ocpi/checks.py).

Each refusal names the field by its JSON pointer in {"tariff": ..., "cdr": ...}. The first table
goes through the parsers, as a caller's JSON does; the second builds core values directly, so
the engine refuses them even when no parser ran. Priced rows show their arithmetic.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from evcharge.codecs.ocpi_json import parse_cdr, parse_tariff
from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import (
    Cdr,
    CdrDimension,
    OcpiTariff,
    Price,
    PriceComponent,
    TariffDimension,
    TariffElement,
)
from evcharge.core.ocpi.pricing import price_cdr
from tests.core.ocpi.test_rules import MON, charge, el, park, pc, session, tariff

UTC = ZoneInfo("UTC")
Doc = dict[str, Any]

# 20 kWh in 60 min, then 30 min parked; ENERGY 0.25 and PARKING 2.00/h, no VAT, step 1.
CDR = session(MON + "10:00:00Z", charge(60, "20"), park(30))
TARIFF = tariff(el(pc("ENERGY", 0.25), pc("PARKING_TIME", 2.00)))


@dataclass(frozen=True)
class Refusal:
    id: str
    change: Callable[[Doc, Doc], object]  # (tariff, cdr) -> edits them in place
    pointer: str
    says: str


def dims(cdr: Doc, period: int) -> list[Doc]:
    dimensions: list[Doc] = cdr["charging_periods"][period]["dimensions"]
    return dimensions


def components(t: Doc, element: int) -> list[Doc]:
    found: list[Doc] = t["elements"][element]["price_components"]
    return found


REFUSALS = [
    Refusal("currency differs", lambda t, c: c.update(currency="USD"), "/cdr/currency",
            "not the currency of tariff"),
    Refusal("two ENERGY components in one element",
            lambda t, c: components(t, 0).append(pc("ENERGY", 0.40)),
            "/tariff/elements/0/price_components/2/type", "two ENERGY price components"),
    Refusal("two ENERGY volumes in one period",
            lambda t, c: dims(c, 0).append({"type": "ENERGY", "volume": 5}),
            "/cdr/charging_periods/0/dimensions", "ENERGY is given twice"),
    Refusal("numeric CDR start", lambda t, c: c.update(start_date_time=1704103200),
            "/cdr/start_date_time", "RFC 3339"),
    Refusal("numeric period start",
            lambda t, c: c["charging_periods"][1].update(start_date_time=0),
            "/cdr/charging_periods/1/start_date_time", "RFC 3339"),
    Refusal("digits as a period start",
            lambda t, c: c["charging_periods"][0].update(start_date_time="1704103200"),
            "/cdr/charging_periods/0/start_date_time", "RFC 3339"),
    Refusal("numeric tariff end", lambda t, c: t.update(end_date_time=4102444800),
            "/tariff/end_date_time", "RFC 3339"),
    Refusal("numeric restriction date",
            lambda t, c: t["elements"][0].update(restrictions={"start_date": 0}),
            "/tariff/elements/0/restrictions/start_date", "date text"),
    Refusal("negative TIME", lambda t, c: dims(c, 0)[0].update(volume=-1),
            "/cdr/charging_periods/0/dimensions/0/volume", "TIME volume -1 is negative"),
    Refusal("negative PARKING_TIME", lambda t, c: dims(c, 1)[0].update(volume=-0.5),
            "/cdr/charging_periods/1/dimensions/0/volume", "PARKING_TIME volume -0.5 is negative"),
    Refusal("min_price above max_price",
            lambda t, c: t.update(min_price={"excl_vat": 6}, max_price={"excl_vat": 5}),
            "/tariff/min_price/excl_vat", "greater than max_price.excl_vat"),
    Refusal("min_price above max_price incl VAT",
            lambda t, c: t.update(min_price={"excl_vat": 1, "incl_vat": 9},
                                  max_price={"excl_vat": 8, "incl_vat": 8.5}),
            "/tariff/min_price/incl_vat", "greater than max_price.incl_vat"),
    Refusal("1e308 kWh", lambda t, c: dims(c, 0)[1].update(volume=1e308),
            "/cdr/charging_periods/0/dimensions/1/volume", "outside"),
    Refusal("1e308 per kWh", lambda t, c: components(t, 0)[0].update(price=1e308),
            "/tariff/elements/0/price_components/0/price", "outside"),
    Refusal("a price just over the bound",
            lambda t, c: components(t, 0)[0].update(price=1_000_000.0001),
            "/tariff/elements/0/price_components/0/price", "outside"),
    Refusal("VAT over 100 %", lambda t, c: components(t, 0)[0].update(vat=1e300),
            "/tariff/elements/0/price_components/0/vat", "outside 0..100"),
    Refusal("step of 1e30 Wh", lambda t, c: components(t, 0)[0].update(step_size=10**30),
            "/tariff/elements/0/price_components/0/step_size", "outside 0..1000000"),
    Refusal("a year of parking in one period and more",
            lambda t, c: dims(c, 1)[0].update(volume=8761),
            "/cdr/charging_periods/1/dimensions/0/volume", "outside 0..8760"),
    Refusal("min_price 1e300", lambda t, c: t.update(min_price={"excl_vat": 1e300}),
            "/tariff/min_price/excl_vat", "outside"),
    Refusal("a session in year 2150",
            lambda t, c: c.update(end_date_time="2150-12-31T23:59:59Z"),
            "/cdr/end_date_time", "outside the years 2000..2099"),
    Refusal("a session in year 9999",
            lambda t, c: c.update(end_date_time="9999-12-31T23:59:59Z"),
            "/cdr/end_date_time", "the year must be 1970 to 2999"),
    Refusal("an embedded tariff names its place in the CDR",
            lambda t, c: c.update(tariffs=[copy.deepcopy(t) | {"min_price": {"excl_vat": 9},
                                                                "max_price": {"excl_vat": 1}}]),
            "/cdr/tariffs/0/min_price/excl_vat", "greater than"),
]  # fmt: skip


def priced(t: Doc, c: Doc) -> Any:
    """Price as the service does: the tariff given beside the CDR, else the one it embeds."""
    cdr = parse_cdr(c)
    chosen = cdr.tariffs[0] if cdr.tariffs else parse_tariff(t)
    return price_cdr(cdr, chosen, UTC)


@pytest.mark.parametrize("case", REFUSALS, ids=[r.id for r in REFUSALS])
def test_refused_naming_the_field(case: Refusal) -> None:
    t, c = copy.deepcopy(TARIFF), copy.deepcopy(CDR)
    case.change(t, c)

    with pytest.raises(InvalidInput) as refused:
        priced(t, c)

    assert refused.value.pointer == case.pointer
    assert case.says in refused.value.message
    assert refused.value.message.startswith(case.pointer)  # the CLI shows only the message


# --- the edges that are still priced -----------------------------------------------------------


@dataclass(frozen=True)
class Priced:
    id: str
    change: Callable[[Doc, Doc], object]
    total: str  # excl_vat (no VAT in these tariffs, so incl_vat is the same)
    warnings: tuple[str, ...] = ()


PRICED = [
    # 20 kWh x 0.25 = 5.00; 0.5 h parked x 2.00 = 1.00.
    Priced("as it is", lambda t, c: None, "6.00"),
    # V2G: ENERGY alone may be negative. -4 kWh x 0.25 = -1.00; + 1.00 parking = 0.00.
    Priced("negative ENERGY", lambda t, c: dims(c, 0)[1].update(volume=-4), "0.00"),
    # Zero time is no time: 5.00 of energy, and nothing for 0 h parked.
    Priced("zero PARKING_TIME", lambda t, c: dims(c, 1)[0].update(volume=0), "5.00"),
    # min_price equal to max_price is one price: 6.00 is clamped to 4.00.
    Priced("min_price equal to max_price",
           lambda t, c: t.update(min_price={"excl_vat": 4}, max_price={"excl_vat": 4}), "4.00"),
    # The bound itself is allowed: 20 kWh x 1 000 000 = 20 000 000; + 1.00 parking.
    Priced("a price at the bound", lambda t, c: components(t, 0)[0].update(price=1_000_000),
           "20000001.00"),
    # The same component type in two elements is ordinary: the first active element prices it.
    Priced("ENERGY in two elements",
           lambda t, c: t["elements"].append(el(pc("ENERGY", 9.99))), "6.00"),
    # An offset is not OCPI (UTC only) but says one moment: converted, and the answer warns.
    Priced("an offset timestamp",
           lambda t, c: c.update(start_date_time="2024-01-01T11:00:00+01:00"),
           "6.00", ("non_utc_timestamp",)),
]  # fmt: skip


@pytest.mark.parametrize("case", PRICED, ids=[p.id for p in PRICED])
def test_edges_that_are_priced(case: Priced) -> None:
    t, c = copy.deepcopy(TARIFF), copy.deepcopy(CDR)
    case.change(t, c)

    result = priced(t, c)

    assert result.total_cost.excl_vat == Decimal(case.total)
    assert result.total_cost.incl_vat == Decimal(case.total)
    assert tuple(result.warnings) == case.warnings


# --- core values built without a parser ------------------------------------------------------


def good() -> tuple[Cdr, OcpiTariff]:
    return parse_cdr(CDR), parse_tariff(TARIFF)


def with_volume(cdr: Cdr, period: int, dimension: CdrDimension, volume: str) -> Cdr:
    periods = list(cdr.charging_periods)
    p = periods[period]
    periods[period] = replace(p, dimensions={**p.dimensions, dimension: Decimal(volume)})
    return replace(cdr, charging_periods=tuple(periods))


ENERGY = PriceComponent(TariffDimension.ENERGY, Decimal("0.25"), None, 1)
NAN_ENERGY = replace(ENERGY, price=Decimal("NaN"))
CORE_REFUSALS: list[tuple[str, Callable[[Cdr, OcpiTariff], tuple[Cdr, OcpiTariff]], str]] = [
    ("currency", lambda c, t: (replace(c, currency="GBP"), t), "/cdr/currency"),
    ("negative TIME", lambda c, t: (with_volume(c, 0, CdrDimension.TIME, "-0.01"), t),
     "/cdr/charging_periods/0/dimensions/0/volume"),
    ("negative PARKING_TIME",
     lambda c, t: (with_volume(c, 1, CdrDimension.PARKING_TIME, "-0.01"), t),
     "/cdr/charging_periods/1/dimensions/0/volume"),
    ("negative RESERVATION_TIME",
     lambda c, t: (with_volume(c, 1, CdrDimension.RESERVATION_TIME, "-1"), t),
     "/cdr/charging_periods/1/dimensions/1/volume"),
    ("two ENERGY components",
     lambda c, t: (c, replace(t, elements=(TariffElement((ENERGY, ENERGY)),))),
     "/tariff/elements/0/price_components/1/type"),
    ("min above max",
     lambda c, t: (c, replace(t, min_price=Price(Decimal(2)), max_price=Price(Decimal(1)))),
     "/tariff/min_price/excl_vat"),
    ("a NaN price",
     lambda c, t: (c, replace(t, elements=(TariffElement((NAN_ENERGY,)),))),
     "/tariff/elements/0/price_components/0/price"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "pointer"), [r[1:] for r in CORE_REFUSALS], ids=[r[0] for r in CORE_REFUSALS]
)
def test_the_engine_refuses_without_a_parser(
    change: Callable[[Cdr, OcpiTariff], tuple[Cdr, OcpiTariff]], pointer: str
) -> None:
    cdr, t = change(*good())

    with pytest.raises(InvalidInput) as refused:
        price_cdr(cdr, t, UTC)

    assert refused.value.pointer == pointer
