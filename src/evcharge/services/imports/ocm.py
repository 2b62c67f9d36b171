"""Imported Open Charge Map POIs -> stations, under their OCM operator."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.operators import cpos_by_key, our_operator
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers.input_text import excerpt
from evcharge.importers.ocm import SOURCE, PoiRecord
from evcharge.importers.parsed import Parsed, Progress, Removed, Skip, no_progress
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.station_batch import StationBatch
from evcharge.services.imports.storable import company_too_long, station_too_long


def operator_company(
    known: dict[str, Company], ours: dict[str, tuple[Company, ...]], r: PoiRecord
) -> tuple[Company, bool]:
    """The company a register's operator would map to (core/operators.py: the same names,
    aliases and country rule; `ours` is cpos_by_key of `known`), else one for the OCM operator
    id (True when it is to be written). Without a name from reference data, an operator
    imported before keeps the name it has."""
    own_id = stable_uuid("ocm-operator", str(r.operator_id))
    if r.operator_name is None and own_id in known:
        return known[own_id], False
    if r.operator_name:
        found = our_operator(r.operator_name, ours, country=r.country)
        if found is not None:
            return known[found], False
    company = Company(
        id=own_id,
        name=(r.operator_name or f"Open Charge Map operator {r.operator_id}")[:200],
        url="",
        is_cpo=True,
        is_emp=False,
        sources=(f"https://openchargemap.org/site/poi/details/{r.id}",),
    )
    return company, True


def _station(r: PoiRecord, operator_id: str) -> Station:
    return Station(
        id=stable_uuid("ocm-poi", str(r.id)),
        name=r.name,
        address=r.address,
        latitude=r.latitude,
        longitude=r.longitude,
        country=r.country,
        operator_id=operator_id,
        charge_points=tuple(
            ChargePointGroup(plug, power, kind, count)
            for plug, power, kind, count in r.charge_points
        ),
        source=SOURCE,
    )


def _poi_problem(
    station: Station, key: str, company: Company, company_key: str | None
) -> str | None:
    """Why the station, or the company it needs written (`company_key` given), cannot be
    stored; None when both can. (OCM ids are JSON numbers: any number of digits.)"""
    if (problem := station_too_long(station, source=SOURCE, source_key=key)) is not None:
        return problem
    return company_too_long(company, source_key=company_key) if company_key else None


def import_ocm_pois(
    session: Session, parsed: Parsed[PoiRecord], *, progress: Progress = no_progress
) -> dict[str, ImportReport]:
    """Operators first, then one station per POI; idempotent by OCM ids. A POI whose station,
    or new operator, has a value too long for its column is skipped before either is written.
    The station of a POI that OCM marks removed is marked removed."""
    skipped = [s for s in parsed.skipped if not isinstance(s, Removed)]
    reports = {"companies": ImportReport(), "stations": ImportReport(skipped=skipped)}
    companies = CompanyRepository(session)
    written: set[str] = set()
    known = {c.id: c for c in companies.all()}  # once: a query per record scanned a table
    ours = cpos_by_key(known.values())
    with StationBatch(StationRepository(session), reports["stations"]) as batch:
        for gone in parsed.skipped:
            if isinstance(gone, Removed):
                batch.remove(gone, source_key=f"{SOURCE}:poi:{gone.key}")
        for done, r in enumerate(parsed.records, start=1):
            company, new = operator_company(known, ours, r)
            company_key = f"{SOURCE}:operator:{r.operator_id}"
            to_write = company_key if new and company.id not in written else None
            station, key = _station(r, company.id), f"{SOURCE}:poi:{r.id}"
            if (problem := _poi_problem(station, key, company, to_write)) is not None:
                reports["stations"].skipped.append(Skip(excerpt(f"OCM-{r.id}"), problem))
            else:
                if to_write is not None:
                    written.add(company.id)
                    known[company.id] = company
                    ours = cpos_by_key(known.values())
                    reports["companies"].count(companies.upsert(company, source_key=to_write))
                batch.add(station, source=SOURCE, source_key=key, record=f"OCM-{r.id}")
            progress(done, len(parsed.records))
    return reports
