"""A synthetic European network of 1,000,000 stations for `make bench-scale`, at real city
densities, loaded through the importer (`import_register`, as `evcharge import bnetza` and the
other registers are), with every trigger and index of the schema.

Each station is placed around one of Europe's largest cities, drawn in proportion to the city's
population: 65% within the city (a normal spread of 3 km + 4 km per million people, so London
spreads wider than Graz), 35% in its region (60 km). At a million stations Berlin then holds
about 24,000, and a 20 x 20 km box at its centre about 7,000. Each station copies a seeded
station's operator (by name, as a register spells it) and has 2 to 6 charge-point groups drawn
from the seeded ones, one EVSE id (indexed, as importers index them), and a name and address
made of real street names, so text search meets realistic words.

The same seed makes the same stations, so a second load re-imports unchanged data: the rate of
both loads, and the process's peak RSS, are printed. `python -m bench.scale_network [N]` loads
N (default 100,000) into a new SQLite database, and into a scratch PostgreSQL database when
EVCHARGE_BENCH_PG names a server; nothing else. Naming `sqlite` or `postgresql` after N loads
that one only.
"""

from __future__ import annotations

import math
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from bisect import bisect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate

import psycopg

from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.importers.registers import ChargePointRow, RegisterStation, SourceInfo
from evcharge.services.imports.registers import import_register, station_id
from evcharge.services.imports.seed import seed as seed_catalogue
from evcharge.settings import Settings

BATCH = 50_000  # progress is printed every BATCH stations
INFO = SourceInfo(
    "bench-scale",
    "evcharge's scale benchmark (synthetic stations)",
    "none: invented for the benchmark",
    "",  # no licence page: the data is invented
    "synthetic",
)
KEEP = 2_000  # station ids and EVSE ids kept for the lookups
# (name, country, latitude, longitude, metro population in millions): rounded public figures.
CITIES = [
    ("London", "GB", 51.507, -0.128, 9.0), ("Paris", "FR", 48.857, 2.352, 11.0),
    ("Madrid", "ES", 40.417, -3.704, 6.7), ("Barcelona", "ES", 41.385, 2.173, 5.6),
    ("Berlin", "DE", 52.520, 13.405, 3.7), ("Rome", "IT", 41.903, 12.496, 4.3),
    ("Milan", "IT", 45.464, 9.190, 3.2), ("Athens", "GR", 37.984, 23.728, 3.2),
    ("Lisbon", "PT", 38.722, -9.139, 2.9), ("Vienna", "AT", 48.208, 16.373, 2.0),
    ("Hamburg", "DE", 53.551, 9.994, 1.9), ("Warsaw", "PL", 52.230, 21.012, 1.8),
    ("Budapest", "HU", 47.498, 19.040, 1.8), ("Bucharest", "RO", 44.427, 26.103, 1.8),
    ("Munich", "DE", 48.137, 11.576, 1.5), ("Prague", "CZ", 50.076, 14.438, 1.3),
    ("Brussels", "BE", 50.850, 4.352, 1.2), ("Stockholm", "SE", 59.329, 18.069, 1.6),
    ("Cologne", "DE", 50.938, 6.960, 1.1), ("Birmingham", "GB", 52.486, -1.890, 1.1),
    ("Amsterdam", "NL", 52.370, 4.895, 1.2), ("Copenhagen", "DK", 55.676, 12.568, 1.4),
    ("Naples", "IT", 40.852, 14.268, 3.0), ("Manchester", "GB", 53.481, -2.242, 2.8),
    ("Lyon", "FR", 45.764, 4.836, 1.7), ("Marseille", "FR", 43.296, 5.370, 1.6),
    ("Frankfurt", "DE", 50.110, 8.682, 0.8), ("Stuttgart", "DE", 48.776, 9.183, 0.6),
    ("Rotterdam", "NL", 51.924, 4.478, 1.0), ("Oslo", "NO", 59.914, 10.752, 1.1),
    ("Helsinki", "FI", 60.170, 24.938, 1.3), ("Dublin", "IE", 53.350, -6.260, 1.4),
    ("Glasgow", "GB", 55.864, -4.252, 1.0), ("Zurich", "CH", 47.377, 8.542, 1.4),
    ("Leeds", "GB", 53.801, -1.549, 0.8), ("Dusseldorf", "DE", 51.228, 6.774, 0.6),
    ("Leipzig", "DE", 51.340, 12.375, 0.6), ("Dresden", "DE", 51.050, 13.738, 0.6),
    ("Hanover", "DE", 52.376, 9.732, 0.5), ("Nuremberg", "DE", 49.452, 11.077, 0.5),
    ("Graz", "AT", 47.071, 15.440, 0.3), ("Utrecht", "NL", 52.091, 5.122, 0.4),
    ("Toulouse", "FR", 43.605, 1.444, 1.0), ("Turin", "IT", 45.070, 7.687, 1.7),
    ("Valencia", "ES", 39.470, -0.376, 1.6), ("Seville", "ES", 37.389, -5.984, 1.3),
    ("Porto", "PT", 41.158, -8.629, 1.7), ("Krakow", "PL", 50.065, 19.945, 0.8),
    ("Gothenburg", "SE", 57.709, 11.975, 1.0), ("Antwerp", "BE", 51.219, 4.402, 1.0),
]  # fmt: skip
STREETS = [
    "Hauptstrasse", "Bahnhofstrasse", "Schulstrasse", "Gartenstrasse", "Dorfstrasse",
    "Friedrichstrasse", "Lindenallee", "Kirchweg", "High Street", "Station Road", "Church Lane",
    "Victoria Road", "Park Avenue", "Mill Lane", "Rue de la Paix", "Avenue Victor Hugo",
    "Rue du Moulin", "Boulevard Voltaire", "Calle Mayor", "Avenida de la Libertad",
    "Via Roma", "Via Garibaldi", "Corso Italia", "Kerkstraat", "Stationsweg", "Dorpsstraat",
    "Storgatan", "Kongens Gade", "Ulica Polna", "Rua Augusta",
]  # fmt: skip
PLACES = ["Retail Park", "Supermarket", "Town Hall", "Hotel", "Car Park", "Service Area", "Depot"]


