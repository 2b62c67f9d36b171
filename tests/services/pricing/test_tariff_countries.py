"""A tariff prices only in the countries its source covers (issue 15), through the single-station
path (POST /v1/charge_prices) and the bulk engine, at a station of the same company in each
country: since the registers' stations map to our companies in every country a company lists,
ubitricity runs posts in France, InstaVolt in Iceland, SMATRICS in Germany, Tesla in France."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evcharge.core.fx import ExchangeRates
from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.tariffs import NoPriceReason
from evcharge.importers.curated_network_build import company_id, tariff_id
from evcharge.services.catalogue import PricingMemos, TariffSet
from evcharge.services.pricing.bulk_engine import StationPrice, price_stations
from evcharge.services.pricing.charge_prices import (
    PriceAnswer,
    PriceRequest,
    StationInput,
    price_at_station,
)
from tests.services.pricing.test_bulk_engine import (
    CPOS,
    NETWORK,
    NOON_UTC,
    RATES,
    VEHICLES,
    agrees,
    question,
    single_station_prices,
)

TARIFFS = list(NETWORK.tariffs)
# The bulk tests' rates, with the dollar: the US Tesla tariff's monthly fee (0) converts.
WITH_USD = ExchangeRates(RATES.rate_date, {**RATES.per_eur, "USD": Decimal("1.10")})
NAMES = {t.id: t.name for t in TARIFFS}


def station(cpo: str, country: str, at: tuple[float, float], point: ChargePointGroup) -> Station:
    return Station(
        f"{cpo}-{country}", f"{cpo} {country}", "", at[0], at[1], country, company_id(cpo), (point,)
    )


AC_5 = ChargePointGroup(Plug.TYPE2, 5.5, EnergyType.AC, 2)
DC_120 = ChargePointGroup(Plug.CCS, 120.0, EnergyType.DC, 2)
DC_150 = ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 2)
DC_250 = ChargePointGroup(Plug.CCS, 250.0, EnergyType.DC, 4)

UBITRICITY_GB = station("ubitricity", "GB", (51.4613, -0.1156), AC_5)
UBITRICITY_FR = station("ubitricity", "FR", (49.4938, 0.1077), AC_5)  # Le Havre
INSTAVOLT_GB = station("instavolt", "GB", (51.0632, -1.3080), DC_120)
INSTAVOLT_IS = station("instavolt", "IS", (64.1355, -21.8954), DC_120)
SMATRICS_AT = station("smatrics", "AT", (48.2082, 16.3738), DC_150)
SMATRICS_DE = station("smatrics", "DE", (48.1351, 11.5820), DC_150)
TESLA_FR = station("tesla", "FR", (48.8566, 2.3522), DC_250)
TESLA_US = station("tesla", "US", (47.6062, -122.3321), DC_250)
DC_350 = ChargePointGroup(Plug.CCS, 350.0, EnergyType.DC, 4)
IONITY = {
    "DE": station("ionity", "DE", (47.8843, 11.7011), DC_350),  # Holzkirchen
    "AT": station("ionity", "AT", (48.2047, 15.6256), DC_350),  # St. Pölten
    "NL": station("ionity", "NL", (52.0292, 5.0847), DC_350),  # Nieuwegein
}
FASTNED = {
    "NL": station("fastned", "NL", (51.8426, 5.8528), DC_250),  # Nijmegen
    "DE": station("fastned", "DE", (48.6580, 12.4657), DC_250),  # Pilsting
}


def answer(
    at: Station,
    energy_kwh: float,
    duration_min: float,
    currency: str,
    *,
    every_brand: bool = False,
) -> PriceAnswer:
    """Every tariff the single-station path keeps at `at`, those without a price included;
    with `every_brand`, the car makers' tariffs too (no car is given)."""
    cp = at.charge_points[0]
    request = PriceRequest(
        station=StationInput(
            at.country, at.operator_id, at.latitude, at.longitude,
            ((cp.plug, cp.power_kw, cp.energy_type),),
        ),
        energy_kwh=energy_kwh,
        duration_min=duration_min,
        currency=currency,
        show_price_unavailable=True,
        show_all_brand_restricted_tariffs=every_brand,
    )  # fmt: skip
    cpo = CPOS[at.operator_id]
    return price_at_station(request, None, cpo, CPOS, TARIFFS, WITH_USD, NOON_UTC)


