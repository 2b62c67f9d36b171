"""Price components <-> Chargeprice's raw `prices` document (restrictions + decomposition).

Stored tariffs and PUT /v2/tariffs bodies share this shape; prices are strings so they stay exact.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from evcharge.core.plugs import EnergyType
from evcharge.core.tariffs import Allowance, Dimension, PriceComponent, Restriction, Segment


def _restriction_doc(r: Restriction) -> dict[str, Any]:
    return {
        "allowance": r.allowance.value,
        "countries": sorted(r.countries) if r.countries is not None else None,
        "cpo_ids": sorted(r.cpo_ids) if r.cpo_ids is not None else None,
        "charge_point_powers": list(r.charge_point_powers_kw or []),
        "charge_point_power_is_range": r.power_is_range,
        "charge_point_energy_type": r.energy_type.value if r.energy_type else None,
        "car_ac_phase": r.car_ac_phases,
        "use_consumed_charging_power": r.use_consumed_charging_power,
    }


def _segment_doc(s: Segment) -> dict[str, Any]:
    return {
        "dimension": s.dimension.value,
        "price": str(s.price),
        "range_gte": s.range_gte,
        "range_lt": s.range_lt,
        "billing_increment": s.billing_increment,
        "currency": s.currency,
        "time_of_day_start": s.time_of_day_start_min,
        "time_of_day_end": s.time_of_day_end_min,
        "is_average_price": s.is_average_price,
    }


def prices_doc(components: tuple[PriceComponent, ...]) -> list[dict[str, Any]]:
    return [
        {
            "restrictions": [_restriction_doc(r) for r in c.restrictions],
            "decomposition": [_segment_doc(s) for s in c.segments],
        }
        for c in components
    ]


def _restriction(d: dict[str, Any]) -> Restriction:
    energy = d.get("charge_point_energy_type")
    return Restriction(
        allowance=Allowance(d.get("allowance", "allow")),
        countries=frozenset(d["countries"]) if d.get("countries") is not None else None,
        cpo_ids=frozenset(d["cpo_ids"]) if d.get("cpo_ids") is not None else None,
        charge_point_powers_kw=tuple(d["charge_point_powers"])
        if d.get("charge_point_powers")
        else None,
        power_is_range=bool(d.get("charge_point_power_is_range")),
        energy_type=EnergyType(energy) if energy else None,
        car_ac_phases=d.get("car_ac_phase"),
        use_consumed_charging_power=bool(d.get("use_consumed_charging_power")),
    )


def _segment(d: dict[str, Any]) -> Segment:
    return Segment(
        dimension=Dimension(d["dimension"]),
        price=Decimal(d["price"]),
        range_gte=d.get("range_gte"),
        range_lt=d.get("range_lt"),
        billing_increment=d.get("billing_increment") or 0.0,
        currency=d.get("currency"),
        time_of_day_start_min=d.get("time_of_day_start"),
        time_of_day_end_min=d.get("time_of_day_end"),
        is_average_price=bool(d.get("is_average_price")),
    )


def components(doc: list[dict[str, Any]]) -> tuple[PriceComponent, ...]:
    return tuple(
        PriceComponent(
            restrictions=tuple(_restriction(r) for r in c.get("restrictions", [])),
            segments=tuple(_segment(s) for s in c.get("decomposition", [])),
        )
        for c in doc
    )
