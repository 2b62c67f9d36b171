"""Companies (CPOs and EMPs), charging stations and tariffs as the catalogue knows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.tariffs import NoPriceReason, TariffCore


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    name: str
    url: str
    is_cpo: bool
    is_emp: bool
    countries: tuple[str, ...] = ()
    evse_operator_ids: tuple[str, ...] = ()
    supported_emp_ids: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    version: int = 1


@dataclass(frozen=True, slots=True)
class ChargePointGroup:
    """Charge points of one station that share plug and power."""

    plug: Plug
    power_kw: float
    energy_type: EnergyType
    count: int
    evse_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Station:
    id: str
    name: str
    address: str
    latitude: float
    longitude: float
    country: str
    operator_id: str
    charge_points: tuple[ChargePointGroup, ...]
    is_sample: bool = False
    free_parking: bool | None = None
    free_charging: bool | None = None
    parking_type: str | None = None
    facilities: tuple[str, ...] = ()
    source: str = ""
    version: int = 1
    # (station id, source) of the rows of other sources merged into this one: the same physical
    # station (core/station_matching.py). Their sources are credited with this one's.
    merged: tuple[tuple[str, str], ...] = ()

    @property
    def max_power_kw(self) -> float:
        return max(cp.power_kw for cp in self.charge_points)


class NoPricePolicy(StrEnum):
    HIDE = "hide"
    SHOW_REASON = "show_reason"


@dataclass(frozen=True, slots=True)
class Tag:
    """A note shown with a tariff. `text` is English; `translations` holds (language, text)
    pairs. `url` may contain `{locale}`. Until `show_until` (when set) it is shown in price
    answers, and never to callers who listed the tariff as theirs when `hide_for_owners`."""

    kind: str
    text: str
    url: str | None = None
    translations: tuple[tuple[str, str], ...] = ()
    show_until: datetime | None = None
    hide_for_owners: bool = False

    @property
    def localized_text(self) -> dict[str, str]:
        return {"en": self.text, **dict(self.translations)}

    def text_in(self, language: str) -> str:
        return dict(self.translations).get(language, self.text)

    def url_in(self, language: str) -> str | None:
        return self.url.replace("{locale}", language) if self.url else None

    def shown(self, now: datetime, *, owned: bool) -> bool:
        if self.show_until is not None and now >= self.show_until:
            return False
        return not (owned and self.hide_for_owners)


@dataclass(frozen=True, slots=True)
class Tariff:
    """A tariff with everything a price answer shows; `core` is the priced part."""

    core: TariffCore
    name: str
    emp_id: str
    cpo_id: str | None  # set for a CPO's own ad-hoc (non-roaming) tariff
    url: str
    is_flat_rate: bool = False
    is_direct_payment: bool = False
    is_card_payment: bool = False
    provider_customer_only: bool = False
    supported_countries: tuple[str, ...] = ()
    vehicle_brands: tuple[str, ...] = ()
    tags: tuple[Tag, ...] = ()
    no_price_policy: NoPricePolicy = NoPricePolicy.HIDE
    no_price_reason: NoPriceReason = NoPriceReason.NOT_YET_LISTED
    prices_as_of: date | None = None
    sources: tuple[str, ...] = field(default=())
    version: int = 1
    # Set for a tariff imported from OCPI: priced by the OCPI engine, exported as it came.
    ocpi: OcpiTariff | None = None

    @property
    def id(self) -> str:
        return self.core.id

    @property
    def is_roaming(self) -> bool:
        return self.cpo_id is None
