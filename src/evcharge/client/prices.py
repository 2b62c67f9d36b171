"""Charge prices: what to ask (`PriceStation`, `PriceOptions`, `BulkOptions`) and the typed
answers (`ChargePrices`, `BulkPrices`). Prices are `Decimal`, read exactly from the JSON text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple, TypedDict

from pydantic import Field

from evcharge.client.models import ApiModel, Station, Tariff, Vehicle


class ChargePointSpec(NamedTuple):
    """A charge point to price: its plug (ccs, type2, chademo, ...) and power in kW."""

    plug: str
    power_kw: float


@dataclass(frozen=True, slots=True)
class PriceStation:
    """The station of a price request. `network` is the CPO's company id (a station's
    `operator_id`); longitude = latitude = 0 prices the CPO's whole network."""

    longitude: float
    latitude: float
    country: str
    network: str
    charge_points: Sequence[tuple[str, float]]

    @classmethod
    def of(cls, station: Station, plugs: Iterable[str] | None = None) -> PriceStation:
        """The station's distinct (plug, power) charge points, optionally only `plugs`."""
        if station.operator_id is None:
            raise ValueError(f"station {station.id!r} has no operator to price it with")
        wanted = set(plugs) if plugs is not None else None
        points = dict.fromkeys(
            ChargePointSpec(cp.plug, cp.power_kw)
            for cp in station.charge_points
            if wanted is None or cp.plug in wanted
        )
        return cls(station.longitude, station.latitude, station.country, station.operator_id,
                   tuple(points))  # fmt: skip


class PriceOptions(TypedDict, total=False):
    """Options of `charge_prices`. Give either `vehicle` (an id or a `Vehicle`) with
    `battery_range_pct`, or `energy_kwh` with `duration_min`. `tariffs` (ids or `Tariff`s)
    limits the answer to those tariffs, as `tariff_include` says (filter, always, exclusive).
    `language` (en, de, fr, nl, da) localises tags and reasons. Options left out take the
    API's defaults (EUR, 12:00)."""

    vehicle: str | Vehicle
    battery_range_pct: tuple[float, float]
    energy_kwh: float
    duration_min: float
    currency: str
    start_time_min: int
    car_ac_phases: int
    allow_unbalanced_load: bool
    show_price_unavailable: bool
    max_monthly_fees: Decimal | float
    provider_customer_tariffs: bool
    foreign_tariffs: bool
    show_all_brand_restricted_tariffs: bool
    average_prices: bool
    tariffs: Iterable[str | Tariff]
    tariff_include: Literal["filter", "always", "exclusive"]
    language: str


class BulkOptions(TypedDict, total=False):
    """Options of `bulk_prices`; left out, the API's defaults apply (EUR, 12:00)."""

    currency: str
    start_time_min: int
    allow_unbalanced_load: bool
    include_direct_payment: bool
    charge_points_power_lte_kw: float


class Tag(ApiModel):
    kind: str
    text: str
    url: str | None = None


class ChargePointPrice(ApiModel):
    """A tariff's price at one charge point; `price` is None when the tariff has none there
    (`no_price_reason` says why, in the answer's language; `no_price_reason_code` for code)."""

    plug: str
    power_kw: float = Field(validation_alias="power")
    price: Decimal | None
    price_distribution: dict[str, float] = Field(default_factory=dict)
    blocking_fee_start_min: int | None = Field(None, validation_alias="blocking_fee_start")
    no_price_reason: str | None = None
    no_price_reason_code: str | None = None
    is_average_price: bool = False


class ChargePrice(ApiModel):
    """One tariff's price of the session, per requested charge point."""

    tariff_id: str = Field(validation_alias="id")
    provider: str
    tariff_name: str | None = None
    url: str | None = None
    monthly_min_sales: Decimal = Decimal(0)
    total_monthly_fee: Decimal = Decimal(0)
    flat_rate: bool = False
    direct_payment: bool = False
    is_card_payment: bool = False
    provider_customer_tariff: bool = False
    is_roaming: bool = False
    is_promoted: bool = False
    currency: str
    start_time_min: int = Field(validation_alias="start_time")
    tags: tuple[Tag, ...] = ()
    system_tags: tuple[str, ...] = ()
    charge_point_prices: tuple[ChargePointPrice, ...]

    def price_at(self, plug: str, power_kw: float) -> Decimal | None:
        """The price at the charge point with this plug and power (None: no price there)."""
        for cp in self.charge_point_prices:
            if cp.plug == plug and cp.power_kw == power_kw:
                return cp.price
        return None


class SimulatedSession(ApiModel):
    """The simulated (or given) session at one charge point: grid energy (billed), energy
    stored in the battery, and duration."""

    plug: str
    power_kw: float = Field(validation_alias="power")
    energy_kwh: float = Field(validation_alias="energy")
    battery_energy_kwh: float | None = Field(None, validation_alias="battery_energy")
    duration_min: float = Field(validation_alias="duration")


class ChargePrices(ApiModel):
    """The answer of `charge_prices`: one entry per tariff, cheapest first."""

    prices: tuple[ChargePrice, ...]
    sessions: tuple[SimulatedSession, ...]
    currency: str
    exchange_rate_date: date | None = None
    language: str | None = Field(None, description="Content-Language of tags and reasons")


class BulkPrice(ApiModel):
    """The cheapest price at one station over the given tariffs, and the tariff that gave it."""

    station_id: str = Field(validation_alias="charging_station_id")
    tariff_id: str | None = None
    energy_kwh: float = Field(validation_alias="energy")
    battery_energy_kwh: float | None = Field(None, validation_alias="battery_energy")
    duration_min: float = Field(validation_alias="duration")
    price: Decimal
    currency: str
    plug: str | None = None
    power_kw: float | None = Field(None, validation_alias="power")


class UnpricedStation(ApiModel):
    station_id: str = Field(validation_alias="charging_station")
    reason: str


class BulkPrices(ApiModel):
    """The answer of `bulk_prices`: priced stations, and those left without a price."""

    prices: tuple[BulkPrice, ...]
    unpriced: tuple[UnpricedStation, ...] = ()
    currency: str
    exchange_rate_date: date | None = None
