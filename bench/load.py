"""Load through the real server: `evcharge serve` driven by locust, on one seeded SQLite database.

Three runs, one after the other, so that their ratios are measured in one run (machines are
noisy): every endpoint with 1 worker, then with 2 workers, then the bulk price alone with 2
workers (issue 14: >= 200 bulk requests/s on a 2-core machine). The bulk task sends a new
question each request (a car, battery range, start time, currency and 100 stations, from
BULK_BODIES pre-generated bodies). Locust runs on the same machine and takes CPU from the
server; on a 2-core host that caps the figures. Set BENCH_LOAD=0 to skip this part of `make bench`.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.data import SEED, dc_car_ids, new_questions, prepare, stored
from evcharge.db.engine import Database
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.settings import Settings

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
EVCHARGE = Path(sys.executable).parent / "evcharge"
USERS = 20
DURATION = "15s"
RUNS = ((1, None), (2, None), (2, "bulk"))  # (workers, locust tag or every task)
BULK_BODIES = 2000
BULK_TARGET_RPS = 200
NO_LIMIT = "100000000"
STARTUP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Row:
    requests: int
    failures: int
    rps: float
    p99_ms: float | None


def charge_price_body(settings: Settings) -> dict[str, object]:
    """A single-station price request for the first seeded station (its own network and plugs)."""
    database = Database(settings)
    with database.transaction() as session:
        station = StationRepository(session).search(StationQuery(), offset=0, limit=1)[0]
    database.dispose()
    return {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "data_adapter": "chargeprice",
                "station": {
                    "longitude": station.longitude,
                    "latitude": station.latitude,
                    "country": station.country,
                    "network": station.operator_id,
                    "charge_points": [
                        {"power": g.power_kw, "plug": g.plug.value} for g in station.charge_points
                    ],
                },
                "options": {"energy": 30, "duration": 45},
            },
            "relationships": {},
        }
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextmanager
def server(settings: Settings, workers: int, folder: Path) -> Iterator[str]:
    """`evcharge serve` on a free loopback port until /healthz answers; stopped on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.update(
        EVCHARGE_DATABASE_URL=settings.database_url,
        EVCHARGE_RATE_LIMIT_PER_MIN=NO_LIMIT,
        EVCHARGE_PRICE_RATE_LIMIT_PER_MIN=NO_LIMIT,
        EVCHARGE_LOG_LEVEL="warning",  # no access log: it would cost server CPU
    )
    env.pop("EVCHARGE_REDIS_URL", None)
    log = folder / f"server-{workers}w.log"
    command = [str(EVCHARGE), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so its workers can be stopped too
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{_tail(log)}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"no 200 from /healthz in {STARTUP_TIMEOUT_S:.0f} s")
            time.sleep(0.2)
        yield url
    except Exception:
        # A failed call (a 500 is always a bug): the server's own account of it.
        print(f"server log ({log.name}), last lines:\n{_tail(log, 40)}", file=sys.stderr)
        raise
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    # Workers left behind by a killed supervisor: the group is the one we started.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def warm_up(url: str, payload: dict[str, Any], workers: int) -> None:
    """A few sequential calls of each endpoint first, so worker start-up (imports, a cold tariff
    cache) is not in the percentiles. New connections each time spread them over the workers."""
    headers = {"Api-Key": str(payload["api_key"]), "Content-Type": "application/json"}
    calls: list[tuple[str, object]] = [
        ("/healthz", None),
        ("/v2/vehicles?page[size]=10", None),
        ("/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002", None),
        ("/v1/charge_prices", payload["charge_price_body"]),
        ("/v1/charge_prices/bulk", payload["bulk_bodies"][-1]),
    ]
    for path, body in calls * (3 * workers):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


