"""A national register's stations applied to the catalogue as idempotent upserts.

Every register parser (importers/bnetza.py, irve.py, afdc.py, nobil.py, uk_ncr.py) yields
RegisterStations or Skips, one per source record, as it reads: this applies them as they come,
a batch of stations at a time (station_batch.py), so a national file is never held in memory.
Operators map to our companies by name (core/operators.py), so their tariffs apply, but only
in a country the company lists: elsewhere, as an operator we do not know, it becomes a company
of its own, one per register spelling. Station ids derive from the register and its own
station id, so a re-import updates in place and changes nothing where nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy.orm import Session

from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.operators import cpos_by_key, operator_key, our_operator
from evcharge.db.models import CompanyRow
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.network_mapping import company_columns
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.upsert import upsert_many_by_source_key
from evcharge.importers.input_text import excerpt
from evcharge.importers.parsed import Progress, Removed, Skip, no_progress
from evcharge.importers.registers import RegisterStation, SourceInfo
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.station_batch import StationBatch
from evcharge.services.imports.storable import company_too_long, station_too_long

# A register record without an operator is still a public station; its operator is unknown.
UNKNOWN_OPERATOR = "unknown operator"


def station_id(source: str, source_key: str) -> str:
    return stable_uuid(f"{source}-station", source_key)


def import_register(
    session: Session,
    rows: Iterable[RegisterStation | Skip],
    info: SourceInfo,
    *,
    total: int | None = None,
    progress: Progress = no_progress,
) -> dict[str, ImportReport]:
    """Stations (and the operators they need) from `rows`, in the caller's transaction.

    A station, or its new operator, with a value too long for its column is skipped, checked
    before either is written. EVSE ids another station holds already are left out of the
    station, with a note (first come, first kept). The station of a record the register marks
    removed is marked removed. Stations are written in batches; counts and notes are complete
    when this returns."""
    reports = {"companies": ImportReport(), "stations": ImportReport()}
    ours = cpos_by_key(CompanyRepository(session).all())
    made: dict[str, Company] = {}  # operator key -> the company this import wrote for it
    # (a register's spelling, the row's country) -> the id it maps to
    resolved: dict[tuple[str | None, str], str] = {}
    new_operators: list[Company] = []  # made, and to be written before the next batch

    def write_operators() -> None:
        items = [(_operator_source_key(info, c), company_columns(c)) for c in new_operators]
        for outcome in upsert_many_by_source_key(session, CompanyRow, items):
            reports["companies"].count(outcome)
        new_operators.clear()

    report = reports["stations"]
    stations = StationRepository(session)
    with StationBatch(stations, report, before_flush=write_operators) as batch:
        for done, row in enumerate(rows, start=1):
            progress(done, total or done)
            if isinstance(row, Removed):
                batch.remove(row, source_key=f"{info.source}:{row.key}")
                continue
            if isinstance(row, Skip):
                report.skipped.append(row)
                continue
            spelling = (row.operator_name, row.country)
            cached = resolved.get(spelling)
            operator_id, new = (cached, None) if cached else _operator(row, info, ours, made)
            if new is None:
                resolved[spelling] = operator_id
            station = _station(row, info, operator_id)
            key = f"{info.source}:{row.source_key}"
            problem = station_too_long(station, source=info.source, source_key=key)
            if problem is None and new is not None:
                problem = company_too_long(new, source_key=_operator_source_key(info, new))
            if problem is not None:
                report.skipped.append(Skip(excerpt(row.source_key), problem))
                continue
            if new is not None:
                made[operator_key(new.name) or new.name.casefold()] = new
                new_operators.append(new)
            batch.add(station, source=info.source, source_key=key, record=row.source_key)
    return reports


def _operator(
    row: RegisterStation,
    info: SourceInfo,
    ours: Mapping[str, Sequence[Company]],
    made: dict[str, Company],
) -> tuple[str, Company | None]:
    """The id of the row's operator, and the company to write for it when it is new (an
    operator we do not know, or ours outside its countries, gets one company per spelling of
    its name)."""
    name = (row.operator_name or "").strip() or UNKNOWN_OPERATOR
    known = our_operator(name, ours, country=row.country)
    if known is not None:
        return known, None
    key = operator_key(name) or name.casefold()
    if key in made:
        return made[key].id, None
    company = Company(
        id=stable_uuid(f"{info.source}-operator", key),
        name=name[:200],
        url="",
        is_cpo=True,
        is_emp=False,
        sources=(info.licence_url,),
    )
    return company.id, company


def _operator_source_key(info: SourceInfo, company: Company) -> str:
    return f"{info.source}:operator:{company.id}"


def _station(row: RegisterStation, info: SourceInfo, operator_id: str) -> Station:
    return Station(
        id=station_id(info.source, row.source_key),
        name=row.name,
        address=row.address,
        latitude=row.latitude,
        longitude=row.longitude,
        country=row.country,
        operator_id=operator_id,
        charge_points=tuple(
            ChargePointGroup(plug, power, kind, count, evse_ids)
            for plug, power, kind, count, evse_ids in row.charge_points
        ),
        source=info.source,
    )
