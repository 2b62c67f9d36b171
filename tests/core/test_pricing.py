"""The price engine, against worked examples checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evcharge.core.charging import ChargingProfile, ProfileSlice
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType
from evcharge.core.pricing import price_session
from evcharge.core.tariffs import Dimension, Segment

D = Decimal


def flat_profile(energy_kwh: float, duration_min: float, pieces: int = 10) -> ChargingProfile:
    """Constant power: `pieces` equal slices."""
    e, t = energy_kwh / pieces, duration_min / pieces
    return ChargingProfile(
        EnergyType.DC,
        tuple(ProfileSlice(i * t, t, e, e * 0.97, 0, 0) for i in range(pieces)),
    )


def kwh(price: str, **kw: object) -> Segment:
    return Segment(Dimension.KWH, D(price), **kw)  # type: ignore[arg-type]


def minute(price: str, **kw: object) -> Segment:
    return Segment(Dimension.MINUTE, D(price), **kw)  # type: ignore[arg-type]


def session(price: str, **kw: object) -> Segment:
    return Segment(Dimension.SESSION, D(price), **kw)  # type: ignore[arg-type]


def priced(
    profile: ChargingProfile, segments: list[Segment], start: int = 720
) -> tuple[D, dict[str, float], int | None]:
    result = price_session(profile, segments, start_min_of_day=start, currency="EUR")
    return result.price, result.distribution(), result.blocking_fee_start_min


ENBW_M_DC = [
    kwh("0.59", billing_increment=0.01),
    minute("0.10", range_gte=90, billing_increment=0.01),
]


def test_enbw_m_at_fastned_dc_before_the_blocking_fee() -> None:
    # 30 kWh x 0.59 = 17.70 EUR; 45 min never reaches minute 90.
    assert priced(flat_profile(30, 45), ENBW_M_DC) == (D("17.70"), {"kwh": 1.0}, 90)


def test_enbw_m_at_fastned_dc_with_the_blocking_fee() -> None:
    # 17.70 + (120 - 90) min x 0.10 = 20.70 EUR; shares 17.70/20.70 and 3.00/20.70.
    price, shares, start = priced(flat_profile(30, 120), ENBW_M_DC)
    assert price == D("20.70")
    assert shares == pytest.approx({"kwh": 0.85507, "minute": 0.14493}, abs=1e-5)
    assert start == 90


def test_a_night_window_crossed_by_a_session() -> None:
    # 0.20 EUR/min 06:00-22:00 and 0.10 EUR/min 22:00-06:00 (wraps midnight).
    # Start 21:30 (1290), 60 min: 30 min x 0.20 + 30 min x 0.10 = 9.00 EUR.
    segments = [
        minute("0.20", time_of_day_start_min=360, time_of_day_end_min=1320),
        minute("0.10", time_of_day_start_min=1320, time_of_day_end_min=360),
    ]
    assert priced(flat_profile(20, 60), segments, start=1290)[0] == D("9.00")


def test_energy_is_split_by_the_time_spent_in_each_window() -> None:
    # 0.40 EUR/kWh by day, 0.30 at night; constant 60 kW for 60 min from 21:30:
    # 30 kWh before 22:00 (12.00) and 30 kWh after (9.00) = 21.00 EUR.
    segments = [
        kwh("0.40", time_of_day_start_min=360, time_of_day_end_min=1320),
        kwh("0.30", time_of_day_start_min=1320, time_of_day_end_min=360),
    ]
    assert priced(flat_profile(60, 60), segments, start=1290)[0] == D("21.00")


def test_a_session_past_midnight_and_into_the_next_morning() -> None:
    # Start 23:00, 8 h at 0.01 EUR/min only between 22:00 and 06:00: 7 h = 420 min -> 4.20 EUR.
    segments = [minute("0.01", time_of_day_start_min=1320, time_of_day_end_min=360)]
    assert priced(flat_profile(40, 480), segments, start=1380)[0] == D("4.20")


def test_a_ten_minute_billing_increment_bills_every_started_block() -> None:
    # 23 min at 0.10 EUR/min in 10-min blocks: 3 blocks = 30 min = 3.00 EUR.
    assert priced(flat_profile(10, 23), [minute("0.10", billing_increment=10)])[0] == D("3.00")


def test_a_session_fee() -> None:
    # 0.35 EUR per session + 0.50 EUR/kWh x 30 kWh = 15.35 EUR; shares 0.35/15.35, 15/15.35.
    price, shares, start = priced(flat_profile(30, 40), [session("0.35"), kwh("0.50")])
    assert price == D("15.35")
    assert shares == pytest.approx({"session": 0.02280, "kwh": 0.97720}, abs=1e-5)
    assert start is None


def test_a_session_fee_only_when_the_session_starts_in_its_window() -> None:
    night_fee = [session("1.00", time_of_day_start_min=1320, time_of_day_end_min=360)]
    assert priced(flat_profile(10, 60), night_fee, start=1290)[0] == D("0.00")
    assert priced(flat_profile(10, 60), night_fee, start=1330)[0] == D("1.00")


def test_kwh_ranges_tier_the_energy() -> None:
    # First 10 kWh at 0.30, the rest at 0.60: 10 x 0.30 + 20 x 0.60 = 15.00 EUR.
    segments = [kwh("0.30", range_lt=10), kwh("0.60", range_gte=10)]
    assert priced(flat_profile(30, 30), segments)[0] == D("15.00")


def test_a_kwh_billing_increment() -> None:
    # 10.04 kWh billed per started 0.5 kWh: 10.5 kWh x 0.40 = 4.20 EUR.
    assert priced(flat_profile(10.04, 30), [kwh("0.40", billing_increment=0.5)])[0] == D("4.20")


def test_a_blocking_fee_is_not_reported_when_time_is_charged_from_the_start() -> None:
    segments = [minute("0.05"), minute("0.10", range_gte=240)]
    assert priced(flat_profile(10, 30), segments)[2] is None


def test_negative_unit_prices_are_kept() -> None:
    # A 2.00 EUR credit per session on 0.30 EUR/kWh x 5 kWh = 1.50: -0.50 EUR.
    assert priced(flat_profile(5, 10), [kwh("0.30"), session("-2.00")])[0] == D("-0.50")


def test_segments_in_another_currency_are_converted() -> None:
    segments = [kwh("10", currency="SEK")]

    def sek_to_eur(amount: Decimal, currency: str) -> Decimal:
        assert currency == "SEK"
        return amount / D("11.5")

    result = price_session(
        flat_profile(23, 30), segments, start_min_of_day=0, currency="EUR", convert=sek_to_eur
    )
    assert result.price == D("20.00")  # 23 x 10 SEK = 230 SEK / 11.5
    with pytest.raises(InvalidInput):
        price_session(flat_profile(23, 30), segments, start_min_of_day=0, currency="EUR")


def test_the_price_is_rounded_half_up_once() -> None:
    # 1 kWh x 0.125 = 0.125 -> 0.13 (half up), not 0.12.
    assert priced(flat_profile(1, 5), [kwh("0.125")])[0] == D("0.13")


@given(
    low=st.floats(min_value=0.1, max_value=100),
    extra=st.floats(min_value=0, max_value=100),
    price=st.decimals(min_value=D("0.01"), max_value=D("2"), places=2),
    increment=st.sampled_from([0.0, 0.01, 0.5, 1.0]),
)
def test_price_never_falls_as_energy_rises_at_a_positive_rate(
    low: float, extra: float, price: Decimal, increment: float
) -> None:
    segments = [kwh(str(price), billing_increment=increment), session("0.50")]
    small = priced(flat_profile(low, 30), segments)[0]
    large = priced(flat_profile(low + extra, 30), segments)[0]
    assert large >= small
