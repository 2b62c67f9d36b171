"""POST /v1/charge_prices/bulk documents (reference §1.2), plus what users asked for: the
winning tariff per station and the stations left unpriced, with the reason."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from evcharge.api import examples
from evcharge.api.schemas.charge_prices import Identifier, Percent, VehicleRelationship

STATION_ID: dict[str, str] = {"id": examples.STATION_ID, "type": "charging_station"}
_UNPRICED_ID = "6b0f9d3e-2a51-5c47-9e8d-1f4a7c3b2e90"  # a station without a usable tariff


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BulkAttributes(_In):
    battery_range: tuple[Percent, Percent]
    currency: str = Field(default="EUR", pattern=r"^[A-Za-z]{3}$")
    start_time: int = Field(default=720, ge=0, le=1439)
    allow_unbalanced_load: bool = False
    include_direct_payment: bool = False
    charge_points_power_lte: float | None = Field(default=None, gt=0, le=1000, description="kW")


class ManyRelationship(_In):
    data: list[Identifier]


class BulkRelationships(_In):
    charging_stations: ManyRelationship
    tariffs: ManyRelationship
    vehicle: VehicleRelationship


class BulkData(_In):
    type: Literal["bulk_price_preview_request", "charge_price_bulk_request"]
    attributes: BulkAttributes
    relationships: BulkRelationships


class BulkRequestDocument(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "data": {
                    "type": "bulk_price_preview_request",
                    "attributes": {"battery_range": [20, 80], "currency": "EUR"},
                    "relationships": {
                        "charging_stations": {"data": [dict(STATION_ID)]},
                        "tariffs": {
                            "data": [
                                {"id": examples.TARIFF_ID, "type": "tariff"},
                                {"id": examples.OTHER_TARIFF_ID, "type": "tariff"},
                            ]
                        },
                        "vehicle": {"data": {"id": examples.VEHICLE_ID, "type": "car"}},
                    },
                }
            }
        },
    )

    data: BulkData


class PreviewAttributes(BaseModel):
    energy: float
    battery_energy: float
    duration: float
    price: float
    currency: str
    plug: str
    power: float


class PreviewResource(BaseModel):
    id: str
    type: Literal["charge_price_preview"]
    attributes: PreviewAttributes
    relationships: dict[str, dict[str, dict[str, str]]]


class Unpriced(BaseModel):
    charging_station: str
    reason: str


class BulkMeta(BaseModel):
    currency: str
    exchange_rate_date: str
    unpriced_stations: list[Unpriced]


class BulkResponseDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {
                        "id": examples.STATION_ID,
                        "type": "charge_price_preview",
                        "attributes": {"energy": 38.5, "battery_energy": 35.0, "duration": 22.4,
                                       "price": 18.48, "currency": "EUR", "plug": "ccs",
                                       "power": 150.0},
                        "relationships": {
                            "charging_station": {"data": dict(STATION_ID)},
                            "tariff": {"data": {"id": examples.TARIFF_ID, "type": "tariff"}},
                        },
                    }
                ],
                "meta": {"currency": "EUR", "exchange_rate_date": "2026-10-30",
                         "unpriced_stations": [{"charging_station": _UNPRICED_ID,
                                                "reason": "no usable tariff has a price here"}]},
            }
        }
    )  # fmt: skip

    data: list[PreviewResource]
    meta: BulkMeta
