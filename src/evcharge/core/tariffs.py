"""Tariffs as Chargeprice stores them (reference §2.1): price components = restrictions + segments.

Prices are Decimal (incl. VAT, per unit of the dimension). Quantities are floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from evcharge.core.plugs import EnergyType


class Dimension(StrEnum):
    KWH = "kwh"
    MINUTE = "minute"
    SESSION = "session"
    PARKING_MINUTE = "parking_minute"


class Allowance(StrEnum):
    ALLOW = "allow"
    DENY = "deny"


# The largest amount a tariff may hold, per kWh, minute, hour or session, and as a fee, in its
# currency. Some currencies count in thousands per kWh (IDR, VND), hence the width; beyond it an
# amount is a typo or an attack, and exact pricing would overflow. Writes, OCPI input and
# stored rows are all held to it.
MAX_TARIFF_AMOUNT = Decimal(1_000_000)


def within_tariff_bounds(amount: Decimal) -> bool:
    return amount.is_finite() and -MAX_TARIFF_AMOUNT <= amount <= MAX_TARIFF_AMOUNT


class NoPriceReason(StrEnum):
    PRICES_PER_STATION = "prices_per_station"
    NOT_PUBLIC = "not_public"
    NOT_YET_LISTED = "not_yet_listed"
    NO_RELIABLE_DATA_AVAILABLE = "no_reliable_data_available"


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit price. Ranges are in the dimension's unit (kWh or minutes of the session);
    the time-of-day window is minutes after midnight, `end` exclusive, and may wrap midnight."""

    dimension: Dimension
    price: Decimal
    range_gte: float | None = None
    range_lt: float | None = None
    billing_increment: float = 0.0
    currency: str | None = None
    time_of_day_start_min: int | None = None
    time_of_day_end_min: int | None = None
    is_average_price: bool = False

    @property
    def has_window(self) -> bool:
        return self.time_of_day_start_min is not None and self.time_of_day_end_min is not None


@dataclass(frozen=True, slots=True)
class Restriction:
    """When a component applies. allow: every given field must match; deny: the component is
    excluded when every given field matches. None means "any"."""

    allowance: Allowance = Allowance.ALLOW
    countries: frozenset[str] | None = None
    cpo_ids: frozenset[str] | None = None
    charge_point_powers_kw: tuple[float, ...] | None = None
    power_is_range: bool = False
    energy_type: EnergyType | None = None
    car_ac_phases: int | None = None
    use_consumed_charging_power: bool = False


@dataclass(frozen=True, slots=True)
class PriceComponent:
    restrictions: tuple[Restriction, ...] = ()
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class ChargeSituation:
    """What restrictions are matched against: the station and the car's use of it."""

    country: str
    cpo_id: str | None
    station_power_kw: float
    energy_type: EnergyType
    car_ac_phases: int
    consumed_power_kw: float


def _power_matches(r: Restriction, power_kw: float) -> bool:
    powers = r.charge_point_powers_kw
    if not powers:
        return True
    if r.power_is_range:
        low, high = powers[0], powers[-1]
        return low - 1e-9 <= power_kw <= high + 1e-9
    return any(abs(power_kw - p) < 1e-6 for p in powers)


def _all_fields_match(r: Restriction, s: ChargeSituation) -> bool:
    power = s.consumed_power_kw if r.use_consumed_charging_power else s.station_power_kw
    return (
        (r.countries is None or s.country in r.countries)
        and (r.cpo_ids is None or (s.cpo_id is not None and s.cpo_id in r.cpo_ids))
        and _power_matches(r, power)
        and (r.energy_type is None or r.energy_type is s.energy_type)
        and (r.car_ac_phases is None or s.energy_type is EnergyType.DC
             or r.car_ac_phases == s.car_ac_phases)
    )  # fmt: skip


def applies(component: PriceComponent, situation: ChargeSituation) -> bool:
    """Every restriction of the component must hold (our reading of an undocumented point)."""
    for r in component.restrictions:
        matched = _all_fields_match(r, situation)
        if (r.allowance is Allowance.ALLOW) != matched:
            return False
    return True


def applicable_components(
    components: tuple[PriceComponent, ...], situation: ChargeSituation
) -> tuple[int, ...]:
    """Indexes of the components that apply: situations with equal indexes price alike."""
    return tuple(i for i, c in enumerate(components) if applies(c, situation))


def location_scope(components: tuple[PriceComponent, ...]) -> tuple[bool, bool]:
    """Whether any restriction looks at the country, and at the CPO: a tariff that looks at
    neither prices alike at every station with the same charge point."""
    restrictions = [r for c in components for r in c.restrictions]
    return (
        any(r.countries is not None for r in restrictions),
        any(r.cpo_ids is not None for r in restrictions),
    )


def applicable_segments(
    components: tuple[PriceComponent, ...], situation: ChargeSituation
) -> list[Segment]:
    return segments_where(components, [applies(c, situation) for c in components])


def segments_where(
    components: tuple[PriceComponent, ...], applicable: Sequence[bool]
) -> list[Segment]:
    """The segments of the components that apply (`applicable`, one per component, in order),
    where the caller already knows which do (the bulk engine's compiled rules)."""
    return [seg for c, ok in zip(components, applicable, strict=True) if ok for seg in c.segments]


@dataclass(frozen=True, slots=True)
class TariffFees:
    """Tariff-level money that is never part of a session price."""

    monthly_fee: Decimal = Decimal(0)
    yearly_service_fee: Decimal = Decimal(0)
    monthly_min_sales: Decimal = Decimal(0)

    @property
    def total_monthly_fee(self) -> Decimal:
        return self.monthly_fee + self.yearly_service_fee / 12


@dataclass(frozen=True, slots=True)
class TariffCore:
    """The priced part of a tariff."""

    id: str
    currency: str
    components: tuple[PriceComponent, ...] = ()
    fees: TariffFees = field(default_factory=TariffFees)
