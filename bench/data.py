"""The benchmarks' database and request bodies.

`prepare` seeds a SQLite database (plus the open-ev-data file when ../shared/data is present, for
a realistic vehicle count) and creates a key. The bulk bodies are built here, before any timing,
and JSON-encoded once: the client's work is not the server's cost.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.importers.open_ev_data import parse_file
from evcharge.services.imports.apply import import_vehicles
from evcharge.services.imports.seed import seed
from evcharge.services.platform import api_keys
from evcharge.settings import Settings

OPEN_EV_DATA = Path(__file__).resolve().parents[2] / "shared/data/open-ev-data/ev-data.json"
STATIONS_PER_QUESTION = 100
SEED = 14  # issue 14: the same questions in every run


def prepare(folder: Path) -> tuple[Settings, str]:
    """A migrated, seeded SQLite database in `folder` and a sandbox key for every group."""
    settings = Settings(database_url=f"sqlite:///{folder}/bench.db")
    upgrade(settings)
    database = Database(settings)
    with database.transaction() as session:
        seed(session)
        if OPEN_EV_DATA.exists():
            parsed = parse_file(OPEN_EV_DATA)
            import_vehicles(session, parsed, source="open-ev-data", source_key=lambda v: v.id)
        _stored, key = api_keys.create_key(session, name="bench", groups="all", sandbox=True)
    database.dispose()
    return settings, key


@dataclass(frozen=True)
class Stored:
    """What the questions are drawn from: cars with DC, station ids, every tariff id."""

    car_ids: list[str]
    station_ids: list[str]
    tariff_ids: list[str]


def stored(settings: Settings, car_ids: list[str]) -> Stored:
    """Every stored station and tariff id (read before the timing, from the database)."""
    database = Database(settings)
    with database.transaction() as session:
        stations = StationRepository(session).search(StationQuery(), offset=0, limit=10**7)
        tariffs = TariffRepository(session).all()
    database.dispose()
    return Stored(car_ids, [s.id for s in stations], [t.id for t in tariffs])


def dc_car_ids(client: httpx.Client, api_key: str) -> list[str]:
    """The ids of every car with DC charging, as `/v2/vehicles` lists them, page by page."""
    ids: list[str] = []
    number = 1
    while True:
        response = client.get(
            "/v2/vehicles",
            params={"page[size]": 100, "page[number]": number},
            headers={"Api-Key": api_key},
        )
        response.raise_for_status()
        document = response.json()
        ids += [v["id"] for v in document["data"] if v["attributes"].get("dc_max_power")]
        if not document["links"].get("next"):
            return ids
        number += 1


def bulk_body(
    car_id: str,
    battery_range: tuple[int, int],
    currency: str,
    start_time: int,
    station_ids: Sequence[str],
    tariff_ids: Sequence[str],
) -> dict[str, object]:
    return {
        "data": {
            "type": "bulk_price_preview_request",
            "attributes": {
                "battery_range": list(battery_range),
                "currency": currency,
                "start_time": start_time,
            },
            "relationships": {
                "charging_stations": {
                    "data": [{"id": s, "type": "charging_station"} for s in station_ids]
                },
                "tariffs": {"data": [{"id": t, "type": "tariff"} for t in tariff_ids]},
                "vehicle": {"data": {"id": car_id, "type": "car"}},
            },
        }
    }


def same_question(data: Stored) -> dict[str, object]:
    """The one question "bulk, same question" repeats: the first car and 100 stations."""
    stations = data.station_ids[:STATIONS_PER_QUESTION]
    return bulk_body(data.car_ids[0], (20, 80), "EUR", 1200, stations, data.tariff_ids)


def new_questions(data: Stored, count: int, rng: random.Random) -> list[dict[str, object]]:
    """`count` distinct questions: a random car with DC, battery range, start time (minute of
    the day) and currency, and 100 stations drawn at random, each with every tariff."""
    bodies: list[dict[str, object]] = []
    seen: set[str] = set()
    while len(bodies) < count:
        low = rng.randrange(0, 70)
        body = bulk_body(
            rng.choice(data.car_ids),
            (low, rng.randrange(low + 10, 101)),
            rng.choice(["EUR", "GBP"]),
            rng.randrange(0, 1440),
            rng.sample(data.station_ids, min(STATIONS_PER_QUESTION, len(data.station_ids))),
            data.tariff_ids,
        )
        text = json.dumps(body)
        if text not in seen:
            seen.add(text)
            bodies.append(body)
    return bodies


def encoded(bodies: list[dict[str, object]]) -> list[bytes]:
    return [json.dumps(b).encode() for b in bodies]
