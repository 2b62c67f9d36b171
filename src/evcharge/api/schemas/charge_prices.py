"""POST /v1/charge_prices request and response documents (reference §1.1)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from evcharge.api import examples
from evcharge.core.plugs import Plug
from evcharge.core.tariff_selection import IncludeMode
from evcharge.core.tariffs import NoPriceReason


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChargePointIn(_In):
    # 1 kW and up: below that no charger exists, and the charging time overflows.
    power: float = Field(ge=1, le=1000, description="kW")
    plug: Plug


class StationIn(_In):
    longitude: float = Field(ge=-180, le=180)
    latitude: float = Field(ge=-90, le=90)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    network: str = Field(min_length=1, description="the CPO's company id")
    charge_points: list[ChargePointIn] = Field(min_length=1, max_length=50)


Percent = Annotated[float, Field(ge=0, le=100)]


class OptionsIn(_In):
    energy: float | None = Field(default=None, gt=0, le=1000, description="kWh")
    duration: float | None = Field(default=None, gt=0, le=10080, description="minutes")
    battery_range: tuple[Percent, Percent] | None = Field(default=None, examples=[[20, 80]])
    car_ac_phases: Literal[1, 2, 3] | None = None
    currency: str = Field(default="EUR", pattern=r"^[A-Za-z]{3}$")
    start_time: int = Field(default=720, ge=0, le=1439, description="minutes after midnight")
    allow_unbalanced_load: bool = False
    max_monthly_fees: float | None = Field(
        default=None, ge=0, le=100_000, description="in the request's currency"
    )
    provider_customer_tariffs: bool = False
    foreign_tariffs: bool = True
    show_price_unavailable: bool = False
    show_all_brand_restricted_tariffs: bool = False
    average_prices: bool = False


class RequestAttributes(_In):
    data_adapter: Literal["chargeprice"] = "chargeprice"
    station: StationIn
    options: OptionsIn = Field(default_factory=OptionsIn)


class Identifier(_In):
    id: str = Field(min_length=1)
    type: str


class IncludeMeta(_In):
    include: IncludeMode = IncludeMode.FILTER


class TariffsRelationship(_In):
    data: list[Identifier] = Field(max_length=200)
    meta: IncludeMeta = Field(default_factory=IncludeMeta)


class VehicleRelationship(_In):
    data: Identifier


class RequestRelationships(_In):
    tariffs: TariffsRelationship | None = None
    vehicle: VehicleRelationship | None = None


class RequestData(_In):
    type: Literal["charge_price_request"]
    attributes: RequestAttributes
    relationships: RequestRelationships = Field(default_factory=RequestRelationships)


class ChargePriceRequestDocument(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "data": {
                    "type": "charge_price_request",
                    "attributes": {
                        "data_adapter": "chargeprice",
                        "station": {
                            "longitude": examples.STATION_LONGITUDE,
                            "latitude": examples.STATION_LATITUDE,
                            "country": "DE",
                            "network": examples.IONITY_ID,
                            "charge_points": [{"power": 350.0, "plug": "ccs"}],
                        },
                        "options": {"battery_range": [20, 80], "currency": "EUR"},
                    },
                    "relationships": {
                        "vehicle": {"data": {"id": examples.VEHICLE_ID, "type": "car"}}
                    },
                }
            }
        },
    )

    data: RequestData


class TagOut(BaseModel):
    kind: str
    text: str = Field(description="in the language chosen by Accept-Language (English fallback)")
    url: str | None


class ChargePointPriceOut(BaseModel):
    plug: str
    power: float
    price: float | None
    price_distribution: dict[str, float]
    blocking_fee_start: int | None
    no_price_reason: str | None = Field(
        description="why there is no price, in the answer's language"
    )
    no_price_reason_code: NoPriceReason | None = Field(description="the same reason, for programs")
    is_average_price: bool


class ChargePriceAttributes(BaseModel):
    provider: str
    tariff_name: str | None
    url: str
    monthly_min_sales: float
    total_monthly_fee: float
    flat_rate: bool
    direct_payment: bool
    is_card_payment: bool
    provider_customer_tariff: bool
    is_roaming: bool
    is_promoted: bool
    currency: str
    start_time: int
    tags: list[TagOut]
    system_tags: list[str]
    branding: None
    charge_point_prices: list[ChargePointPriceOut]


class ChargePointMeta(BaseModel):
    plug: str
    power: float
    energy: float = Field(description="kWh drawn from the grid (billed)")
    battery_energy: float = Field(description="kWh stored in the battery")
    duration: float = Field(description="minutes")


class ChargePriceMeta(BaseModel):
    charge_points: list[ChargePointMeta]
    currency: str
    exchange_rate_date: str


class ChargePriceResource(BaseModel):
    id: str
    type: Literal["charge_price"]
    attributes: ChargePriceAttributes
    relationships: dict[str, dict[str, dict[str, str]]]


class ChargePriceDocument(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "data": [
                    {
                        "id": examples.OTHER_TARIFF_ID,
                        "type": "charge_price",
                        "attributes": {
                            "provider": "EnBW mobility+",
                            "tariff_name": "Ladetarif M",
                            "url": "https://www.enbw.com/elektromobilitaet/produkte/ladetarife",
                            "monthly_min_sales": 0.0,
                            "total_monthly_fee": 5.99,
                            "flat_rate": False,
                            "direct_payment": False,
                            "is_card_payment": False,
                            "provider_customer_tariff": False,
                            "is_roaming": True,
                            "is_promoted": False,
                            "currency": "EUR",
                            "start_time": 720,
                            "tags": [],
                            "system_tags": [],
                            "branding": None,
                            "charge_point_prices": [
                                {
                                    "plug": "ccs",
                                    "power": 350.0,
                                    "price": 17.7,
                                    "price_distribution": {"kwh": 1.0},
                                    "blocking_fee_start": 90,
                                    "no_price_reason": None,
                                    "no_price_reason_code": None,
                                    "is_average_price": False,
                                }
                            ],
                        },
                        "relationships": {
                            "tariff": {"data": {"id": examples.OTHER_TARIFF_ID, "type": "tariff"}}
                        },
                    }
                ],
                "meta": {
                    "charge_points": [
                        {
                            "plug": "ccs",
                            "power": 350.0,
                            "energy": 30.0,
                            "battery_energy": 29.1,
                            "duration": 21.4,
                        }
                    ],
                    "currency": "EUR",
                    "exchange_rate_date": "2026-10-30",
                },
            }
        }
    )

    data: list[ChargePriceResource]
    meta: ChargePriceMeta
