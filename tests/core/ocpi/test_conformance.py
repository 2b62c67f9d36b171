"""Every CDR test vector in ../shared/data/ocpi, priced and compared with its expected totals.

tandemdrive: priced in UTC, compared at 4 decimals (their procedure). Hamza-nabil's
codeberg_issue_228: priced in Europe/Amsterdam, compared at 2 decimals. The spec's own CDR
example: its printed totals.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from evcharge.codecs.ocpi_json import parse_cdr, parse_tariff
from evcharge.core.ocpi.pricing import CdrPrice, Money, price_cdr, select_tariff
from tests.conftest import SHARED

OCPI = SHARED / "data" / "ocpi"
TANDEMDRIVE = OCPI / "tandemdrive-test-data"
UTC = ZoneInfo("UTC")
# The one vector that ignores min_price, against the spec (reference §7): asserted separately.
LEGACY_NO_MIN_PRICE = "025kwh_min_price/cdr2_less_than_2kWh.json"


def tandemdrive_cases() -> list[str]:
    if not TANDEMDRIVE.exists():
        return []
    return sorted(str(p.relative_to(TANDEMDRIVE)) for p in TANDEMDRIVE.glob("*/cdr*.json"))


def q4(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def money(doc: dict[str, Any], name: str) -> tuple[Decimal, Decimal]:
    found = doc.get(name) or {"excl_vat": 0, "incl_vat": 0}
    excl = Decimal(str(found["excl_vat"]))
    return q4(excl), q4(Decimal(str(found.get("incl_vat", found["excl_vat"]))))


def ours(m: Money) -> tuple[Decimal, Decimal]:
    return q4(m.excl_vat), q4(m.incl_vat)


def price_vector(case: str) -> tuple[CdrPrice, dict[str, Any]]:
    path = TANDEMDRIVE / case
    doc = json.loads(path.read_text())
    tariff = parse_tariff(json.loads((path.parent / "tariff.json").read_text()))
    return price_cdr(parse_cdr(doc), tariff, UTC), doc


@pytest.mark.parametrize("case", [c for c in tandemdrive_cases() if c != LEGACY_NO_MIN_PRICE])
def test_tandemdrive_vector(case: str) -> None:
    result, doc = price_vector(case)
    assert ours(result.total_cost) == money(doc, "total_cost")
    assert ours(result.total_energy_cost) == money(doc, "total_energy_cost")
    assert ours(result.total_time_cost) == money(doc, "total_time_cost")
    assert ours(result.total_parking_cost) == money(doc, "total_parking_cost")
    assert ours(result.total_fixed_cost) == money(doc, "total_fixed_cost")
    assert ours(result.total_reservation_cost) == money(doc, "total_reservation_cost")
    assert q4(result.total_energy) == q4(Decimal(str(doc.get("total_energy", 0))))
    assert q4(result.total_time) == q4(Decimal(str(doc.get("total_time", 0))))
    assert q4(result.total_parking_time) == q4(Decimal(str(doc.get("total_parking_time", 0))))


def test_there_are_nine_tandemdrive_vectors() -> None:
    if not TANDEMDRIVE.exists():
        pytest.skip(f"{TANDEMDRIVE} is not present (../shared/data is optional)")
    assert len(tandemdrive_cases()) == 9


def test_the_legacy_vector_that_ignores_min_price_gets_the_spec_number() -> None:
    """tandemdrive 0.6.1 did not implement min_price and expects 0.30 / 0.33 for 1.2 kWh at
    0.25 EUR/kWh + 10 % VAT. The tariff's min_price is 0.50 / 0.55, and OCPI 2.2.1 says the
    total may not be lower (the spec's own worked example for this tariff gives 0.50 / 0.55),
    so we follow the spec and differ from the vector here, on purpose."""
    if not (TANDEMDRIVE / LEGACY_NO_MIN_PRICE).exists():
        pytest.skip("tandemdrive test data is not present")
    result, doc = price_vector(LEGACY_NO_MIN_PRICE)
    assert money(doc, "total_cost") == (Decimal("0.3000"), Decimal("0.3300"))
    assert ours(result.total_cost) == (Decimal("0.5000"), Decimal("0.5500"))
    assert ours(result.total_energy_cost) == (Decimal("0.3000"), Decimal("0.3300"))
    assert [(x.rule, x.applies_to) for x in result.limits] == [
        ("min_price", "excl_vat"),
        ("min_price", "incl_vat"),
    ]


def _without_comments(text: str) -> str:
    """output_price__cdr.json is JSON with `#` comments and trailing commas."""
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("#"))
    return re.sub(r",(\s*[}\]])", r"\1", text)


def test_codeberg_issue_228_in_amsterdam_time() -> None:
    folder = OCPI / "hamza-nabil-test-data" / "codeberg_issue_228"
    if not folder.exists():
        pytest.skip(f"{folder} is not present")
    cdr = parse_cdr(json.loads((folder / "cdr.json").read_text()))
    expected = json.loads(_without_comments((folder / "output_price__cdr.json").read_text()))
    result = price_cdr(cdr, select_tariff(cdr), ZoneInfo("Europe/Amsterdam"))
    want = expected["cdr_price"]
    two = Decimal("0.01")
    assert (
        result.total_cost.excl_vat.quantize(two, ROUND_HALF_UP),
        result.total_cost.incl_vat.quantize(two, ROUND_HALF_UP),
    ) == (Decimal(want["total_cost"]["excl_vat"]), Decimal(want["total_cost"]["incl_vat"]))
    assert ours(result.total_cost) == (Decimal("1.8370"), Decimal("2.2228"))
    assert q4(result.total_time) == Decimal(want["total_time"])
    assert result.warnings == want["warnings"]
    # In UTC the hourly windows shift by two hours and the price changes (reference §5.13).
    in_utc = price_cdr(cdr, select_tariff(cdr), UTC)
    assert in_utc.total_cost.excl_vat.quantize(two, ROUND_HALF_UP) == Decimal("1.88")


def test_hamza_step_size_with_offsets_equals_the_utc_vector() -> None:
    offsets = OCPI / "hamza-nabil-test-data" / "step_size" / "cdr1.json"
    if not offsets.exists():
        pytest.skip(f"{offsets} is not present")
    tariff = parse_tariff(json.loads((TANDEMDRIVE / "step_size" / "tariff.json").read_text()))
    cdr = parse_cdr(json.loads(offsets.read_text()))
    assert "non_utc_timestamp" in cdr.warnings  # +01:00 is not OCPI: converted, and said
    # 16:55+01:00 is 15:55Z; the tariff's 17:00 window is wall time, so the same session
    # priced where +01:00 is the local time (Amsterdam in January) is the UTC vector's.
    amsterdam = price_cdr(cdr, tariff, ZoneInfo("Europe/Amsterdam"))
    assert ours(amsterdam.total_cost) == (Decimal("0.5502"), Decimal("0.5502"))


def test_the_spec_cdr_example() -> None:
    path = OCPI / "spec-examples" / "cdr_example.json"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    doc = json.loads(path.read_text())
    cdr = parse_cdr(doc)
    result = price_cdr(cdr, select_tariff(cdr), UTC)
    assert ours(result.total_cost) == money(doc, "total_cost")
    assert ours(result.total_time_cost) == money(doc, "total_time_cost")
