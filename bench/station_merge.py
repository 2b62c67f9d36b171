"""The merge pass at scale (issue 15): `python -m bench.station_merge [N] [K]`.

N synthetic register stations (bench/scale_network.py: real city densities) are loaded through
the importer, and the merge pass times the first load (the few real stations of other sources
are the smaller side). Then K of them are written again as Open Charge Map POIs 20 m away under
the same operator spelled with a legal form ("... GmbH"), and the pass merges them; a second run
changes nothing; `merge_all` regroups everything. Each step prints its time and what it did.
On PostgreSQL too when EVCHARGE_BENCH_PG names a server (a scratch database, dropped after).
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable

from bench.scale_network import (
    INFO,
    Template,
    add_stations,
    rows,
    scratch_postgresql,
    scratch_sqlite,
    templates,
)
from evcharge.core.ids import stable_uuid
from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository, StationWrite
from evcharge.services.imports.registers import station_id
from evcharge.services.imports.station_merge import MergeReport, merge_after_import, merge_all
from evcharge.settings import Settings

SEED = 15
NORTH_M = 20.0


def timed(label: str, run: Callable[[], MergeReport]) -> MergeReport:
    start = time.perf_counter()
    report = run()
    print(f"  {label}: {time.perf_counter() - start:,.1f} s; {report.summary()}", flush=True)
    return report


def ocm_copies(made_from: list[Template], copies: int) -> list[tuple[Station, str]]:
    """The first `copies` of the synthetic stations, as OCM POIs NORTH_M metres north."""
    found = []
    for row in rows(made_from, random.Random(SEED), copies):
        operator = f"{row.operator_name} GmbH"
        station = Station(
            id=stable_uuid("bench-ocm", row.source_key),
            name=f"OCM {row.name}",
            address=row.address,
            latitude=row.latitude + NORTH_M / 111_195.08,
            longitude=row.longitude,
            country=row.country,
            operator_id=stable_uuid("bench-ocm-operator", operator),
            charge_points=(ChargePointGroup(*row.charge_points[0][:4]),),
            source="ocm",
        )
        found.append((station, operator))
    return found


def run(settings: Settings, total: int, copies: int) -> None:
    database = Database(settings)
    made_from = templates(settings)  # before the load: the same stations again below
    since = utcnow()
    add_stations(settings, total, SEED, made_from=made_from)
    with database.transaction() as session:
        timed(f"after loading {total:,} register stations", lambda: merge_after_import(
            session, INFO.source, since))  # fmt: skip
    pois = ocm_copies(made_from, copies)
    with database.transaction() as session:
        companies = CompanyRepository(session)
        for operator in sorted({o for _s, o in pois}):
            company = Company(
                stable_uuid("bench-ocm-operator", operator), operator, "", True, False
            )
            companies.upsert(company, source_key=f"bench:{company.id}")
        since = utcnow()
        writes = [StationWrite(s, "ocm", f"ocm:poi:{s.id}") for s, _o in pois]
        for start in range(0, len(writes), 2_000):
            StationRepository(session).upsert_many(writes[start : start + 2_000])
        report = timed(f"after {copies:,} OCM POIs 20 m away", lambda: merge_after_import(
            session, "ocm", since))  # fmt: skip
        timed("the same again", lambda: merge_after_import(session, "ocm", since))
    with database.transaction() as session:
        timed("merge_all", lambda: merge_all(session))
        # OCM comes before an unknown source ("bench-scale"), so the POI is the canonical row.
        listed = StationRepository(session).listing(station_id(INFO.source, "0"))
        canonical = listed.id if listed else None
    print(f"  register station 0 answers {'as POI 0' if canonical == pois[0][0].id else canonical}")
    print(f"  merged {report.merged:,} of {copies:,} POIs")
    database.dispose()


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    with scratch_sqlite() as settings:
        print(f"SQLite, {total:,} stations:")
        run(settings, total, copies)
    admin = os.environ.get("EVCHARGE_BENCH_PG")
    if admin:
        with scratch_postgresql(admin) as settings:
            print(f"PostgreSQL, {total:,} stations:")
            run(settings, total, copies)


if __name__ == "__main__":
    main()