def listed(a: PriceAnswer) -> dict[str, Decimal | None]:
    """Each kept tariff, by slug-free name, with its price (None: kept without one)."""
    return {t.tariff.name: t.prices[0].price for t in a.tariffs}


def priced(a: PriceAnswer) -> dict[str, Decimal]:
    return {name: price for name, price in listed(a).items() if price is not None}


UBITRICITY = NAMES[tariff_id("ubitricity-adhoc")]
INSTAVOLT = NAMES[tariff_id("instavolt-adhoc")]
SMATRICS = {
    slug: NAMES[tariff_id(slug)]
    for slug in ("smatrics-charge-basic", "smatrics-charge-pro", "smatrics-time-adhoc")
}
TESLA_FR_NON_MEMBER = NAMES[tariff_id("tesla-fr-non-member")]
TESLA_US_NON_MEMBER = NAMES[tariff_id("tesla-us-non-member")]


def test_ubitricity_prices_its_uk_posts_and_not_its_french_ones() -> None:
    # 10 kWh x 0.59 GBP (the UK pay-as-you-go price) = 5.90 GBP.
    assert priced(answer(UBITRICITY_GB, 10, 120, "GBP"))[UBITRICITY] == Decimal("5.90")
    # Le Havre: the UK price was 5.90 GBP here too; now nothing prices it, nor is it listed.
    at_le_havre = answer(UBITRICITY_FR, 10, 120, "GBP")
    assert UBITRICITY not in listed(at_le_havre)
    assert priced(at_le_havre) == {}


def test_instavolt_prices_its_uk_chargers_and_not_its_icelandic_ones() -> None:
    # 20 kWh x 0.85 GBP (UK contactless) = 17.00 GBP.
    assert priced(answer(INSTAVOLT_GB, 20, 20, "GBP"))[INSTAVOLT] == Decimal("17.00")
    in_iceland = answer(INSTAVOLT_IS, 20, 20, "GBP")
    assert INSTAVOLT not in listed(in_iceland)
    assert priced(in_iceland) == {}


def test_smatrics_austrian_tariffs_price_its_austrian_stations() -> None:
    # 30 kWh in 30 min at 150 kW DC: Basic 30 x 0.75 = 22.50, Pro 30 x 0.59 = 17.70 (its
    # 9.90 a month is not in a session price), ad hoc 30 min x 0.69 (over 50 kW) = 20.70 EUR.
    found = priced(answer(SMATRICS_AT, 30, 30, "EUR"))
    assert {slug: found[name] for slug, name in SMATRICS.items()} == {
        "smatrics-charge-basic": Decimal("22.50"),
        "smatrics-charge-pro": Decimal("17.70"),
        "smatrics-time-adhoc": Decimal("20.70"),
    }


def test_smatrics_austrian_tariffs_give_its_german_stations_no_price() -> None:
    # Before: Basic 22.50 and Pro 17.70 priced here, with the ad hoc tariff, from their
    # components for SMATRICS's own stations, which named no country (only those for other
    # operators' stations named AT): the restrictions did as written, the data were wrong.
    at_munich = answer(SMATRICS_DE, 30, 30, "EUR")
    kept = listed(at_munich)
    # The cards work here (roaming): listed without a price. The ad hoc price is Austria's.
    assert kept[SMATRICS["smatrics-charge-basic"]] is None
    assert kept[SMATRICS["smatrics-charge-pro"]] is None
    assert SMATRICS["smatrics-time-adhoc"] not in kept
    basic = next(t for t in at_munich.tariffs if t.tariff.name == SMATRICS["smatrics-charge-basic"])
    assert basic.prices[0].no_price_reason is NoPriceReason.NOT_YET_LISTED
    # German cards price it: EnBW's S, 30 kWh x 0.69 at another operator's DC = 20.70 EUR.
    assert priced(at_munich)["EnBW mobility+ Ladetarif S"] == Decimal("20.70")


