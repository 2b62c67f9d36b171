"""Locust users for bench/load.py: one task per endpoint, no think time, non-2xx counts as failure.

The API key and the request bodies come from the JSON file named by BENCH_LOAD_PAYLOAD
(keys "api_key", "charge_price_body", "bulk_bodies"), written by bench/load.py. The bulk task
sends a new question each request: each user takes the bulk bodies round-robin from its own
starting point. They are JSON-encoded once, here, so the client's encoding is not measured.
`--tags bulk` runs the bulk task alone.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, tag, task

PAYLOAD: dict[str, Any] = json.loads(Path(os.environ["BENCH_LOAD_PAYLOAD"]).read_text())
HEADERS = {"Api-Key": PAYLOAD["api_key"]}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}
BULK_BODIES = [json.dumps(body) for body in PAYLOAD["bulk_bodies"]]
_users = itertools.count()


class ApiUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        # Users start far apart in the list, so that no two send the same question together.
        start = next(_users) * 97 % len(BULK_BODIES)
        self.bulk_bodies = itertools.cycle(BULK_BODIES[start:] + BULK_BODIES[:start])

    def _call(self, method: str, path: str, name: str, body: object = None) -> None:
        # A str body is already JSON; anything else is encoded by locust.
        data = body if isinstance(body, str) else None
        with self.client.request(
            method,
            path,
            name=name,
            headers=HEADERS if data is None else JSON_HEADERS,
            data=data,
            json=body if data is None else None,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if 200 <= response.status_code < 300:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task
    def healthz(self) -> None:
        self._call("GET", "/healthz", "healthz")

    @task
    def vehicles(self) -> None:
        self._call("GET", "/v2/vehicles?page[size]=10", "vehicles page of 10")

    @task
    def bidirectional(self) -> None:
        path = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002"
        self._call("GET", path, "bidirectional")

    @task
    def charge_prices(self) -> None:
        self._call("POST", "/v1/charge_prices", "charge_prices", PAYLOAD["charge_price_body"])

    @tag("bulk")
    @task
    def bulk(self) -> None:
        body = next(self.bulk_bodies)
        self._call("POST", "/v1/charge_prices/bulk", "bulk, new question", body)
