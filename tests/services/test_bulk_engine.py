"""The bulk engine against a plain per-(station, tariff, charge point) loop on the embedded
network: the vectorised, memoised answer must be the loop's answer, cold and warm."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from evcharge.core.charging import ChargingOptions, simulate
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import Company, Station, Tariff
from evcharge.core.plugs import fits
from evcharge.core.pricing import price_session
from evcharge.core.tariff_selection import TariffFilters, passes_filters, usable_at
from evcharge.core.tariffs import ChargeSituation, applicable_segments
from evcharge.core.vehicles import Vehicle
from evcharge.importers.curated import load_embedded
from evcharge.importers.curated_network_build import load_network
from evcharge.importers.ocpi_json import parse_tariff
from evcharge.services.bulk_engine import BulkQuestion, StationPrice, price_stations
from evcharge.services.memo import BoundedMemo
from evcharge.services.ocpi_import import to_tariff
from evcharge.services.tariff_cache import TariffSet

RATES = ExchangeRates(datetime.date(2026, 10, 30), {"GBP": Decimal("0.85")})
NETWORK = load_network()
VEHICLES = {v.evdb_vehicle_id: v for v in load_embedded()}


def loop_answer(
    q: BulkQuestion, station: Station, cpo: Company | None, tariffs: list[Tariff]
) -> tuple[str, Decimal, float] | None:
    """The slow, obvious way: every usable tariff at every fitting charge point, first wins."""
    f = TariffFilters(country=station.country, vehicle_brand=q.vehicle.brand.name)
    best: tuple[str, Decimal, float] | None = None
    points = sorted({(cp.plug, cp.power_kw) for cp in station.charge_points})
    for tariff in (t for t in tariffs if usable_at(t, cpo) and passes_filters(t, f)):
        for plug, power in points:
            if not fits(q.vehicle, plug):
                continue
            profile = simulate(
                q.vehicle,
                plug=plug,
                station_kw=power,
                soc_start_pct=q.battery_range[0],
                soc_end_pct=q.battery_range[1],
                options=ChargingOptions(),
            )
            situation = ChargeSituation(
                country=station.country,
                cpo_id=station.operator_id,
                station_power_kw=power,
                energy_type=profile.kind,
                car_ac_phases=q.vehicle.ac_phases,
                consumed_power_kw=max(s.power_kw for s in profile.slices),
            )
            segments = applicable_segments(tariff.core.components, situation)
            if not segments:
                continue
            price = price_session(
                profile,
                segments,
                start_min_of_day=q.start_time_min,
                currency=q.currency,
                convert=lambda a, c: RATES.convert(a, c, q.currency),
                tariff_currency=tariff.core.currency,
            ).price
            if best is None or price < best[1]:
                best = (tariff.id, price, power)
    return best


def engine_answers(q: BulkQuestion, tset: TariffSet) -> list[tuple[str, Decimal, float] | None]:
    cpos = {c.id: c for c in NETWORK.companies}
    answers = price_stations(q, NETWORK.stations, cpos, tset.tariffs, tset, RATES)
    return [
        (a.tariff.id, a.price, a.power_kw) if isinstance(a, StationPrice) else None for a in answers
    ]


def question(vehicle: Vehicle, start_min: int, currency: str) -> BulkQuestion:
    return BulkQuestion(vehicle, (10.0, 80.0), currency, start_min, False, None)


def test_the_embedded_network_has_tariffs_that_look_at_the_location() -> None:
    tset = TariffSet(list(NETWORK.tariffs))
    assert any(any(scope) for scope in tset.scope.values())


@pytest.mark.parametrize(
    ("evdb_id", "start_min", "currency"),
    [(1001, 720, "EUR"), (1002, 1380, "GBP"), (1003, 360, "EUR")],
)
def test_engine_matches_the_plain_loop_cold_and_warm(
    evdb_id: int, start_min: int, currency: str
) -> None:
    q = question(VEHICLES[evdb_id], start_min, currency)
    cpos = {c.id: c for c in NETWORK.companies}
    expected = [
        loop_answer(q, s, cpos.get(s.operator_id), NETWORK.tariffs) for s in NETWORK.stations
    ]
    tset = TariffSet(list(NETWORK.tariffs))
    assert engine_answers(q, tset) == expected
    assert engine_answers(q, tset) == expected  # from the memos
    assert sum(a is not None for a in expected) > len(expected) // 2
    assert len({a[0] for a in expected if a is not None}) > 5  # the winner differs by station


class ClearedBetweenCheckAndRead(BoundedMemo[tuple[object, ...], Decimal | None]):
    """A memo another request clears right after a membership check (as a full memo does)."""

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        self.clear()
        return found


def test_a_memo_cleared_by_another_request_is_no_500() -> None:
    # Today's code checked `key in prices`, then read prices[key]: a KeyError in between.
    q = question(VEHICLES[1001], 720, "EUR")
    tset = TariffSet(list(NETWORK.tariffs))
    expected = engine_answers(q, tset)
    racing = ClearedBetweenCheckAndRead(10**6)
    racing.update(tset.prices)
    tset.prices = racing
    tset.matrices.clear()  # so the prices are read again
    assert engine_answers(q, tset) == expected


def weekday_tariff(cpo: Company) -> Tariff:
    """An OCPI tariff of `cpo`: 0.50 EUR/kWh on Mondays, 0.30 on other days (excl. VAT)."""
    doc = {
        "country_code": "DE", "party_id": "TST", "id": "WEEKDAY", "currency": "EUR",
        "elements": [
            {"price_components": [{"type": "ENERGY", "price": 0.50, "step_size": 1}],
             "restrictions": {"day_of_week": ["MONDAY"]}},
            {"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1}]},
        ],
        "last_updated": "2026-11-01T00:00:00Z",
    }  # fmt: skip
    return to_tariff(parse_tariff(doc), cpo)


def test_ocpi_weekday_prices_follow_the_local_date_not_the_utc_date() -> None:
    # 2026-11-30 is a Monday. At 22:30 UTC it is 23:30 Monday in Berlin; at 23:30 UTC it is
    # 00:30 Tuesday there, though still Monday in UTC. A question asked in both moments must
    # get Monday's then Tuesday's price (the memo used to be keyed by the UTC date).
    station = next(s for s in NETWORK.stations if s.country == "DE")
    cpos = {c.id: c for c in NETWORK.companies}
    tariff = weekday_tariff(cpos[station.operator_id])
    q = question(VEHICLES[1001], 720, "EUR")
    tset = TariffSet([tariff])

    def price_at(now: datetime.datetime, tariffs: TariffSet) -> Decimal:
        [answer] = price_stations(q, [station], cpos, [tariff], tariffs, RATES, now_utc=now)
        assert isinstance(answer, StationPrice), answer
        return answer.price

    monday = price_at(datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC), tset)
    tuesday = price_at(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), tset)
    fresh = price_at(
        datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), TariffSet([tariff])
    )
    assert tuesday == fresh
    assert float(monday / tuesday) == pytest.approx(0.50 / 0.30, rel=0.001)
