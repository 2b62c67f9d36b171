"""Core Vehicle <-> row columns. JSON documents keep nested facts in plain, stable shapes."""

from __future__ import annotations

from datetime import date
from typing import Any

from evcharge.codecs.reference_charge import reference_doc, reference_from_doc
from evcharge.core.v2x import Confidence, Market, MarketV2x, SupportStatus, V2xFact, V2xMode
from evcharge.core.vehicles import (
    AcPort,
    Brand,
    CurvePoint,
    CurveProvenance,
    DcPort,
    EvType,
    Vehicle,
    VehicleType,
)
from evcharge.db.models import VehicleRow


def _fact_doc(fact: V2xFact) -> dict[str, Any]:
    return {
        "status": fact.status.value,
        "power_kw": fact.power_kw,
        "exterior_ports": fact.exterior_ports,
        "interior_ports": fact.interior_ports,
        "source_url": fact.source_url,
        "as_of": fact.as_of.isoformat() if fact.as_of else None,
        "confidence": fact.confidence.value if fact.confidence else None,
        "reason": fact.reason,
    }


def _fact(doc: dict[str, Any]) -> V2xFact:
    as_of, confidence = doc.get("as_of"), doc.get("confidence")
    return V2xFact(
        status=SupportStatus(doc["status"]),
        power_kw=doc.get("power_kw"),
        exterior_ports=doc.get("exterior_ports"),
        interior_ports=doc.get("interior_ports"),
        source_url=doc.get("source_url"),
        as_of=date.fromisoformat(as_of) if as_of else None,
        confidence=Confidence(confidence) if confidence else None,
        reason=doc.get("reason"),
    )


def columns(vehicle: Vehicle) -> dict[str, Any]:
    """The row's column values for a vehicle (JSON keys are strings, so AC table keys are too)."""
    return {
        "id": vehicle.id,
        "evdb_vehicle_id": vehicle.evdb_vehicle_id,
        "brand_id": vehicle.brand.id,
        "model": vehicle.model,
        "variant": vehicle.variant,
        "release_year": vehicle.release_year,
        "vehicle_type": vehicle.vehicle_type.value,
        "ev_type": vehicle.ev_type.value,
        "usable_battery_size_kwh": vehicle.usable_battery_size_kwh,
        "ac_phases": vehicle.ac_phases,
        "ac_ports": [p.value for p in vehicle.ac_ports],
        "ac_max_power_kw": vehicle.ac_max_power_kw,
        "ac_power_per_charging_point_kw": {
            f"{kw:.1f}": car_kw
            for kw, car_kw in sorted(vehicle.ac_power_per_charging_point_kw.items())
        },
        "dc_ports": [p.value for p in vehicle.dc_ports],
        "dc_max_power_kw": vehicle.dc_max_power_kw,
        "dc_charging_curve": [[p.soc_pct, p.power_kw] for p in vehicle.dc_charging_curve],
        "dc_default_charging_curve": vehicle.dc_default_charging_curve,
        "energy_consumption_kwh_per_100km": vehicle.energy_consumption_kwh_per_100km,
        "markets": [m.value for m in vehicle.markets],
        "bidirectional": {
            market.value: {mode.value: _fact_doc(facts.fact(mode)) for mode in V2xMode}
            for market, facts in vehicle.bidirectional.items()
        },
        "sources": list(vehicle.sources),
        "curve_provenance": vehicle.curve_provenance.value,
        "reference_charge": reference_doc(vehicle.reference_charge),
    }


def to_vehicle(row: VehicleRow) -> Vehicle:
    return Vehicle(
        id=row.id,
        evdb_vehicle_id=row.evdb_vehicle_id,
        brand=Brand(id=row.brand.id, name=row.brand.name),
        model=row.model,
        variant=row.variant,
        release_year=row.release_year,
        vehicle_type=VehicleType(row.vehicle_type),
        ev_type=EvType(row.ev_type),
        usable_battery_size_kwh=row.usable_battery_size_kwh,
        ac_phases=row.ac_phases,
        ac_ports=tuple(AcPort(p) for p in row.ac_ports),
        ac_max_power_kw=row.ac_max_power_kw,
        ac_power_per_charging_point_kw={
            float(k): v for k, v in row.ac_power_per_charging_point_kw.items()
        },
        dc_ports=tuple(DcPort(p) for p in row.dc_ports),
        dc_max_power_kw=row.dc_max_power_kw,
        dc_charging_curve=tuple(CurvePoint(s, p) for s, p in row.dc_charging_curve),
        dc_default_charging_curve=row.dc_default_charging_curve,
        energy_consumption_kwh_per_100km=row.energy_consumption_kwh_per_100km,
        markets=tuple(Market(m) for m in row.markets),
        bidirectional={
            Market(market): MarketV2x(**{mode: _fact(doc) for mode, doc in modes.items()})
            for market, modes in row.bidirectional.items()
        },
        sources=tuple(row.sources),
        curve_provenance=CurveProvenance(row.curve_provenance),
        reference_charge=reference_from_doc(row.reference_charge),
    )
