"""`make bench`: what users see, as ratios measured in one run (machines are noisy).

1. Endpoints over real HTTP: one `evcharge serve` (one worker) on a seeded SQLite database, one
   keep-alive httpx client, the cases interleaved round by round; medians and their ratio to
   /healthz. The bulk price is asked two ways: the same question each call, and a new question
   each call (car, battery range, start time, currency and 100 stations drawn at random).
2. The bulk engine alone (bench/bulk.py): cold, same question, new question.
3. `evcharge --help` wall time.
4. Load with locust (bench/load.py): 1 then 2 workers, then bulk alone at 2. BENCH_LOAD=0 skips it.

Targets are issue 14's.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench import bulk, load
from bench.data import SEED, dc_car_ids, encoded, new_questions, prepare, same_question, stored
from bench.timing import get, post, print_table, samples_ms, spread, verdict
from evcharge.api.routers.web import ASSETS_PATH

ROUNDS = 300
BULK = "/v1/charge_prices/bulk"
NEW = "bulk, new question"
HELP_RUNS = 5


def endpoints(folder: Path) -> None:
    settings, key = prepare(folder)
    with load.server(settings, 1, folder) as url, httpx.Client(base_url=url, timeout=60) as client:
        data = stored(settings, dc_car_ids(client, key))
        car = client.get("/v2/vehicles?q=ioniq 5", headers={"Api-Key": key}).json()["data"][0]
        same = encoded([same_question(data)])[0]
        fresh = iter(encoded(new_questions(data, ROUNDS + 20, random.Random(SEED))))
        cases = {
            "healthz": get(client, "/healthz"),
            "bidirectional": get(
                client,
                "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91001",
                api_key=key,
            ),
            "vehicles page of 100": get(client, "/v2/vehicles", api_key=key),
            "vehicles q=ioniq": get(client, "/v2/vehicles?q=ioniq", api_key=key),
            # What the web page asks for: the page and its script.
            "web page and app.js": get(client, "/", f"{ASSETS_PATH}/app.js"),
            "charging_session": get(
                client, f"/v2/vehicles/{car['id']}/charging_session?power=150", api_key=key
            ),
            "stations q=ionity": get(client, "/v1/charging_stations?q=ionity", api_key=key),
            "bulk, same question": post(client, BULK, iter(lambda: same, None), key),
            NEW: post(client, BULK, fresh, key),
        }
        samples = samples_ms(cases, ROUNDS)
    medians = {name: statistics.median(times) for name, times in samples.items()}
    print(
        f"HTTP: one `evcharge serve` worker on loopback, one keep-alive client, {ROUNDS} rounds; "
        f"{len(data.station_ids)} stations, {len(data.tariff_ids)} tariffs, "
        f"{len(data.car_ids)} cars with DC stored"
    )
    print_table(medians)
    ratio = medians[NEW] / medians["healthz"]
    print(f"{NEW}: {ratio:.1f}x healthz (target <= 4x: {verdict(ratio <= 4)})")
    new = spread(samples[NEW])
    print(
        f"{NEW}: p50 {new.p50_ms:.2f} ms, p99 {new.p99_ms:.2f} ms, p99/p50 {new.ratio:.2f} "
        f"over {ROUNDS} calls (target <= 3: {verdict(new.ratio <= 3)})"
    )


def engine() -> None:
    cold_ms, warm_ms, new_ms = bulk.run()
    print("bulk engine alone, 100 stations x 200 tariffs (tariffs compiled):")
    print(
        f"  new question each time {new_ms:.2f} ms median (target <= 2 ms: "
        f"{verdict(new_ms <= 2)}, {new_ms / 2:.2f}x the target)"
    )
    print(f"  same question repeated {warm_ms:.2f} ms median (memos kept)")
    print(f"  cold {cold_ms:.1f} ms median (a new tariff set, nothing memoised)")


def cli_help() -> None:
    times = []
    for _ in range(HELP_RUNS):
        start = time.perf_counter()
        subprocess.run([str(load.EVCHARGE), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"`evcharge --help`: {median:.2f} s median of {HELP_RUNS} runs "
        f"(target < 0.5 s: {verdict(median < 0.5)})"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        endpoints(Path(folder))
    engine()
    cli_help()
    if os.environ.get("BENCH_LOAD", "1") == "0":
        print("load benchmark skipped (BENCH_LOAD=0)")
        return
    try:
        load.main()
    except Exception as error:  # keep the results above readable
        print(f"load benchmark failed: {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
