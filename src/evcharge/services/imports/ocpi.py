"""Imported OCPI tariffs and locations -> the catalogue, under the party (CPO) publishing them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.orm import Session

from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, NoPricePolicy, Station, Tariff
from evcharge.core.ocpi.model import OcpiTariff, TariffType
from evcharge.core.tariffs import TariffCore
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.importers.input_text import excerpt
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.ocpi_tariffs import SOURCE, tariff_key
from evcharge.importers.parsed import Parsed, Progress, Removed, Skip, no_progress
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.station_batch import StationBatch
from evcharge.services.imports.storable import (
    company_too_long,
    station_too_long,
    tariff_too_long,
)


def party_company(
    known: Iterable[Company], country_code: str, party_id: str
) -> tuple[Company, bool]:
    """The company among `known` whose EVSE operator id is CC*PTY, or a new one named so
    (True when new)."""
    operator_id = f"{country_code.upper()}*{party_id.upper()}"
    for company in known:
        if operator_id in (o.upper() for o in company.evse_operator_ids):
            return company, False
    return (
        Company(
            id=stable_uuid("ocpi-party", operator_id),
            name=operator_id,
            url="",
            is_cpo=True,
            is_emp=False,
            countries=(country_code.upper(),),
            evse_operator_ids=(operator_id,),
        ),
        True,
    )


def to_tariff(t: OcpiTariff, company: Company) -> Tariff:
    english = next((x.text for x in t.tariff_alt_text if x.language.lower() == "en"), None)
    name = english or (t.tariff_alt_text[0].text if t.tariff_alt_text else f"{company.name} {t.id}")
    return Tariff(
        # Priced by the OCPI engine from `ocpi`; our own components stay empty.
        core=TariffCore(stable_uuid("ocpi-tariff", tariff_key(t)), t.currency),
        name=name[:200],
        emp_id=company.id,
        cpo_id=company.id,  # a CPO's tariff for its own stations
        url=t.tariff_alt_url or "",
        is_direct_payment=t.type is TariffType.AD_HOC_PAYMENT,
        no_price_policy=NoPricePolicy.HIDE,
        ocpi=t,
    )


def _party_key(company: Company) -> str:
    return f"{SOURCE}:party:{company.evse_operator_ids[0]}"


def _new_company_too_long(company: Company, new: bool) -> str | None:
    return company_too_long(company, source_key=_party_key(company)) if new else None


def _write_company(
    companies: CompanyRepository, made: dict[str, Company], company: Company, report: ImportReport
) -> None:
    made[company.id] = company
    report.count(companies.upsert(company, source_key=_party_key(company)))


def import_ocpi_tariffs(
    session: Session, parsed: Parsed[OcpiTariff], *, progress: Progress = no_progress
) -> dict[str, ImportReport]:
    """Companies for unknown parties, then the tariffs; idempotent by OCPI identity.

    A tariff, or the new company of its party, with a value too long for its column is
    skipped, checked before either is written: nothing of it is left half-written.
    """
    reports = {"companies": ImportReport(), "tariffs": ImportReport(skipped=list(parsed.skipped))}
    companies, tariffs = CompanyRepository(session), TariffRepository(session)
    made: dict[str, Company] = {}
    known = companies.all()  # once: a query per record cost a table scan each
    for done, t in enumerate(parsed.records, start=1):
        company, new = party_company(known, t.country_code, t.party_id)
        new = new and company.id not in made
        company = made.get(company.id, company)
        tariff, key = to_tariff(t, company), f"{SOURCE}:{tariff_key(t)}"
        problem = tariff_too_long(tariff, source_key=key) or _new_company_too_long(company, new)
        if problem is not None:
            reports["tariffs"].skipped.append(Skip(excerpt(tariff_key(t)), problem))
        else:
            if new:
                _write_company(companies, made, company, reports["companies"])
            reports["tariffs"].count(tariffs.upsert(tariff, source_key=key))
        progress(done, len(parsed.records))
    return reports


def _location_company(
    known: list[Company], r: LocationRecord, made: dict[str, Company]
) -> tuple[Company, bool]:
    """The operator of the location's party, and whether it is yet to be written."""
    company, new = party_company(known, *r.party)
    if not new or company.id in made:
        return made.get(company.id, company), False
    if r.operator_name:
        company = replace(company, name=r.operator_name[:200])
    return company, True


def _station(r: LocationRecord, operator_id: str) -> Station:
    return Station(
        id=stable_uuid("ocpi-location", r.key),
        name=r.name,
        address=r.address,
        latitude=r.latitude,
        longitude=r.longitude,
        country=r.country,
        operator_id=operator_id,
        charge_points=tuple(
            ChargePointGroup(plug, power, kind, count, evse_ids)
            for plug, power, kind, count, evse_ids in r.charge_points
        ),
        parking_type=r.parking_type,
        source=SOURCE,
    )


def _location_problem(station: Station, key: str, company: Company, new: bool) -> str | None:
    """Why the station, or the new company it needs, cannot be stored; None when both can."""
    if (problem := station_too_long(station, source=SOURCE, source_key=key)) is not None:
        return problem
    return _new_company_too_long(company, new)


def import_ocpi_locations(
    session: Session, parsed: Parsed[LocationRecord], *, progress: Progress = no_progress
) -> dict[str, ImportReport]:
    """The publishing party becomes (or is) the operator; each location one station.

    A location whose station, or new company, has a value too long for its column is skipped,
    checked before either is written. EVSE ids that another station holds already, or that
    are too long, are left out of the station (station_batch.py), with a note. The station of
    a location whose EVSEs are all REMOVED is marked removed.
    """
    skipped = [s for s in parsed.skipped if not isinstance(s, Removed)]
    reports = {"companies": ImportReport(), "stations": ImportReport(skipped=skipped)}
    companies = CompanyRepository(session)
    made: dict[str, Company] = {}
    known = companies.all()  # once: a query per record cost a table scan each
    report = reports["stations"]
    with StationBatch(StationRepository(session), report) as batch:
        for gone in parsed.skipped:
            if isinstance(gone, Removed):
                batch.remove(gone, source_key=f"{SOURCE}:location:{gone.key}")
        for done, r in enumerate(parsed.records, start=1):
            company, new = _location_company(known, r, made)
            station, key = _station(r, company.id), f"{SOURCE}:location:{r.key}"
            if (problem := _location_problem(station, key, company, new)) is not None:
                report.skipped.append(Skip(excerpt(r.key), problem))
            else:
                if new:
                    _write_company(companies, made, company, reports["companies"])
                batch.add(station, source=SOURCE, source_key=key, record=r.key)
            progress(done, len(parsed.records))
    return reports