def test_tesla_lists_each_countrys_per_station_tariff_only_there() -> None:
    def tesla_tariffs(at: Station) -> dict[str, Decimal | None]:
        return {
            t.tariff.name: t.prices[0].price
            for t in answer(at, 30, 30, "EUR").tariffs
            if t.tariff.cpo_id == company_id("tesla")
        }

    assert tesla_tariffs(TESLA_FR) == {TESLA_FR_NON_MEMBER: None}
    assert tesla_tariffs(TESLA_US) == {TESLA_US_NON_MEMBER: None}


MERCEDES_S, MERCEDES_M, MERCEDES_L = (
    NAMES[tariff_id(f"mercedes-me-charge-{plan}")] for plan in ("s", "m", "l")
)
MERCEDES = (MERCEDES_S, MERCEDES_M, MERCEDES_L)
AC_11 = ChargePointGroup(Plug.TYPE2, 11.0, EnergyType.AC, 2)
ENBW_AC_DE = station("enbw", "DE", (48.7758, 9.1829), AC_11)  # Stuttgart


def kia_prices(a: PriceAnswer) -> dict[str, Decimal | None]:
    return {t.tariff.name: t.prices[0].price for t in a.tariffs if "Kia" in t.tariff.name}


@pytest.mark.parametrize(
    ("duration_min", "expected"),
    [
        # 30 kWh at IONITY's 350 kW DC (electrive/SP-X, June 2022): S pays IONITY's ad hoc
        # 30 x 0.79 = 23.70; M 30 x 0.49 = 14.70; L 30 x 0.35 = 10.50 EUR. M's 4.90 and L's
        # 17.90 a month are not in a session price. 20 minutes: no blocking fee.
        (20, ("23.70", "14.70", "10.50")),
        # 75 minutes: M and L add 0.20 EUR/min from minute 60, 15 x 0.20 = 3.00; M 17.70, L
        # 13.50; S has none.
        (75, ("23.70", "17.70", "13.50")),
        # Billed by the started minute (SP-X: "eine minütlich abgerechnete Blockiergebühr"):
        # 60.2 minutes is one started minute past 60, 0.20: M 14.90, L 10.70; 75.5 minutes is
        # 16 started minutes, 3.20: M 17.90, L 13.70.
        (60.2, ("23.70", "14.90", "10.70")),
        (75.5, ("23.70", "17.90", "13.70")),
    ],
)
def test_mercedes_me_charge_plans_price_ionity_in_germany(
    duration_min: float, expected: tuple[str, str, str]
) -> None:
    found = priced(answer(IONITY["DE"], 30, duration_min, "EUR", every_brand=True))
    assert tuple(found[name] for name in MERCEDES) == tuple(Decimal(p) for p in expected)


def test_mercedes_me_charge_plans_price_ac_in_germany() -> None:
    # 20 kWh in 4 h at EnBW's 11 kW AC: M 20 x 0.39 = 7.80 plus (240 - 180) x 0.06 = 3.60,
    # 11.40 EUR; L 20 x 0.33 = 6.60 (no daytime AC blocking fee in its sources); S pays the
    # operator's price, which we do not hold for this station: listed, with the reason.
    at = answer(ENBW_AC_DE, 20, 240, "EUR", every_brand=True)
    assert priced(at)[MERCEDES_M] == Decimal("11.40")
    assert priced(at)[MERCEDES_L] == Decimal("6.60")
    s = next(t.prices[0] for t in at.tariffs if t.tariff.name == MERCEDES_S)
    assert s.price is None
    assert s.no_price_reason is NoPriceReason.PRICES_PER_STATION


