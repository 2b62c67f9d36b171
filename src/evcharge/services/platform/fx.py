"""ECB reference rates through CurrencyConverter, which ships the history, so this works offline.

`evcharge fx update FILE` installs a newer eurofxref file (zip or csv) in `settings.fx_dir`;
without one, the rates shipped with the pinned CurrencyConverter release are used.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from currency_converter import CurrencyConverter, RateNotFoundError

from evcharge.core.errors import InvalidInput
from evcharge.core.fx import EUR, ExchangeRates


def _converter(path: str | None) -> CurrencyConverter:
    kwargs = {"currency_file": path} if path else {}
    return CurrencyConverter(decimal=True, fallback_on_wrong_date=False, **kwargs)


@lru_cache(maxsize=8)
def _rates(path: str | None, mtime: float, on: date | None) -> ExchangeRates:
    converter = _converter(path)
    last = max(converter.bounds[c].last_date for c in converter.currencies if c != EUR)
    day = min(on, last) if on else last
    per_eur: dict[str, Decimal] = {}
    # ECB publishes on TARGET working days only: walk back to the latest day with quotes.
    for _ in range(10):
        per_eur = {}
        for currency in converter.currencies - {EUR}:
            try:
                per_eur[currency] = Decimal(converter.convert(1, EUR, currency, date=day))
            except RateNotFoundError:
                continue
        if per_eur:
            break
        day = date.fromordinal(day.toordinal() - 1)
    return ExchangeRates(rate_date=day, per_eur=per_eur)


def rates(fx_dir: Path | None, on: date | None = None) -> ExchangeRates:
    """The rates of the latest ECB day up to `on` (the newest day when None), from the file
    most recently installed in `fx_dir`, else from the rates CurrencyConverter ships."""
    installed = sorted(fx_dir.glob("*"), key=lambda p: p.stat().st_mtime) if fx_dir else []
    path = installed[-1] if installed else None
    mtime = path.stat().st_mtime if path else 0.0
    return _rates(str(path) if path else None, mtime, on)


def install(source: Path, fx_dir: Path) -> ExchangeRates:
    """Check that `source` is a eurofxref file (zip or csv), then make it the one in use."""
    try:
        _converter(str(source))
    except Exception as exc:  # CurrencyConverter raises plain errors on a malformed file
        raise InvalidInput(f"{source} is not an ECB eurofxref file: {exc}") from exc
    fx_dir.mkdir(parents=True, exist_ok=True)
    for old in fx_dir.glob("*"):
        old.unlink()
    shutil.copyfile(source, fx_dir / source.name)
    return rates(fx_dir)
