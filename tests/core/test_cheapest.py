"""The vectorised choice of the cheapest usable tariff, on small matrices checked by hand."""

from __future__ import annotations

import math

import numpy as np

from evcharge.core.cheapest import near_cheapest

INF = math.inf
# Tariffs (rows) x charge points (columns: AC 22, DC 50, DC 150).
PRICES = np.array(
    [
        [9.00, 7.50, 8.00],  # t0: cheapest on DC 50
        [6.00, INF, INF],  # t1: AC only
        [INF, 7.50, 7.00],  # t2: ties t0 on DC 50, cheapest on DC 150
    ]
)


EVERYONE = np.array([True, True, True])


def test_each_set_takes_its_columns_cheapest_and_lists_ties_in_order() -> None:
    # DC 50 alone: t0 and t2 both 7.50, listed t0 first (as a loop with `<` would choose).
    # DC 50 and DC 150: t2's 7.00 on DC 150. Every point: t1's 6.00 on AC.
    sets = [(1,), (1, 2), (0, 1, 2)]
    cells = near_cheapest(PRICES, sets, np.stack([EVERYONE] * 3), 0.01)
    assert cells == [[(0, 1), (2, 1)], [(2, 2)], [(1, 0)]]


def test_each_set_has_its_own_usable_tariffs_and_a_wider_margin_brings_in_more() -> None:
    # Without t1 the AC point costs 9.00 under t0, so t2 at 7.00 on DC 150 wins; a wider
    # margin brings in every cell within it, t0's 7.50 on DC 50 and t2's own 7.50.
    without_t1 = np.array([True, False, True])
    usable = np.stack([without_t1, EVERYONE])
    sets = [(0, 1, 2), (0, 1, 2)]
    assert near_cheapest(PRICES, sets, usable, 0.01) == [[(2, 2)], [(1, 0)]]
    assert near_cheapest(PRICES, sets[:1], usable[:1], 0.5) == [[(0, 1), (2, 1), (2, 2)]]


def test_a_set_is_empty_where_no_usable_tariff_has_a_price() -> None:
    only_t2 = np.array([False, False, True])
    nothing = np.array([False, False, False])
    sets = [(0,), (2,), (2,)]
    cells = near_cheapest(PRICES, sets, np.stack([only_t2, only_t2, nothing]), 0.01)
    assert cells == [[], [(2, 2)], []]
    assert near_cheapest(PRICES, [], np.empty((0, 3), dtype=np.bool_), 0.01) == []
