"""Vehicle and brand documents (Chargeprice v2), for OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from evcharge.api.schemas.common import OverallCountMeta, PageLinks, ToOne


class CurvePointOut(BaseModel):
    percentage: float
    power: float


class EnergyConsumption(BaseModel):
    average_consumption: float | None = Field(description="kWh/100 km")


CurveProvenanceName = Literal["measured", "fitted_to_published", "default"]


class ReferenceChargeOut(BaseModel):
    soc_from_pct: float = Field(description="%")
    soc_to_pct: float = Field(description="%")
    charger_power_kw: float = Field(description="kW, the charger the maker names")
    duration_min: float = Field(description="minutes, as the maker publishes")
    source_url: str
    as_of: date = Field(description="the day the figure is true as of")


class VehicleAttributes(BaseModel):
    brand: str
    model: str
    variant: str
    release_year: int | None = Field(description="null when the source does not say")
    evdb_vehicle_id: int
    ev_type: Literal["bev", "phev"]
    usable_battery_size: float = Field(description="kWh, net")
    ac_phases: int
    ac_ports: list[str]
    ac_max_power: float = Field(description="kW")
    ac_power_per_charging_point: dict[str, float] | None = Field(
        default=None, description="station kW -> car kW; only for keys with ReadVehiclesFull"
    )
    dc_ports: list[str]
    dc_max_power: float | None = Field(description="kW; null = no DC charging")
    dc_charging_curve: list[CurvePointOut] | None = Field(
        default=None, description="SoC % -> kW; only for keys with ReadVehiclesFull"
    )
    dc_default_charging_curve: bool
    energy_consumption: EnergyConsumption
    markets: list[str]
    curve_provenance: CurveProvenanceName = Field(
        description="ours: how dc_charging_curve was obtained: measured on the car, "
        "fitted_to_published (fitted so its simulated time equals reference_charge), or "
        "default (Chargeprice's default-curve rule: neither a measurement nor a maker's figure)"
    )
    reference_charge: ReferenceChargeOut | None = Field(
        description="ours: the maker's published DC charge time, with its source; null if none"
    )


class VehicleRelationships(BaseModel):
    manufacturer: ToOne


class VehicleResource(BaseModel):
    id: str
    type: Literal["car", "van", "motorbike"]
    attributes: VehicleAttributes
    relationships: VehicleRelationships


class BrandAttributes(BaseModel):
    name: str


class BrandResource(BaseModel):
    id: str
    type: Literal["vehicle_brand"]
    attributes: BrandAttributes


class VehicleDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {
                        "id": "0b8f7c43-3f4e-5c3a-9d5b-5f0c8a0d7e11",
                        "type": "car",
                        "attributes": {
                            "brand": "Hyundai",
                            "model": "IONIQ 5",
                            "variant": "Standard Range 58 kWh RWD",
                            "release_year": 2021,
                            "evdb_vehicle_id": 1001,
                            "ev_type": "bev",
                            "usable_battery_size": 54.0,
                            "ac_phases": 3,
                            "ac_ports": ["type2"],
                            "ac_max_power": 11.0,
                            "dc_ports": ["ccs"],
                            "dc_max_power": 175.0,
                            "dc_default_charging_curve": False,
                            "energy_consumption": {"average_consumption": 16.8},
                            "markets": ["uk", "eu", "us"],
                            "curve_provenance": "measured",
                            "reference_charge": {
                                "soc_from_pct": 10,
                                "soc_to_pct": 80,
                                "charger_power_kw": 350,
                                "duration_min": 18,
                                "source_url": "https://www.hyundai.com/",
                                "as_of": "2024-03-01",
                            },
                        },
                        "relationships": {
                            "manufacturer": {"data": {"id": "5e1c…", "type": "vehicle_brand"}}
                        },
                    }
                ],
                "included": [
                    {"id": "5e1c…", "type": "vehicle_brand", "attributes": {"name": "Hyundai"}}
                ],
                "meta": {"overall_count": 1},
            }
        }
    )

    data: list[VehicleResource]
    included: list[BrandResource]
    meta: OverallCountMeta
    links: PageLinks | None = None


class BrandDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {"id": "5e1c…", "type": "vehicle_brand", "attributes": {"name": "Hyundai"}}
                ],
                "meta": {"overall_count": 1},
            }
        }
    )

    data: list[BrandResource]
    meta: OverallCountMeta
    links: PageLinks | None = None


class SessionSliceOut(BaseModel):
    start_min: float
    duration_min: float
    energy_kwh: float = Field(description="drawn from the grid")
    battery_energy_kwh: float
    soc_start_pct: float
    soc_end_pct: float
    power_kw: float = Field(description="mean grid power over the slice")


class ChargingSessionAttributes(BaseModel):
    plug: str
    charger_power_kw: float
    soc_start_pct: float
    soc_end_pct: float
    duration_min: float
    energy_kwh: float = Field(description="drawn from the grid: what a station bills")
    battery_energy_kwh: float = Field(description="stored in the battery")
    average_power_kw: float = Field(description="battery energy over duration")
    curve_provenance: CurveProvenanceName = Field(
        description="how the curve behind this time was obtained (see /v2/vehicles)"
    )
    slices: list[SessionSliceOut]


class ChargingSessionResource(BaseModel):
    id: str = Field(description="the vehicle's id")
    type: Literal["charging_session"]
    attributes: ChargingSessionAttributes


class ChargingSessionDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": {
                    "id": "VEHICLE-ID",
                    "type": "charging_session",
                    "attributes": {
                        "plug": "ccs",
                        "charger_power_kw": 150.0,
                        "soc_start_pct": 10.0,
                        "soc_end_pct": 80.0,
                        "duration_min": 18.4,
                        "energy_kwh": 41.856,
                        "battery_energy_kwh": 40.6,
                        "average_power_kw": 132.4,
                        "curve_provenance": "measured",
                        "slices": [],
                    },
                }
            }
        }
    )

    data: ChargingSessionResource
