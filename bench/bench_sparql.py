"""Median latency of SPARQL SELECTs over HTTP (/sparql) and on pyoxigraph in-process, and
throughput under concurrent clients side by side with Oxigraph's own server on the same data.

Run: ``python bench/bench_sparql.py [--store DIR] [--repeat 100] [--clients 8,32]
[--seconds 5]``. Without ``--store`` the bundled graph is built (with the rules) into a
temporary directory first. The server is ``python -m api.server`` on 127.0.0.1, queried
with one keep-alive httpx client; for throughput, N threads each with their own client
send a simple SELECT for ``--seconds`` (a one-pattern lookup, then a small join that
tradekg answers in a worker process), against tradekg and then ``oxigraph serve``
(``pip install oxigraph``; ``--union-default-graph``, on a backup of the same store),
alternating twice and keeping the better run of each. Refusals (any non-200) are counted,
and each server's CPU per request (its process tree; the lower of the two runs). tradekg
runs its default number of HTTP processes (one per core; ``TRADEKG_HTTP_WORKERS=N`` in the
environment to compare).
Also times one INSERT DATA of 10^5 triples through /update.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import shutil
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


THROUGHPUT_QUERY = "SELECT ?s ?t WHERE { ?s a ?t } LIMIT 5"
# Not a one-pattern lookup, so tradekg answers it in a worker process (the general path).
WORKER_QUERY = "SELECT ?s ?t WHERE { ?s a ?t . ?t a ?k } LIMIT 5"
BIG_UPDATE_TRIPLES = 100_000
# (server, query, clients) -> CPU milliseconds per answered request, one per run.
CPU_MS: dict[tuple[str, str, int], list[float]] = collections.defaultdict(list)


def _wait_ready(url: str, timeout: float = 120) -> None:
    t0 = time.monotonic()
    while True:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.05)


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and every live descendant (Linux /proc; else 0)."""
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0.0
    for e in entries:
        if not e.isdigit():
            continue
        try:
            with open(f"/proc/{e}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(e)] = int(fields[1])
        used[int(e)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += used.get(p, 0.0)
        todo += [c for c, pp in parent.items() if pp == p]
    return total


def _throughput(
    url: str, clients: int, seconds: float, query: str = THROUGHPUT_QUERY
) -> tuple[float, int, int]:
    """(requests per second, 200s, refusals) of ``clients`` threads for ``seconds``."""
    end = time.monotonic() + seconds

    def one(_: int) -> tuple[int, int]:
        ok = bad = 0
        with httpx.Client(timeout=60) as c:
            while time.monotonic() < end:
                r = c.get(
                    url,
                    params={"query": query},
                    headers={"Accept": "application/sparql-results+json"},
                )
                if r.status_code == 200:
                    ok += 1
                else:
                    bad += 1
        return ok, bad

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as ex:
        results = list(ex.map(one, range(clients)))
    elapsed = time.monotonic() - t0
    ok = sum(r[0] for r in results)
    bad = sum(r[1] for r in results)
    return ok / elapsed, ok, bad


def _big_update(base: str, token: str) -> float:
    body = (
        "INSERT DATA { GRAPH <urn:bench:big> { "
        + " ".join(f'<urn:b{j}> <urn:p> "v{j}" .' for j in range(BIG_UPDATE_TRIPLES))
        + " } }"
    )
    t0 = time.perf_counter()
    r = httpx.post(
        f"{base}/update",
        content=body,
        timeout=600,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/sparql-update"},
    )
    elapsed = time.perf_counter() - t0
    assert r.status_code == 204, r.text
    return elapsed


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a built store (default: build one in a temp dir)")
    ap.add_argument("--repeat", type=int, default=100, help="timed runs per query (>= 50)")
    ap.add_argument("--clients", default="8,32", help="concurrent clients for throughput")
    ap.add_argument("--seconds", type=float, default=5.0, help="seconds per throughput run")
    ap.add_argument(
        "--access-log",
        action="store_true",
        help="keep tradekg's per-request access log (Oxigraph server writes none)",
    )
    args = ap.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",") if c.strip()]
    repeat = max(args.repeat, 50)
    tmp = tempfile.TemporaryDirectory()
    path: Path = args.store or Path(tmp.name) / "store"
    if args.store is None:
        from rules.materialize import post_load

        print(f"building the bundled graph into {path} ...", flush=True)
        ensure_built(path, post_load=post_load)

    # In-process first (the server will hold the store's lock afterwards).
    inproc, triples = _in_process(path, repeat)
    oxi_copy = Path(tmp.name) / "oxigraph-copy"
    OxigraphStore(path).native.backup(str(oxi_copy))
    oxi_bin = shutil.which("oxigraph")

    port = _free_port()
    env = {
        **os.environ,
        "TRADEKG_STORE": str(path),
        "TRADEKG_PORT": str(port),
        "TRADEKG_HOST": "127.0.0.1",
        "TRADEKG_ROW_CAP": "1000000",
        # The 10^5-triple update must not hit the default 10 s deadline on a loaded machine.
        "TRADEKG_QUERY_TIMEOUT": "120",
        "TRADEKG_UPDATE_TOKEN": "bench",
        "TRADEKG_ACCESS_LOG": "true" if args.access_log else "false",
    }
    log = open(Path(tmp.name) / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.server"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
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
                    r = client.get(
                        "/sparql",
                        params={"query": q},
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    assert r.status_code == 200, r.text
                    return len(r.json()["results"]["bindings"])

                t_http, rows = _median_ms(get, repeat)
                http[name] = (t_http, int(rows))  # type: ignore[call-overload]
        tput = _side_by_side(
            f"{base}/sparql", proc.pid, oxi_bin, oxi_copy, clients, args.seconds, Path(tmp.name)
        )
        update_seconds = _big_update(base, "bench")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()

    print(
        f"\nstore: {triples} quads; {repeat} timed runs per cell; median milliseconds; "
        f"server ready {startup:.2f} s after start\n"
    )
    head = (
        f"{'query':34} {'rows':>6} {'pyoxigraph':>11} {'+JSON':>8} {'HTTP /sparql':>13} "
        f"{'overhead':>9}"
    )
    print(head)
    print("-" * len(head))
    for name in QUERIES:
        t_iter, t_json, rows = inproc[name]
        t_http, http_rows = http[name]
        assert rows == http_rows, (name, rows, http_rows)
        print(
            f"{name:34} {rows:>6} {t_iter:>11.2f} {t_json:>8.2f} {t_http:>13.2f} "
            f"{t_http - t_json:>+9.2f}"
        )
    log_state = "on" if args.access_log else "off"
    for query, rows in tput.items():
        print(
            f"\nthroughput of {query!r}, {args.seconds:g} s per run, best of 2 "
            f"(tradekg access log {log_state}; load average at the end "
            f"{rows[-1][1]:.2f}):"
        )
        head = (
            f"{'clients':>7} {'tradekg req/s':>14} {'refused':>8} {'oxigraph req/s':>15} "
            f"{'refused':>8} {'ratio':>6} {'CPU ms/req tradekg':>19} {'oxigraph':>9}"
        )
        print(head)
        print("-" * len(head))
        for n, _, (ours, ours_bad, theirs, theirs_bad) in rows:
            ratio = f"{ours / theirs:.2f}" if theirs else "n/a"
            ours_cpu = min(CPU_MS[("tradekg", query, n)], default=0.0)
            theirs_cpu = min(CPU_MS[("oxigraph", query, n)], default=0.0)
            print(
                f"{n:>7} {ours:>14.1f} {ours_bad:>8} {theirs:>15.1f} {theirs_bad:>8} "
                f"{ratio:>6} {ours_cpu:>19.3f} {theirs_cpu:>9.3f}"
            )
    print(f"\nINSERT DATA of {BIG_UPDATE_TRIPLES} triples through /update: {update_seconds:.2f} s")
    tmp.cleanup()


def _side_by_side(
    ours: str,
    ours_pid: int,
    oxi_bin: str | None,
    copy: Path,
    clients: list[int],
    seconds: float,
    tmp: Path,
) -> dict[str, list[tuple[int, float, tuple[float, int, float, int]]]]:
    """Throughput of tradekg's /sparql and Oxigraph server's /query, alternating runs.

    Also records each server's CPU per answered request (its whole process tree: HTTP
    processes and query workers) in ``CPU_MS``: unlike requests per second, it hardly
    moves with the machine's load.
    """
    cpu = CPU_MS
    oxi = None
    theirs = ""
    if oxi_bin:
        port = _free_port()
        oxi = subprocess.Popen(  # noqa: S603 - our own server binary, fixed arguments
            [
                oxi_bin,
                "serve",
                "--location",
                str(copy),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        theirs = f"http://127.0.0.1:{port}/query"
        _wait_ready(theirs + "?query=ASK%7B%7D")
    out: dict[str, list[tuple[int, float, tuple[float, int, float, int]]]] = {}
    try:
        for query in (THROUGHPUT_QUERY, WORKER_QUERY):
            for n in clients:
                best_ours, bad_ours, best_theirs, bad_theirs = 0.0, 0, 0.0, 0
                for _ in range(2):
                    c0 = _tree_cpu(ours_pid)
                    rate, ok, bad = _throughput(ours, n, seconds, query)
                    cpu[("tradekg", query, n)].append(
                        1000 * (_tree_cpu(ours_pid) - c0) / max(ok, 1)
                    )
                    best_ours, bad_ours = max(best_ours, rate), bad_ours + bad
                    if oxi is not None:
                        c0 = _tree_cpu(oxi.pid)
                        rate, ok, bad = _throughput(theirs, n, seconds, query)
                        cpu[("oxigraph", query, n)].append(
                            1000 * (_tree_cpu(oxi.pid) - c0) / max(ok, 1)
                        )
                        best_theirs, bad_theirs = max(best_theirs, rate), bad_theirs + bad
                row = (best_ours, bad_ours, best_theirs, bad_theirs)
                out.setdefault(query, []).append((n, os.getloadavg()[0], row))
    finally:
        if oxi is not None:
            oxi.terminate()
            oxi.wait(timeout=10)
    return out


if __name__ == "__main__":
    main()
