"""The data report's numbers, on hand-built vehicles.

A flat 100 kW curve on 50 kWh usable: 10→80 % is 35 kWh / 0.97 / 100 kW = 21.649 min at a
150 kW charger. Against a published 20 min that is +8.2 % (agrees); against 25 min, -13.4 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from evcharge.core.best_sellers import EUROPE_2025, BestSellerList, RankedModel
from evcharge.core.brands import canonical_brand
from evcharge.core.data_quality import (
    best_seller_checks,
    coverage,
    data_report,
    figure_kinds,
    reference_check,
)
from evcharge.core.v2x import Market, MarketV2x, SupportStatus, V2xFact
from evcharge.core.vehicles import (
    Brand,
    CurvePoint,
    CurveProvenance,
    DistanceUnit,
    RangeAdded,
    RangeBasis,
    ReferenceCharge,
    ReferenceKind,
    range_added_reference,
)
from tests.builders import make_vehicle

FLAT = make_vehicle(
    usable_battery_size_kwh=50.0,
    dc_max_power_kw=100.0,
    dc_charging_curve=(CurvePoint(0, 100), CurvePoint(100, 100)),
)


def published(minutes: float) -> ReferenceCharge:
    return ReferenceCharge(10, 80, 150, minutes, "https://maker.example/", date(2026, 1, 1))


@pytest.mark.parametrize(
    ("minutes", "error", "agrees"), [(20.0, 0.0825, True), (25.0, -0.1340, False)]
)
def test_simulated_against_published(minutes: float, error: float, agrees: bool) -> None:
    check = reference_check(replace(FLAT, reference_charge=published(minutes)))
    assert check is not None
    assert check.simulated_min == pytest.approx(21.649, abs=0.001)
    assert check.error == pytest.approx(error, abs=0.0005)
    assert check.agrees is agrees


def test_no_reference_no_check() -> None:
    assert reference_check(FLAT) is None


def test_the_report_counts_provenance_errors_and_complete_answers() -> None:
    known = V2xFact(SupportStatus.NOT_AVAILABLE, source_url="https://maker.example/")
    complete = MarketV2x(known, known, known, known, known)
    vehicles = [
        replace(FLAT, reference_charge=published(20.0), bidirectional={Market.UK: complete}),
        replace(FLAT, reference_charge=published(25.0), curve_provenance=CurveProvenance.DEFAULT),
        replace(FLAT, curve_provenance=CurveProvenance.FITTED_TO_PUBLISHED),
    ]
    report = data_report(vehicles)
    assert report.by_provenance == {
        CurveProvenance.MEASURED: 1,
        CurveProvenance.FITTED_TO_PUBLISHED: 1,
        CurveProvenance.DEFAULT: 1,
        CurveProvenance.NONE: 0,
    }
    assert report.median_error == pytest.approx((0.0825 + 0.1340) / 2, abs=0.0005)
    assert report.worst is not None
    assert report.worst.published_min == 25.0
    # FLAT is sold in the UK and the EU: one complete UK answer of three; none in the EU.
    assert report.v2x_complete == {Market.UK: (1, 3), Market.EU: (0, 3), Market.US: (0, 0)}


def test_a_best_seller_passes_only_when_every_variant_has_a_full_card_and_a_checked_time() -> None:
    known = V2xFact(SupportStatus.NOT_AVAILABLE, source_url="https://maker.example/")
    complete = MarketV2x(known, known, known, known, known)
    tesla = Brand(id="tesla", name="Tesla")
    good = replace(
        FLAT,
        brand=tesla,
        model="Model Y",
        reference_charge=published(20.0),  # +8.2 %: agrees
        bidirectional={Market.EU: complete},
    )
    slow = replace(good, model="MODEL-3", reference_charge=published(25.0))  # -13.4 %
    blank = replace(good, model="Model 3", variant="RWD", bidirectional={Market.EU: MarketV2x()})
    us_only = replace(blank, model="Model Y", markets=(Market.US,))  # not what Europe sees
    checks = {c.best_seller.model: c for c in best_seller_checks([good, slow, blank, us_only])}
    assert checks["Model Y"].passes
    assert checks["Model Y"].variants == [good]
    assert not checks["Model 3"].passes
    assert checks["Model 3"].incomplete_v2x == [blank]
    assert checks["Model 3"].unchecked_time == [slow]
    assert checks["Elroq"].variants == []
    assert not checks["Elroq"].passes
    # the table is Europe's ten best sellers, in their ranked order
    assert [c.best_seller for c in best_seller_checks([])] == list(EUROPE_2025.models)


def test_coverage_counts_a_listed_model_once_a_vehicle_sold_in_the_market_is_it() -> None:
    # Hand-checked: of three UK best sellers, the Model Y is held twice (both UK), the Elroq
    # only for the EU (not covered in the UK), the Renault 5 under the maker's longer name.
    uk_list = BestSellerList(
        name="UK test",
        market=Market.UK,
        year=2025,
        publisher="A registrar",
        source_url="https://registrar.example/2025",
        published=date(2026, 1, 6),
        scope="a top 3",
        models=(
            RankedModel(1, "Tesla", "Model Y"),
            RankedModel(2, "Škoda", "Elroq"),
            RankedModel(3, "Renault", "5 E-Tech"),
        ),
    )
    model_y = replace(FLAT, brand=canonical_brand("Tesla"), model="Model Y")
    model_y_awd = replace(model_y, variant="AWD")
    elroq_eu = replace(FLAT, brand=canonical_brand("Skoda"), model="Elroq", markets=(Market.EU,))
    r5 = replace(FLAT, brand=canonical_brand("Renault"), model="5 E-Tech electric")
    model_3 = replace(model_y, model="Model 3")  # sold, but not listed
    result = coverage([model_y, elroq_eu, r5, model_3, model_y_awd], uk_list)
    assert (len(result.covered), result.listed) == (2, 3)
    assert result.covered[0] == (uk_list.models[0], [model_y, model_y_awd])
    assert result.covered[1] == (uk_list.models[2], [r5])
    assert result.missing == [uk_list.models[1]]
    # the same vehicles against an EU list of the same models: the Elroq now counts
    eu_result = coverage([model_y, elroq_eu, r5], replace(uk_list, market=Market.EU))
    assert eu_result.missing == []


def test_a_range_figure_is_checked_over_its_derived_window_and_counted_apart() -> None:
    # "up to 150 of 300 km in 15 min", start not stated: 10 (assumed) -> 60 %, 25 kWh at a flat
    # 100 kW = 25 / 0.97 / 100 h = 15.464 min: +3.1 % against 15 min.
    figure = RangeAdded(150.0, 300.0, DistanceUnit.KM, RangeBasis.WLTP, start_soc_stated=False)
    ranged = replace(
        FLAT,
        reference_charge=range_added_reference(
            figure,
            charger_power_kw=150.0,
            duration_min=15.0,
            source_url="https://maker.example/",
            as_of=date(2026, 1, 1),
        ),
    )
    check = reference_check(ranged)
    assert check is not None
    assert check.simulated_min == pytest.approx(15.464, abs=0.001)
    assert check.agrees
    assert check.kind is ReferenceKind.RANGE_ADDED
    window = replace(FLAT, reference_charge=published(20.0))
    report = data_report([ranged, window, FLAT])
    assert [c.vehicle for c in report.of_kind(ReferenceKind.RANGE_ADDED).checks] == [ranged]
    assert [c.vehicle for c in report.of_kind(ReferenceKind.SOC_WINDOW).checks] == [window]
    ranged_only = report.of_kind(ReferenceKind.RANGE_ADDED)
    assert ranged_only.median_error == pytest.approx(0.0309, abs=0.0001)  # 15.464 / 15 - 1
    assert ranged_only.agreeing == 1
    assert figure_kinds([ranged, window, window, FLAT]) == "range (start assumed) 1; window 2"
    assert figure_kinds([FLAT]) == "-"
