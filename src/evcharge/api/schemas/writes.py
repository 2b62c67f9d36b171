"""Request documents for PUT /v2/tariffs/{id} and PUT /v1/charging_stations/{id}."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from evcharge.api import examples
from evcharge.api.schemas.charge_prices import Identifier
from evcharge.core.network import NoPricePolicy
from evcharge.core.plugs import Plug
from evcharge.core.tariffs import MAX_TARIFF_AMOUNT, NoPriceReason
from evcharge.importers.curated_network import SegmentRecord, TagRecord


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _described(descriptions: dict[str, str]) -> Any:
    """A json_schema_extra that describes fields declared by an importer's record (the same
    validation, reused), which this module cannot give a Field description."""

    def describe(schema: dict[str, Any]) -> None:
        for name, prop in schema.get("properties", {}).items():
            if name in descriptions and not prop.get("description"):
                prop["description"] = descriptions[name]

    return describe


class RestrictionIn(_In):
    allowance: Literal["allow", "deny"] = Field(
        "allow", description="allow: applies when every value matches; deny: when none does"
    )
    countries: list[str] | None = Field(None, description="station countries, ISO 3166-1 alpha-2")
    cpo_ids: list[str] | None = Field(None, description="station operators (CPO company ids)")
    charge_point_powers: list[float] | None = Field(
        None, description="charge point powers, kW: exact values, or [min, max] with is_range"
    )
    charge_point_power_is_range: bool = Field(
        False, description="charge_point_powers is an inclusive [min, max] range"
    )
    charge_point_energy_type: Literal["ac", "dc"] | None = Field(
        None, description="ac or dc; null: both"
    )
    car_ac_phase: int | None = Field(None, description="the car's AC phases (1, 2 or 3)")
    use_consumed_charging_power: bool = Field(
        False, description="match powers against what the car draws, not the point's maximum"
    )


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
    model_config = ConfigDict(
        json_schema_extra=_described(
            {
                "dimension": "what is counted: kwh, minute (charging), session, parking_minute",
                "range_gte": "applies from this much of the dimension (kWh or min); null: 0",
                "range_lt": "applies below this much of the dimension; null: no end",
                "currency": "ISO 4217 code of price; null: the tariff's currency",
                "time_of_day_start": "local minutes after midnight it starts; null: all day",
                "time_of_day_end": "local minutes after midnight it ends (may wrap past 0)",
            }
        )
    )

    price: Decimal = Field(
        ge=-MAX_UNIT_PRICE,
        le=MAX_UNIT_PRICE,
        decimal_places=UNIT_PRICE_PLACES,
        description="per kWh, minute or session; negative for a credit",
    )
    billing_increment: float = Field(
        0.01,
        ge=0,
        le=MAX_BILLING_INCREMENT,
        description="billed in started blocks of this many kWh or minutes",
    )


Fee = Annotated[Decimal, Field(ge=0, le=MAX_FEE, decimal_places=FEE_PLACES)]


class TagIn(TagRecord):
    model_config = ConfigDict(
        json_schema_extra=_described(
            {
                "kind": "star, alert, info or lock (how an app shows it)",
                "translations": "the text in de, fr, nl or da, by language code",
            }
        )
    )


class PriceIn(_In):
    restrictions: list[RestrictionIn] = Field(
        default_factory=list, description="when these prices apply; none: always"
    )
    decomposition: list[SegmentIn] = Field(
        min_length=1, description="the unit prices (segments), summed"
    )


class TariffAttributesIn(_In):
    version: int = Field(
        ge=1, le=MAX_VERSION, description="1 to create; the stored version + 1 to update"
    )
    name: str = Field(min_length=1, max_length=200, description="the tariff's name")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code of its prices")
    url: str = Field("", max_length=500, description="the tariff's web page")
    monthly_fee: Fee = Field(Decimal(0), description="per month, in currency")
    yearly_service_fee: Fee = Field(Decimal(0), description="per year, in currency")
    monthly_min_sales: Fee = Field(Decimal(0), description="minimum spend a month, in currency")
    is_flat_rate: bool = Field(False, description="with the monthly fee, charging is free")
    is_direct_payment: bool = Field(False, description="usable without registration (ad hoc)")
    is_card_payment: bool = Field(False, description="paid by bank card at the charger")
    provider_customer_only: bool = Field(False, description="only for the provider's customers")
    supported_countries: list[str] = Field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes where it is sold; [] all"
    )
    vehicle_brands: list[str] = Field(
        default_factory=list, description="car brands (names, e.g. Kia) it is for; []: any car"
    )
    tags: list[TagIn] = Field(default_factory=list, description="notes shown with its prices")
    no_price_policy: NoPricePolicy = Field(
        NoPricePolicy.HIDE,
        description="where no price applies: hide the tariff, or show_reason (price null)",
    )
    no_price_reason: NoPriceReason = Field(
        NoPriceReason.NOT_YET_LISTED, description="the reason shown with show_reason"
    )
    prices: list[PriceIn] = Field(
        default_factory=list, description="price components, each with its restrictions"
    )


class One(_In):
    data: Identifier = Field(description="the related company (type company)")


class TariffRelationshipsIn(_In):
    emp: One = Field(description="the company that offers the tariff (EMP)")
    cpo: One | None = Field(None, description="set for a CPO's own ad hoc tariff")


class TariffDataIn(_In):
    id: str = Field(min_length=1, max_length=36, description="the tariff's id, as in the path")
    type: Literal["tariff"] = Field(description="always tariff")
    attributes: TariffAttributesIn = Field(description="the tariff")
    relationships: TariffRelationshipsIn = Field(description="its EMP (and CPO)")


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

    data: TariffDataIn = Field(description="the tariff to store")


class ChargePointIn(_In):
    plug: Plug = Field(description="the connector")
    power: float = Field(ge=1, le=1000, description="maximum power, kW")
    count: int = Field(ge=1, le=1000, description="how many such charge points")
    evse_ids: list[EvseId] = Field(
        default_factory=list, max_length=1000, description="their EVSE ids, e.g. DE*ION*E001001"
    )


class StationAttributesIn(_In):
    version: int = Field(
        ge=1, le=MAX_VERSION, description="1 to create; the stored version + 1 to update"
    )
    name: str = Field(min_length=1, max_length=300, description="the station's name")
    address: str = Field(max_length=500, description="street, postcode and town")
    latitude: float = Field(ge=-90, le=90, description="degrees (WGS 84)")
    longitude: float = Field(ge=-180, le=180, description="degrees (WGS 84)")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    free_parking: bool | None = Field(None, description="parking is free; null: unknown")
    free_charging: bool | None = Field(None, description="charging is free; null: unknown")
    charge_points: list[ChargePointIn] = Field(
        min_length=1, max_length=200, description="one per plug and power (1-200)"
    )

    @model_validator(mode="after")
    def _few_enough_evse_ids(self) -> StationAttributesIn:
        # Each EVSE id is claimed with its own statement: bound the work one request can ask.
        total = sum(len(cp.evse_ids) for cp in self.charge_points)
        if total > MAX_EVSE_IDS:
            raise ValueError(f"a station has at most {MAX_EVSE_IDS} EVSE ids, got {total}")
        return self


class StationRelationshipsIn(_In):
    operator: One = Field(description="the station's operator (CPO company)")


class StationDataIn(_In):
    id: str = Field(min_length=1, max_length=36, description="the station's id, as in the path")
    type: Literal["charging_station"] = Field(description="always charging_station")
    attributes: StationAttributesIn = Field(description="the station")
    relationships: StationRelationshipsIn = Field(description="its operator")


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

    data: StationDataIn = Field(description="the station to store")
