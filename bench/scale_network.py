"""A synthetic European network of 1,000,000 stations for `make bench-scale`, at real city
densities, written in bulk (SQLite: Core executemany; PostgreSQL: COPY) through every trigger
and index of the schema.

Each station is placed around one of Europe's largest cities, drawn in proportion to the city's
population: 65% within the city (a normal spread of 3 km + 4 km per million people, so London
spreads wider than Graz), 35% in its region (60 km). At a million stations Berlin then holds
about 24,000, and a 20 x 20 km box at its centre about 7,000. Each station copies a seeded
station's operator and has 2 to 6 charge-point groups drawn from the seeded ones, one EVSE id
(indexed, as importers index them), and a name and address made of real street names, so text
search meets realistic words.
"""

from __future__ import annotations

import datetime
import math
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count, islice
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, insert, text

from evcharge.db.engine import Database
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories.network_mapping import station_columns
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.settings import Settings

BATCH = 50_000
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
    """What the insert leaves for the lookups: some station ids and EVSE ids, and the rate."""

    station_ids: list[str] = field(default_factory=list)
    evse_ids: list[str] = field(default_factory=list)
    stations_per_s: float = 0.0


def templates(settings: Settings) -> list[dict[str, Any]]:
    """The seeded stations' columns, whose operators and charge points the copies take."""
    database = Database(settings)
    with database.transaction() as session:
        seeded = StationRepository(session).search(StationQuery(), offset=0, limit=10**7)
    database.dispose()
    return [station_columns(s) for s in seeded]


def _charge_points(rng: random.Random, pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = {(cp["plug"], cp["power"]): cp for cp in rng.sample(pool, rng.randint(2, 6))}
    return [{**cp, "evse_ids": []} for cp in groups.values()]


def _place(rng: random.Random) -> tuple[str, str, float, float]:
    city, country, lat, lng, population = rng.choices(CITIES, weights=[c[4] for c in CITIES])[0]
    spread_km = 3 + 4 * population if rng.random() < 0.65 else 60
    dlat = rng.gauss(0, spread_km) / 111.2
    dlng = rng.gauss(0, spread_km) / (111.2 * math.cos(math.radians(lat)))
    return city, country, lat + dlat, lng + dlng


def rows(
    template_rows: list[dict[str, Any]], rng: random.Random
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Endless (station row, EVSE row) pairs."""
    now = datetime.datetime.now(datetime.UTC)
    pool = [cp for t in template_rows for cp in t["charge_points"]]
    for number in count():
        template = rng.choice(template_rows)
        city, country, lat, lng = _place(rng)
        station_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        street = f"{rng.choice(STREETS)} {rng.randint(1, 250)}"
        points = _charge_points(rng, pool)
        evse_id = f"{country}*SYN*E{number:07d}"
        points[0]["evse_ids"] = [evse_id]
        station = {
            **template,
            "id": station_id,
            "source": "bench-scale",
            "source_key": f"bench-scale:{number}",
            "name": f"{city} {rng.choice(PLACES)} {number % 1000}",
            "address": f"{street}, {rng.randint(10000, 99999)} {city}",
            "latitude": lat,
            "longitude": lng,
            "country": country,
            "charge_points": points,
            "max_power_kw": max(cp["power"] for cp in points),
            "is_sample": False,
            "status": "operational",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        yield station, {"evse_id": evse_id, "station_id": station_id}


def _write(
    connection: Connection, stations: list[dict[str, Any]], evses: list[dict[str, Any]]
) -> None:
    """SQLite: executemany. PostgreSQL: COPY, as bulk importers write there. (psycopg 3 runs an
    executemany as one statement per row, and migration 0007's per-statement trigger then bumps
    the catalogue counter once per row: 50,000 updates of one row in one transaction.)"""
    if connection.dialect.name == "sqlite":
        connection.execute(insert(StationRow), stations)
        connection.execute(insert(StationEvseRow), evses)
        return
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    for table, rows_ in (("stations", stations), ("station_evse_ids", evses)):
        names = list(rows_[0])
        with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows_:
                copy.write_row([_copyable(row[n]) for n in names])


def _copyable(value: Any) -> Any:
    return Jsonb(value) if isinstance(value, list | dict) else value


def add_stations(settings: Settings, total: int, seed: int) -> Written:
    """Insert `total` synthetic stations (and their EVSE ids) in one transaction, BATCH rows
    per batch, printing the rate as it goes."""
    made = rows(templates(settings), random.Random(seed))
    written = Written()
    database = Database(settings)
    start, tty = time.perf_counter(), sys.stdout.isatty()
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # An import, not a request: no statement time limit (as `Database.transaction`).
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        for done in range(0, total, BATCH):
            batch = list(islice(made, min(BATCH, total - done)))
            _write(connection, [s for s, _e in batch], [e for _s, e in batch])
            if len(written.station_ids) < KEEP:
                written.station_ids += [s["id"] for s, _e in batch[:KEEP]]
                written.evse_ids += [e["evse_id"] for _s, e in batch[:KEEP]]
            inserted = done + len(batch)
            rate = inserted / (time.perf_counter() - start)
            line = f"  {inserted:,} stations inserted, {rate:,.0f}/s"
            if tty:  # one line rewritten in place; a log gets every fifth batch
                print(f"\r{line}", end="", flush=True)
            elif inserted % (5 * BATCH) == 0 or inserted == total:
                print(line, flush=True)
    written.stations_per_s = total / (time.perf_counter() - start)
    if tty:
        print()
    database.dispose()
    return written
