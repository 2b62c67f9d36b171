"""`python -m bench.parse_registers`: parse speed of the AFDC, NOBIL and UK NCR parsers.

Parses each staged file of ../shared/data (skipping the absent ones) a few times, parse only
(no database), and prints records (stations + skips) per second of the best and median run.
The NOBIL sample has 23 stations, so its figure is mostly start-up; it is shown for form.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from evcharge.importers.afdc import iter_afdc
from evcharge.importers.nobil import iter_nobil
from evcharge.importers.parsed import Skip
from evcharge.importers.registers import RegisterStation
from evcharge.importers.uk_ncr import iter_uk_ncr

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RUNS = 7
FILES: list[tuple[Callable[[Path], Iterator[RegisterStation | Skip]], Path]] = [
    (iter_afdc, DATA / "afdc" / "alt_fuel_stations_NY_2025-04-21.csv"),
    (iter_afdc, DATA / "afdc" / "alt_fuel_stations_WA_2025-02-09.csv"),
    (iter_uk_ncr, DATA / "uk-ncr" / "national-charge-point-registry_2017-11.csv"),
    (iter_nobil, DATA / "nobil" / "nobil_search_response_2019-10-15.body.json"),
]


def main() -> None:
    print(f"{'file':<48} {'records':>8} {'best rec/s':>11} {'median rec/s':>13}")
    for parse, path in FILES:
        if not path.exists():
            print(f"{path.name:<48} absent")
            continue
        seconds = []
        for _ in range(RUNS):
            start = time.perf_counter()
            count = sum(1 for _ in parse(path))
            seconds.append(time.perf_counter() - start)
        best, median = min(seconds), statistics.median(seconds)
        print(f"{path.name:<48} {count:>8} {count / best:>11,.0f} {count / median:>13,.0f}")


if __name__ == "__main__":
    main()
