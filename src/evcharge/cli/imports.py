"""`evcharge import <format> PATH`: parse, then upsert everything in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from evcharge.cli.context import err, handled, out, transaction

if TYPE_CHECKING:
    from evcharge.core.vehicles import Vehicle
    from evcharge.importers.parsed import Parsed, Skip
    from evcharge.importers.parsed import Progress as ProgressFn
    from evcharge.importers.registers import RegisterStation, SourceInfo
    from evcharge.services.imports.apply import ImportReport

app = typer.Typer(help="Import open data formats.", no_args_is_help=True)


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        # Off when stderr is not a terminal: a script reading stderr gets the error line only.
        disable=not err.is_terminal,
    )


def _run(
    label: str,
    parse: Callable[[ProgressFn], Parsed[Vehicle]],
    *,
    source: str,
    source_key: Callable[[Vehicle], str],
) -> None:
    from evcharge.services.imports.apply import import_vehicles

    with _bar() as bar:
        reading = bar.add_task(f"reading {label}", total=None)
        with handled():
            parsed = parse(lambda done, total: bar.update(reading, completed=done, total=total))
        writing = bar.add_task("writing", total=len(parsed.records))
        with transaction() as session:
            report = import_vehicles(
                session,
                parsed,
                source=source,
                source_key=source_key,
                progress=lambda done, _t: bar.update(writing, completed=done),
            )
    _print_report(report)


def _say(line: str) -> None:
    """Print a line that quotes the input as plain text: "[/x]" or ":x:" in a file is not rich
    markup or an emoji code (markup that does not parse would end the import in a traceback)."""
    out.print(line, markup=False, emoji=False)


def _print_report(report: ImportReport) -> None:
    for skip in report.skipped:
        _say(f"skipped {skip.record}: {skip.reason}")
    for attached in report.attached:
        _say(f"attached {attached.record} to {attached.target}")
    out.print(f"vehicles: {report.summary()}")


@app.command("open-ev-data")
def open_ev_data_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="ev-data.json"),
) -> None:
    """chargeprice/open-ev-data's ev-data.json."""
    from evcharge.importers import open_ev_data

    _run(
        path.name,
        lambda progress: open_ev_data.parse_file(path, progress=progress),
        source=open_ev_data.SOURCE,
        source_key=lambda v: v.id,
    )


@app.command("open-ev-data-dataset")
def open_ev_data_dataset_command(
    path: Path = typer.Argument(..., exists=True, file_okay=False, help="the dataset folder"),
) -> None:
    """open-ev-data/open-ev-data-dataset's layered JSON folder."""
    from evcharge.importers import open_ev_data_dataset

    _run(
        path.name,
        lambda progress: open_ev_data_dataset.parse_dataset(path, progress=progress),
        source=open_ev_data_dataset.SOURCE,
        source_key=lambda v: v.id,
    )


def _run_stations(
    path: Path,
    read: Callable[..., Parsed[Any]],
    write: Callable[..., dict[str, ImportReport]],
    kind: str,
    *,
    merge: str | None = None,
) -> Parsed[Any]:
    """Read with a progress bar, write in one transaction, print skips and counts; stations
    of source `merge` are then matched with other sources' in the same transaction."""
    from evcharge.db.base import utcnow
    from evcharge.importers.ocpi_locations import SOURCE as OCPI_SOURCE
    from evcharge.services.imports.station_merge import (
        EvseClaims,
        location_key,
        merge_after_import,
        record_evse_ids,
    )

    merged = None
    with _bar() as bar:
        reading = bar.add_task(f"reading {path.name}", total=None)
        with handled():
            parsed = read(
                path, progress=lambda done, total: bar.update(reading, completed=done, total=total)
            )
        writing = bar.add_task("writing", total=len(parsed.records))
        with transaction() as session:
            since = utcnow()
            claims = EvseClaims(session, merge) if merge else None
            if claims is not None and merge == OCPI_SOURCE:
                claims.note(parsed.records, location_key, record_evse_ids)
            reports = write(
                session, parsed, progress=lambda done, _t: bar.update(writing, completed=done)
            )
            if merge is not None:
                merged = merge_after_import(session, merge, since, claims)
    for skip in reports[kind].skipped:
        _say(f"skipped {skip.record}: {skip.reason}")
    for gone in reports[kind].removed:
        _say(f"removed {gone.record}: {gone.reason}")
    for part in reports[kind].left_out:
        _say(f"{part.record}: {part.reason}")
    for name, report in reports.items():
        out.print(f"{name}: {report.summary()}")
    if merged is not None:
        out.print(f"stations across sources: {merged.summary()}")
    return parsed


@app.command("ocpi-tariffs")
def ocpi_tariffs_command(
    path: Path = typer.Argument(..., exists=True, help="a JSON file or a folder of them"),
) -> None:
    """OCPI 2.2.1 Tariff objects (one, a list, or an OCPI response per file)."""
    from evcharge.importers import ocpi_tariffs
    from evcharge.services.imports.ocpi import import_ocpi_tariffs

    _run_stations(path, ocpi_tariffs.read_tariffs, import_ocpi_tariffs, "tariffs")


