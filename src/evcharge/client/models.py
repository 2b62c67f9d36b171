"""Typed, read-only views of the API's resources: vehicles, bidirectional charging, stations,
companies, tariffs, usage and API keys (prices are in `prices.py`).

Where we name a field ourselves it carries its unit (`usable_battery_size_kwh`, `power_kw`);
each model reads the API's own JSON names (`usable_battery_size`, `power`). Relationships
become `<name>_id` fields. Money is `Decimal`, read exactly from the JSON text; other
numbers are floats.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import AliasPath, BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    # Unknown fields are ignored, so a newer server does not break an older client.
    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True)


class Brand(ApiModel):
    id: str
    name: str


class CurvePoint(ApiModel):
    soc_pct: float = Field(validation_alias="percentage")
    power_kw: float = Field(validation_alias="power")


class RangeAdded(ApiModel):
    """A maker's "range added in N minutes" figure; start_soc_stated False: the window's start
    is the server's assumption, not the maker's."""

    added_distance: float
    rated_distance: float
    distance_unit: str
    basis: str
    start_soc_stated: bool


class ReferenceCharge(ApiModel):
    """The maker's published DC charge time that the vehicle's curve is checked against: a
    window the maker publishes (kind soc_window), or one derived from range added."""

    kind: str = "soc_window"
    range_added: RangeAdded | None = None
    soc_from_pct: float
    soc_to_pct: float
    charger_power_kw: float
    duration_min: float
    source_url: str
    as_of: date


class Vehicle(ApiModel):
    """A vehicle (Chargeprice v2). The curve and the AC table need a ReadVehiclesFull key."""

    id: str
    vehicle_type: str = Field(validation_alias="type", description="car, van or motorbike")
    brand: str
    brand_id: str | None = Field(None, validation_alias="manufacturer_id")
    model: str
    variant: str
    release_year: int | None = None
    evdb_vehicle_id: int | None = None
    ev_type: str
    usable_battery_size_kwh: float = Field(validation_alias="usable_battery_size")
    ac_phases: int
    ac_ports: tuple[str, ...] = ()
    ac_max_power_kw: float = Field(validation_alias="ac_max_power")
    ac_power_per_charging_point_kw: dict[float, float] | None = Field(
        None, validation_alias="ac_power_per_charging_point"
    )
    dc_ports: tuple[str, ...] = ()
    dc_max_power_kw: float | None = Field(None, validation_alias="dc_max_power")
    dc_charging_curve: tuple[CurvePoint, ...] | None = None
    dc_default_charging_curve: bool = False
    average_consumption_kwh_per_100km: float | None = Field(
        None, validation_alias=AliasPath("energy_consumption", "average_consumption")
    )
    markets: tuple[str, ...] = ()
    curve_provenance: str | None = Field(
        None, description="measured, fitted_to_published or default (None from older servers)"
    )
    reference_charge: ReferenceCharge | None = None

    @property
    def name(self) -> str:
        return f"{self.brand} {self.model} {self.variant}"


class Bidirectional(ApiModel):
    """Bidirectional charging (V2L, V2H, V2G) of one vehicle in one market.

    `complete` is False when the API answered 206: the vehicle is known but the fields in
    `unknown_fields` are not (they are None). A power is None when its mode is not available.
    """

    evdb_vehicle_id: int
    market: str
    vehicle_type: str
    complete: bool
    unknown_fields: tuple[str, ...] = ()
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


class Company(ApiModel):
    """A CPO (runs stations) and/or an EMP (sells charging); a CPO lists the EMPs it accepts."""

    id: str
    name: str
    url: str | None = None
    is_cpo: bool = False
    is_emp: bool = False
    version: int | None = None
    evse_operator_ids: tuple[str, ...] = Field(
        (), validation_alias=AliasPath("external_source_mapping", "evse_operator_ids")
    )
    supported_emp_ids: tuple[str, ...] = Field((), validation_alias="supported_emps_ids")


class StationChargePoint(ApiModel):
    plug: str
    power_kw: float = Field(validation_alias="power")
    energy_type: str
    count: int
    available_count: int | None = None
    evse_ids: tuple[str, ...] = ()


class DataSource(ApiModel):
    """Who publishes a national register's station data, and the licence it comes under."""

    publisher: str
    licence: str
    licence_url: str
    attribution: str


