"""Vehicle and brand documents (Chargeprice v2), for OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from evcharge.api import examples
from evcharge.api.schemas.common import OverallCountMeta, PageLinks, ToOne


class CurvePointOut(BaseModel):
    percentage: float = Field(description="state of charge, %")
    power: float = Field(description="DC power the car draws at that state of charge, kW")


class EnergyConsumption(BaseModel):
    average_consumption: float | None = Field(description="kWh/100 km")


CurveProvenanceName = Literal["measured", "fitted_to_published", "default", "none"]


class RangeAddedOut(BaseModel):
    added_distance: float = Field(description="the range the maker says the charge adds")
    rated_distance: float = Field(description="the car's rated range on the same basis")
    distance_unit: Literal["km", "mi"] = Field(description="the unit of both distances")
    basis: Literal["wltp", "epa"] = Field(description="the test cycle both are rated on")
    start_soc_stated: bool = Field(
        description="true: the maker states the starting state of charge; false: it does not, "
        "and soc_from_pct is our assumption (10 %), not the maker's"
    )


class ReferenceChargeOut(BaseModel):
    kind: Literal["soc_window", "range_added"] = Field(
        description="soc_window: the maker publishes the window (e.g. 10-80 % in 18 min); "
        "range_added: the maker publishes range added in some minutes (range_added), and the "
        "window is derived: from soc_from_pct by the share of the rated range it adds"
    )
    soc_from_pct: float = Field(
        description="%; for range_added without range_added.start_soc_stated, our assumed 10 %, "
        "not the maker's"
    )
    soc_to_pct: float = Field(description="%; for range_added, derived from the range figure")
    charger_power_kw: float = Field(description="kW, the charger the maker names")
    duration_min: float = Field(description="minutes, as the maker publishes")
    source_url: str = Field(
        description="the page the figure comes from: the maker's, or a report quoting the maker"
    )
    as_of: date = Field(description="the day the figure is true as of")
    range_added: RangeAddedOut | None = Field(
        default=None, description="the maker's range figure, when kind is range_added"
    )


class VehicleAttributes(BaseModel):
    brand: str = Field(description="the maker, e.g. Hyundai")
    model: str = Field(description="e.g. IONIQ 5")
    variant: str = Field(description="battery, drive or trim, e.g. Standard Range 58 kWh RWD")
    release_year: int | None = Field(description="null when the source does not say")
    evdb_vehicle_id: int = Field(description="the EV Database id (/evdatabase paths take it)")
    ev_type: Literal["bev", "phev"] = Field(description="bev: battery electric; phev: plug-in")
    usable_battery_size: float = Field(description="kWh, net")
    ac_phases: int = Field(description="AC phases the on-board charger uses: 1, 2 or 3")
    ac_ports: list[str] = Field(description="AC inlets: type1, type2")
    ac_max_power: float = Field(description="kW")
    ac_power_per_charging_point: dict[str, float] | None = Field(
        default=None, description="station kW -> car kW; only for keys with ReadVehiclesFull"
    )
    dc_ports: list[str] = Field(description="DC inlets: ccs, chademo, tesla_suc, tesla_ccs")
    dc_max_power: float | None = Field(description="kW; null = no DC charging")
    dc_charging_curve: list[CurvePointOut] | None = Field(
        default=None, description="SoC % -> kW; only for keys with ReadVehiclesFull"
    )
    dc_default_charging_curve: bool = Field(
        description="true: the curve is Chargeprice's default (0 % -> 0.95 x dc_max_power, "
        "75 % -> dc_max_power, 100 % -> ac_max_power), not the car's own"
    )
    energy_consumption: EnergyConsumption = Field(description="the car's consumption")
    markets: list[str] = Field(description="where the car is sold: uk, eu, us")
    curve_provenance: CurveProvenanceName = Field(
        description="ours: how dc_charging_curve was obtained: measured on the car, "
        "fitted_to_published (fitted so its simulated time equals reference_charge), "
        "default (Chargeprice's default-curve rule: neither a measurement nor a maker's figure), "
        "or none (the car cannot charge on DC: no curve)"
    )
    reference_charge: ReferenceChargeOut | None = Field(
        description="ours: the maker's published DC charge time, with its source; null if none"
    )


class VehicleRelationships(BaseModel):
    manufacturer: ToOne = Field(description="the brand (type vehicle_brand), in included")


class VehicleResource(BaseModel):
    id: str = Field(description="the vehicle's id (a UUID)")
    type: Literal["car", "van", "motorbike"] = Field(description="the kind of vehicle")
    attributes: VehicleAttributes = Field(description="its specifications")
    relationships: VehicleRelationships = Field(description="its brand")


class BrandAttributes(BaseModel):
    name: str = Field(description="the brand's name, e.g. Hyundai")


class BrandResource(BaseModel):
    id: str = Field(description="the brand's id (a UUID)")
    type: Literal["vehicle_brand"] = Field(description="always vehicle_brand")
    attributes: BrandAttributes = Field(description="the brand")


class VehicleDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {
                        "id": examples.VEHICLE_ID,
                        "type": "car",
                        "attributes": {
                            "brand": "Hyundai",
                            "model": "IONIQ 5",
                            "variant": "Standard Range 58 kWh RWD",
                            "release_year": 2021,
                            "evdb_vehicle_id": 91001,
                            "ev_type": "bev",
                            "usable_battery_size": 54.0,
                            "ac_phases": 3,
                            "ac_ports": ["type2"],
                            "ac_max_power": 11.0,
                            "dc_ports": ["ccs"],
                            "dc_max_power": 175.0,
                            "dc_default_charging_curve": False,
                            "energy_consumption": {"average_consumption": 16.8},
                            "markets": ["uk", "eu"],
                            "curve_provenance": "fitted_to_published",
                            "reference_charge": {
                                "kind": "soc_window",
                                "soc_from_pct": 10.0,
                                "soc_to_pct": 80.0,
                                "charger_power_kw": 350.0,
                                "duration_min": 18.0,
                                "source_url": "https://autoscout24.be/fr/informer/actualite/"
                                "l-ioniq-5-pourra-meme-de-recharger-votre-velo-electrique-2021",
                                "as_of": "2026-11-30",
                            },
                        },
                        "relationships": {
                            "manufacturer": {
                                "data": {"id": examples.HYUNDAI_ID, "type": "vehicle_brand"}
                            }
                        },
                    }
                ],
                "included": [
                    {
                        "id": examples.HYUNDAI_ID,
                        "type": "vehicle_brand",
                        "attributes": {"name": "Hyundai"},
                    }
                ],
                "meta": {"overall_count": 1},
            }
        }
    )

    data: list[VehicleResource] = Field(description="one page of vehicles")
    included: list[BrandResource] = Field(description="the brands of these vehicles")
    meta: OverallCountMeta = Field(description="how many match in all")
    links: PageLinks | None = Field(None, description="the other pages")


class BrandDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {
                        "id": examples.HYUNDAI_ID,
                        "type": "vehicle_brand",
                        "attributes": {"name": "Hyundai"},
                    }
                ],
                "meta": {"overall_count": 1},
            }
        }
    )

    data: list[BrandResource] = Field(description="one page of brands")
    meta: OverallCountMeta = Field(description="how many match in all")
    links: PageLinks | None = Field(None, description="the other pages")


class SessionSliceOut(BaseModel):
    start_min: float = Field(description="minutes after the session's start")
    duration_min: float = Field(description="minutes")
    energy_kwh: float = Field(description="drawn from the grid")
    battery_energy_kwh: float = Field(description="kWh stored in the battery")
    soc_start_pct: float = Field(description="state of charge at the slice's start, %")
    soc_end_pct: float = Field(description="state of charge at its end, %")
    power_kw: float = Field(description="mean grid power over the slice")


class ChargingSessionAttributes(BaseModel):
    plug: str = Field(description="the connector used")
    charger_power_kw: float = Field(description="the charger's maximum power, kW")
    soc_start_pct: float = Field(description="state of charge at the start, %")
    soc_end_pct: float = Field(description="state of charge at the end, %")
    duration_min: float = Field(description="minutes to charge from start to end")
    energy_kwh: float = Field(description="drawn from the grid: what a station bills")
    battery_energy_kwh: float = Field(description="stored in the battery")
    average_power_kw: float = Field(description="battery energy over duration")
    curve_provenance: CurveProvenanceName = Field(
        description="how the curve behind this time was obtained (see /v2/vehicles)"
    )
    slices: list[SessionSliceOut] = Field(description="the session, a few slices in order")


class ChargingSessionResource(BaseModel):
    id: str = Field(description="the vehicle's id")
    type: Literal["charging_session"] = Field(description="always charging_session")
    attributes: ChargingSessionAttributes = Field(description="the simulated session")


class ChargingSessionDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": {
                    "id": examples.VEHICLE_ID,
                    "type": "charging_session",
                    "attributes": {
                        "plug": "ccs",
                        "charger_power_kw": 150.0,
                        "soc_start_pct": 10.0,
                        "soc_end_pct": 80.0,
                        "duration_min": 18.1,
                        "energy_kwh": 38.969,
                        "battery_energy_kwh": 37.8,
                        "average_power_kw": 125.3,
                        "curve_provenance": "fitted_to_published",
                        "slices": [
                            {
                                "start_min": 0.0,
                                "duration_min": 1.11,
                                "energy_kwh": 2.784,
                                "battery_energy_kwh": 2.7,
                                "soc_start_pct": 10.0,
                                "soc_end_pct": 15.0,
                                "power_kw": 150.0,
                            }
                        ],
                    },
                }
            }
        }
    )

    data: ChargingSessionResource = Field(description="the session")
