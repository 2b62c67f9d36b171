"""Vehicles and brands as JSON:API resources (Chargeprice v2 field names)."""

from __future__ import annotations

from evcharge.api import jsonapi
from evcharge.codecs.reference_charge import reference_doc
from evcharge.core.vehicles import Brand, Vehicle
from evcharge.services.pricing.charging_sessions import SessionEstimate

BRAND_TYPE = "vehicle_brand"


def brand_resource(brand: Brand) -> jsonapi.Json:
    return jsonapi.resource(BRAND_TYPE, brand.id, {"name": brand.name})


def vehicle_resource(vehicle: Vehicle, *, full: bool) -> jsonapi.Json:
    """`full` adds the curve and the AC table, which Chargeprice gates behind ReadVehiclesFull."""
    attributes: jsonapi.Json = {
        "brand": vehicle.brand.name,
        "model": vehicle.model,
        "variant": vehicle.variant,
        "release_year": vehicle.release_year,
        "evdb_vehicle_id": vehicle.evdb_vehicle_id,
        "ev_type": vehicle.ev_type.value,
        "usable_battery_size": vehicle.usable_battery_size_kwh,
        "ac_phases": vehicle.ac_phases,
        "ac_ports": [p.value for p in vehicle.ac_ports],
        "ac_max_power": vehicle.ac_max_power_kw,
        "dc_ports": [p.value for p in vehicle.dc_ports],
        "dc_max_power": vehicle.dc_max_power_kw,
        "dc_default_charging_curve": vehicle.dc_default_charging_curve,
        "energy_consumption": {"average_consumption": vehicle.energy_consumption_kwh_per_100km},
        "markets": [m.value for m in vehicle.markets],
        # Ours, beside Chargeprice's fields: how the curve was obtained, and the maker's figure.
        "curve_provenance": vehicle.curve_provenance.value,
        "reference_charge": reference_doc(vehicle.reference_charge),
    }
    if full:
        attributes["ac_power_per_charging_point"] = {
            f"{kw:.1f}": car_kw
            for kw, car_kw in sorted(vehicle.ac_power_per_charging_point_kw.items())
        }
        attributes["dc_charging_curve"] = (
            [{"percentage": p.soc_pct, "power": p.power_kw} for p in vehicle.dc_charging_curve]
            if vehicle.dc_charging_curve
            else None
        )
    return jsonapi.resource(
        vehicle.vehicle_type.value,
        vehicle.id,
        attributes,
        {"manufacturer": jsonapi.to_one(BRAND_TYPE, vehicle.brand.id)},
    )


def vehicle_page(
    vehicles: list[Vehicle], *, full: bool
) -> tuple[list[jsonapi.Json], list[jsonapi.Json]]:
    data = [vehicle_resource(v, full=full) for v in vehicles]
    included = jsonapi.unique_by_id(brand_resource(v.brand) for v in vehicles)
    return data, included


def charging_session_resource(estimate: SessionEstimate) -> jsonapi.Json:
    profile = estimate.profile
    duration_min = profile.duration_min
    average_kw = profile.battery_energy_kwh * 60 / duration_min if duration_min else 0.0
    slices = [
        {
            "start_min": round(s.start_min, 2),
            "duration_min": round(s.duration_min, 2),
            "energy_kwh": round(s.energy_kwh, 3),
            "battery_energy_kwh": round(s.battery_energy_kwh, 3),
            "soc_start_pct": round(s.soc_start_pct, 2),
            "soc_end_pct": round(s.soc_end_pct, 2),
            "power_kw": round(s.power_kw, 1),
        }
        for s in profile.slices
    ]
    attributes = {
        "plug": estimate.plug.value,
        "charger_power_kw": estimate.power_kw,
        "soc_start_pct": profile.slices[0].soc_start_pct,
        "soc_end_pct": profile.slices[-1].soc_end_pct,
        # Rounded as /v1/charge_prices rounds its meta, so the page and the API agree.
        "duration_min": round(duration_min, 2),
        "energy_kwh": round(profile.energy_kwh, 3),
        "battery_energy_kwh": round(profile.battery_energy_kwh, 3),
        "average_power_kw": round(average_kw, 1),
        "curve_provenance": estimate.vehicle.curve_provenance.value,
        "slices": slices,
    }
    return jsonapi.resource("charging_session", estimate.vehicle.id, attributes)
