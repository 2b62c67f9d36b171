from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from evcharge.core.errors import NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.money import round_money

RATES = ExchangeRates(date(2026, 10, 30), {"GBP": Decimal("0.85"), "USD": Decimal("1.10")})


def test_eur_to_gbp() -> None:
    # 20.70 EUR x 0.85 = 17.595 -> 17.60 GBP (half up).
    assert round_money(RATES.convert(Decimal("20.70"), "EUR", "GBP")) == Decimal("17.60")


def test_a_cross_rate_goes_through_eur() -> None:
    # 10 GBP / 0.85 = 11.7647 EUR x 1.10 = 12.941 USD -> 12.94.
    assert round_money(RATES.convert(Decimal("10"), "GBP", "USD")) == Decimal("12.94")


def test_same_currency_is_unchanged() -> None:
    assert RATES.convert(Decimal("1.23"), "gbp", "GBP") == Decimal("1.23")


def test_an_unknown_currency_is_not_found_with_chargeprices_wording() -> None:
    with pytest.raises(NotFound, match="No currency with iso ATS"):
        RATES.convert(Decimal(1), "EUR", "ATS")
