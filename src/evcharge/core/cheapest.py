"""The cheapest usable tariff for each set of charge points, vectorised over tariffs.

A bulk request asks the same question for up to 100 stations over up to 200 tariffs: a per-pair
Python loop costs tens of milliseconds, a few NumPy reductions per operator cost microseconds.
Cells near the cheapest are then priced exactly (bulk_engine): ties go to the first tariff, then
the first charge point, as a plain loop with `<` would give.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

# Rows are tariffs, columns charge points; math.inf where a tariff has no price there.
PriceMatrix = NDArray[np.float64]
TariffMask = NDArray[np.bool_]
ColumnSet = tuple[int, ...]


def set_minima(prices: PriceMatrix, column_sets: Sequence[ColumnSet]) -> PriceMatrix:
    """Row s, column t: tariff t's lowest price over the charge points in column_sets[s]."""
    if not column_sets:
        return np.empty((0, prices.shape[0]))
    return np.stack(
        [
            prices[:, cols[0]] if len(cols) == 1 else prices[:, cols].min(axis=1)
            for cols in column_sets
        ]
    )


def near_cheapest(
    minima: PriceMatrix,
    usable: TariffMask,
    prices: PriceMatrix,
    columns: ColumnSet,
    margin: float,
) -> list[tuple[int, int]]:
    """The (tariff, column) cells of `columns` whose screened price is within `margin` of the
    cheapest usable one (`minima` is each tariff's lowest over `columns`), tariff by tariff
    then column by column; empty when no usable tariff has a price."""
    masked = np.where(usable, minima, np.inf)
    best = float(masked.min()) if len(masked) else np.inf
    if not np.isfinite(best):
        return []
    limit = best + margin
    near = np.flatnonzero(masked <= limit).tolist()
    return [(r, c) for r in near for c in columns if prices[r, c] <= limit]
