"""SQLite's box page at scale, in process: the statement before migration 0017 (the box's
stations ordered by the R*Tree's auxiliary id) against the one after (the id prefix), on one
database, interleaved call by call, each call a new 20 x 20 km box around a point within 2 km
of the centre of Berlin, London, Paris or Munich; both answers compared each time (issue 15).

`python -m bench.scale_box [N] [PATH]` imports N synthetic stations (default 1,000,000,
bench/scale_network.py's) into a new SQLite database, or reads the one at PATH when it exists
(migrated to 0017 or later), and prints the medians and p95s and their ratios. With PATH the
database is kept, so that a second run skips the import (about 10 minutes for a million).
Python's garbage collector is held off while a statement runs: its collections, every few
dozen calls and tens of milliseconds each here, would land on either statement at random.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Float, Select, literal, select

from bench.scale import DENSE
from bench.scale_network import _migrated_and_seeded, add_stations
from evcharge.db.engine import Database
from evcharge.db.repositories import station_search
from evcharge.db.repositories.stations import StationQuery
from evcharge.settings import Settings

ROUNDS = 200
WARM_UP = 10
# (page size, offset): the default page, a map's page, and page 6 of the default.
PAGES = [(400, 0), (100, 0), (400, 2000)]
Statement = Callable[[StationQuery, int, int], Select[Any]]


def before(q: StationQuery, offset: int, limit: int) -> Select[Any]:
    """The statement before migration 0017: every station of the box ordered by its id, an
    auxiliary column of the R*Tree read for each."""
    box = station_search._box(q)
    assert box is not None
    lat_min, lat_max, lng_min, lng_max = box
    r = station_search._RTREE.c
    keys = select(
        r.station_id.label("id"), literal(0.0, Float).label("distance_m"), r.id.label("row_number")
    ).where(
        *station_search._rtree_box(lat_min, lat_max, lng_min, lng_max),
        r.latitude.between(lat_min, lat_max),
        r.longitude.between(lng_min, lng_max),
        r.duplicate_of.is_(None),
    )
    page = keys.order_by(r.station_id).offset(offset).limit(limit)
    return station_search._rows_of(page, station_search._Order.ID, sqlite=True)


def after(q: StationQuery, offset: int, limit: int) -> Select[Any]:
    return station_search.search_statement(q, "sqlite", offset=offset, limit=limit)


def boxes(rng: random.Random) -> StationQuery:
    lat, lng = rng.choice(DENSE)
    lat, lng = lat + rng.uniform(-0.02, 0.02), lng + rng.uniform(-0.03, 0.03)
    dlat, dlng = 10 / 111.2, 10 / (111.2 * 0.64)  # 10 km each way at about 50 N
    return StationQuery(
        lat_min=lat - dlat, lat_max=lat + dlat, lng_min=lng - dlng, lng_max=lng + dlng
    )


def compare(settings: Settings) -> None:
    database = Database(settings)
    rng = random.Random(15)
    ways: dict[str, Statement] = {"before": before, "after": after}
    with database.session() as session:
        for size, offset in PAGES:
            times: dict[str, list[float]] = {name: [] for name in ways}
            for round_ in range(WARM_UP + ROUNDS):
                q = boxes(rng)
                found = {}
                order = list(ways) if round_ % 2 else list(ways)[::-1]
                for name in order:
                    gc.disable()  # a collection would land on either way: noise (see above)
                    start = time.perf_counter()
                    found[name] = session.execute(ways[name](q, offset, size)).all()
                    elapsed_ms = (time.perf_counter() - start) * 1000
                    gc.enable()
                    if round_ >= WARM_UP:
                        times[name].append(elapsed_ms)
                assert found["before"] == found["after"], q
            report(size, offset, times)
    database.dispose()


def report(size: int, offset: int, times: dict[str, list[float]]) -> None:
    p50 = {name: statistics.median(t) for name, t in times.items()}
    p95 = {name: statistics.quantiles(t, n=20, method="inclusive")[18] for name, t in times.items()}
    print(
        f"page of {size} from {offset}: before p50 {p50['before']:.2f} ms (p95 "
        f"{p95['before']:.2f}), after p50 {p50['after']:.2f} ms (p95 {p95['after']:.2f}); "
        f"before/after {p50['before'] / p50['after']:.2f}x",
        flush=True,
    )


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    if len(sys.argv) > 2:
        path = Path(sys.argv[2])
        settings = Settings(database_url=f"sqlite:///{path}")
        if not path.exists():
            add_stations(_migrated_and_seeded(settings), total, 15)
        compare(settings)
        return
    with tempfile.TemporaryDirectory() as folder:
        settings = _migrated_and_seeded(Settings(database_url=f"sqlite:///{folder}/box.db"))
        add_stations(settings, total, 15)
        compare(settings)


if __name__ == "__main__":
    main()