def run_locust(url: str, payload: Path, prefix: Path, tag: str | None) -> dict[str, Row]:
    """One headless locust run (only the tasks tagged `tag`, if given); per-endpoint rows from
    `<prefix>_stats.csv` ("Aggregated" too)."""
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "-u", str(USERS), "-r", str(USERS), "-t", DURATION, "--host", url,
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        *(["--tags", tag] if tag else []),
    ]  # fmt: skip
    env = dict(os.environ, BENCH_LOAD_PAYLOAD=str(payload))
    log = prefix.with_name(prefix.name + ".log")
    with log.open("wb") as out:
        # Exit code 1 only means some requests failed: the CSV counts them.
        subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=60)
    stats = prefix.with_name(prefix.name + "_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no {stats.name}:\n{_tail(log)}")
    if "CPU usage" in log.read_text(errors="replace"):
        print(f"note: locust reported high CPU usage in {prefix.name}; the client may be the cap")
    rows: dict[str, Row] = {}
    with stats.open(newline="") as file:
        for record in csv.DictReader(file):
            p99 = record["99%"]
            rows[record["Name"]] = Row(
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                rps=float(record["Requests/s"]),
                p99_ms=float(p99) if p99 not in ("", "N/A") else None,
            )
    return rows


def _p99(row: Row | None) -> str:
    return "-" if row is None or row.p99_ms is None else f"{row.p99_ms:.0f}"


def _rps(row: Row | None) -> str:
    return "-" if row is None else f"{row.rps:.1f}"


def report(one: dict[str, Row], two: dict[str, Row], bulk_only: dict[str, Row]) -> None:
    names = [n for n in one if n != "Aggregated"] + [
        n for n in two if n != "Aggregated" and n not in one
    ]
    print(f"load, {USERS} users for {DURATION} each, through `evcharge serve` on loopback:")
    print(f"{'endpoint':24} {'1w req/s':>9} {'1w p99ms':>9} {'2w req/s':>9} {'2w p99ms':>9}")
    for name in names:
        a, b = one.get(name), two.get(name)
        print(f"{name:24} {_rps(a):>9} {_p99(a):>9} {_rps(b):>9} {_p99(b):>9}")
    total_one, total_two = one["Aggregated"], two["Aggregated"]
    print(
        f"{'total':24} {_rps(total_one):>9} {_p99(total_one):>9} "
        f"{_rps(total_two):>9} {_p99(total_two):>9}"
    )
    ratio = total_two.rps / total_one.rps if total_one.rps else float("nan")
    print(f"throughput 2 workers / 1 worker: {ratio:.2f}x")
    bulk = bulk_only["Aggregated"]
    verdict = "met" if bulk.rps >= BULK_TARGET_RPS else "MISSED"
    print(
        f"bulk alone, new question each request, 2 workers: {bulk.rps:.1f} req/s, "
        f"p99 {_p99(bulk)} ms (target >= {BULK_TARGET_RPS}: {verdict})"
    )
    for label, rows in (("1 worker", one), ("2 workers", two), ("bulk alone", bulk_only)):
        failed = {n: r.failures for n, r in rows.items() if n != "Aggregated" and r.failures}
        if failed:
            total = rows["Aggregated"]
            print(
                f"FAILURES with {label}: {total.failures} of {total.requests} "
                f"requests (non-2xx or errors): {failed}"
            )


def write_payload(path: Path, url: str, settings: Settings, key: str) -> dict[str, Any]:
    """The key and request bodies for the locust users; cars with DC as the server lists them."""
    with httpx.Client(base_url=url, timeout=60) as client:
        data = stored(settings, dc_car_ids(client, key))
    payload: dict[str, Any] = {
        "api_key": key,
        "charge_price_body": charge_price_body(settings),
        "bulk_bodies": new_questions(data, BULK_BODIES, random.Random(SEED + 1)),
    }
    path.write_text(json.dumps(payload))
    return payload


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        settings, key = prepare(folder)
        payload: dict[str, Any] = {}
        payload_file = folder / "payload.json"
        results: list[dict[str, Row]] = []
        for workers, tag in RUNS:
            with server(settings, workers, folder) as url:
                payload = payload or write_payload(payload_file, url, settings, key)
                warm_up(url, payload, workers)
                prefix = folder / f"locust-{workers}w-{tag or 'all'}"
                results.append(run_locust(url, payload_file, prefix, tag))
    report(*results)


if __name__ == "__main__":
    main()
