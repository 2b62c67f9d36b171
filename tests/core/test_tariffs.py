"""Which price components apply where: restrictions (reference §2.1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from evcharge.core.plugs import EnergyType
from evcharge.core.tariffs import (
    Allowance,
    ChargeSituation,
    Dimension,
    PriceComponent,
    Restriction,
    Segment,
    TariffFees,
    applicable_segments,
    applies,
    segments_where,
)

DC_150_DE = ChargeSituation(
    country="DE",
    cpo_id="ionity",
    station_power_kw=150.0,
    energy_type=EnergyType.DC,
    car_ac_phases=3,
    consumed_power_kw=95.0,
)


def component(**restriction: Any) -> PriceComponent:
    return PriceComponent(restrictions=(Restriction(**restriction),))


CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("no restriction", {}, True),
    ("country matches", {"countries": frozenset({"DE", "AT"})}, True),
    ("country differs", {"countries": frozenset({"AT"})}, False),
    ("cpo matches", {"cpo_ids": frozenset({"ionity"})}, True),
    ("cpo differs", {"cpo_ids": frozenset({"fastned"})}, False),
    ("exact power listed", {"charge_point_powers_kw": (50.0, 150.0)}, True),
    ("exact power not listed", {"charge_point_powers_kw": (50.0, 350.0)}, False),
    (
        "power range inclusive at the top",
        {"charge_point_powers_kw": (50.0, 150.0), "power_is_range": True},
        True,
    ),
    ("power range below", {"charge_point_powers_kw": (11.0, 22.0), "power_is_range": True}, False),
    (
        "consumed power decides the class",
        {
            "charge_point_powers_kw": (0.0, 100.0),
            "power_is_range": True,
            "use_consumed_charging_power": True,
        },
        True,
    ),
    ("energy type matches", {"energy_type": EnergyType.DC}, True),
    ("energy type differs", {"energy_type": EnergyType.AC}, False),
    ("car AC phases do not restrict DC", {"car_ac_phases": 1}, True),
    ("deny excludes a match", {"allowance": Allowance.DENY, "countries": frozenset({"DE"})}, False),
    ("deny keeps a non-match", {"allowance": Allowance.DENY, "countries": frozenset({"AT"})}, True),
    (
        "all fields must match",
        {"countries": frozenset({"DE"}), "energy_type": EnergyType.AC},
        False,
    ),
]


@pytest.mark.parametrize(("case", "restriction", "expected"), CASES, ids=[c[0] for c in CASES])
def test_restrictions(case: str, restriction: dict[str, Any], expected: bool) -> None:
    assert applies(component(**restriction), DC_150_DE) is expected


def test_car_ac_phases_restrict_ac() -> None:
    ac_one_phase = ChargeSituation("DE", None, 22.0, EnergyType.AC, 1, 4.5)
    assert applies(component(car_ac_phases=1), ac_one_phase)
    assert not applies(component(car_ac_phases=3), ac_one_phase)


def test_every_restriction_of_a_component_must_hold() -> None:
    both = PriceComponent(
        restrictions=(
            Restriction(countries=frozenset({"DE"})),
            Restriction(energy_type=EnergyType.AC),
        )
    )
    assert not applies(both, DC_150_DE)


def test_applicable_segments_come_from_matching_components_only() -> None:
    ac = PriceComponent(
        (Restriction(energy_type=EnergyType.AC),), (Segment(Dimension.KWH, Decimal("0.49")),)
    )
    dc = PriceComponent(
        (Restriction(energy_type=EnergyType.DC),), (Segment(Dimension.KWH, Decimal("0.59")),)
    )
    assert [s.price for s in applicable_segments((ac, dc), DC_150_DE)] == [Decimal("0.59")]
    # Where the caller knows which components apply, the same segments in the same order.
    assert [s.price for s in segments_where((ac, dc), [True, True])] == [
        Decimal("0.49"),
        Decimal("0.59"),
    ]
    assert segments_where((ac, dc), [False, False]) == []


def test_total_monthly_fee_adds_a_twelfth_of_the_yearly_fee() -> None:
    # 5.99 + 24.00 / 12 = 7.99
    fees = TariffFees(monthly_fee=Decimal("5.99"), yearly_service_fee=Decimal("24.00"))
    assert fees.total_monthly_fee == Decimal("7.99")
