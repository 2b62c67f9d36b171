"""The bulk engine against the single-station path on the embedded network: the vectorised,
memoised answer must be the cheapest price `price_at_station` (POST /v1/charge_prices) gives,
cold and warm, over random cars, ranges, start times, moments, OCPI and non-OCPI tariffs."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evcharge.codecs.ocpi_json import parse_tariff
from evcharge.core.fx import ExchangeRates
from evcharge.core.memo import BoundedMemo
from evcharge.core.network import ChargePointGroup, Company, Station, Tariff
from evcharge.core.plugs import EnergyType, Plug, fits
from evcharge.core.vehicles import Vehicle
from evcharge.importers.curated import load_catalogue
from evcharge.importers.curated_network_build import company_id, load_network
from evcharge.services.catalogue import PricingMemos, TariffSet
from evcharge.services.imports.ocpi import to_tariff
from evcharge.services.pricing.bulk_engine import BulkQuestion, StationPrice, price_stations
from evcharge.services.pricing.charge_prices import PriceRequest, StationInput, price_at_station

RATES = ExchangeRates(datetime.date(2026, 10, 30), {"GBP": Decimal("0.85")})
NETWORK = load_network()
CPOS = {c.id: c for c in NETWORK.companies}
VEHICLES = {c.key: c.vehicle for c in load_catalogue()}  # by catalogue key
NOON_UTC = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
Answer = tuple[str, Decimal, float] | None


def single_station_prices(
    q: BulkQuestion, station: Station, tariffs: list[Tariff], now_utc: datetime.datetime
) -> dict[tuple[str, float], Decimal]:
    """Every (tariff, charge point power) price the single-station path gives at `station`
    for the bulk question's fitting charge points."""
    cpo = CPOS.get(station.operator_id)
    limit = q.charge_points_power_lte
    points = sorted(
        {
            (cp.plug, cp.power_kw, cp.energy_type)
            for cp in station.charge_points
            if fits(q.vehicle, cp.plug, cp.energy_type) and (limit is None or cp.power_kw <= limit)
        }
    )
    if cpo is None or not points:
        return {}
    request = PriceRequest(
        station=StationInput(
            station.country, station.operator_id, station.latitude, station.longitude,
            tuple(points),
        ),
        vehicle_id=q.vehicle.id,
        battery_range=q.battery_range,
        currency=q.currency,
        start_time_min=q.start_time_min,
        allow_unbalanced_load=q.allow_unbalanced_load,
        tariff_ids=tuple(t.id for t in tariffs),
    )  # fmt: skip
    answer = price_at_station(request, q.vehicle, cpo, CPOS, tariffs, RATES, now_utc)
    return {
        (t.tariff.id, p.power_kw): p.price
        for t in answer.tariffs
        for p in t.prices
        if p.price is not None
    }


def agrees(engine: StationPrice | str, single: dict[tuple[str, float], Decimal]) -> bool:
    """Bulk's pick is the cheapest single-station price, and that price is its tariff's there."""
    if isinstance(engine, str):
        return not single
    return bool(single) and engine.price == min(single.values()) == single.get(
        (engine.tariff.id, engine.power_kw)
    )


def engine_answers(
    q: BulkQuestion,
    tset: TariffSet,
    memos: PricingMemos,
    stations: list[Station] = NETWORK.stations,
    now_utc: datetime.datetime = NOON_UTC,
) -> list[StationPrice | str]:
    return price_stations(
        q, stations, CPOS, tset.tariffs, tset, RATES, memos=memos, now_utc=now_utc
    )


