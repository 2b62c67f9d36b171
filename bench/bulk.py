"""The bulk price engine alone: 100 stations x 200 tariffs, many CPOs and power classes.

Synthetic but shaped like real data: 20 CPOs, each accepting half the EMPs; stations with an AC
point and one or two DC power classes; tariffs with AC/DC and power-class components, some with
blocking fees and time-of-day windows.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from evcharge.core.fx import ExchangeRates
from evcharge.core.network import ChargePointGroup, Company, Station, Tariff
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.tariffs import Dimension, PriceComponent, Restriction, Segment, TariffCore
from evcharge.core.vehicles import Vehicle
from evcharge.importers.curated import load_embedded
from evcharge.services.catalogue import PricingMemos, TariffSet
from evcharge.services.pricing.bulk_engine import BulkQuestion, price_stations

CPOS, EMPS = 20, 40


def _tariff(rng: random.Random, i: int) -> Tariff:
    def price(low: float, high: float) -> Decimal:
        return Decimal(f"{rng.uniform(low, high):.2f}")

    components = [
        PriceComponent(
            (Restriction(energy_type=EnergyType.AC),),
            (Segment(Dimension.KWH, price(0.3, 0.6), billing_increment=0.01),
             Segment(Dimension.MINUTE, Decimal("0.10"), range_gte=240)),
        ),
        PriceComponent(
            (Restriction(energy_type=EnergyType.DC, charge_point_powers_kw=(0, 100),
                         power_is_range=True),),
            (Segment(Dimension.KWH, price(0.4, 0.7), billing_increment=0.01),),
        ),
        PriceComponent(
            (Restriction(energy_type=EnergyType.DC, charge_point_powers_kw=(100.01, 400),
                         power_is_range=True),),
            (Segment(Dimension.KWH, price(0.5, 0.8), time_of_day_start_min=360,
                     time_of_day_end_min=1320),
             Segment(Dimension.KWH, price(0.3, 0.5), time_of_day_start_min=1320,
                     time_of_day_end_min=360),
             Segment(Dimension.MINUTE, Decimal("0.10"), range_gte=90)),
        ),
    ]  # fmt: skip
    if i % 5 == 0:
        components.append(PriceComponent((), (Segment(Dimension.SESSION, price(0.2, 0.5)),)))
    core = TariffCore(f"t{i}", "EUR", tuple(components))
    return Tariff(core, name=f"T{i}", emp_id=f"emp{i % EMPS}", cpo_id=None, url="u")


def _station(rng: random.Random, i: int) -> Station:
    dc = rng.sample([50.0, 150.0, 300.0], k=rng.choice([1, 2]))
    points = [ChargePointGroup(Plug.TYPE2, 22.0, EnergyType.AC, 2)] + [
        ChargePointGroup(Plug.CCS, kw, EnergyType.DC, 4) for kw in dc
    ]
    return Station(f"s{i}", "n", "a", 50.0, 10.0, rng.choice(["DE", "AT", "NL"]),
                   f"cpo{i % CPOS}", tuple(points))  # fmt: skip


def run() -> tuple[float, float, float]:
    """Engine milliseconds of one full bulk request: cold (a new tariff set, nothing memoised),
    the median of the same question repeated (memos kept, as in a server between tariff writes),
    and the median of a new question each time (another car, range and start time; the tariffs
    compiled and their set kept, as in a server)."""
    rng = random.Random(7)
    cars = [v for v in load_embedded() if v.dc_max_power_kw]
    vehicle = next(v for v in cars if v.evdb_vehicle_id == 91002)
    tariffs = [_tariff(rng, i) for i in range(200)]
    stations = [_station(rng, i) for i in range(100)]
    cpos = {
        f"cpo{c}": Company(f"cpo{c}", "c", "u", True, False,
                           supported_emp_ids=frozenset(f"emp{e}" for e in range(c % 2, EMPS, 2)))
        for c in range(CPOS)
    }  # fmt: skip
    rates = ExchangeRates(datetime.date(2026, 10, 30), {"GBP": Decimal("0.85")})
    now = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)

    def once(question: BulkQuestion, tset: TariffSet, memos: PricingMemos) -> float:
        start = time.perf_counter()
        price_stations(question, stations, cpos, tariffs, tset, rates, memos=memos, now_utc=now)
        return (time.perf_counter() - start) * 1000

    same = BulkQuestion(vehicle, (20.0, 80.0), "EUR", 1200, False, None)
    cold = statistics.median(once(same, TariffSet(list(tariffs)), PricingMemos()) for _ in range(5))
    tset, memos = TariffSet(list(tariffs)), PricingMemos()
    once(same, tset, memos)
    warm = statistics.median(once(same, tset, memos) for _ in range(50))
    new = statistics.median(once(new_question(rng, cars), tset, memos) for _ in range(100))
    return cold, warm, new


def new_question(rng: random.Random, cars: list[Vehicle]) -> BulkQuestion:
    """A question unlike the ones before: a random car, battery range, start time, currency."""
    low = rng.randrange(0, 60)
    return BulkQuestion(
        rng.choice(cars),
        (float(low), float(rng.randrange(low + 10, 101))),
        rng.choice(["EUR", "GBP"]),
        rng.randrange(0, 1440),
        False,
        None,
    )
