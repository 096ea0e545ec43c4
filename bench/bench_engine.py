"""Benchmark: why / whatif latency on the bundled graph, and rule materialisation time.

Medians over repeated runs, in one process. The baseline is a SPARQL point lookup on the
same store (pyoxigraph), so the ratios travel between machines better than the raw ms.

    python bench/bench_engine.py --repeat 200
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

from kg.build import build_memory
from kg.store import OxigraphStore
from rules import ask, loops, whatif, why
from rules.materialize import post_load
from rules.projection import projection
from rules.ruleset import load_rules, run_rules

__all__ = ["main"]


def _median_ms(fn: Callable[[], Any], repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--build-repeat", type=int, default=5)
    args = ap.parse_args()

    build_times, rules_times = [], []
    store: OxigraphStore | None = None
    for _ in range(args.build_repeat):
        t0 = time.perf_counter()
        s, _comp = build_memory(check=False)
        t1 = time.perf_counter()
        post_load(s)
        t2 = time.perf_counter()
        build_times.append((t1 - t0) * 1000)
        rules_times.append((t2 - t1) * 1000)
        store = s
    assert store is not None
    fresh, _ = build_memory(check=False)
    from rules.materialize import classify_into

    classify_into(fresh)
    t0 = time.perf_counter()
    run_rules(fresh, load_rules())
    sparql_rules_ms = (time.perf_counter() - t0) * 1000

    baseline = _median_ms(
        lambda: store.select("SELECT ?q WHERE { tkd:claim\\/yen-energy-import-bill tk:quote ?q }"),
        args.repeat,
    )
    proj_ms = _median_ms(lambda: projection_uncached(store), max(5, args.repeat // 20))
    cases: list[tuple[str, Callable[[], Any]]] = [
        (
            "why JPN goods balance down (2022)",
            lambda: why(store, "JPN/WLD/goodsBalance", "decrease", period="2022"),
        ),
        (
            "why JPN goods balance down (any period)",
            lambda: why(store, "JPN/WLD/goodsBalance", "decrease"),
        ),
        ("whatif yen down", lambda: whatif(store, "JPN/WLD/currencyValue", "decrease")),
        ("whatif Fed hikes", lambda: whatif(store, "USA/WLD/policyRate", "increase")),
        ("loops involving the dollar", lambda: loops(store, involving="USA/WLD/currencyValue")),
        (
            "ask: why did Japan's trade deficit widen in 2022?",
            lambda: ask(store, "why did Japan's trade deficit widen in 2022?"),
        ),
        ("ask: what if the yen falls?", lambda: ask(store, "what if the yen falls?")),
    ]
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} nproc={os.cpu_count()} "
        f"python={platform.python_version()}"
    )
    print(
        f"store: {store.count()} quads; projection "
        f"{projection(store).graph.number_of_nodes()} nodes, "
        f"{projection(store).graph.number_of_edges()} edges"
    )
    print(
        f"compile+load (in memory, median of {args.build_repeat}): "
        f"{statistics.median(build_times):.0f} ms"
    )
    print(
        f"materialisation = classification + rules + labels (median): "
        f"{statistics.median(rules_times):.0f} ms; SPARQL rules alone to fixpoint: "
        f"{sparql_rules_ms:.0f} ms"
    )
    print(f"projection rebuild: {proj_ms:.1f} ms (cached until the store changes)")
    print(f"baseline (SPARQL point lookup): {baseline:.3f} ms\n")
    print(f"{'query':52s} {'p50 ms':>8s} {'x baseline':>11s}")
    for name, fn in cases:
        ms = _median_ms(fn, args.repeat)
        print(f"{name:52s} {ms:8.2f} {ms / baseline:11.1f}")


def projection_uncached(store: OxigraphStore) -> None:
    from rules.projection import Projection

    Projection(store)


if __name__ == "__main__":
    main()
