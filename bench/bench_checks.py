"""What the linked-data checks add to a build: medians of the build's checks with and without them.

Run: ``python bench/bench_checks.py [--repeat 5]``. Builds the bundled graph in memory
(without reasoning) once, then times, in this process and interleaved: the checks a build
ran before (modelling queries without the undeclared-term check, and SHACL), the
undeclared-term check, and the Data Cube integrity constraints (normalized copy, IC-1 … IC-21).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import build_memory  # noqa: E402
from kg.checks import shacl_violations, violation_queries  # noqa: E402
from kg.cube import cube_violations  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

__all__ = ["main"]


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    store, _ = build_memory(check=False)
    queries = violation_queries()
    undeclared = queries.pop("undeclared-term-violation")

    def before(s: OxigraphStore = store) -> None:
        for q in queries.values():
            s.select(q)
        shacl_violations(s)

    runs: dict[str, list[float]] = {
        "checks before (queries + SHACL)": [],
        "undeclared-term check": [],
        "Data Cube IC-1..21": [],
    }
    for _ in range(args.repeat):
        runs["checks before (queries + SHACL)"].append(_timed(before))
        runs["undeclared-term check"].append(_timed(lambda: store.select(undeclared)))
        runs["Data Cube IC-1..21"].append(_timed(lambda: cube_violations(store)))
    base = statistics.median(runs["checks before (queries + SHACL)"])
    print(f"store: {store.count()} quads; {args.repeat} runs each, interleaved")
    for name, times in runs.items():
        med = statistics.median(times)
        print(f"{name:34s} median {med * 1000:8.1f} ms   ratio to 'before' {med / base:5.2f}")


if __name__ == "__main__":
    main()
