"""Apply companies, tariffs and stations to the catalogue as idempotent upserts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.importers.curated_network_build import Network
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.station_batch import StationBatch


def import_network(session: Session, network: Network, *, source: str) -> dict[str, ImportReport]:
    """Companies first (tariffs and stations refer to them), then roaming links, tariffs,
    stations. Source keys are the public ids, which are stable for the embedded data. Tariffs
    `source` stored before that `network` no longer holds are deleted.

    Stations are written a batch at a time, as every import writes them (station_batch.py): an
    EVSE id another station holds already (one an import stored first) stays with it, and is
    noted in the report's left_out, rather than failing the whole load."""
    reports = {kind: ImportReport() for kind in ("companies", "tariffs", "stations")}
    companies = CompanyRepository(session)
    for company in network.companies:
        reports["companies"].count(companies.upsert(company, source_key=f"{source}:{company.id}"))
    for company in network.companies:
        if company.is_cpo and companies.set_supported_emps(company.id, company.supported_emp_ids):
            _changed(reports["companies"])
    tariffs = TariffRepository(session)
    keys = [f"{source}:{tariff.id}" for tariff in network.tariffs]
    for tariff, key in zip(network.tariffs, keys, strict=True):
        reports["tariffs"].count(tariffs.upsert(tariff, source_key=key))
    # A tariff the data held before and holds no longer (renamed, or its prices lost their
    # source) must not go on pricing in a database seeded from the older data.
    reports["tariffs"].deleted += len(tariffs.delete_absent(source, set(keys)))
    with StationBatch(StationRepository(session), reports["stations"]) as batch:
        for station in network.stations:
            batch.add(
                station, source=source, source_key=f"{source}:{station.id}", record=station.id
            )
    return reports


def _changed(report: ImportReport) -> None:
    """A company whose roaming list changed counts as updated, not unchanged."""
    if report.unchanged:
        report.unchanged -= 1
        report.count(UpsertOutcome.UPDATED)
