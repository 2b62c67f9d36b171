"""Standard VAT rates, for turning our prices (incl. VAT, as Chargeprice's) into OCPI's (excl.).

Sources: European Commission, "VAT rates applied in the Member States of the EU" (July 2025);
HMRC VAT rates (UK 20 %); Swiss Federal Tax Administration (8.1 % since 2024-01-01); Skatteetaten
(Norway 25 %). Public charging is taxed at the standard rate in each of these countries.
"""

from __future__ import annotations

from decimal import Decimal

from evcharge.core.errors import InvalidInput

STANDARD_VAT_PCT: dict[str, Decimal] = {
    "AT": Decimal(20), "BE": Decimal(21), "BG": Decimal(20), "CH": Decimal("8.1"),
    "CZ": Decimal(21), "DE": Decimal(19), "DK": Decimal(25), "EE": Decimal(24),
    "ES": Decimal(21), "FI": Decimal("25.5"), "FR": Decimal(20), "GB": Decimal(20),
    "GR": Decimal(24), "HR": Decimal(25), "HU": Decimal(27), "IE": Decimal(23),
    "IT": Decimal(22), "LT": Decimal(21), "LU": Decimal(17), "LV": Decimal(21),
    "NL": Decimal(21), "NO": Decimal(25), "PL": Decimal(23), "PT": Decimal(23),
    "RO": Decimal(19), "SE": Decimal(25), "SI": Decimal(22), "SK": Decimal(23),
}  # fmt: skip


def vat_pct(country: str) -> Decimal:
    try:
        return STANDARD_VAT_PCT[country.upper()]
    except KeyError:
        raise InvalidInput(
            f"no VAT rate known for country {country!r}", parameter="country"
        ) from None
