"""The EV Database (One Auto) bidirectional-charging envelope, for OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class BidirectionalFields(BaseModel):
    vehicle_to_load_support_status: str | None
    vehicle_to_load_power_output_kw: float | None
    vehicle_to_load_exterior_port_details: str | None
    vehicle_to_load_interior_port_details: str | None
    vehicle_to_home_ac_support_status: str | None
    vehicle_to_home_ac_power_output_kw: float | None
    vehicle_to_home_dc_support_status: str | None
    vehicle_to_home_dc_power_output_kw: float | None
    vehicle_to_grid_ac_support_status: str | None
    vehicle_to_grid_ac_power_output_kw: float | None
    vehicle_to_grid_dc_support_status: str | None
    vehicle_to_grid_dc_power_output_kw: float | None


class BidirectionalEnvelope(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "success": True,
                "result": {
                    "vehicle_to_load_support_status": "Available",
                    "vehicle_to_load_power_output_kw": 3.6,
                    "vehicle_to_load_exterior_port_details": "1 x Type 2 (Adapter)",
                    "vehicle_to_load_interior_port_details": "1 x UK Socket (BS1363)",
                    "vehicle_to_home_ac_support_status": "Not Available",
                    "vehicle_to_home_ac_power_output_kw": None,
                    "vehicle_to_home_dc_support_status": "Not Available",
                    "vehicle_to_home_dc_power_output_kw": None,
                    "vehicle_to_grid_ac_support_status": "Not Available",
                    "vehicle_to_grid_ac_power_output_kw": None,
                    "vehicle_to_grid_dc_support_status": "Not Available",
                    "vehicle_to_grid_dc_power_output_kw": None,
                },
                "error": None,
            }
        }
    )

    success: bool
    result: BidirectionalFields | None
    error: str | None


class OneAutoError(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"success": False, "result": None, "error": "api_key missing"}
        }
    )

    success: bool
    result: None
    error: str
