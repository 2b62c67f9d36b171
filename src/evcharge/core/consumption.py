"""Energy consumption units. The catalogue stores kWh/100 km; sources also give Wh/km."""

from __future__ import annotations

# 1 kWh/100 km = 1000 Wh / 100 km = 10 Wh/km.
WH_PER_KM_PER_KWH_PER_100KM = 10.0


def kwh_per_100km_from_wh_per_km(consumption_wh_per_km: float) -> float:
    """176 Wh/km -> 17.6 kWh/100 km."""
    return consumption_wh_per_km / WH_PER_KM_PER_KWH_PER_100KM
