"""OCPI 2.2.1 Tariff and CDR objects, as frozen values (mod_tariffs, mod_cdrs).

Numbers are Decimal: OCPI's `number` has 4 decimals and prices must stay exact until the final
presentation (§3.7). Times are aware UTC datetimes; local wall time comes only from a time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class TariffDimension(StrEnum):
    ENERGY = "ENERGY"  # per kWh, step in Wh
    FLAT = "FLAT"  # once, no unit
    PARKING_TIME = "PARKING_TIME"  # per hour not charging, step in s
    TIME = "TIME"  # per hour charging (or reserved, in a reservation element), step in s


class CdrDimension(StrEnum):
    CURRENT = "CURRENT"
    ENERGY = "ENERGY"
    ENERGY_EXPORT = "ENERGY_EXPORT"
    ENERGY_IMPORT = "ENERGY_IMPORT"
    MAX_CURRENT = "MAX_CURRENT"
    MIN_CURRENT = "MIN_CURRENT"
    MAX_POWER = "MAX_POWER"
    MIN_POWER = "MIN_POWER"
    PARKING_TIME = "PARKING_TIME"
    POWER = "POWER"
    RESERVATION_TIME = "RESERVATION_TIME"
    STATE_OF_CHARGE = "STATE_OF_CHARGE"
    TIME = "TIME"


class TariffType(StrEnum):
    AD_HOC_PAYMENT = "AD_HOC_PAYMENT"
    PROFILE_CHEAP = "PROFILE_CHEAP"
    PROFILE_FAST = "PROFILE_FAST"
    PROFILE_GREEN = "PROFILE_GREEN"
    REGULAR = "REGULAR"


class ReservationRestriction(StrEnum):
    RESERVATION = "RESERVATION"
    RESERVATION_EXPIRES = "RESERVATION_EXPIRES"


class DayOfWeek(StrEnum):
    MONDAY = "MONDAY"
    TUESDAY = "TUESDAY"
    WEDNESDAY = "WEDNESDAY"
    THURSDAY = "THURSDAY"
    FRIDAY = "FRIDAY"
    SATURDAY = "SATURDAY"
    SUNDAY = "SUNDAY"

    @property
    def iso_index(self) -> int:
        """0 for Monday, as datetime.weekday()."""
        return list(DayOfWeek).index(self)


@dataclass(frozen=True, slots=True)
class Price:
    excl_vat: Decimal
    incl_vat: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PriceComponent:
    type: TariffDimension
    price: Decimal  # excl. VAT, per kWh / per hour / per session
    vat: Decimal | None  # percent; None = no VAT applicable, which is not 0 % (§2)
    step_size: int  # Wh for ENERGY, s for TIME and PARKING_TIME; 0 = no rounding (§3.5.8)


@dataclass(frozen=True, slots=True)
class Restrictions:
    start_time_min: int | None = None  # local minutes after midnight, inclusive
    end_time_min: int | None = None  # exclusive; "00:00" as end is 1440, the end of the day
    start_date: date | None = None  # local, inclusive
    end_date: date | None = None  # local, exclusive
    min_kwh: Decimal | None = None
    max_kwh: Decimal | None = None
    min_current_a: Decimal | None = None
    max_current_a: Decimal | None = None
    min_power_kw: Decimal | None = None
    max_power_kw: Decimal | None = None
    min_duration_s: int | None = None
    max_duration_s: int | None = None
    day_of_week: frozenset[DayOfWeek] = frozenset()
    reservation: ReservationRestriction | None = None


@dataclass(frozen=True, slots=True)
class TariffElement:
    price_components: tuple[PriceComponent, ...]
    restrictions: Restrictions | None = None


@dataclass(frozen=True, slots=True)
class DisplayText:
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class OcpiTariff:
    country_code: str
    party_id: str
    id: str
    currency: str
    elements: tuple[TariffElement, ...]
    last_updated: datetime | None = None
    type: TariffType | None = None
    tariff_alt_text: tuple[DisplayText, ...] = ()
    tariff_alt_url: str | None = None
    min_price: Price | None = None
    max_price: Price | None = None
    start_date_time: datetime | None = None
    end_date_time: datetime | None = None
    energy_mix: dict[str, object] | None = None  # carried through unchanged, not priced

    def valid_at(self, moment: datetime) -> bool:
        """start_date_time <= moment < end_date_time (both optional)."""
        return (self.start_date_time is None or self.start_date_time <= moment) and (
            self.end_date_time is None or moment < self.end_date_time
        )


@dataclass(frozen=True, slots=True)
class ChargingPeriod:
    start_date_time: datetime
    dimensions: dict[CdrDimension, Decimal]
    tariff_id: str | None = None

    def volume(self, dimension: CdrDimension) -> Decimal | None:
        return self.dimensions.get(dimension)


@dataclass(frozen=True, slots=True)
class Cdr:
    """The parts of a CDR that pricing reads; `token_type` is cdr_token.type (AD_HOC_USER, …)."""

    start_date_time: datetime
    end_date_time: datetime
    currency: str
    charging_periods: tuple[ChargingPeriod, ...]
    tariffs: tuple[OcpiTariff, ...] = ()
    country: str | None = None  # cdr_location.country, ISO 3166 alpha-3
    token_type: str | None = None
    warnings: tuple[str, ...] = field(default=())
