from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.services.platform import fx

SMALL = Path(__file__).parents[1] / "fixtures" / "eurofxref-small.csv"


def test_the_shipped_rates_work_offline() -> None:
    rates = fx.rates(None)
    assert rates.rate_date >= date(2026, 1, 1)
    assert {"GBP", "USD", "CHF", "EUR"} <= set(rates.currencies)


def test_a_weekend_falls_back_to_the_last_working_day() -> None:
    # 2026-10-31 is a Saturday: the ECB quoted Friday 2026-10-30.
    rates = fx.rates(None, on=date(2026, 10, 31))
    assert rates.rate_date == date(2026, 10, 30)


def test_an_installed_file_takes_over(tmp_path: Path) -> None:
    rates = fx.install(SMALL, tmp_path / "fx")
    assert rates.rate_date == date(2026, 10, 30)
    assert rates.rate("GBP") == Decimal("0.85")
    assert fx.rates(tmp_path / "fx", on=date(2026, 10, 29)).rate("SEK") == Decimal("11.4")


def test_a_file_that_is_not_eurofxref_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "rates.csv"
    bad.write_text("hello\n")
    with pytest.raises(InvalidInput, match="not an ECB eurofxref file"):
        fx.install(bad, tmp_path / "fx")
    assert not (tmp_path / "fx").exists() or not any((tmp_path / "fx").iterdir())
