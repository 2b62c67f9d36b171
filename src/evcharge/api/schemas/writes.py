"""Request documents for PUT /v2/tariffs/{id} and PUT /v1/charging_stations/{id}."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evcharge.api import examples
from evcharge.api.schemas.charge_prices import Identifier
from evcharge.core.network import NoPricePolicy
from evcharge.core.plugs import Plug
from evcharge.core.tariffs import MAX_TARIFF_AMOUNT, NoPriceReason
from evcharge.importers.curated_network import SegmentRecord, TagRecord


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RestrictionIn(_In):
    allowance: Literal["allow", "deny"] = "allow"
    countries: list[str] | None = None
    cpo_ids: list[str] | None = None
    charge_point_powers: list[float] | None = None
    charge_point_power_is_range: bool = False
    charge_point_energy_type: Literal["ac", "dc"] | None = None
    car_ac_phase: int | None = None
    use_consumed_charging_power: bool = False


# Bounds of what a write may store. Unit prices (per kWh, minute or session, in the segment's
# currency) may be credits, and some currencies count in thousands per kWh (IDR, VND), hence a
# wide range; anything beyond it is a typo or an attack, and would overflow exact pricing.
MAX_UNIT_PRICE = MAX_TARIFF_AMOUNT
UNIT_PRICE_PLACES = 6
# Fees are stored with 4 decimal places (columns Numeric(12, 4)).
MAX_FEE = MAX_TARIFF_AMOUNT
FEE_PLACES = 4
# Billing increments are kWh or minutes; a day is more than any real one.
MAX_BILLING_INCREMENT = 1440.0


# Lengths and sizes of the columns they are stored in (db/models): beyond them PostgreSQL
# refuses the write, which was a 500.
MAX_VERSION = 2**31 - 1
MAX_EVSE_IDS = 1000  # per station: a large hub has a few hundred
EvseId = Annotated[str, Field(min_length=1, max_length=64)]


class SegmentIn(SegmentRecord):
    price: Decimal = Field(
        ge=-MAX_UNIT_PRICE,
        le=MAX_UNIT_PRICE,
        decimal_places=UNIT_PRICE_PLACES,
        description="per kWh, minute or session; negative for a credit",
    )
    billing_increment: float = Field(0.01, ge=0, le=MAX_BILLING_INCREMENT)


Fee = Annotated[Decimal, Field(ge=0, le=MAX_FEE, decimal_places=FEE_PLACES)]


class PriceIn(_In):
    restrictions: list[RestrictionIn] = Field(default_factory=list)
    decomposition: list[SegmentIn] = Field(min_length=1)


class TariffAttributesIn(_In):
    version: int = Field(ge=1, le=MAX_VERSION)
    name: str = Field(min_length=1, max_length=200)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    url: str = Field("", max_length=500)
    monthly_fee: Fee = Decimal(0)
    yearly_service_fee: Fee = Decimal(0)
    monthly_min_sales: Fee = Decimal(0)
    is_flat_rate: bool = False
    is_direct_payment: bool = False
    is_card_payment: bool = False
    provider_customer_only: bool = False
    supported_countries: list[str] = Field(default_factory=list)
    vehicle_brands: list[str] = Field(default_factory=list)
    tags: list[TagRecord] = Field(default_factory=list)
    no_price_policy: NoPricePolicy = NoPricePolicy.HIDE
    no_price_reason: NoPriceReason = NoPriceReason.NOT_YET_LISTED
    prices: list[PriceIn] = Field(default_factory=list)


class One(_In):
    data: Identifier


class TariffRelationshipsIn(_In):
    emp: One
    cpo: One | None = None


class TariffDataIn(_In):
    id: str = Field(min_length=1, max_length=36)
    type: Literal["tariff"]
    attributes: TariffAttributesIn
    relationships: TariffRelationshipsIn


class TariffPutDocument(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"data": {
            "id": examples.NEW_TARIFF_ID, "type": "tariff",
            "attributes": {"version": 1, "name": "My tariff", "currency": "EUR",
                           "prices": [{"restrictions": [{"charge_point_energy_type": "dc"}],
                                       "decomposition": [{"dimension": "kwh", "price": "0.59"}]}]},
            "relationships": {"emp": {"data": {"id": examples.IONITY_ID, "type": "company"}}}}}},
    )  # fmt: skip

    data: TariffDataIn


class ChargePointIn(_In):
    plug: Plug
    power: float = Field(ge=1, le=1000, description="kW")
    count: int = Field(ge=1, le=1000)
    evse_ids: list[EvseId] = Field(default_factory=list, max_length=1000)


class StationAttributesIn(_In):
    version: int = Field(ge=1, le=MAX_VERSION)
    name: str = Field(min_length=1, max_length=300)
    address: str = Field(max_length=500)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    free_parking: bool | None = None
    free_charging: bool | None = None
    charge_points: list[ChargePointIn] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _few_enough_evse_ids(self) -> StationAttributesIn:
        # Each EVSE id is claimed with its own statement: bound the work one request can ask.
        total = sum(len(cp.evse_ids) for cp in self.charge_points)
        if total > MAX_EVSE_IDS:
            raise ValueError(f"a station has at most {MAX_EVSE_IDS} EVSE ids, got {total}")
        return self


class StationRelationshipsIn(_In):
    operator: One


class StationDataIn(_In):
    id: str = Field(min_length=1, max_length=36)
    type: Literal["charging_station"]
    attributes: StationAttributesIn
    relationships: StationRelationshipsIn


class StationPutDocument(_In):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"data": {
            "id": examples.NEW_STATION_ID, "type": "charging_station",
            "attributes": {"version": 1, "name": "Depot", "address": "Main St 1", "latitude": 52.5,
                           "longitude": 13.4, "country": "DE",
                           "charge_points": [{"plug": "type2", "power": 22, "count": 2}]},
            "relationships": {
                "operator": {"data": {"id": examples.IONITY_ID, "type": "company"}}}}}},
    )  # fmt: skip

    data: StationDataIn
