"""The vectorised choice of the cheapest usable tariff, on small matrices checked by hand."""

from __future__ import annotations

import math

import numpy as np

from evcharge.core.cheapest import near_cheapest, set_minima

INF = math.inf
# Tariffs (rows) x charge points (columns: AC 22, DC 50, DC 150).
PRICES = np.array(
    [
        [9.00, 7.50, 8.00],  # t0: cheapest on DC 50
        [6.00, INF, INF],  # t1: AC only
        [INF, 7.50, 7.00],  # t2: ties t0 on DC 50, cheapest on DC 150
    ]
)


def test_set_minima_takes_each_tariffs_lowest_price_over_the_set() -> None:
    minima = set_minima(PRICES, [(1, 2), (0,)])
    assert minima.tolist() == [[7.5, INF, 7.0], [9.0, 6.0, INF]]


def test_near_cheapest_skips_unusable_tariffs_and_lists_ties_in_order() -> None:
    # DC 50 alone: t0 and t2 both 7.50, listed t0 first (as a loop with `<` would choose).
    [dc50, dc, every] = set_minima(PRICES, [(1,), (1, 2), (0, 1, 2)])
    everyone = np.array([True, True, True])
    assert near_cheapest(dc50, everyone, PRICES, (1,), 0.01) == [(0, 1), (2, 1)]
    assert near_cheapest(dc, everyone, PRICES, (1, 2), 0.01) == [(2, 2)]
    assert near_cheapest(every, everyone, PRICES, (0, 1, 2), 0.01) == [(1, 0)]
    # Without t1 the AC point costs 9.00 under t0, so t2 at 7.00 on DC 150 wins; a wider
    # margin brings in every cell within it, t0's 7.50 on DC 50 and t2's own 7.50.
    without_t1 = np.array([True, False, True])
    assert near_cheapest(every, without_t1, PRICES, (0, 1, 2), 0.01) == [(2, 2)]
    assert near_cheapest(every, without_t1, PRICES, (0, 1, 2), 0.5) == [(0, 1), (2, 1), (2, 2)]


def test_near_cheapest_is_empty_where_no_usable_tariff_has_a_price() -> None:
    [ac, dc150] = set_minima(PRICES, [(0,), (2,)])
    assert near_cheapest(ac, np.array([False, False, True]), PRICES, (0,), 0.01) == []
    assert near_cheapest(dc150, np.array([False, False, True]), PRICES, (2,), 0.01) == [(2, 2)]
    assert near_cheapest(dc150, np.array([False, False, False]), PRICES, (2,), 0.01) == []
