"""Imported OCPI tariffs and locations -> the catalogue, under the party (CPO) publishing them."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, NoPricePolicy, Station, Tariff
from evcharge.core.ocpi.model import OcpiTariff, TariffType
from evcharge.core.tariffs import TariffCore
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.ocpi_tariffs import SOURCE, tariff_key
from evcharge.importers.parsed import Parsed, Progress, no_progress
from evcharge.services.company_cache import companies_by_id
from evcharge.services.imports import ImportReport


def party_company(session: Session, country_code: str, party_id: str) -> tuple[Company, bool]:
    """The company whose EVSE operator id is CC*PTY, or a new one named so (True when new)."""
    operator_id = f"{country_code.upper()}*{party_id.upper()}"
    for company in companies_by_id(session).values():
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


def import_ocpi_tariffs(
    session: Session, parsed: Parsed[OcpiTariff], *, progress: Progress = no_progress
) -> dict[str, ImportReport]:
    """Companies for unknown parties, then the tariffs; idempotent by OCPI identity."""
    reports = {"companies": ImportReport(), "tariffs": ImportReport(skipped=list(parsed.skipped))}
    companies, tariffs = CompanyRepository(session), TariffRepository(session)
    made: dict[str, Company] = {}
    for done, t in enumerate(parsed.records, start=1):
        company, new = party_company(session, t.country_code, t.party_id)
        company = made.get(company.id, company)
        if new and company.id not in made:
            made[company.id] = company
            key = f"{SOURCE}:party:{company.evse_operator_ids[0]}"
            reports["companies"].count(companies.upsert(company, source_key=key))
        tariff = to_tariff(t, company)
        reports["tariffs"].count(tariffs.upsert(tariff, source_key=f"{SOURCE}:{tariff_key(t)}"))
        progress(done, len(parsed.records))
    return reports


def import_ocpi_locations(
    session: Session, parsed: Parsed[LocationRecord], *, progress: Progress = no_progress
) -> dict[str, ImportReport]:
    """The publishing party becomes (or is) the operator; each location one station."""
    reports = {"companies": ImportReport(), "stations": ImportReport(skipped=list(parsed.skipped))}
    companies, stations = CompanyRepository(session), StationRepository(session)
    made: dict[str, Company] = {}
    for done, r in enumerate(parsed.records, start=1):
        company, new = party_company(session, *r.party)
        if new and company.id not in made:
            if r.operator_name:
                company = replace(company, name=r.operator_name[:200])
            made[company.id] = company
            key = f"{SOURCE}:party:{company.evse_operator_ids[0]}"
            reports["companies"].count(companies.upsert(company, source_key=key))
        station = Station(
            id=stable_uuid("ocpi-location", r.key),
            name=r.name,
            address=r.address,
            latitude=r.latitude,
            longitude=r.longitude,
            country=r.country,
            operator_id=company.id,
            charge_points=tuple(
                ChargePointGroup(plug, power, kind, count, evse_ids)
                for plug, power, kind, count, evse_ids in r.charge_points
            ),
            parking_type=r.parking_type,
            source=SOURCE,
        )
        key = f"{SOURCE}:location:{r.key}"
        reports["stations"].count(stations.upsert(station, source=SOURCE, source_key=key))
        progress(done, len(parsed.records))
    return reports
