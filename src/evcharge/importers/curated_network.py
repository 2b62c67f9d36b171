"""The embedded charging-network dataset: companies, tariffs and stations (`data/network/`).

Files: `companies.json`, `tariffs/<emp>.json`, `stations/<cpo or area>.json`. Records refer to
each other by slug; public ids are stable UUIDs derived from the slugs. Prices are strings, so
they stay exact, and include VAT (as Chargeprice's do).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from evcharge.core.locale import Language
from evcharge.core.network import Tag
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.tariffs import Allowance, Dimension, NoPriceReason

Slug = str
Country = str  # ISO 3166-1 alpha-2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CompanyRecord(_Strict):
    slug: Slug
    name: str
    url: str
    is_cpo: bool
    is_emp: bool
    countries: list[Country] = Field(min_length=1)
    evse_operator_ids: list[str] = Field(default_factory=list)
    # EMPs whose customers can charge at this CPO's stations (roaming acceptance).
    supported_emps: list[Slug] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)


class CompaniesFile(_Strict):
    companies: list[CompanyRecord]


class RestrictionRecord(_Strict):
    allowance: Allowance = Allowance.ALLOW
    countries: list[Country] | None = None
    cpos: list[Slug] | None = None
    charge_point_powers: list[float] | None = None
    charge_point_power_is_range: bool = False
    charge_point_energy_type: EnergyType | None = None
    car_ac_phase: int | None = None
    use_consumed_charging_power: bool = False


class SegmentRecord(_Strict):
    dimension: Dimension
    price: Decimal
    range_gte: float | None = None
    range_lt: float | None = None
    billing_increment: float = 0.01
    currency: str | None = None
    time_of_day_start: int | None = Field(default=None, ge=0, le=1439)
    time_of_day_end: int | None = Field(default=None, ge=0, le=1440)


class PriceRecord(_Strict):
    restrictions: list[RestrictionRecord] = Field(default_factory=list)
    decomposition: list[SegmentRecord] = Field(min_length=1)


class TagRecord(_Strict):
    kind: Literal["star", "alert", "info", "lock"]
    text: str = Field(min_length=1, description="English text")
    translations: dict[Language, str] = Field(default_factory=dict)
    url: str | None = Field(default=None, description="may contain {locale}")
    show_until: AwareDatetime | None = Field(
        default=None, description="shown in price answers only until then (ISO 8601 or epoch ms)"
    )
    hide_for_owners: bool = Field(
        default=False, description="not shown when the request lists the tariff as the caller's"
    )

    def to_tag(self) -> Tag:
        return Tag(
            self.kind,
            self.text,
            self.url,
            tuple(sorted(self.translations.items())),
            self.show_until,
            self.hide_for_owners,
        )


class TariffRecord(_Strict):
    slug: Slug
    emp: Slug
    # Set for a CPO's own ad-hoc tariff (not roaming): the CPO whose stations it is for.
    cpo: Slug | None = None
    name: str
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    monthly_fee: Decimal = Decimal(0)
    yearly_service_fee: Decimal = Decimal(0)
    monthly_min_sales: Decimal = Decimal(0)
    is_flat_rate: bool = False
    is_direct_payment: bool = False
    is_card_payment: bool = False
    provider_customer_only: bool = False
    url: str
    supported_countries: list[Country] = Field(default_factory=list)
    vehicle_brands: list[str] = Field(default_factory=list)  # brand names; [] = all
    tags: list[TagRecord] = Field(default_factory=list)
    no_price_policy: Literal["hide", "show_reason"] = "hide"
    no_price_reason: NoPriceReason = NoPriceReason.NOT_YET_LISTED
    prices_as_of: date
    sources: list[str] = Field(min_length=1)
    prices: list[PriceRecord] = Field(default_factory=list)


class TariffsFile(_Strict):
    tariffs: list[TariffRecord]


class ChargePointRecord(_Strict):
    plug: Plug
    power: float = Field(gt=0, le=1000)
    count: int = Field(ge=1)
    evse_ids: list[str] = Field(default_factory=list)


class StationRecord(_Strict):
    slug: Slug
    name: str
    address: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    country: Country
    operator: Slug
    # True for a sample site on a real road where the real site is not known to us.
    is_sample: bool = False
    free_parking: bool | None = None
    free_charging: bool | None = None
    parking_type: (
        Literal["along_motorway", "parking_garage", "underground_garage", "parking_lot"] | None
    ) = None
    facilities: list[str] = Field(default_factory=list)
    charge_points: list[ChargePointRecord] = Field(min_length=1)
    source: str


class StationsFile(_Strict):
    stations: list[StationRecord]
