"""Locust users for bench/load.py: one task per endpoint, no think time, non-2xx counts as failure.

The API key and the request bodies come from the JSON file named by BENCH_LOAD_PAYLOAD
(keys "api_key", "charge_price_body", "bulk_body"), written by bench/load.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, task

PAYLOAD: dict[str, Any] = json.loads(Path(os.environ["BENCH_LOAD_PAYLOAD"]).read_text())
HEADERS = {"Api-Key": PAYLOAD["api_key"]}


class ApiUser(FastHttpUser):
    wait_time = constant(0)

    def _call(self, method: str, path: str, name: str, body: object = None) -> None:
        with self.client.request(
            method,
            path,
            name=name,
            headers=HEADERS,
            json=body,
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
        path = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=1002"
        self._call("GET", path, "bidirectional")

    @task
    def charge_prices(self) -> None:
        self._call("POST", "/v1/charge_prices", "charge_prices", PAYLOAD["charge_price_body"])

    @task
    def bulk(self) -> None:
        self._call("POST", "/v1/charge_prices/bulk", "bulk, 100 stations", PAYLOAD["bulk_body"])