class StationSource(ApiModel):
    """One source of a station's data: its own row's, or that of a row of another source
    merged into it (the same physical station). Publisher and licence where it asks for
    attribution."""

    source: str
    station_id: str
    publisher: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    attribution: str | None = None


class Station(ApiModel):
    """A charging station; `operator` is its CPO when the API included it."""

    id: str
    name: str
    address: str | None = None
    latitude: float
    longitude: float
    country: str
    free_parking: bool | None = None
    free_charging: bool | None = None
    evse_operator: str | None = None
    evse_ids: tuple[str, ...] = ()
    charge_points: tuple[StationChargePoint, ...]
    facilities: tuple[str, ...] = ()
    parking_type: str | None = None
    is_sample: bool = False
    source_label: str | None = None
    data_source: DataSource | None = None  # for stations from a national register
    data_sources: tuple[StationSource, ...] = ()  # every source, merged rows' too
    version: int | None = None
    operator_id: str | None = None
    operator: Company | None = None


class RemovedStation(ApiModel):
    """A station that no search lists any more: `reason` "merged" (it now answers as the
    station `merged_into_id`) or "removed" (no longer operational at its source).
    `updated_at` is when its row was last written: it left the lists at or before then."""

    id: str
    reason: str
    updated_at: datetime
    merged_into_id: str | None = None


class TariffTag(ApiModel):
    kind: str = Field(description="star, alert, info or lock")
    localized_text: dict[str, str]
    url: str | None = None
    show_until: datetime | None = None
    hide_for_owners: bool = False

    def text(self, language: str = "en") -> str:
        """The tag in `language`, else in English, else in any language it has."""
        found = self.localized_text.get(language) or self.localized_text.get("en")
        return found or next(iter(self.localized_text.values()), "")


class Tariff(ApiModel):
    """Tariff metadata (no unit prices); `emp_id` sells it, `cpo_id` is set for CPO tariffs."""

    id: str
    provider: str
    name: str
    total_monthly_fee: Decimal
    currency: str
    is_direct_payment: bool = False
    is_vehicle_brand_restricted: bool = False
    is_card_payment: bool = False
    provider_customer_tariff: bool = False
    supported_countries: tuple[str, ...] = ()
    url: str | None = None
    prices_as_of: date | None = None
    version: int | None = None
    tags: tuple[TariffTag, ...] = ()
    system_tags: tuple[str, ...] = ()
    emp_id: str | None = None
    cpo_id: str | None = None


class UsagePeriod(ApiModel):
    """One endpoint's calls in one UTC month (`period`, e.g. "2026-11")."""

    endpoint: str
    period: str
    calls: int
    chargeable_calls: int
    amount: Decimal
    currency: str


class Usage(ApiModel):
    """The calling key's usage; `total` is the amount per currency."""

    key_name: str = Field(validation_alias="key")
    sandbox: bool
    total: dict[str, Decimal]
    from_date: date | None = Field(None, validation_alias="from")
    to_date: date | None = Field(None, validation_alias="to")
    periods: tuple[UsagePeriod, ...]


class ApiKey(ApiModel):
    """An API key's record; the secret is never listed."""

    name: str
    groups: tuple[str, ...]
    sandbox: bool
    rate_limit_per_min: int | None = None
    quota_per_month: int | None = None
    created_at: datetime
    revoked_at: datetime | None = None


class CreatedApiKey(ApiModel):
    """A new key and its secret, which the API shows only this once."""

    api_key: ApiKey
    secret: str
