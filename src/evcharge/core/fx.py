"""Currency conversion with ECB euro reference rates. Pure: the rates are passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from evcharge.core.errors import NotFound

EUR = "EUR"


@dataclass(frozen=True, slots=True)
class ExchangeRates:
    """Units of each currency per 1 EUR on `rate_date` (ECB quotes everything against EUR)."""

    rate_date: date
    per_eur: Mapping[str, Decimal]

    def rate(self, currency: str) -> Decimal:
        code = currency.upper()
        if code == EUR:
            return Decimal(1)
        try:
            return self.per_eur[code]
        except KeyError:
            # Chargeprice's wording: 404 "No currency with iso ATS".
            raise NotFound(f"No currency with iso {currency}") from None

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        """`amount` in `source` expressed in `target`, crossing through EUR; not rounded."""
        if source.upper() == target.upper():
            return amount
        return amount / self.rate(source) * self.rate(target)

    @property
    def currencies(self) -> list[str]:
        return sorted({EUR, *self.per_eur})
