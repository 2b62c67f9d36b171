"""Which tariffs a charge-price answer considers at a station (reference §2.3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from evcharge.core.network import Company, Tariff


class IncludeMode(StrEnum):
    """How listed tariffs combine with the filters (Chargeprice's `tariffs` meta.include)."""

    FILTER = "filter"  # only the listed tariffs, filters still apply
    ALWAYS = "always"  # the listed ones always, the others as filtered
    EXCLUSIVE = "exclusive"  # only the listed ones, no filters


@dataclass(frozen=True, slots=True)
class TariffFilters:
    country: str
    vehicle_brand: str | None = None
    provider_customer_tariffs: bool = False
    foreign_tariffs: bool = True
    show_all_brand_restricted_tariffs: bool = False
    # Compared with total_monthly_fee + monthly_min_sales, already in the tariff's currency.
    max_monthly_fees: Decimal | None = None
    include_direct_payment: bool = True


def usable_at(tariff: Tariff, cpo: Company | None) -> bool:
    """A CPO's own tariff works at its stations; a roaming tariff where the CPO accepts the EMP
    (a CPO that is also an EMP accepts its own customers)."""
    if cpo is None:
        return False
    if tariff.cpo_id is not None:
        return tariff.cpo_id == cpo.id
    return tariff.emp_id == cpo.id or tariff.emp_id in cpo.supported_emp_ids


def for_country(tariff: Tariff, country: str) -> bool:
    """A CPO's own tariff is its price in the countries it names (`supported_countries`; none:
    every country): its stations elsewhere have other prices, so there it is neither priced
    nor listed, whatever the request. A roaming card works abroad too: there `foreign_tariffs`
    decides, and its price components say where it has a price."""
    return (
        tariff.cpo_id is None
        or not tariff.supported_countries
        or country in tariff.supported_countries
    )


def passes_filters(
    tariff: Tariff, f: TariffFilters, *, max_monthly_fees: Decimal | None = None
) -> bool:
    if tariff.provider_customer_only and not f.provider_customer_tariffs:
        return False
    foreign = bool(tariff.supported_countries) and f.country not in tariff.supported_countries
    if foreign and not f.foreign_tariffs:
        return False
    if tariff.vehicle_brands and not f.show_all_brand_restricted_tariffs:
        brands = {b.lower() for b in tariff.vehicle_brands}
        if f.vehicle_brand is None or f.vehicle_brand.lower() not in brands:
            return False
    if not f.include_direct_payment and tariff.is_direct_payment:
        return False
    limit = max_monthly_fees if max_monthly_fees is not None else f.max_monthly_fees
    if limit is not None:
        fees = tariff.core.fees
        if fees.total_monthly_fee + fees.monthly_min_sales > limit:
            return False
    return True


def is_selected(
    tariff: Tariff,
    cpo: Company | None,
    filters: TariffFilters,
    *,
    listed: frozenset[str] | None = None,
    mode: IncludeMode = IncludeMode.FILTER,
    monthly_limit_in: dict[str, Decimal] | None = None,
) -> bool:
    """Whether a request keeps `tariff` at `cpo`: the one rule of /v1/charge_prices and of
    the bulk engine's usability mask. `monthly_limit_in` gives the max_monthly_fees limit per
    tariff currency (the caller converts it)."""
    if not usable_at(tariff, cpo) or not for_country(tariff, filters.country):
        return False
    is_listed = listed is not None and tariff.id in listed
    if mode is IncludeMode.EXCLUSIVE:
        return is_listed
    if mode is IncludeMode.ALWAYS and is_listed:
        return True
    limit = (monthly_limit_in or {}).get(tariff.core.currency)
    wanted = listed is None or is_listed or mode is IncludeMode.ALWAYS
    return wanted and passes_filters(tariff, filters, max_monthly_fees=limit)


def select_tariffs(
    tariffs: Iterable[Tariff],
    cpo: Company | None,
    filters: TariffFilters,
    *,
    listed: Sequence[str] | None = None,
    mode: IncludeMode = IncludeMode.FILTER,
    monthly_limit_in: dict[str, Decimal] | None = None,
) -> list[Tariff]:
    """The tariffs usable at `cpo` that the request keeps (see `is_selected`)."""
    wanted = frozenset(listed) if listed is not None else None
    return [
        t
        for t in tariffs
        if is_selected(t, cpo, filters, listed=wanted, mode=mode, monthly_limit_in=monthly_limit_in)
    ]
