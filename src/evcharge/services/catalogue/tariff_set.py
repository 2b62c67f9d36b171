"""Every tariff, compiled once, with the prices and usability computed under it: a tariff write
makes a new set (services/catalogue), which drops them together."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from evcharge.core.cheapest import PriceMatrix, TariffMask
from evcharge.core.memo import BoundedMemo
from evcharge.core.network import Tariff
from evcharge.core.tariffs import location_scope
from evcharge.services.catalogue.compiled import CompiledTariffs

# A price per (vehicle, battery range, options, start, currency, tariff, location, charge point).
MAX_PRICES = 500_000
# A usability mask per (operator, roaming partners, country, brand, direct payment).
MAX_MASKS = 10_000
# A price matrix per (question, tariffs, charge points).
MAX_MATRICES = 2_000
Positions = np.typing.NDArray[np.intp]  # indexes into TariffSet.tariffs


@dataclass(slots=True)
class TariffSet:
    tariffs: list[Tariff]
    index: dict[str, int] = field(init=False)
    # Per tariff id: (looks at the country, looks at the CPO).
    scope: dict[str, tuple[bool, bool]] = field(init=False)
    dated: bool = field(init=False)
    branded: bool = field(init=False)  # some tariff is only for certain brands' cars
    compiled: CompiledTariffs = field(init=False)
    prices: BoundedMemo[tuple[object, ...], Decimal | None] = field(
        default_factory=lambda: BoundedMemo(MAX_PRICES)
    )
    masks: BoundedMemo[tuple[object, ...], TariffMask] = field(
        default_factory=lambda: BoundedMemo(MAX_MASKS)
    )
    matrices: BoundedMemo[tuple[object, ...], PriceMatrix] = field(
        default_factory=lambda: BoundedMemo(MAX_MATRICES)
    )

    def __post_init__(self) -> None:
        self.index = {t.id: i for i, t in enumerate(self.tariffs)}
        self.compiled = CompiledTariffs(self.tariffs)
        self.branded = any(t.vehicle_brands for t in self.tariffs)
        # OCPI tariffs price by the local weekday and date: their prices are keyed by it.
        self.dated = any(t.ocpi is not None for t in self.tariffs)
        # An OCPI tariff is local time in the station's zone, which follows the country.
        self.scope = {
            t.id: (True, False) if t.ocpi else location_scope(t.core.components)
            for t in self.tariffs
        }

    def positions(self, tariffs: list[Tariff]) -> Positions:
        return np.fromiter((self.index[t.id] for t in tariffs), dtype=np.intp, count=len(tariffs))