def summary(answers: list[StationPrice | str]) -> list[Answer]:
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
def test_engine_matches_the_single_station_path_cold_and_warm(
    evdb_id: int, start_min: int, currency: str
) -> None:
    q = question(VEHICLES[evdb_id], start_min, currency)
    tariffs = list(NETWORK.tariffs)
    single = [single_station_prices(q, s, tariffs, NOON_UTC) for s in NETWORK.stations]
    tset, memos = TariffSet(tariffs), PricingMemos()
    cold = engine_answers(q, tset, memos)
    assert all(agrees(a, p) for a, p in zip(cold, single, strict=True))
    assert summary(engine_answers(q, tset, memos)) == summary(cold)  # from the memos
    assert sum(isinstance(a, StationPrice) for a in cold) > len(cold) // 2
    # the winner differs by station
    assert len({a.tariff.id for a in cold if isinstance(a, StationPrice)}) > 5


def test_a_nacs_level_2_post_prices_as_the_ac_point_it_is() -> None:
    # A Tesla Destination-style post (NACS, AC, 11 kW) at an EnBW site: EnBW's AC prices apply
    # and the car charges on its on-board charger, exactly as at a Type 2 of 11 kW; the plug
    # alone (NACS = DC) would price it as a DC point that this CCS car cannot use.
    site = next(s for s in NETWORK.stations if s.operator_id == company_id("enbw"))
    nacs = replace(site, charge_points=(ChargePointGroup(Plug.NACS, 11.0, EnergyType.AC, 2),))
    type2 = replace(site, charge_points=(ChargePointGroup(Plug.TYPE2, 11.0, EnergyType.AC, 2),))
    q = question(VEHICLES[1001], 720, "EUR")
    tset = TariffSet(list(NETWORK.tariffs))
    at_nacs, at_type2 = engine_answers(q, tset, PricingMemos(), [nacs, type2])
    assert isinstance(at_nacs, StationPrice), at_nacs
    assert isinstance(at_type2, StationPrice), at_type2
    assert at_nacs.profile.kind is EnergyType.AC
    assert (at_nacs.tariff.id, at_nacs.price, at_nacs.profile) == (
        at_type2.tariff.id,
        at_type2.price,
        at_type2.profile,
    )
    assert agrees(at_nacs, single_station_prices(q, nacs, list(NETWORK.tariffs), NOON_UTC))


class ClearedBetweenCheckAndRead(BoundedMemo[tuple[object, ...], Decimal | None]):
    """A memo another request clears right after a membership check (as a full memo does)."""

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        self.clear()
        return found


def test_a_memo_cleared_by_another_request_is_no_500() -> None:
    # Today's code checked `key in prices`, then read prices[key]: a KeyError in between.
    q = question(VEHICLES[1001], 720, "EUR")
    tset, memos = TariffSet(list(NETWORK.tariffs)), PricingMemos()
    expected = summary(engine_answers(q, tset, memos))
    racing = ClearedBetweenCheckAndRead(10**6)
    racing.update(tset.prices)
    tset.prices = racing
    tset.matrices.clear()  # so the prices are read again
    assert summary(engine_answers(q, tset, memos)) == expected


def weekday_tariff(cpo: Company, currency: str = "EUR") -> Tariff:
    """An OCPI tariff of `cpo`: 0.50/kWh on Mondays, 0.30 on other days (excl. VAT)."""
    doc = {
        "country_code": "DE", "party_id": "TST", "id": f"WEEKDAY-{cpo.id[:8]}",
        "currency": currency,
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
    tariff = weekday_tariff(CPOS[station.operator_id])
    q = question(VEHICLES[1001], 720, "EUR")
    tset, memos = TariffSet([tariff]), PricingMemos()

    def price_at(now: datetime.datetime, tariffs: TariffSet) -> Decimal:
        [answer] = engine_answers(q, tariffs, memos, [station], now)
        assert isinstance(answer, StationPrice), answer
        return answer.price

    monday = price_at(datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC), tset)
    tuesday = price_at(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), tset)
    fresh = price_at(
        datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), TariffSet([tariff])
    )
    assert tuesday == fresh
    assert float(monday / tuesday) == pytest.approx(0.50 / 0.30, rel=0.001)


