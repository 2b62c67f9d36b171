"""Exact money. Session prices are rounded once, here, to the cent, half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity(value: float) -> Decimal:
    """A metered float quantity (kWh, minutes) as a Decimal, to a micro-unit; beyond that the
    simulation itself is not exact."""
    return Decimal(f"{value:.6f}")
