"""An Open Charge Map operator maps to one of our companies as a register's does
(core/operators.py): the same names and aliases, and only in a country the company lists."""

from __future__ import annotations

import pytest

from evcharge.core.network import Company
from evcharge.core.operators import cpos_by_key
from evcharge.importers.curated_network_build import company_id, load_network
from evcharge.importers.ocm import PoiRecord
from evcharge.services.imports.ocm import operator_company

KNOWN = {c.id: c for c in load_network().companies}
OURS = cpos_by_key(KNOWN.values())


def poi(operator_name: str | None, country: str, operator_id: int = 32) -> PoiRecord:
    return PoiRecord(1, operator_id, operator_name, "n", "a", 0.0, 0.0, country, (), ())


@pytest.mark.parametrize(
    ("name", "country", "slug"),
    [
        ("bp pulse", "GB", "bp-pulse"),
        ("Tesla Motors", "GB", "tesla"),  # an alias (OPERATOR_ALIASES), as registers spell it
        ("Tesla Motors", "FR", "tesla"),
        ("POD Point (UK)", "GB", "pod-point"),  # as OCM's reference data names it
        ("IONITY GmbH", "GB", "ionity"),
    ],
)
def test_an_operator_we_know_maps_to_our_company_where_it_operates(
    name: str, country: str, slug: str
) -> None:
    company, new = operator_company(KNOWN, OURS, poi(name, country))
    assert (company.id, new) == (company_id(slug), False)


@pytest.mark.parametrize("country", ["FR", "US"])
def test_a_uk_company_never_takes_a_station_abroad(country: str) -> None:
    company, new = operator_company(KNOWN, OURS, poi("bp pulse", country))
    assert new
    assert company.id != company_id("bp-pulse")
    assert company.name == "bp pulse"


def test_an_unnamed_operator_imported_before_keeps_its_company() -> None:
    first, new = operator_company(KNOWN, OURS, poi("Local Council", "GB", operator_id=77))
    assert new
    known: dict[str, Company] = KNOWN | {first.id: first}
    again, new_again = operator_company(known, cpos_by_key(known.values()), poi(None, "GB", 77))
    assert (again, new_again) == (first, False)