def evening_tariff(cpo: Company, currency: str) -> Tariff:
    """An OCPI tariff of `cpo`: 0.25/kWh from 18:00 to 08:00 local time, 0.60 otherwise, plus
    0.10 a minute after the first hour (excl. VAT)."""
    doc = {
        "country_code": "DE", "party_id": "TST", "id": f"EVENING-{cpo.id[:8]}",
        "currency": currency,
        "elements": [
            {"price_components": [{"type": "ENERGY", "price": 0.25, "step_size": 1}],
             "restrictions": {"start_time": "18:00", "end_time": "08:00"}},
            {"price_components": [{"type": "ENERGY", "price": 0.60, "step_size": 1}]},
            {"price_components": [{"type": "TIME", "price": 6.00, "step_size": 60}],
             "restrictions": {"min_duration": 3600}},
        ],
        "last_updated": "2026-11-01T00:00:00Z",
    }  # fmt: skip
    return to_tariff(parse_tariff(doc), cpo)


# OCPI tariffs of operators in several zones (Europe/Berlin, Europe/London, ...) beside every
# Chargeprice tariff of the embedded network.
_ZONED_OPERATORS = sorted(
    {(s.country, s.operator_id) for s in NETWORK.stations if s.operator_id in CPOS}
)
OCPI_TARIFFS = [
    make(CPOS[cpo], "GBP" if country == "GB" else "EUR")
    for cpo, country in {cpo: country for country, cpo in _ZONED_OPERATORS}.items()
    for make in (weekday_tariff, evening_tariff)
]
EVERY_TARIFF = list(NETWORK.tariffs) + OCPI_TARIFFS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    evdb_id=st.sampled_from(sorted(VEHICLES)),
    soc=st.integers(0, 95).flatmap(lambda a: st.tuples(st.just(a), st.integers(a + 1, 100))),
    start_min=st.integers(0, 1439),
    currency=st.sampled_from(["EUR", "GBP"]),
    # Any moment of two days (a Sunday and a Monday): midnight in every zone included.
    minutes=st.integers(0, 2 * 24 * 60),
    power_lte=st.sampled_from([None, 22.0, 50.0, 150.0]),
    unbalanced=st.booleans(),
    stations=st.lists(
        st.sampled_from(NETWORK.stations), min_size=1, max_size=12, unique_by=lambda s: s.id
    ),
    # Most of the tariffs: a handful of random ones rarely includes a station's own.
    dropped=st.sets(st.integers(0, len(EVERY_TARIFF) - 1), max_size=len(EVERY_TARIFF) // 2),
)
def test_bulk_agrees_with_the_single_station_path_on_random_questions(
    evdb_id: int,
    soc: tuple[int, int],
    start_min: int,
    currency: str,
    minutes: int,
    power_lte: float | None,
    unbalanced: bool,
    stations: list[Station],
    dropped: set[int],
) -> None:
    now = datetime.datetime(2026, 11, 29, 0, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=minutes
    )
    q = BulkQuestion(
        VEHICLES[evdb_id],
        (float(soc[0]), float(soc[1])),
        currency,
        start_min,
        unbalanced,
        power_lte,
    )
    tset = TariffSet(EVERY_TARIFF)
    # In the set's order, as bulk_prices gives them.
    chosen = [t for i, t in enumerate(EVERY_TARIFF) if i not in dropped]
    answers = price_stations(
        q, stations, CPOS, chosen, tset, RATES, memos=PricingMemos(), now_utc=now
    )
    for station, answer in zip(stations, answers, strict=True):
        single = single_station_prices(q, station, chosen, now)
        assert agrees(answer, single), (station.id, answer, min(single.values(), default=None))


