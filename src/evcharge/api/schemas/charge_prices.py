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
    power: float = Field(ge=1, le=1000, description="the charge point's maximum power, kW")
    plug: Plug = Field(description="the connector")


class StationIn(_In):
    longitude: float = Field(
        ge=-180, le=180, description="degrees (WGS 84); 0 with latitude 0: network prices"
    )
    latitude: float = Field(
        ge=-90, le=90, description="degrees (WGS 84); 0 with longitude 0: network prices"
    )
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    network: str = Field(
        min_length=1, description="the CPO's company id (the station's operator.id)"
    )
    charge_points: list[ChargePointIn] = Field(
        min_length=1, max_length=50, description="one per distinct plug and power (1-50)"
    )


Percent = Annotated[float, Field(ge=0, le=100)]


class OptionsIn(_In):
    energy: float | None = Field(
        default=None, gt=0, le=1000, description="kWh charged; with duration, instead of a vehicle"
    )
    duration: float | None = Field(
        default=None, gt=0, le=10080, description="minutes; with energy, instead of a vehicle"
    )
    battery_range: tuple[Percent, Percent] | None = Field(
        default=None,
        examples=[[20, 80]],
        description="[start, end] state of charge, %; with the vehicle relationship",
    )
    car_ac_phases: Literal[1, 2, 3] | None = Field(
        None, description="AC phases the car uses; default: the vehicle's (3 without one)"
    )
    currency: str = Field(
        default="EUR", pattern=r"^[A-Za-z]{3}$", description="ISO 4217 code of the prices"
    )
    start_time: int = Field(
        default=720, ge=0, le=1439, description="local start, minutes after midnight (0-1439)"
    )
    allow_unbalanced_load: bool = Field(
        False, description="false: a single-phase car is limited to 4.5 kW on AC"
    )
    max_monthly_fees: float | None = Field(
        default=None,
        ge=0,
        le=100_000,
        description="keep tariffs whose monthly fee + minimum monthly spend is at most this, "
        "in the request's currency",
    )
    provider_customer_tariffs: bool = Field(
        False, description="include tariffs only for a provider's customers (e.g. its energy)"
    )
    foreign_tariffs: bool = Field(True, description="include tariffs meant for other countries")
    show_price_unavailable: bool = Field(
        False, description="include usable tariffs without a price (price null, with a reason)"
    )
    show_all_brand_restricted_tariffs: bool = Field(
        False, description="include tariffs for other car brands than the vehicle's"
    )
    average_prices: bool = Field(
        False, description="at latitude = longitude = 0: a CPO's average station prices"
    )


class RequestAttributes(_In):
    data_adapter: Literal["chargeprice"] = Field(
        "chargeprice", description="how station is read: Chargeprice's own ids"
    )
    station: StationIn = Field(description="where the car charges")
    options: OptionsIn = Field(default_factory=OptionsIn, description="the session and filters")


class Identifier(_In):
    id: str = Field(min_length=1, description="the resource's id")
    type: str = Field(description="its JSON:API type: tariff, car, charging_station, company")


class IncludeMeta(_In):
    include: IncludeMode = Field(
        IncludeMode.FILTER,
        description="filter: only these, if the filters keep them; always: these always, "
        "and the others; exclusive: only these, whatever the filters",
    )


class TariffsRelationship(_In):
    data: list[Identifier] = Field(max_length=200, description="tariff ids (at most 200)")
    meta: IncludeMeta = Field(default_factory=IncludeMeta, description="how they are used")


class VehicleRelationship(_In):
    data: Identifier = Field(description="the vehicle (type car)")


class RequestRelationships(_In):
    tariffs: TariffsRelationship | None = Field(
        None, description="the user's tariffs; default: every tariff"
    )
    vehicle: VehicleRelationship | None = Field(
        None, description="the car, with options.battery_range (or give energy and duration)"
    )


