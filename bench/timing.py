"""Timing calls over real HTTP: one keep-alive httpx client, cases interleaved round by round."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

Call = Callable[[], None]
WARM_UP = 20


def _check(response: httpx.Response) -> None:
    if not response.is_success:
        request = response.request
        raise RuntimeError(
            f"{request.method} {request.url.path}: HTTP {response.status_code}: "
            f"{response.text[:300]}"
        )


def get(client: httpx.Client, *paths: str, api_key: str | None = None) -> Call:
    """GET each of `paths` in turn (a page and its script count as one call)."""
    headers = {"Api-Key": api_key} if api_key else {}

    def call() -> None:
        for path in paths:
            _check(client.get(path, headers=headers))

    return call


def post(client: httpx.Client, path: str, bodies: Iterator[bytes], api_key: str) -> Call:
    """POST the next of `bodies` (already JSON-encoded) each call."""
    headers = {"Api-Key": api_key, "Content-Type": "application/json"}

    def call() -> None:
        _check(client.post(path, content=next(bodies), headers=headers))

    return call


def samples_ms(cases: dict[str, Call], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call of each case, after WARM_UP calls of each. The cases run
    interleaved round by round, so that a noisy spell on the machine hits every case alike
    instead of skewing one ratio."""
    for call in cases.values():
        for _ in range(WARM_UP):
            call()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, call in cases.items():
            start = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


@dataclass(frozen=True)
class Spread:
    p50_ms: float
    p99_ms: float

    @property
    def ratio(self) -> float:
        return self.p99_ms / self.p50_ms


def spread(times_ms: list[float]) -> Spread:
    return Spread(
        statistics.median(times_ms),
        statistics.quantiles(times_ms, n=100, method="inclusive")[98],
    )


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def print_table(medians: dict[str, float], base: str = "healthz") -> None:
    print(f"{'endpoint':28} {'median ms':>9} {'x ' + base:>10}")
    for name, ms in medians.items():
        print(f"{name:28} {ms:9.2f} {ms / medians[base]:10.1f}")
