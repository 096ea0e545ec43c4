"""Median latency of SPARQL SELECTs over HTTP (/sparql) and on pyoxigraph in-process.

Run: ``python bench/bench_sparql.py [--store DIR] [--repeat 100]``. Without ``--store`` the
bundled graph is built (with the rules) into a temporary directory first. The server is
``python -m api.server`` on 127.0.0.1, queried with one keep-alive httpx client.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.protocol.runner import PREFIXES  # noqa: E402
from kg.build import ensure_built  # noqa: E402
from kg.store import OxigraphStore  # noqa: E402

__all__ = ["QUERIES", "main"]

QUERIES: dict[str, str] = {
    "claims (selective join)": """
        SELECT ?claim ?cause ?effect ?sign WHERE {
          ?claim a tk:CausalClaim ; tk:cause ?c ; tk:effect ?e .
          OPTIONAL { ?claim tk:sign ?sign }
          OPTIONAL { ?c rdfs:label ?cause } OPTIONAL { ?e rdfs:label ?effect }
        }""",
    "one claim's quote (point lookup)": """
        SELECT ?claim ?p ?o WHERE {
          { SELECT ?claim WHERE { ?claim a tk:CausalClaim } ORDER BY ?claim LIMIT 1 }
          ?claim ?p ?o
        }""",
    "count per class (aggregate)": """
        SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class""",
    "1000 triples (bulk)": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000",
}


def _median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    out = fn()  # warm-up
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


def _in_process(path: Path, repeat: int) -> tuple[dict[str, tuple[float, float, int]], int]:
    """Median ms of each query: iterating the rows, and serialising them to SPARQL JSON."""
    native = OxigraphStore(path).native
    out: dict[str, tuple[float, float, int]] = {}
    for name, q in QUERIES.items():
        def run(q: str = q, st: ox.Store = native) -> int:
            r = st.query(q, prefixes=PREFIXES, use_default_graph_as_union=True)
            assert isinstance(r, ox.QuerySolutions)
            return len(list(r))

        def run_json(q: str = q, st: ox.Store = native) -> bytes:
            r = st.query(q, prefixes=PREFIXES, use_default_graph_as_union=True)
            assert isinstance(r, ox.QuerySolutions)
            data = r.serialize(format=ox.QueryResultsFormat.JSON)
            return data if isinstance(data, bytes) else b""

        t_iter, rows = _median_ms(run, repeat)
        t_json, _ = _median_ms(run_json, repeat)
        out[name] = (t_iter, t_json, int(rows))  # type: ignore[call-overload]
    return out, len(native)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a built store (default: build one in a temp dir)")
    ap.add_argument("--repeat", type=int, default=100, help="timed runs per query (>= 50)")
    args = ap.parse_args(argv)
    repeat = max(args.repeat, 50)
    tmp = tempfile.TemporaryDirectory()
    path: Path = args.store or Path(tmp.name) / "store"
    if args.store is None:
        from rules.materialize import post_load

        print(f"building the bundled graph into {path} ...", flush=True)
        ensure_built(path, post_load=post_load)

    # In-process first (the server will hold the store's lock afterwards).
    inproc, triples = _in_process(path, repeat)

    port = _free_port()
    env = {**os.environ, "TRADEKG_STORE": str(path), "TRADEKG_PORT": str(port),
           "TRADEKG_HOST": "127.0.0.1", "TRADEKG_ROW_CAP": "1000000"}
    log = open(Path(tmp.name) / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "api.server"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            t0 = time.monotonic()
            while True:
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() - t0 > 120:
                        raise
                    time.sleep(0.05)
            startup = time.monotonic() - t0
            http: dict[str, tuple[float, int]] = {}
            for name, q in QUERIES.items():
                def get(q: str = q) -> int:
                    r = client.get("/sparql", params={"query": q},
                                   headers={"Accept": "application/sparql-results+json"})
                    r.raise_for_status()
                    return len(r.json()["results"]["bindings"])

                t_http, rows = _median_ms(get, repeat)
                http[name] = (t_http, int(rows))  # type: ignore[call-overload]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()

    print(f"\nstore: {triples} quads; {repeat} timed runs per cell; median milliseconds; "
          f"server ready {startup:.2f} s after start\n")
    head = (f"{'query':34} {'rows':>6} {'pyoxigraph':>11} {'+JSON':>8} {'HTTP /sparql':>13} "
            f"{'overhead':>9}")
    print(head)
    print("-" * len(head))
    for name in QUERIES:
        t_iter, t_json, rows = inproc[name]
        t_http, http_rows = http[name]
        assert rows == http_rows, (name, rows, http_rows)
        print(f"{name:34} {rows:>6} {t_iter:>11.2f} {t_json:>8.2f} {t_http:>13.2f} "
              f"{t_http - t_json:>+9.2f}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
