"""`evcharge data report`: how far the embedded catalogue can be trusted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from evcharge.cli.context import out

if TYPE_CHECKING:
    from evcharge.core.data_quality import DataReport
    from evcharge.core.vehicles import Vehicle

app = typer.Typer(help="The embedded dataset.", no_args_is_help=True)


@app.command("report")
def report() -> None:
    """Size, curves by provenance, simulated against published charge times, V2X completeness,
    what a new user sees for Europe's best sellers, and how many of each market's best sellers
    the catalogue holds."""
    # Imported here, not at the top: `evcharge --help` must not load the catalogue's modules.
    from evcharge.core.data_quality import data_report
    from evcharge.importers.curated import load_embedded

    vehicles = load_embedded()
    result = data_report(vehicles)
    _size(vehicles)
    _curves(result)
    _published_times(result)
    _v2x(result)
    _europe_best_sellers(vehicles)
    _best_seller_coverage(vehicles)


def _size(vehicles: list[Vehicle]) -> None:
    years = [v.release_year for v in vehicles if v.release_year is not None]
    out.print(
        f"Catalogue: {len(vehicles)} curated vehicles, model years {min(years)}-{max(years)}"
        if years
        else f"Catalogue: {len(vehicles)} curated vehicles"
    )


def _curves(result: DataReport) -> None:
    curves = Table("curve provenance", "vehicles", title="DC curves")
    for provenance, count in result.by_provenance.items():
        curves.add_row(provenance.value, str(count))
    out.print(curves)


def _published_times(result: DataReport) -> None:
    """Simulated against published times, all figures and then per kind of figure."""
    from evcharge.core.data_quality import REFERENCE_TOLERANCE
    from evcharge.core.vehicles import ASSUMED_RANGE_START_SOC_PCT, ReferenceKind

    worst = result.worst
    if worst is None or result.median_error is None:
        return
    out.print(
        f"Published times: {len(result.checks)} vehicles; simulated vs published, median "
        f"error {result.median_error:.1%}, worst {worst.error:+.1%} ({worst.vehicle.label}: "
        f"{worst.simulated_min:.1f} min simulated, {worst.published_min:g} published); "
        f"{result.agreeing} within ±{REFERENCE_TOLERANCE:.0%}",
        markup=False,
    )
    for kind, what in (
        (ReferenceKind.SOC_WINDOW, "the maker's state-of-charge window"),
        (
            ReferenceKind.RANGE_ADDED,
            "range added, read as a window from the maker's start, or else from "
            f"{ASSUMED_RANGE_START_SOC_PCT:g} % (assumed)",
        ),
    ):
        of_kind = result.of_kind(kind)
        if of_kind.worst is not None and of_kind.median_error is not None:
            out.print(
                f"  {kind.value}: {len(of_kind.checks)} vehicles ({what}); median error "
                f"{of_kind.median_error:.1%}, worst {abs(of_kind.worst.error):.1%}; "
                f"{of_kind.agreeing} within ±{REFERENCE_TOLERANCE:.0%}",
                markup=False,
            )


def _v2x(result: DataReport) -> None:
    v2x = Table("market", "complete answers (200)", "answers", "share", title="V2X answers")
    for market, (complete, total) in result.v2x_complete.items():
        share = f"{complete / total:.1%}" if total else "-"  # 89.8 % is not the 90 % target
        v2x.add_row(market.value, str(complete), str(total), share)
    out.print(v2x)


def _europe_best_sellers(vehicles: list[Vehicle]) -> None:
    """Issue 13's new-user check: each of Europe's ten best sellers, variant by variant."""
    from evcharge.core.data_quality import best_seller_checks, figure_kinds

    sellers = Table(
        "model",
        "variants (EU)",
        "V2X card incomplete",
        "time not checked against the maker",
        "maker's figures",
        title="Europe's best sellers, as a new user sees them",
    )
    for check in best_seller_checks(vehicles):
        best = check.best_seller
        sellers.add_row(
            f"{best.rank}. {best.label}",
            str(len(check.variants)),
            _labels(check.incomplete_v2x) or "-",
            _labels(check.unchecked_time) or "-",
            figure_kinds(check.variants),
        )
    out.print(sellers)


def _best_seller_coverage(vehicles: list[Vehicle]) -> None:
    from evcharge.core.best_sellers import BEST_SELLER_LISTS
    from evcharge.core.data_quality import coverage

    held = Table(
        "list",
        "covered",
        "listed",
        "missing",
        "ranked by",
        title="Best sellers the catalogue holds (a model counts when a vehicle sold there is it)",
    )
    for best_sellers in BEST_SELLER_LISTS:
        result_of = coverage(vehicles, best_sellers)
        held.add_row(
            best_sellers.name,
            str(len(result_of.covered)),
            str(result_of.listed),
            "; ".join(f"{m.rank}. {m.label}" for m in result_of.missing) or "-",
            f"{best_sellers.publisher}, {best_sellers.published.isoformat()}",
        )
    out.print(held)
    for best_sellers in BEST_SELLER_LISTS:
        out.print(
            f"{best_sellers.name}: {best_sellers.scope}. {best_sellers.source_url}",
            markup=False,
            soft_wrap=True,
        )


def _labels(vehicles: list[Vehicle]) -> str:
    return "; ".join(v.label for v in vehicles)
