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
    battery_range: tuple[Percent, Percent] = Field(description="[start, end] state of charge, %")
    currency: str = Field(
        default="EUR", pattern=r"^[A-Za-z]{3}$", description="ISO 4217 code of the prices"
    )
    start_time: int = Field(
        default=720, ge=0, le=1439, description="local start, minutes after midnight (0-1439)"
    )
    allow_unbalanced_load: bool = Field(
        False, description="false: a single-phase car is limited to 4.5 kW on AC"
    )
    include_direct_payment: bool = Field(
        False, description="also consider every direct-payment (ad hoc) tariff"
    )
    charge_points_power_lte: float | None = Field(
        default=None, gt=0, le=1000, description="only charge points of at most this many kW"
    )


class ManyRelationship(_In):
    data: list[Identifier] = Field(description="the related resources")


class BulkRelationships(_In):
    charging_stations: ManyRelationship = Field(
        description="station ids (type charging_station), at most 100"
    )
    tariffs: ManyRelationship = Field(description="tariff ids (type tariff), at most 200")
    vehicle: VehicleRelationship = Field(description="the car (type car)")


class BulkData(_In):
    type: Literal["bulk_price_preview_request", "charge_price_bulk_request"] = Field(
        description="bulk_price_preview_request (charge_price_bulk_request is accepted too)"
    )
    attributes: BulkAttributes = Field(description="the session")
    relationships: BulkRelationships = Field(description="the stations, tariffs and vehicle")


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

    data: BulkData = Field(description="the request")


class PreviewAttributes(BaseModel):
    energy: float = Field(description="kWh drawn from the grid (billed)")
    battery_energy: float = Field(description="kWh stored in the battery")
    duration: float = Field(description="minutes")
    price: float = Field(
        description="the cheapest price over the given tariffs, VAT included, in currency"
    )
    currency: str = Field(description="ISO 4217 code of the price")
    plug: str = Field(description="the connector of the charge point priced")
    power: float = Field(description="that charge point's power, kW")


class PreviewResource(BaseModel):
    id: str = Field(description="the station's id")
    type: Literal["charge_price_preview"] = Field(description="always charge_price_preview")
    attributes: PreviewAttributes = Field(description="the cheapest session at the station")
    relationships: dict[str, dict[str, dict[str, str]]] = Field(
        description="charging_station and the winning tariff, each {data: {id, type}}"
    )


class Unpriced(BaseModel):
    charging_station: str = Field(description="the station's id")
    reason: str = Field(description="why none of the tariffs gives a price there")


class BulkMeta(BaseModel):
    currency: str = Field(description="ISO 4217 code of every price")
    exchange_rate_date: str = Field(
        description="the day of the ECB reference rates used to convert (YYYY-MM-DD)"
    )
    unpriced_stations: list[Unpriced] = Field(
        description="the requested stations without a price, with the reason"
    )


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

    data: list[PreviewResource] = Field(description="one per station with a price")
    meta: BulkMeta = Field(description="the currency, and the stations left unpriced")