@dataclass
class Written:
    """What a load leaves for the lookups: some station ids and EVSE ids, and its figures."""

    station_ids: list[str] = field(default_factory=list)
    evse_ids: list[str] = field(default_factory=list)
    stations_per_s: float = 0.0
    summary: str = ""
    peak_rss_mb: float = 0.0


@dataclass(frozen=True)
class Template:
    """A seeded station's operator (its name) and charge-point groups, which copies take."""

    operator_name: str
    charge_points: tuple[ChargePointRow, ...]


def templates(settings: Settings) -> list[Template]:
    database = Database(settings)
    with database.transaction() as session:
        seeded = StationRepository(session).search(StationQuery(), offset=0, limit=10**7)
        names = {c.id: c.name for c in CompanyRepository(session).all()}
    database.dispose()
    return [
        Template(
            names[s.operator_id],
            tuple((cp.plug, cp.power_kw, cp.energy_type, cp.count, ()) for cp in s.charge_points),
        )
        for s in seeded
    ]


def _charge_points(rng: random.Random, pool: list[ChargePointRow]) -> list[ChargePointRow]:
    groups = {(cp[0], cp[1]): cp for cp in rng.sample(pool, _below(rng, 5) + 2)}
    return list(groups.values())


_CUMULATIVE = list(accumulate(c[4] for c in CITIES))


def _below(rng: random.Random, n: int) -> int:
    """A whole number in [0, n): random's own choice() and randint() cost more than the
    importer's work per station."""
    return int(rng.random() * n)


def _place(rng: random.Random) -> tuple[str, str, float, float]:
    drawn = rng.random() * _CUMULATIVE[-1]
    city, country, lat, lng, population = CITIES[bisect(_CUMULATIVE, drawn)]
    spread_km = 3 + 4 * population if rng.random() < 0.65 else 60
    dlat = rng.gauss(0, spread_km) / 111.2
    dlng = rng.gauss(0, spread_km) / (111.2 * math.cos(math.radians(lat)))
    return city, country, lat + dlat, lng + dlng


def rows(
    template_list: list[Template], rng: random.Random, total: int
) -> Iterator[RegisterStation]:
    """`total` register records, made as they are read (the importer streams them)."""
    pool = [cp for t in template_list for cp in t.charge_points]
    for number in range(total):
        template = template_list[_below(rng, len(template_list))]
        city, country, lat, lng = _place(rng)
        street = f"{STREETS[_below(rng, len(STREETS))]} {_below(rng, 250) + 1}"
        points = _charge_points(rng, pool)
        plug, power, kind, count, _ids = points[0]
        points[0] = (plug, power, kind, count, (f"{country}*SYN*E{number:07d}",))
        yield RegisterStation(
            source=INFO.source,
            source_key=str(number),
            operator_name=template.operator_name,
            name=f"{city} {PLACES[_below(rng, len(PLACES))]} {number % 1000}",
            address=f"{street}, {_below(rng, 90000) + 10000} {city}",
            latitude=lat,
            longitude=lng,
            country=country,
            charge_points=tuple(points),
            updated_on=None,
        )


