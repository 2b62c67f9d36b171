"""The vectorised choice of the cheapest usable tariff, on small matrices checked by hand."""

from __future__ import annotations

import math

import numpy as np

from evcharge.core.cheapest import best_column, pick, set_minima

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


def test_pick_skips_unusable_tariffs_and_keeps_the_first_of_a_tie() -> None:
    # DC 50 alone: t0 and t2 both 7.50 -> t0, the first (as a loop with `<` would choose).
    minima = set_minima(PRICES, [(1,), (1, 2), (0, 1, 2)])
    assert pick(minima, np.array([True, True, True])) == [0, 2, 1]
    # Without t1 the AC point costs 9.00 under t0, so all points go to t2 at 7.00 on DC 150.
    assert pick(minima, np.array([True, False, True])) == [0, 2, 2]


def test_pick_answers_none_where_no_usable_tariff_has_a_price() -> None:
    minima = set_minima(PRICES, [(0,), (2,)])
    assert pick(minima, np.array([False, False, True])) == [None, 2]
    assert pick(minima, np.array([False, False, False])) == [None, None]


def test_best_column_is_where_the_chosen_tariff_is_cheapest() -> None:
    assert best_column(PRICES, 2, (1, 2)) == 2
    assert best_column(PRICES, 0, (0, 1, 2)) == 1
    assert best_column(PRICES, 2, (0, 1)) == 1  # inf on AC, 7.50 on DC 50
