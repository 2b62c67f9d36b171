"""`make bench-scale`: does a bulk price cost the same with 1,000,000 stations stored as with 160?

Issue 14's target: the bulk price over 100 stations with 1,000,000 stations stored is within 1.5x
of the same with the 160 seeded ones. Two SQLite databases in a temporary folder: the seeded one,
and a copy of it plus 1,000,000 synthetic stations (each a seeded station's operator, country and
charge points, at a random place in that country, so the operators are real companies whose
tariffs apply). Then one `evcharge serve` on each, one after the other, asked the same new
questions over 100 of the 160 seeded stations, and GET /v1/charging_stations/{id} of seeded ones.
"""

from __future__ import annotations

import datetime
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from itertools import count, cycle, islice
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from bench import load
from bench.data import SEED, dc_car_ids, encoded, new_questions, prepare, stored
from bench.timing import get, post, samples_ms, verdict
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.network_mapping import station_columns
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.settings import Settings

SYNTHETIC = 1_000_000
BATCH = 50_000
ROUNDS = 500
TARGET = 1.5
NEW = "bulk, new question"
BY_ID = "station by id"
# Rough (lat, lat, lng, lng) boxes of the countries the seeded stations are in; Europe otherwise.
BOXES = {
    "AT": (46.4, 49.0, 9.5, 17.2),
    "DE": (47.3, 55.0, 5.9, 15.0),
    "GB": (50.0, 58.6, -5.7, 1.8),
    "NL": (50.8, 53.5, 3.4, 7.2),
}
EUROPE = (36.0, 70.0, -10.0, 30.0)


def synthetic_rows(templates: list[dict[str, Any]], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Endless station rows, each a copy of a random seeded one at a new place."""
    now = datetime.datetime.now(datetime.UTC)
    for number in count():
        template = rng.choice(templates)
        lat_min, lat_max, lng_min, lng_max = BOXES.get(template["country"], EUROPE)
        station_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        yield {
            **template,
            "id": station_id,
            "source": "bench-scale",
            "source_key": f"bench-scale:{number}",
            "name": f"Synthetic {number}",
            "address": f"Benchstrasse {number}",
            "latitude": rng.uniform(lat_min, lat_max),
            "longitude": rng.uniform(lng_min, lng_max),
            "status": "operational",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }


def add_stations(settings: Settings, count: int) -> None:
    """Bulk-insert `count` synthetic stations in one transaction, BATCH rows per executemany."""
    database = Database(settings)
    with database.transaction() as session:
        seeded = StationRepository(session).search(StationQuery(), offset=0, limit=10**7)
    templates = []
    for station in seeded:
        columns = station_columns(station)
        # EVSE ids name one station each: the copies have none.
        columns["charge_points"] = [{**cp, "evse_ids": []} for cp in columns["charge_points"]]
        templates.append(columns)
    rows = synthetic_rows(templates, random.Random(SEED))
    start, tty = time.perf_counter(), sys.stdout.isatty()
    with database.engine.begin() as connection:
        for done in range(0, count, BATCH):
            connection.execute(insert(StationRow), list(islice(rows, min(BATCH, count - done))))
            inserted = min(done + BATCH, count)
            rate = inserted / (time.perf_counter() - start)
            line = f"  {inserted:,} stations inserted, {rate:,.0f}/s"
            if tty:  # one line rewritten in place; a log gets every fifth batch
                print(f"\r{line}", end="", flush=True)
            elif inserted % (5 * BATCH) == 0 or inserted == count:
                print(line, flush=True)
    if tty:
        print()
    database.dispose()


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
        print(f"adding {SYNTHETIC:,} synthetic stations to a copy of the seeded database:")
        add_stations(large, SYNTHETIC)
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


if __name__ == "__main__":
    main()
