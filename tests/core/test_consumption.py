from __future__ import annotations

import pytest

from evcharge.core.consumption import kwh_per_100km_from_wh_per_km


@pytest.mark.parametrize(("wh_per_km", "kwh_per_100km"), [(176, 17.6), (148, 14.8), (45, 4.5)])
def test_wh_per_km_is_a_tenth_in_kwh_per_100km(wh_per_km: float, kwh_per_100km: float) -> None:
    assert kwh_per_100km_from_wh_per_km(wh_per_km) == pytest.approx(kwh_per_100km)