# Two sites' charge points (one with AC beside DC) at three operators in four countries:
# locations alike in charge points and, where no tariff looks at the location, in usable
# tariffs, which the engine then reduces once and whose pick it shares.
_SITES = [
    next(s for s in NETWORK.stations if s.operator_id == company_id("ionity")),
    next(
        s
        for s in NETWORK.stations
        if len({cp.energy_type for cp in s.charge_points}) == 2 and s.operator_id in CPOS
    ),
]
ALIKE = [
    replace(site, id=f"{n}-{operator}-{country}", country=country, operator_id=company_id(operator))
    for n, site in enumerate(_SITES)
    for operator in ("ionity", "fastned", "allego")
    for country in ("DE", "AT", "NL", "GB")
]


def priced_anywhere(tariff: Tariff) -> Tariff:
    """`tariff` with restrictions that name no country or CPO: it prices alike everywhere."""
    components = tuple(
        replace(
            c, restrictions=tuple(replace(r, countries=None, cpo_ids=None) for r in c.restrictions)
        )
        for c in tariff.core.components
    )
    return replace(tariff, core=replace(tariff.core, components=components))


# The roaming cards, priced anywhere: no tariff looks at the location.
_UNLOCATED = [priced_anywhere(t) for t in NETWORK.tariffs if t.is_roaming and t.core.components]
# OCPI tariffs look at the country (its zone gives the local date): of the three operators.
_OPERATORS_OCPI = [
    make(CPOS[company_id(operator)])
    for operator in ("ionity", "fastned", "allego")
    for make in (weekday_tariff, lambda cpo: evening_tariff(cpo, "EUR"))
]


@pytest.mark.parametrize(
    "tariffs",
    [_UNLOCATED, _UNLOCATED + _OPERATORS_OCPI, EVERY_TARIFF],
    ids=["no tariff looks at the location", "plus OCPI tariffs", "every tariff"],
)
@pytest.mark.parametrize("hour_min", [(22, 30), (23, 30)])  # Monday, then Tuesday in Berlin
def test_a_pick_shared_by_alike_locations_is_each_stations_own(
    tariffs: list[Tariff], hour_min: tuple[int, int]
) -> None:
    now = datetime.datetime(2026, 11, 30, *hour_min, tzinfo=datetime.UTC)
    q = question(VEHICLES[1001], 720, "EUR")
    together = engine_answers(q, TariffSet(tariffs), PricingMemos(), ALIKE, now)
    for station, answer in zip(ALIKE, together, strict=True):
        alone = engine_answers(q, TariffSet(tariffs), PricingMemos(), [station], now)
        assert summary([answer]) == summary(alone), station.id
        assert agrees(answer, single_station_prices(q, station, tariffs, now)), station.id
    assert sum(isinstance(a, StationPrice) for a in together) > len(ALIKE) // 2


_CHADEMO_ONLY = replace(
    ALIKE[0], charge_points=(ChargePointGroup(Plug.CHADEMO, 50.0, EnergyType.DC, 2),)
)


@pytest.mark.parametrize(
    ("tariffs", "reason"),
    [
        ([], "none of the tariffs can be used at this station's operator"),
        (_UNLOCATED, "no charge point fits the vehicle (and the power limit)"),
    ],
    ids=["no tariff", "no charge point fits"],
)
def test_a_question_with_nothing_to_price_answers_every_station(
    tariffs: list[Tariff], reason: str
) -> None:
    # No location has a usable tariff and a fitting charge point, and no tariff looks at the
    # location: 371e865 asserted that some location had one (a 500 for the empty tariff list).
    q = question(VEHICLES[1001], 720, "EUR")  # a CCS car: CHAdeMO does not fit
    assert not fits(q.vehicle, Plug.CHADEMO, EnergyType.DC)
    stations = [_CHADEMO_ONLY] if tariffs else [ALIKE[0], ALIKE[5]]
    tset = TariffSet(tariffs or list(NETWORK.tariffs))
    answers = price_stations(
        q, stations, CPOS, tariffs, tset, RATES, memos=PricingMemos(), now_utc=NOON_UTC
    )
    assert answers == [reason] * len(stations)
