from __future__ import annotations

import pytest

from evcharge.core.curves import (
    ac_power_at_station_kw,
    default_ac_table,
    default_curve,
    power_at_soc_kw,
)
from evcharge.core.vehicles import CurvePoint


def test_default_curve_follows_chargeprices_rule() -> None:
    # 0 % -> 0.95 x 100 = 95 kW, 75 % -> 100 kW, 100 % -> AC max 11 kW.
    assert default_curve(dc_max_power_kw=100, ac_max_power_kw=11) == (
        CurvePoint(0.0, 95.0),
        CurvePoint(75.0, 100),
        CurvePoint(100.0, 11),
    )


# Worked by hand from the pattern: single-phase points draw min(ac_max, station);
# three-phase points draw min(ac_max, phases x 0.23 kV x current), rounded to 0.1 kW.
AC_CASES = [
    ("1-phase 6.6 kW at 7.4", 1, 6.6, 7.4, 6.6),
    ("1-phase 6.6 kW at 11 (1 x 0.23 x 16 = 3.68)", 1, 6.6, 11.0, 3.7),
    ("1-phase 6.6 kW at 16 (1 x 0.23 x 23.2 = 5.336)", 1, 6.6, 16.0, 5.3),
    ("1-phase 6.6 kW at 22 (7.36 capped by 6.6)", 1, 6.6, 22.0, 6.6),
    ("2-phase 7.2 kW at 11 (2 x 3.68 = 7.36, capped)", 2, 7.2, 11.0, 7.2),
    ("3-phase 22 kW at 11 (3 x 3.68 = 11.04)", 3, 22.0, 11.0, 11.0),
    ("3-phase 22 kW at 22 (3 x 0.23 x 32 = 22.08)", 3, 22.0, 22.0, 22.0),
    ("Zoe 43 kW at 22", 3, 43.0, 22.0, 22.1),
    ("Zoe 43 kW at 43 (3 x 0.23 x 62.3 = 42.99)", 3, 43.0, 43.0, 43.0),
    ("3-phase 11 kW at 2.3", 3, 11.0, 2.3, 2.3),
]


@pytest.mark.parametrize(
    ("case", "phases", "ac_max", "station", "expected"), AC_CASES, ids=[c[0] for c in AC_CASES]
)
def test_ac_power_at_a_station_follows_the_table_pattern(
    case: str, phases: int, ac_max: float, station: float, expected: float
) -> None:
    got = ac_power_at_station_kw(station_kw=station, phases=phases, ac_max_power_kw=ac_max)
    assert got == pytest.approx(expected)


def test_default_ac_table_has_every_chargeprice_station_power() -> None:
    table = default_ac_table(phases=3, ac_max_power_kw=11)
    assert table == {
        2.0: 2.0,
        2.3: 2.3,
        3.7: 3.7,
        7.4: 7.4,
        11.0: 11.0,
        16.0: 11.0,
        22.0: 11.0,
        43.0: 11.0,
    }


CURVE = (CurvePoint(0, 100), CurvePoint(50, 150), CurvePoint(100, 10))


@pytest.mark.parametrize(
    ("soc", "expected"),
    [(0, 100), (25, 125), (50, 150), (75, 80), (100, 10), (-5, 100), (105, 10)],
)
def test_curve_is_interpolated_linearly(soc: float, expected: float) -> None:
    # 75 % lies halfway between 150 and 10 kW: 80 kW.
    assert power_at_soc_kw(CURVE, soc) == pytest.approx(expected)
