"""The cheapest usable tariff for each set of charge points, vectorised over tariffs and sets.

A bulk request asks the same question for up to 100 stations over up to 200 tariffs: a per-pair
Python loop costs tens of milliseconds, and even one NumPy pass per station set costs more than
the sets' arithmetic. Every set of the request is reduced in one pass here. Cells near the
cheapest are then priced exactly (bulk_engine): ties go to the first tariff, then the first
charge point, as a plain loop with `<` would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
from numpy.typing import NDArray

# Rows are tariffs, columns charge points; math.inf where a tariff has no price there.
PriceMatrix = NDArray[np.float64]
TariffMask = NDArray[np.bool_]
ColumnSet = tuple[int, ...]
Cell = tuple[int, int]  # (tariff row, column)


def near_cheapest(
    prices: PriceMatrix,
    column_sets: Sequence[ColumnSet],
    usable: NDArray[np.bool_],
    margin: float,
) -> list[list[Cell]]:
    """Per set of columns, the (tariff, column) cells whose price is within `margin` of the
    cheapest over the set among the tariffs usable there (`usable[s]`, one mask per set),
    tariff by tariff then column by column; empty where no usable tariff has a price."""
    if not column_sets or not len(prices):
        return [[] for _ in column_sets]
    lengths = np.fromiter(map(len, column_sets), dtype=np.intp, count=len(column_sets))
    columns = np.fromiter(chain.from_iterable(column_sets), dtype=np.intp, count=lengths.sum())
    starts = np.cumsum(lengths) - lengths
    # Tariff t, set s: t's lowest price over the set's columns, infinite where t is not usable.
    minima = np.where(usable.T, np.minimum.reduceat(prices[:, columns], starts, axis=1), np.inf)
    limit = minima.min(axis=0) + margin
    near = (minima <= limit) & np.isfinite(limit)
    set_of, tariff_of = np.nonzero(near.T)  # set by set, tariffs in order
    # Each (set, tariff) pair once per column of its set, in the set's order.
    counts = lengths[set_of]
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    at = columns[np.repeat(starts[set_of], counts) + within]
    cell_set, cell_tariff = np.repeat(set_of, counts), np.repeat(tariff_of, counts)
    keep = prices[cell_tariff, at] <= limit[cell_set]
    cells: list[list[Cell]] = [[] for _ in column_sets]
    for s, r, c in zip(
        cell_set[keep].tolist(), cell_tariff[keep].tolist(), at[keep].tolist(), strict=True
    ):
        cells[s].append((r, c))
    return cells