@app.command("ocpi-locations")
def ocpi_locations_command(
    path: Path = typer.Argument(..., exists=True, help="a JSON file or a folder of them"),
) -> None:
    """OCPI 2.2.1 Location objects -> stations (and their operators)."""
    from evcharge.importers import ocpi_locations
    from evcharge.importers.input_text import excerpt
    from evcharge.services.imports.ocpi import import_ocpi_locations

    parsed = _run_stations(
        path,
        ocpi_locations.read_locations,
        import_ocpi_locations,
        "stations",
        merge=ocpi_locations.SOURCE,
    )
    for record in parsed.records:
        for note in record.notes:
            _say(f"{excerpt(record.key)}: {note}")


@app.command("ocm")
def ocm_command(
    path: Path = typer.Argument(..., exists=True, help="a POI JSON file or a folder of them"),
    reference: Path | None = typer.Option(
        None,
        exists=True,
        dir_okay=False,
        help="OCM referencedata.json: operator names, and licences of other data providers",
    ),
) -> None:
    """Open Charge Map POIs (API v3 compact form) -> stations (and their operators)."""
    from evcharge.importers import ocm
    from evcharge.services.imports.ocm import import_ocm_pois

    with handled():
        ref = ocm.read_reference(reference) if reference else None
    parsed = _run_stations(
        path,
        lambda p, progress: ocm.read_pois(p, ref, progress=progress),
        import_ocm_pois,
        "stations",
        merge=ocm.SOURCE,
    )
    for record in parsed.records:
        for note in record.notes:
            _say(f"OCM-{record.id}: {note}")
    out.print(f"Station data {ocm.ATTRIBUTION}")


def _run_register(path: Path, rows: Iterator[RegisterStation | Skip], info: SourceInfo) -> None:
    """Stream a national register into one transaction, with a running count (its size is
    not known before the end), then print skips, what was left out, counts and attribution."""
    from evcharge.db.base import utcnow
    from evcharge.services.imports.registers import import_register
    from evcharge.services.imports.station_merge import (
        EvseClaims,
        merge_after_import,
        record_evse_ids,
        register_key,
    )

    with _bar() as bar, handled():
        task = bar.add_task(f"importing {path.name}", total=None)
        with transaction() as session:
            since = utcnow()
            claims = EvseClaims(session, info.source)
            watched = claims.watch(rows, lambda r: register_key(info.source, r), record_evse_ids)
            reports = import_register(
                session, watched, info, progress=lambda done, _t: bar.update(task, completed=done)
            )
            merged = merge_after_import(session, info.source, since, claims)
    stations = reports["stations"]
    for skip in stations.skipped:
        _say(f"skipped {skip.record}: {skip.reason}")
    for gone in stations.removed:
        _say(f"removed {gone.record}: {gone.reason}")
    for part in stations.left_out:
        _say(f"{part.record}: {part.reason}")
    for name, report in reports.items():
        out.print(f"{name}: {report.summary()}")
    out.print(f"stations across sources: {merged.summary()}")
    _say(f"Station data: {info.attribution}, {info.licence_url}")


@app.command("bnetza")
def bnetza_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="Ladesaeulenregister XLSX"),
) -> None:
    """Germany's Bundesnetzagentur charging register (XLSX, either layout)."""
    from evcharge.importers import bnetza

    _run_register(path, bnetza.iter_bnetza(path), bnetza.SOURCE_INFO)


@app.command("irve")
def irve_command(
    path: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="QualiCharge static .parquet, or IRVE .csv"
    ),
) -> None:
    """France's IRVE data: QualiCharge's static Parquet or the consolidated CSV."""
    from evcharge.importers import irve

    parquet = path.suffix.lower() == ".parquet"
    rows = irve.iter_irve_parquet(path) if parquet else irve.iter_irve_csv(path)
    _run_register(path, rows, irve.SOURCE_INFO)


@app.command("afdc")
def afdc_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="AFDC stations CSV export"),
) -> None:
    """The US Alternative Fuels Data Center's station export (electric stations)."""
    from evcharge.importers import afdc

    _run_register(path, afdc.iter_afdc(path), afdc.SOURCE_INFO)


@app.command("nobil")
def nobil_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="NOBIL JSON"),
) -> None:
    """NOBIL, the Nordic charging station database (its API's JSON)."""
    from evcharge.importers import nobil

    _run_register(path, nobil.iter_nobil(path), nobil.SOURCE_INFO)


@app.command("uk-ncr")
def uk_ncr_command(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="NCR CSV"),
) -> None:
    """The UK National Chargepoint Registry (CSV)."""
    from evcharge.importers import uk_ncr

    _run_register(path, uk_ncr.iter_uk_ncr(path), uk_ncr.SOURCE_INFO)


@app.command("merge")
def merge_command() -> None:
    """Match every station with the other sources' stations again: one physical station from
    several sources is one station (each import does this for what it wrote)."""
    from evcharge.services.imports.station_merge import merge_all

    with handled(), transaction() as session:
        merged = merge_all(session)
    out.print(f"stations across sources: {merged.summary()}")