def test_kia_charge_prices_nothing_in_germany() -> None:
    # Before: Kia Charge Easy 30 x 0.69 = 20.70 and Plus 30 x 0.35 = 10.50 EUR here, figures
    # no source gives; the German tariffs are gone.
    for at in (IONITY["DE"], ENBW_AC_DE):
        assert all(
            p is None for p in kia_prices(answer(at, 30, 20, "EUR", every_brand=True)).values()
        )


@pytest.mark.parametrize("country", ["AT", "NL"])
def test_mercedes_me_charge_has_no_price_at_ionity_in_austria_and_the_netherlands(
    country: str,
) -> None:
    # The plans' prices are German (electrive, SP-X) and we found no Austrian or Dutch list.
    # The card still works here (roaming), so each plan is listed, without a price: S (each
    # operator's price) with its reason, M and L not yet listed.
    at = answer(IONITY[country], 30, 20, "EUR", every_brand=True)
    kept = {t.tariff.name: t.prices[0] for t in at.tariffs}
    assert {name: (kept[name].price, kept[name].no_price_reason) for name in MERCEDES} == {
        MERCEDES_S: (None, NoPriceReason.PRICES_PER_STATION),
        MERCEDES_M: (None, NoPriceReason.NOT_YET_LISTED),
        MERCEDES_L: (None, NoPriceReason.NOT_YET_LISTED),
    }
    assert all(p is None for p in kia_prices(at).values())
    # Tariffs whose sources give this country's price still price it: IONITY Direct.
    assert priced(at)[NAMES[tariff_id("ionity-direct")]] > 0


@pytest.mark.parametrize("country", ["NL", "DE"])
def test_fastned_prices_its_dutch_and_german_stations_from_its_own_page(country: str) -> None:
    # 30 kWh: pay as you go 30 x 0.69 = 20.70 EUR; Gold Member 30 % off, 0.69 x 0.70 = 0.483,
    # 30 x 0.483 = 14.49 EUR (at the 0.48 we had: 14.40); its 11.99 a month is not in it.
    found = priced(answer(FASTNED[country], 30, 20, "EUR"))
    assert found[NAMES[tariff_id("fastned-standard")]] == Decimal("20.70")
    assert found[NAMES[tariff_id("fastned-gold")]] == Decimal("14.49")


@pytest.mark.parametrize(
    ("home", "abroad", "currency"),
    [
        (UBITRICITY_GB, UBITRICITY_FR, "GBP"),
        (INSTAVOLT_GB, INSTAVOLT_IS, "GBP"),
        (SMATRICS_AT, SMATRICS_DE, "EUR"),
        (TESLA_US, TESLA_FR, "EUR"),
    ],
)
def test_bulk_agrees_and_prices_only_where_the_source_covers(
    home: Station, abroad: Station, currency: str
) -> None:
    q = question(VEHICLES[1001], 720, currency)
    answers = price_stations(
        q, [home, abroad], CPOS, TARIFFS, TariffSet(TARIFFS), RATES, memos=PricingMemos(),
        now_utc=NOON_UTC,
    )  # fmt: skip
    for at, got in zip((home, abroad), answers, strict=True):
        assert agrees(got, single_station_prices(q, at, TARIFFS, NOON_UTC)), (at.id, got)
    at_home, away = answers
    if home is TESLA_US:  # prices per station in both countries: neither has one
        assert not isinstance(at_home, StationPrice), at_home
    else:  # its own tariff (or its own card's)
        assert isinstance(at_home, StationPrice)
        assert at_home.tariff.emp_id == home.operator_id
    if abroad is SMATRICS_DE:  # German cards price it; none of SMATRICS's Austrian tariffs
        assert isinstance(away, StationPrice)
        assert away.tariff.name not in SMATRICS.values()
    else:
        assert not isinstance(away, StationPrice), away