def add_stations(
    settings: Settings,
    total: int,
    seed: int,
    *,
    label: str = "imported",
    made_from: list[Template] | None = None,
) -> Written:
    """Import `total` synthetic stations (and their EVSE ids) in one transaction through
    `import_register`, printing the rate as it goes. The same seed (and templates) make the
    same stations."""
    made = rows(made_from or templates(settings), random.Random(seed), total)
    written = Written()
    database = Database(settings)
    start, tty = time.perf_counter(), sys.stdout.isatty()

    def progress(done: int, _total: int) -> None:
        if done % BATCH and done != total:
            return
        line = f"  {done:,} stations {label}, {done / (time.perf_counter() - start):,.0f}/s"
        if tty:  # one line rewritten in place; a log gets every tenth
            print(f"\r{line}", end="", flush=True)
        elif done % (10 * BATCH) == 0 or done == total:
            print(line, flush=True)

    with database.transaction() as session:
        reports = import_register(session, kept(made, written), INFO, progress=progress)
    written.stations_per_s = total / (time.perf_counter() - start)
    written.summary = reports["stations"].summary()
    written.peak_rss_mb = peak_rss_mb()
    if tty:
        print()
    print(f"  stations: {written.summary}; peak RSS so far {written.peak_rss_mb:,.0f} MB")
    database.dispose()
    return written


def kept(made: Iterator[RegisterStation], written: Written) -> Iterator[RegisterStation]:
    """`made`, keeping the first KEEP station ids and EVSE ids for the lookups."""
    for row in made:
        if len(written.station_ids) < KEEP:
            written.station_ids.append(station_id(INFO.source, row.source_key))
            written.evse_ids.append(row.charge_points[0][4][0])
        yield row


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_twice(settings: Settings, total: int, seed: int) -> tuple[Written, Written]:
    """A first load, then the same stations again (every one unchanged)."""
    made_from = templates(settings)
    first = add_stations(settings, total, seed, made_from=made_from)
    again = add_stations(settings, total, seed, label="re-imported unchanged", made_from=made_from)
    return first, again


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    backends = sys.argv[2:] or ["sqlite", "postgresql"]
    if "sqlite" in backends:
        with scratch_sqlite() as settings:
            print(f"SQLite: importing {total:,} synthetic stations:")
            report("SQLite", *load_twice(settings, total, 15))
    if "postgresql" not in backends:
        return
    admin = os.environ.get("EVCHARGE_BENCH_PG")
    if not admin:
        print("PostgreSQL: skipped (set EVCHARGE_BENCH_PG to a server's admin URL)")
        return
    with scratch_postgresql(admin) as settings:
        print(f"PostgreSQL: importing {total:,} synthetic stations:")
        report("PostgreSQL", *load_twice(settings, total, 15))


def report(backend: str, first: Written, again: Written) -> None:
    print(
        f"{backend}: first load {first.stations_per_s:,.0f} stations/s, re-import of unchanged "
        f"data {again.stations_per_s:,.0f} stations/s, peak RSS {again.peak_rss_mb:,.0f} MB"
    )


def _migrated_and_seeded(settings: Settings) -> Settings:
    upgrade(settings)
    database = Database(settings)
    with database.transaction() as session:
        seed_catalogue(session)
    database.dispose()
    return settings


@contextmanager
def scratch_sqlite() -> Iterator[Settings]:
    """A new, migrated and seeded SQLite database in a temporary folder, removed after."""
    with tempfile.TemporaryDirectory() as folder:
        yield _migrated_and_seeded(Settings(database_url=f"sqlite:///{folder}/scale.db"))


@contextmanager
def scratch_postgresql(admin_dsn: str) -> Iterator[Settings]:
    """A new, migrated and seeded PostgreSQL database on `admin_dsn`'s server, dropped after."""
    name = f"evcharge_bench_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        host = admin_dsn.split("://", 1)[1].rsplit("/", 1)[0]
        yield _migrated_and_seeded(Settings(database_url=f"postgresql+psycopg://{host}/{name}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
