"""Median latency of /why and /whatif over HTTP against calling the rule engine in-process.

Run: ``python bench/bench_api.py [--store DIR] [--repeat 100]``. Without ``--store`` the
bundled graph is built (with the rules) into a temporary directory first. The server is
``python -m api.server`` on 127.0.0.1, called with one keep-alive httpx client; the engine
runs in this process on a byte copy of the same store (the server holds the original's
lock), and every HTTP answer is checked to be the engine's, byte for byte as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import rules  # noqa: E402
from kg.build import ensure_built  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

__all__ = ["CASES", "Case", "main"]

WHY_Q = "why did Japan's trade deficit widen in 2022?"
WHATIF_Q = "what if the yen falls?"


@dataclass(frozen=True)
class Case:
    """One call, as the engine takes it and as HTTP sends it."""

    name: str
    engine: Callable[[OxigraphStore], Any]
    method: str
    path: str
    params: dict[str, str] | None = None
    body: dict[str, Any] | None = None


CASES: list[Case] = [
    Case(
        "why (structured)",
        lambda s: rules.why(s, "JPN/WLD/goodsBalance", "decrease", period="2022"),
        "POST",
        "/why",
        body={"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "2022"},
    ),
    Case("why (question)", lambda s: rules.ask(s, WHY_Q), "GET", "/why", params={"q": WHY_Q}),
    Case(
        "whatif (structured)",
        lambda s: rules.whatif(s, "JPN/WLD/currencyValue", "decrease"),
        "POST",
        "/whatif",
        body={"shock": "JPN/WLD/currencyValue", "change": "decrease"},
    ),
    Case(
        "whatif (question)",
        lambda s: rules.ask(s, WHATIF_Q),
        "GET",
        "/whatif",
        params={"q": WHATIF_Q},
    ),
]


def _median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    out = fn()  # warm-up (the projection and the question lexicon are built once)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _wait(client: httpx.Client, proc: subprocess.Popen[bytes]) -> float:
    t0 = time.monotonic()
    while True:
        if proc.poll() is not None:
            raise RuntimeError("the server exited; see its log")
        try:
            if client.get("/health").status_code == 200:
                return time.monotonic() - t0
        except httpx.TransportError:
            if time.monotonic() - t0 > 120:
                raise
            time.sleep(0.05)


def _in_process(path: Path, repeat: int) -> tuple[dict[str, tuple[float, float, Any]], int]:
    """Median ms of each engine call, and of it plus JSON serialisation; the JSON itself."""
    store = OxigraphStore(path)
    out: dict[str, tuple[float, float, Any]] = {}
    for case in CASES:

        def run(c: Case = case) -> Any:
            return c.engine(store)

        def run_json(c: Case = case) -> str:
            return str(c.engine(store).model_dump_json())

        t_engine, _ = _median_ms(run, repeat)
        t_json, text = _median_ms(run_json, repeat)
        out[case.name] = (t_engine, t_json, json.loads(str(text)))
    return out, store.count()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--store", type=Path, help="a built store (default: build one in a temp dir)")
    ap.add_argument("--repeat", type=int, default=100, help="timed runs per call (>= 50)")
    args = ap.parse_args(argv)
    repeat = max(args.repeat, 50)
    tmp = tempfile.TemporaryDirectory()
    path: Path = args.store or Path(tmp.name) / "store"
    if args.store is None:
        from rules.materialize import post_load

        print(f"building the bundled graph with its rules into {path} ...", flush=True)
        ensure_built(path, post_load=post_load)
    copy = Path(tmp.name) / "copy"
    shutil.copytree(path, copy)
    inproc, quads = _in_process(copy, repeat)

    port = _free_port()
    env = {
        **os.environ,
        "TRADEKG_STORE": str(path),
        "TRADEKG_PORT": str(port),
        "TRADEKG_HOST": "127.0.0.1",
    }
    log = open(Path(tmp.name) / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.server"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    http: dict[str, tuple[float, int]] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            startup = _wait(client, proc)
            for case in CASES:

                def call(c: Case = case) -> bytes:
                    r = client.request(c.method, c.path, params=c.params, json=c.body)
                    r.raise_for_status()
                    return r.content

                t_http, body = _median_ms(call, repeat)
                assert isinstance(body, bytes)
                http[case.name] = (t_http, len(body))
                assert json.loads(body) == inproc[case.name][2], f"{case.name}: not the engine's"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()

    print(
        f"\nmachine: {_cpu()}, nproc {os.cpu_count()}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
    print(
        f"store: {quads} quads; {repeat} timed runs per cell; median milliseconds; "
        f"server ready {startup:.2f} s after start; HTTP answers equal the engine's\n"
    )
    head = f"{'call':22} {'JSON kB':>8} {'engine':>8} {'+JSON':>8} {'HTTP':>8} {'overhead':>9}"
    print(head)
    print("-" * len(head))
    for case in CASES:
        t_engine, t_json, _ = inproc[case.name]
        t_http, size = http[case.name]
        print(
            f"{case.name:22} {size / 1000:>8.1f} {t_engine:>8.2f} {t_json:>8.2f} "
            f"{t_http:>8.2f} {t_http - t_json:>+9.2f}"
        )
    print(
        "\nengine: rules.why / rules.whatif / rules.ask in-process; +JSON: the same, then "
        "model_dump_json();\nHTTP: "
        + ", ".join(f"{c.method} {c.path}" for c in CASES)
        + " with one keep-alive client, body read but not parsed"
    )
    tmp.cleanup()


if __name__ == "__main__":
    main()
