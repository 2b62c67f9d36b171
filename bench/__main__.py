"""`make bench`: endpoint cost as a ratio to /healthz, measured in one run (machines are noisy).

Each endpoint is called in-process through the ASGI stack against a seeded SQLite database
(the open-ev-data file is imported too when ../shared/data is present, for a realistic size).
Then bench/load.py loads the real server with locust, 1 then 2 workers (BENCH_LOAD=0 skips it).
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from bench import bulk, load
from evcharge.api.app import create_app
from evcharge.api.routers.web import ASSETS_PATH
from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.open_ev_data import parse_file
from evcharge.services import api_keys
from evcharge.services.imports import import_vehicles
from evcharge.services.seed import seed
from evcharge.settings import Settings

OPEN_EV_DATA = Path(__file__).resolve().parents[2] / "shared/data/open-ev-data/ev-data.json"
ROUNDS = 100


def bulk_body(settings: Settings) -> dict[str, object]:
    """A bulk request for a real car over the first 100 embedded stations and every tariff."""
    database = Database(settings)
    with database.transaction() as session:
        car = VehicleRepository(session).by_evdb_id(1002)
        stations = StationRepository(session).search(StationQuery(), offset=0, limit=100)
        tariffs = TariffRepository(session).all()
    database.dispose()
    assert car is not None
    return {
        "data": {
            "type": "bulk_price_preview_request",
            "attributes": {"battery_range": [20, 80], "currency": "EUR", "start_time": 1200},
            "relationships": {
                "charging_stations": {
                    "data": [{"id": s.id, "type": "charging_station"} for s in stations]
                },
                "tariffs": {"data": [{"id": t.id, "type": "tariff"} for t in tariffs]},
                "vehicle": {"data": {"id": car.id, "type": "car"}},
            },
        }
    }


def prepare(folder: Path) -> tuple[Settings, str]:
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


def median_ms(cases: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median time per call of each case, the cases interleaved round by round, so that a
    noisy spell on the machine hits every case alike instead of skewing one ratio."""
    for call in cases.values():
        for _ in range(20):
            call()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(ROUNDS):
        for name, call in cases.items():
            start = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings, key = prepare(Path(folder))
        headers = {"Api-Key": key}
        # Encoded once: the client's JSON encoding is not the server's cost.
        body = json.dumps(bulk_body(settings)).encode()
        json_headers = {**headers, "Content-Type": "application/json"}
        with TestClient(create_app(settings)) as client:
            car = client.get("/v2/vehicles?q=ioniq 5", headers=headers).json()["data"][0]["id"]
            cases = {
                "healthz": lambda: client.get("/healthz"),
                "bidirectional": lambda: client.get(
                    "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=1001",
                    headers=headers,
                ),
                "vehicles page of 100": lambda: client.get("/v2/vehicles", headers=headers),
                "vehicles q=ioniq": lambda: client.get("/v2/vehicles?q=ioniq", headers=headers),
                # What the web page asks for: the page and its scripts, a curve's time, a station.
                "web page and app.js": lambda: (
                    client.get("/"),
                    client.get(f"{ASSETS_PATH}/app.js"),
                ),
                "charging_session": lambda: client.get(
                    f"/v2/vehicles/{car}/charging_session?power=150", headers=headers
                ),
                "stations q=ionity": lambda: client.get(
                    "/v1/charging_stations?q=ionity", headers=headers
                ),
                "bulk, 100 stations": lambda: client.post(
                    "/v1/charge_prices/bulk", content=body, headers=json_headers
                ),
            }
            timings = median_ms(cases)
    base = timings["healthz"]
    print(f"{'endpoint':24} {'median ms':>9} {'x healthz':>10}")
    for name, ms in timings.items():
        print(f"{name:24} {ms:9.2f} {ms / base:10.1f}")
    cold_ms, warm_ms = bulk.run()
    print(
        f"bulk engine, 100 stations x 200 tariffs: {warm_ms:.2f} ms median warm "
        f"({warm_ms / 2:.2f}x the 2 ms target), {cold_ms:.1f} ms cold (nothing memoised)"
    )
    if os.environ.get("BENCH_LOAD", "1") == "0":
        print("load benchmark skipped (BENCH_LOAD=0)")
        return
    try:
        load.main()
    except Exception as error:  # keep the results above readable
        print(f"load benchmark failed: {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
