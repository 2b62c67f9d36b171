"""OCPI Sender pages with 160 and with 1,000,000 stations stored (issue 16).

An eMSP pages through our locations: the first page, a page half-way (offset paging), the
pages changed since an hour ago (`date_from`), and one location by id. Every page is read in
SQL, so the ratio between the two databases should stay near 1 (count(*) of the window is the
part that grows). In-process (TestClient), SQLite, 100 locations a page.

    .venv/bin/python -m bench.ocpi_pages      (BENCH_SCALE_STATIONS=200000 for a quicker run)
"""

from __future__ import annotations

import base64
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from bench.data import SEED
from bench.scale import SYNTHETIC
from bench.scale_network import add_stations
from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.services.imports.seed import seed
from evcharge.services.ocpi.parties import add_party, issue_token, list_parties
from evcharge.settings import Settings

ROUNDS = 30


def emsp_token(settings: Settings) -> str:
    database = Database(settings)
    with database.transaction() as session:
        if not any(p.key == "NL*MSP*EMSP" for p in list_parties(session)):
            add_party(session, "NL", "MSP", "EMSP")
        _party, token = issue_token(session, "NL*MSP")
    database.dispose()
    return token


def median_ms(client: TestClient, path: str, headers: dict[str, str]) -> float:
    times = []
    for _ in range(ROUNDS + 3):
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.text
    return statistics.median(times[3:])


def measure(settings: Settings, total: int) -> dict[str, float]:
    token = emsp_token(settings)
    headers = {"Authorization": "Token " + base64.b64encode(token.encode()).decode()}
    since = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = "/ocpi/2.2.1/sender/locations"
    with TestClient(create_app(settings)) as client:
        one = client.get(f"{base}?limit=1", headers=headers).json()["data"][0]["id"]
        cases = {
            "first page": f"{base}?limit=100",
            "page half-way": f"{base}?limit=100&offset={total // 2}",
            "changed in the last hour": f"{base}?limit=100&date_from={since}",
            "one location": f"{base}/{one}",
        }
        return {name: median_ms(client, path, headers) for name, path in cases.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small = Settings(database_url=f"sqlite:///{folder}/small.db")
        upgrade(small)
        database = Database(small)
        with database.transaction() as session:
            seed(session)
        database.dispose()
        shutil.copy(folder / "small.db", folder / "large.db")
        large = Settings(database_url=f"sqlite:///{folder}/large.db")
        print(f"adding {SYNTHETIC:,} synthetic stations:")
        add_stations(large, SYNTHETIC, SEED)
        results = {"160": measure(small, 160), f"{SYNTHETIC + 160:,}": measure(large, SYNTHETIC)}
    (few, many) = results.values()
    print(f"median ms ({ROUNDS} calls)        160 stored  {SYNTHETIC + 160:,} stored  ratio")
    for case in few:
        print(f"{case:<28} {few[case]:>10.2f} {many[case]:>18.2f} {many[case] / few[case]:>6.2f}")


if __name__ == "__main__":
    main()
