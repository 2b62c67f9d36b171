"""The EV Database (One Auto) bidirectional-charging envelope, for OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_STATUS = "Available, Announced, Not Available or Unknown"


class BidirectionalFields(BaseModel):
    vehicle_to_load_support_status: str | None = Field(
        description=f"vehicle-to-load (V2L): powering appliances from the car: {_STATUS}"
    )
    vehicle_to_load_power_output_kw: float | None = Field(
        description="the most the car gives in this mode, kW; null when not offered or unknown"
    )
    vehicle_to_load_exterior_port_details: str | None = Field(
        description='outside sockets or adapters, e.g. "1 x Type 2 (Adapter)"; "None" if none'
    )
    vehicle_to_load_interior_port_details: str | None = Field(
        description='sockets inside the car, e.g. "1 x UK Socket (BS1363)"; "None" if none'
    )
    vehicle_to_home_ac_support_status: str | None = Field(
        description=f"vehicle-to-home over AC (V2H): {_STATUS}"
    )
    vehicle_to_home_ac_power_output_kw: float | None = Field(
        description="the most the car gives in this mode, kW; null when not offered or unknown"
    )
    vehicle_to_home_dc_support_status: str | None = Field(
        description=f"vehicle-to-home over DC (V2H): {_STATUS}"
    )
    vehicle_to_home_dc_power_output_kw: float | None = Field(
        description="the most the car gives in this mode, kW; null when not offered or unknown"
    )
    vehicle_to_grid_ac_support_status: str | None = Field(
        description=f"vehicle-to-grid over AC (V2G): {_STATUS}"
    )
    vehicle_to_grid_ac_power_output_kw: float | None = Field(
        description="the most the car gives in this mode, kW; null when not offered or unknown"
    )
    vehicle_to_grid_dc_support_status: str | None = Field(
        description=f"vehicle-to-grid over DC (V2G): {_STATUS}"
    )
    vehicle_to_grid_dc_power_output_kw: float | None = Field(
        description="the most the car gives in this mode, kW; null when not offered or unknown"
    )


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

    success: bool = Field(description="true when result holds the vehicle's facts")
    result: BidirectionalFields | None = Field(description="the 12 facts; null on an error")
    error: str | None = Field(description="what went wrong; null on success")


class OneAutoError(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"success": False, "result": None, "error": "api_key missing"}
        }
    )

    success: bool = Field(description="always false")
    result: None = Field(description="always null")
    error: str = Field(description="what went wrong")