class RequestData(_In):
    type: Literal["charge_price_request"] = Field(description="always charge_price_request")
    attributes: RequestAttributes = Field(description="the station and the options")
    relationships: RequestRelationships = Field(
        default_factory=RequestRelationships, description="the vehicle and the tariffs"
    )


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

    data: RequestData = Field(description="the request")


class TagOut(BaseModel):
    kind: str = Field(description="star, alert, info or lock (how the app shows it)")
    text: str = Field(description="in the language chosen by Accept-Language (English fallback)")
    url: str | None = Field(description="more about it; {locale} stands for the language")


class ChargePointPriceOut(BaseModel):
    plug: str = Field(description="the charge point's connector, as requested")
    power: float = Field(description="the charge point's power, kW, as requested")
    price: float | None = Field(
        description="the session's price in the answer's currency, VAT included; null: none"
    )
    price_distribution: dict[str, float] = Field(
        description="share of the price per dimension (session, kwh, minute), summing to 1"
    )
    blocking_fee_start: int | None = Field(
        description="minutes after the start when a time (blocking) fee begins; null: none"
    )
    no_price_reason: str | None = Field(
        description="why there is no price, in the answer's language"
    )
    no_price_reason_code: NoPriceReason | None = Field(description="the same reason, for programs")
    is_average_price: bool = Field(
        description="the price is an average of the CPO's station prices, not a network price"
    )


class ChargePriceAttributes(BaseModel):
    provider: str = Field(description="the EMP (charge card or app) offering the tariff")
    tariff_name: str | None = Field(description="the tariff's name")
    url: str = Field(description="the tariff's web page")
    monthly_min_sales: float = Field(
        description="minimum charging spend a month, in the answer's currency"
    )
    total_monthly_fee: float = Field(
        description="monthly fee + yearly fee / 12, in the answer's currency"
    )
    flat_rate: bool = Field(description="with the monthly fee, a charge costs nothing more")
    direct_payment: bool = Field(description="usable without registration (ad hoc)")
    is_card_payment: bool = Field(description="paid by bank card at the charger")
    provider_customer_tariff: bool = Field(description="only for customers of the provider")
    is_roaming: bool = Field(description="an EMP's roaming tariff (false: the CPO's own)")
    is_promoted: bool = Field(description="a promotion is running (never, here)")
    currency: str = Field(description="ISO 4217 code of every amount: the requested currency")
    start_time: int = Field(description="the requested start, minutes after midnight")
    tags: list[TagOut] = Field(description="notes to show with the tariff")
    system_tags: list[str] = Field(description="tags for programs, not for display")
    branding: None = Field(description="always null (no sponsored branding)")
    charge_point_prices: list[ChargePointPriceOut] = Field(
        description="one per requested charge point, in the request's order"
    )


class ChargePointMeta(BaseModel):
    plug: str = Field(description="the charge point's connector")
    power: float = Field(description="the charge point's power, kW")
    energy: float = Field(description="kWh drawn from the grid (billed)")
    battery_energy: float = Field(description="kWh stored in the battery")
    duration: float = Field(description="minutes")


class ChargePriceMeta(BaseModel):
    charge_points: list[ChargePointMeta] = Field(
        description="the simulated (or given) session at each requested charge point"
    )
    currency: str = Field(description="ISO 4217 code of every amount")
    exchange_rate_date: str = Field(
        description="the day of the ECB reference rates used to convert (YYYY-MM-DD)"
    )


class ChargePriceResource(BaseModel):
    id: str = Field(description="the tariff's id")
    type: Literal["charge_price"] = Field(description="always charge_price")
    attributes: ChargePriceAttributes = Field(description="the tariff and its prices")
    relationships: dict[str, dict[str, dict[str, str]]] = Field(
        description="tariff: {data: {id, type: tariff}}"
    )


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

    data: list[ChargePriceResource] = Field(
        description="one per tariff: cheapest first, then those without a price"
    )
    meta: ChargePriceMeta = Field(description="the session priced, and the currency")
