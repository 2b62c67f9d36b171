"""Which tariffs are considered at a station: roaming, ad hoc, filters, include modes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from evcharge.core.network import Company, Tariff
from evcharge.core.tariff_selection import (
    IncludeMode,
    TariffFilters,
    for_country,
    select_tariffs,
    usable_at,
)
from evcharge.core.tariffs import TariffCore, TariffFees

CPO = Company("cpo", "HPC", "u", is_cpo=True, is_emp=False, supported_emp_ids=frozenset({"emp"}))


def tariff(id_: str, emp: str = "emp", **kw: object) -> Tariff:
    return replace(Tariff(TariffCore(id_, "EUR"), name=id_, emp_id=emp, cpo_id=None, url="u"), **kw)  # type: ignore[arg-type]


def ids(tariffs: list[Tariff]) -> list[str]:
    return [t.id for t in tariffs]


DE = TariffFilters(country="DE", vehicle_brand="Kia")
FEES_2_PLUS_3_MIN_SALES = TariffFees(Decimal("2"), Decimal(0), Decimal("3"))


def test_roaming_needs_the_cpo_to_accept_the_emp() -> None:
    assert usable_at(tariff("a"), CPO)
    assert not usable_at(tariff("b", emp="stranger"), CPO)


def test_an_ad_hoc_tariff_only_works_at_its_own_cpo() -> None:
    assert usable_at(tariff("own", emp="x", cpo_id="cpo"), CPO)
    assert not usable_at(tariff("other", emp="x", cpo_id="elsewhere"), CPO)


@pytest.mark.parametrize(
    ("case", "t", "filters", "kept"),
    [
        ("customer-only hidden", tariff("c", provider_customer_only=True), DE, False),
        ("customer-only asked for", tariff("c", provider_customer_only=True),
         replace(DE, provider_customer_tariffs=True), True),
        ("foreign kept by default", tariff("f", supported_countries=("NL",)), DE, True),
        ("foreign dropped", tariff("f", supported_countries=("NL",)),
         replace(DE, foreign_tariffs=False), False),
        ("brand matches", tariff("k", vehicle_brands=("Kia",)), DE, True),
        ("brand differs", tariff("m", vehicle_brands=("Mercedes-Benz",)), DE, False),
        ("brand shown anyway", tariff("m", vehicle_brands=("Mercedes-Benz",)),
         replace(DE, show_all_brand_restricted_tariffs=True), True),
        ("monthly fee over the limit",
         tariff("s", core=TariffCore("s", "EUR", fees=TariffFees(Decimal("5.99")))),
         replace(DE, max_monthly_fees=Decimal("5")), False),
        ("monthly fee plus minimum sales within the limit",
         tariff("s", core=TariffCore("s", "EUR", fees=FEES_2_PLUS_3_MIN_SALES)),
         replace(DE, max_monthly_fees=Decimal("5")), True),
        ("direct payment left out of bulk", tariff("d", is_direct_payment=True),
         replace(DE, include_direct_payment=False), False),
    ],
)  # fmt: skip
def test_filters(case: str, t: Tariff, filters: TariffFilters, kept: bool) -> None:
    assert (ids(select_tariffs([t], CPO, filters)) == [t.id]) is kept


A, B, HIDDEN = tariff("a"), tariff("b"), tariff("h", provider_customer_only=True)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (IncludeMode.FILTER, ["a"]),  # only listed, filters apply: h is listed but filtered
        (IncludeMode.ALWAYS, ["a", "b", "h"]),  # listed always, others as filtered
        (IncludeMode.EXCLUSIVE, ["a", "h"]),  # only listed, no filters
    ],
)
def test_include_modes(mode: IncludeMode, expected: list[str]) -> None:
    chosen = select_tariffs([A, B, HIDDEN], CPO, DE, listed=["a", "h"], mode=mode)
    assert ids(chosen) == expected


GB_AD_HOC = tariff("gb", emp="x", cpo_id="cpo", supported_countries=("GB",))
FR = TariffFilters(country="FR")


def test_a_cpos_own_tariff_is_for_the_countries_it_names() -> None:
    # A UK lamppost price is no price at the same CPO's posts in France (issue 15).
    assert for_country(GB_AD_HOC, "GB")
    assert not for_country(GB_AD_HOC, "FR")
    assert for_country(replace(GB_AD_HOC, supported_countries=()), "FR")  # none named: all
    # A roaming card works abroad: only foreign_tariffs=false drops it (see test_filters).
    assert for_country(tariff("card", supported_countries=("GB",)), "FR")


@pytest.mark.parametrize("mode", list(IncludeMode))
def test_a_cpos_tariff_for_another_country_is_kept_in_no_mode(mode: IncludeMode) -> None:
    # Listing it as one's own does not make it apply there either.
    assert select_tariffs([GB_AD_HOC], CPO, FR, listed=["gb"], mode=mode) == []
    assert ids(select_tariffs([GB_AD_HOC], CPO, replace(FR, country="GB"), listed=["gb"],
                              mode=mode)) == ["gb"]  # fmt: skip
