"""Prometheus metrics, served at /metrics: requests, latency, limit hits, store failures.

With several workers `evcharge serve` sets PROMETHEUS_MULTIPROC_DIR, each worker writes its
samples there, and /metrics adds them up (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("evcharge_requests_total", "Answered requests", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "evcharge_request_duration_seconds",
    "Time to answer, by endpoint",
    ["endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LIMIT_HITS = Counter("evcharge_limit_hits_total", "Calls refused with 429", ["kind", "endpoint"])
STORE_ERRORS = Counter(
    "evcharge_limit_store_errors_total", "Limit checks that failed open (Redis unreachable)"
)
USAGE_BATCH = Histogram(
    "evcharge_usage_batch_events",
    "Usage events written per commit",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)


def exposition() -> tuple[bytes, str]:
    """The text format of every metric, summed over workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
