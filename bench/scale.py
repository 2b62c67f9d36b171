"""`make bench-scale`: the API with 1,000,000 stations stored (issues 14 and 15).

1. Two SQLite databases in a temporary folder: the seeded one, and a copy of it plus 1,000,000
   synthetic stations (bench/scale_network.py: real city densities, 2 to 6 charge-point groups,
   an EVSE id each), loaded through the importer (as `evcharge import bnetza` loads a register),
   then re-imported unchanged; both rates and the peak RSS are printed.
2. Issue 14: one `evcharge serve` on each database in turn, asked the same new bulk questions
   over 100 of the 160 seeded stations, and GET /v1/charging_stations/{id} of seeded ones; the
   bulk price with 1,000,000 stored must be within 1.5x of the same with 160.
3. Issue 15: station queries against the large one over HTTP, p50 and p95 against their
   targets: a 20 x 20 km box and a 5 km radius in dense cities (the default page of 400, and a
   map's page of 100), a station by id and by EVSE id, export pages 1 and 500 of 1,000 (by
   cursor), and text search: common words, and rare ones (a street in a given place).
4. The same load, re-import and station queries on PostgreSQL when EVCHARGE_BENCH_PG names a
   server to create a scratch database on (e.g. postgresql://postgres@127.0.0.1:5432/postgres);
   it is dropped after.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import text

from bench import load
from bench.data import SEED, dc_car_ids, encoded, new_questions, prepare, stored
from bench.scale_network import Written, load_twice, scratch_postgresql
from bench.timing import Call, get, post, samples_ms, verdict
from evcharge.db.engine import Database
from evcharge.services.platform import api_keys
from evcharge.settings import Settings

# BENCH_SCALE_STATIONS=20000 tries the benchmark out quickly.
SYNTHETIC = int(os.environ.get("BENCH_SCALE_STATIONS", "1000000"))
ROUNDS = 500
QUERY_ROUNDS = 200
TARGET = 1.5
NEW = "bulk, new question"
BY_ID = "station by id"
EXPORT_SIZE = 1000
# Dense city centres for the box and radius (a new place within ~2 km of one each call).
DENSE = [(52.520, 13.405), (51.507, -0.128), (48.857, 2.352), (48.137, 11.576)]
# What people type: streets with and without numbers, places, a city and a place kind.
WORDS = [
    "Bahnhofstrasse 12", "Rue du Moulin", "Via Roma 7", "Kerkstraat 3", "High Street",
    "Station Road 140", "Friedrichstrasse 20", "Leipzig Hotel", "Town Hall 42",
    "Corso Italia 99", "Calle Mayor 5", "Storgatan", "Lindenallee 77", "Graz Depot",
]  # fmt: skip
# A street in a given place: a handful of stations each, the search a rare word must keep fast.
RARE_WORDS = [
    "Lindenallee 77 Graz", "Kongens Gade 101 Oslo", "Dorpsstraat 250 Utrecht",
    "Ulica Polna Krakow 7", "Hauptstrasse 5 Zurich", "Rua Augusta 3 Porto",
]  # fmt: skip
Loads = tuple[Written, Written]  # the first load, and the re-import of the same stations
# p50 targets (ms) of issue 15.
TARGETS = {
    "box 20 x 20 km, dense city": 20,
    "box, page[size]=100": 20,
    "radius 5 km, nearest first": 20,
    "radius, page[size]=100": 20,
    BY_ID: 5,
    "station by EVSE id": 5,
    "export page 1 (1,000)": 100,
    "export page 500 (1,000)": 100,
    "q= text search": 50,
    "q=, a street in a place": 50,
}


def measure(
    settings: Settings, key: str, bodies: list[bytes], ids: list[str], folder: Path
) -> dict[str, float]:
    """Medians of healthz, the bulk price (each body once) and a station by id, interleaved."""
    with load.server(settings, 1, folder) as url, httpx.Client(base_url=url, timeout=60) as client:
        by_id = cycle([get(client, f"/v1/charging_stations/{i}", api_key=key) for i in ids])
        cases = {
            "healthz": get(client, "/healthz"),
            NEW: post(client, "/v1/charge_prices/bulk", iter(bodies), key),
            BY_ID: lambda: next(by_id)(),
        }
        samples = samples_ms(cases, ROUNDS)
    return {name: statistics.median(times) for name, times in samples.items()}


def _each(client: httpx.Client, key: str, paths: Iterator[str]) -> Call:
    def call() -> None:
        get(client, next(paths), api_key=key)()

    return call


def _boxes(rng: random.Random) -> Iterator[str]:
    while True:
        lat, lng = rng.choice(DENSE)
        lat, lng = lat + rng.uniform(-0.02, 0.02), lng + rng.uniform(-0.03, 0.03)
        dlat, dlng = 10 / 111.2, 10 / (111.2 * 0.64)  # 10 km each way at about 50 N
        yield (
            f"/v1/charging_stations?filter[latitude.gte]={lat - dlat:.5f}"
            f"&filter[latitude.lte]={lat + dlat:.5f}&filter[longitude.gte]={lng - dlng:.5f}"
            f"&filter[longitude.lte]={lng + dlng:.5f}"
        )


def _circles(rng: random.Random) -> Iterator[str]:
    while True:
        lat, lng = rng.choice(DENSE)
        lat, lng = lat + rng.uniform(-0.02, 0.02), lng + rng.uniform(-0.03, 0.03)
        yield (
            f"/v1/charging_stations?filter[latitude]={lat:.5f}&filter[longitude]={lng:.5f}"
            "&filter[radius]=5000"
        )


def _page_500_cursor(settings: Settings) -> str:
    """The last id of export page 499, as a client that paged there would hold."""
    database = Database(settings)
    with database.transaction() as session:
        found = session.execute(
            text(
                "SELECT id FROM stations WHERE status = 'operational' OR status IS NULL "
                "ORDER BY id LIMIT 1 OFFSET :n"
            ),
            {"n": min(499 * EXPORT_SIZE, SYNTHETIC // 2) - 1},
        ).scalar_one()
    database.dispose()
    return str(found)


def station_queries(
    settings: Settings, key: str, written: Written, folder: Path
) -> dict[str, list[float]]:
    """Milliseconds per call of each station query of issue 15, interleaved round by round."""
    rng = random.Random(SEED + 15)
    export = f"/v1/charging_stations?export=true&page[size]={EXPORT_SIZE}"
    page_500 = f"{export}&page[after]={_page_500_cursor(settings)}"
    with load.server(settings, 1, folder) as url, httpx.Client(base_url=url, timeout=60) as client:
        paths = {
            "box 20 x 20 km, dense city": _boxes(rng),
            "box, page[size]=100": (f"{p}&page[size]=100" for p in _boxes(rng)),
            "radius 5 km, nearest first": _circles(rng),
            "radius, page[size]=100": (f"{p}&page[size]=100" for p in _circles(rng)),
            BY_ID: cycle(f"/v1/charging_stations/{i}" for i in written.station_ids),
            "station by EVSE id": cycle(f"/v1/charging_stations/{e}" for e in written.evse_ids),
            "export page 1 (1,000)": cycle([export]),
            "export page 500 (1,000)": cycle([page_500]),
            "q= text search": cycle(f"/v1/charging_stations?q={w}" for w in WORDS),
            "q=, a street in a place": cycle(f"/v1/charging_stations?q={w}" for w in RARE_WORDS),
        }
        cases = {name: _each(client, key, it) for name, it in paths.items()}
        return samples_ms(cases, QUERY_ROUNDS)


def postgresql(admin_dsn: str, folder: Path) -> tuple[Loads, dict[str, list[float]]]:
    """The station queries on a scratch PostgreSQL database holding the same network."""
    with scratch_postgresql(admin_dsn) as settings:
        database = Database(settings)
        with database.transaction() as session:
            _stored, key = api_keys.create_key(session, name="bench", groups="all", sandbox=True)
        database.dispose()
        print(f"PostgreSQL: importing {SYNTHETIC:,} synthetic stations:")
        loads = load_twice(settings, SYNTHETIC, SEED)
        host_db = settings.database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(host_db, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE stations")  # as after any large import
            conn.execute("VACUUM ANALYZE station_evse_ids")
        return loads, station_queries(settings, key, loads[0], folder)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        small, key = prepare(folder)
        # A copy, so both share every id (the API key, imported vehicles) and differ in size only.
        for suffix in ("", "-wal"):
            if (folder / f"bench.db{suffix}").exists():
                shutil.copy(folder / f"bench.db{suffix}", folder / f"scale.db{suffix}")
        large = Settings(database_url=f"sqlite:///{folder}/scale.db")
        print(f"SQLite: importing {SYNTHETIC:,} synthetic stations into a copy of the seeded one:")
        loads = load_twice(large, SYNTHETIC, SEED)
        print(f"  ready in {time.perf_counter() - started:.0f} s")
        with load.server(small, 1, folder) as url, httpx.Client(base_url=url, timeout=60) as c:
            data = stored(small, dc_car_ids(c, key))
        # 100 of the 160 seeded stations per question; the same questions on both servers.
        bodies = encoded(new_questions(data, ROUNDS + 20, random.Random(SEED + 2)))
        ids = random.Random(SEED).sample(data.station_ids, len(data.station_ids))
        results = {
            f"{len(data.station_ids)} stored": measure(small, key, bodies, ids, folder),
            f"{SYNTHETIC + len(data.station_ids):,} stored": measure(
                large, key, bodies, ids, folder
            ),
        }
        report(results)
        report_queries("SQLite", loads, station_queries(large, key, loads[0], folder))
        admin = os.environ.get("EVCHARGE_BENCH_PG")
        if admin:
            pg_loads, pg_times = postgresql(admin, folder)
            report_queries("PostgreSQL", pg_loads, pg_times)
        else:
            print("PostgreSQL: skipped (set EVCHARGE_BENCH_PG to a server's admin URL)")


def report(results: dict[str, dict[str, float]]) -> None:
    (small_name, small), (large_name, large) = results.items()
    print(f"one `evcharge serve` worker on each database in turn, {ROUNDS} rounds each:")
    print(f"{'median ms':28} {small_name:>14} {large_name:>18} {'ratio':>6}")
    for case in small:
        print(f"{case:28} {small[case]:14.2f} {large[case]:18.2f} {large[case] / small[case]:6.2f}")
    ratio = large[NEW] / small[NEW]
    print(
        f"{NEW} over 100 stations, {large_name} / {small_name}: {ratio:.2f}x "
        f"(target <= {TARGET}x: {verdict(ratio <= TARGET)})"
    )


def report_queries(backend: str, loads: Loads, times: dict[str, list[float]]) -> None:
    first, again = loads
    print(
        f"{backend}, {SYNTHETIC:,} synthetic stations imported at {first.stations_per_s:,.0f}/s "
        f"(re-imported unchanged at {again.stations_per_s:,.0f}/s; peak RSS of the importing "
        f"process {again.peak_rss_mb:,.0f} MB); station queries over HTTP, one worker, "
        f"{QUERY_ROUNDS} rounds:"
    )
    print(f"{'query':30} {'p50 ms':>8} {'p95 ms':>8} {'target p50':>11}")
    for case, samples in times.items():
        p50 = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
        target = TARGETS[case]
        print(f"{case:30} {p50:8.1f} {p95:8.1f} {f'<= {target}':>11} {verdict(p50 <= target)}")


if __name__ == "__main__":
    main()
