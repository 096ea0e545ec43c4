"""Benchmark: the engine at scale, on synthetic graphs in tradekg's own RDF shape.

Generates a seeded scale-free causal graph (mean out-degree 3, one third negative edges)
as N-Quads shaped like `tradekg build` output (claims with evidence annotations, variables
with keys and labels: 30 quads per claim, the median of the claims `tradekg build` writes,
and 9 per variable, ~33 per causal edge), bulk-loads it into an on-disk pyoxigraph store
(with the ``oxigraph`` CLI's bulk loader when it is installed, else pyoxigraph's:
``--loader``) while it builds the projection from the same N-Quads stream on the other
core (``Projection.from_quads``: no store query), and saves that projection beside the
store, left as the loader wrote it (``load_s`` is all of it; stderr has wall and CPU per
stage). ``--projection queries`` is the earlier path, for comparison: load, compact as
`tradekg build` did (``--no-compact`` leaves it as the loader wrote it: the projection's
queries then read one overlapping file per batch), then build the projection from the
store's queries and save it;
then, as every later process does, reopens the store read-only, reads the projection
(``projection_s``) and times why / whatif / paths / loops on the biggest hubs.
Prints one JSON object per size with exactly the keys of issue 8, and on stderr the
baseline measured in the same process (networkx ``shortest_simple_paths`` top-10
upstream of the same targets, weighted by −log confidence) and the ratio.

    python bench/bench_scale.py --edges 100000 --json
    python bench/bench_scale.py --edges 1000 10000 100000 --json
    python bench/bench_scale.py --edges 100000 --memory-questions 1000   # memory stays flat
    python bench/bench_scale.py --edges 100000 --projection queries     # session 9's path

The CLI loader runs with jemalloc when it is installed (apt-get install libjemalloc2).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph as ox

from kg.store import OxigraphStore
from rules import loops, paths, whatif, why
from rules.projection import Projection, projection, save_projection

__all__ = ["generate", "main"]

TK = "https://w3id.org/tradekg/ontology#"
ID = "https://w3id.org/tradekg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = f"{ID}document/synthetic"
GRAPH = "<https://w3id.org/tradekg/graph/document/synthetic>"
CONFIDENCES = (0.5, 0.6, 0.7, 0.9)
RSS_LIMIT_MB = 10_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _guard(stage: str = "") -> None:
    if stage:
        print(
            f"rss after {stage}: current {_current_rss_mb():.0f} MB, peak {_rss_mb():.0f} MB",
            file=sys.stderr,
        )
    if _rss_mb() > RSS_LIMIT_MB:
        sys.exit(f"peak RSS {_rss_mb():.0f} MB > {RSS_LIMIT_MB} MB: stopped")


def var_iri(i: int) -> str:
    return f"{ID}var/S{i % 50}/WLD/v{i}/total/value"


def generate(edges: int, seed: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(nodes, cause, effect, sign, confidence index): a scale-free signed digraph.

    Causes and effects are drawn with Zipf-like weights over two independent random
    rankings of the nodes (so in-hubs are not out-hubs); self-loops are redrawn."""
    rng = np.random.default_rng(seed)
    n = max(10, edges // 3)
    w_in = 1.0 / np.arange(1, n + 1) ** 0.75
    w_out = 1.0 / np.arange(1, n + 1) ** 0.5
    perm_in, perm_out = rng.permutation(n), rng.permutation(n)
    v = perm_in[rng.choice(n, size=edges, p=w_in / w_in.sum())]
    u = perm_out[rng.choice(n, size=edges, p=w_out / w_out.sum())]
    same = u == v
    while same.any():
        u[same] = rng.integers(0, n, size=int(same.sum()))
        same = u == v
    sign = np.where(rng.random(edges) < 1 / 3, -1, 1)
    conf = rng.integers(0, len(CONFIDENCES), size=edges)
    return n, u, v, sign, conf


def write_nquads(path: Path, n: int, u: Any, v: Any, sign: Any, conf: Any) -> int:
    """The graph as N-Quads in the shape `tradekg build` writes; returns the quad count."""
    quads = 0
    g = GRAPH
    with path.open("w", encoding="utf-8") as f:
        buf: list[str] = []
        for i in range(n):
            s = f"<{var_iri(i)}>"
            key = f"S{i % 50}/WLD/v{i}/total/value"
            buf.append(
                f"{s} {RDF_TYPE} <{TK}Variable> {g} .\n"
                f'{s} <{TK}key> "{key}" {g} .\n'
                f'{s} {LABEL} "variable {i} of S{i % 50}"@en {g} .\n'
                f"{s} <{TK}economy> <{ID}economy/S{i % 50}> {g} .\n"
                f"{s} <{TK}counterpart> <{ID}economy/WLD> {g} .\n"
                f"{s} <{TK}item> <{ID}item/v{i}> {g} .\n"
                f"{s} <{TK}product> <{ID}product/total> {g} .\n"
                f"{s} <{TK}measure> <{ID}measure/value> {g} .\n"
                f'{s} <http://www.w3.org/2004/02/skos/core#definition> "synthetic {i}"@en {g} .\n'
            )
            quads += 9
            if len(buf) >= 20000:
                f.write("".join(buf))
                buf.clear()
        for k in range(len(u)):
            c = f"<{ID}claim/e{k}>"
            ev, tg = f"<{ID}claim/e{k}/evidence>", f"<{ID}claim/e{k}/evidence/target>"
            q, p = f"<{ID}claim/e{k}/evidence/quote>", f"<{ID}claim/e{k}/evidence/position>"
            quote = f"Variable {u[k]} {'raises' if sign[k] > 0 else 'lowers'} variable {v[k]}."
            buf.append(
                f"{c} {RDF_TYPE} <{TK}CausalClaim> {g} .\n"
                f"{c} <{TK}cause> <{var_iri(int(u[k]))}> {g} .\n"
                f"{c} <{TK}effect> <{var_iri(int(v[k]))}> {g} .\n"
                f'{c} <{TK}sign> "{int(sign[k])}"^^<{XSD}integer> {g} .\n'
                f"{c} <{TK}causeChange> <{TK}Increase> {g} .\n"
                f"{c} <{TK}effectChange> <{TK}{'Increase' if sign[k] > 0 else 'Decrease'}> {g} .\n"
                f'{c} <{TK}quote> "{quote}" {g} .\n'
                f'{c} <{TK}section> "Synthetic" {g} .\n'
                f'{c} <{TK}confidence> "{CONFIDENCES[int(conf[k])]}"^^<{XSD}decimal> {g} .\n'
                f"{c} <{TK}horizon> <{TK}AnyHorizon> {g} .\n"
                f'{c} <{TK}claimId> "e{k}" {g} .\n'
                f'{c} {LABEL} "e{k}" {g} .\n'
                f'{c} <{TK}hedge> "may" {g} .\n'
                f"{c} <http://www.w3.org/ns/prov#wasDerivedFrom> <{DOC}> {g} .\n"
                f"{c} <{TK}sentence> <{DOC}#s{k}> {g} .\n"
                f"{c} <{TK}evidence> {ev} {g} .\n"
                f"{ev} {RDF_TYPE} <{OA}Annotation> {g} .\n"
                f"{ev} <{OA}motivatedBy> <{OA}describing> {g} .\n"
                f"{ev} <{OA}hasBody> {c} {g} .\n"
                f"{ev} <{OA}hasTarget> {tg} {g} .\n"
                f"{tg} <{OA}hasSource> <{DOC}> {g} .\n"
                f"{tg} <{OA}hasSelector> {q} {g} .\n"
                f"{tg} <{OA}hasSelector> {p} {g} .\n"
                f"{q} {RDF_TYPE} <{OA}TextQuoteSelector> {g} .\n"
                f'{q} <{OA}exact> "{quote}" {g} .\n'
                f'{q} <{OA}prefix> "the text before claim {k}. " {g} .\n'
                f'{q} <{OA}suffix> " The text after claim {k}" {g} .\n'
                f"{p} {RDF_TYPE} <{OA}TextPositionSelector> {g} .\n"
                f'{p} <{OA}start> "{k * 60}"^^<{XSD}integer> {g} .\n'
                f'{p} <{OA}end> "{k * 60 + 50}"^^<{XSD}integer> {g} .\n'
            )
            quads += 30
            if len(buf) >= 20000:
                f.write("".join(buf))
                buf.clear()
                _guard()
        f.write("".join(buf))
    return quads


# the bulk loader's memory grows with its input (1.7 GB for 2.8 M quads): feed it pieces
LOAD_CHUNK_BYTES = 300_000_000


def _bulk_load(native: ox.Store, path: Path) -> None:
    """``native.bulk_load`` of an N-Quads file in pieces of whole lines."""
    with path.open("rb") as f:
        while chunk := f.read(LOAD_CHUNK_BYTES):
            chunk += f.readline()  # up to the end of the line the piece cut
            native.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)


# jemalloc (Debian: libjemalloc2) for the CLI loader: it allocates and frees a string per
# term and a key per index entry; with it the load took ~8 % less CPU (docs/benchmarks.md)
JEMALLOC = Path("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")


def _cli_load(location: Path, path: Path) -> None:
    """Load ``path`` with the ``oxigraph`` CLI's bulk loader (the PyPI ``oxigraph`` package
    ships it), with jemalloc when it is installed. Writes a flat pyoxigraph directory at
    ``location``.

    One file: the CLI loads several files in parallel only on a pool of half the cores
    (one on 2 cores, where they load one after the other), while one loader already parses
    on one thread and indexes batches of 10^6 quads on others; splitting the file only
    copied it (6.3 GB at 10^6 edges)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        sys.exit("--loader cli: no oxigraph executable (pip install oxigraph)")
    env = dict(os.environ)
    if JEMALLOC.is_file():
        env["LD_PRELOAD"] = " ".join(filter(None, (str(JEMALLOC), env.get("LD_PRELOAD"))))
    allocator = "jemalloc" if JEMALLOC.is_file() else "libc"
    print(f"loader: {exe}, allocator {allocator}", file=sys.stderr)
    subprocess.run(  # noqa: S603 - the oxigraph executable on PATH, our own file
        [exe, "load", "--location", str(location), "--lenient", "--file", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )


def _load(loader: str, location: Path, path: Path) -> None:
    if loader == "cli":
        _cli_load(location, path)
        return
    writer = OxigraphStore(location)
    _bulk_load(writer.native, path)
    writer.flush()
    del writer
    gc.collect()  # closes the writer, as the end of `tradekg build` does


def _load_and_project(loader: str, location: Path, path: Path) -> Projection:
    """Load ``path`` (:func:`_load`) in a thread (the CLI: a process) and meanwhile build
    the projection from its quads here: on 2 cores the two run at once. Prints the
    stream's own wall and CPU time."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-load") as pool:
        loading = pool.submit(_load, loader, location, path)
        t0, c0 = time.perf_counter(), time.thread_time()
        built = Projection.from_quads(path)
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        loading.result()  # the loader's error, if any
    print(
        f"projection from the stream: wall {wall:.2f} s, CPU {cpu:.2f} s (while loading)",
        file=sys.stderr,
    )
    return built


class _Stages:
    """Wall and CPU seconds per load stage (this process's threads and its children, the
    CLI loader): on a shared machine CPU time says what a stage costs, wall time what
    it got."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []
        self._last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime

    def mark(self, stage: str) -> None:
        now = self._now()
        self.rows.append((stage, now[0] - self._last[0], now[1] - self._last[1]))
        self._last = now

    def report(self) -> None:
        for stage, wall, cpu in self.rows:
            print(
                f"load stage {stage}: wall {wall:.2f} s, CPU {cpu:.2f} s ({cpu / wall:.2f} cores)",
                file=sys.stderr,
            )


# CPU milliseconds of each timed call, by kind (printed on stderr: on a shared machine
# the wall-clock medians of the JSON also measure the other work)
_CPU_MS: dict[str, list[float]] = {}


def _timed(fn: Callable[[], Any], kind: str = "") -> tuple[float, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    if kind:
        _CPU_MS.setdefault(kind, []).append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000, out


def _p50(times: list[float]) -> float:
    return round(statistics.median(times), 2)


def _baseline(g: nx.DiGraph, target: str) -> list[list[str]]:
    """Top-10 upstream paths of ``target`` ranked by confidence (−log weights), from any
    node: networkx ``shortest_simple_paths`` from a virtual source joined to every node."""
    return list(itertools.islice(nx.shortest_simple_paths(g, "__any__", target, "w"), 10))


def run(
    edges: int,
    seed: int,
    queries: int,
    workdir: Path,
    memory_questions: int,
    base_queries: int | None = None,
    loader: str = "pyoxigraph",
    compact: bool = True,
    projector: str = "stream",
) -> dict[str, Any]:
    n, u, v, sign, conf = generate(edges, seed)
    nq = workdir / "graph.nq"
    quads = write_nquads(nq, n, u, v, sign, conf)
    t0 = time.perf_counter()
    stages = _Stages()
    built = None
    if projector == "stream":
        # the projection from the quads being loaded, on this core while the loader writes
        # the store: no compaction, and no query reads the store's overlapping files
        built = _load_and_project(loader, workdir / "store", nq)
        stages.mark(f"bulk load ({loader}) with the projection from the stream")
    else:
        _load(loader, workdir / "store", nq)
        stages.mark(f"bulk load ({loader})")
    if loader == "cli":
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"loader process peak RSS {kids:.0f} MB", file=sys.stderr)
    if projector == "queries" and compact:
        # a full compaction, as `tradekg build` does: the projection's queries then read
        # one sorted run per index, not one overlapping file per batch (265 at 10^6)
        writer = OxigraphStore(workdir / "store")
        writer.compact()
        writer.flush()
        del writer
        gc.collect()
        stages.mark("compaction")
    # else left as the bulk loader wrote it: nothing compacts it later until a write
    # (docs/store.md, "Compaction"), so the saved projection stays the store's
    bulk_s = time.perf_counter() - t0
    nq.unlink()
    _guard("bulk load")
    # then, as `tradekg build` does, the projection saved beside the store: part of the
    # load, paid once per store content
    t1 = time.perf_counter()
    saved = save_projection(OxigraphStore(workdir / "store", read_only=True), built=built)
    del built
    stages.mark(f"projection {'saved' if projector == 'stream' else 'from queries, saved'}")
    load_s = time.perf_counter() - t0
    if saved is None:
        sys.exit("the projection was not saved")
    print(
        f"load: bulk load{' and compaction' if compact and projector == 'queries' else ''} "
        f"{bulk_s:.2f} s, projection ({projector}) saved "
        f"{time.perf_counter() - t1:.2f} s ({saved.stat().st_size / 1e6:.0f} MB)",
        file=sys.stderr,
    )
    stages.report()
    _guard("load")
    gc.collect()
    # every later process: opens the store read-only and reads the saved projection
    store = OxigraphStore(workdir / "store", read_only=True)
    t0 = time.perf_counter()
    proj = projection(store)
    projection_s = time.perf_counter() - t0
    if proj.source != "saved":
        sys.exit(f"the projection came from {proj.source}, not the saved file")
    _guard("projection")
    indeg = np.bincount(v, minlength=n)
    outdeg = np.bincount(u, minlength=n)
    hubs = [int(i) for i in np.argsort(-indeg)[:queries]]
    sources = [int(i) for i in np.argsort(-outdeg)[:queries]]
    causes_of = {h: {int(x) for x in u[v == h]} for h in hubs}
    # why: the biggest hub first, in a fresh projection (cold), then the others
    why_cold_ms, first = _timed(lambda: why(store, var_iri(hubs[0]), "increase"))
    complete = True
    why_times: list[float] = []
    results = [(hubs[0], first)]
    for i, h in enumerate(hubs):
        ms, r = _timed(
            lambda h=h, i=i: why(store, var_iri(h), "increase" if i % 2 else "decrease"), "why"
        )
        why_times.append(ms)
        results.append((h, r))
    for h, r in results:
        # every direct cause of the target (from the generated edge list, not the engine)
        # was queued by the search
        complete &= r.search.direct_causes_considered == len(causes_of[h])
    whatif_times = [
        _timed(lambda s=s: whatif(store, var_iri(s), "increase"), "whatif")[0] for s in sources
    ]
    # paths: from a node three admissible steps upstream of each hub
    rev = proj.graph.reverse(copy=False)
    pairs = []
    for h in hubs:
        far = [
            x
            for x, d in nx.single_source_shortest_path_length(rev, var_iri(h), 3).items()
            if d == 3
        ]
        if far:
            pairs.append((far[len(far) // 2], var_iri(h)))
    paths_times = []
    for s_, t_ in pairs:
        ms, r = _timed(lambda s_=s_, t_=t_: paths(store, s_, t_), "paths")
        paths_times.append(ms)
        complete &= bool(r.paths)  # a 3-step path exists, so one must be found
    loops_times = [_timed(lambda h=h: loops(store, involving=var_iri(h)), "loops")[0] for h in hubs]
    _guard("queries")
    # baseline in the same process: networkx k-shortest simple paths upstream of the hubs
    bg = nx.DiGraph()
    for a, b, c in zip(u.tolist(), v.tolist(), conf.tolist(), strict=True):
        w = -math.log(CONFIDENCES[c]) - math.log(0.85)
        if not bg.has_edge(var_iri(a), var_iri(b)) or bg[var_iri(a)][var_iri(b)]["w"] > w:
            bg.add_edge(var_iri(a), var_iri(b), w=w)
    bg.add_edges_from((("__any__", x) for x in list(bg.nodes)), w=0.0)
    base_times = [
        _timed(lambda h=h: _baseline(bg, var_iri(h)), "baseline")[0] for h in hubs[:base_queries]
    ]
    print(
        "CPU ms p50: "
        + ", ".join(f"{k} {_p50(v)}" for k, v in _CPU_MS.items())
        + f"; load average now {os.getloadavg()}",
        file=sys.stderr,
    )
    _CPU_MS.clear()
    _guard("queries and baseline")
    bg.clear()
    if memory_questions:
        _memory_scenario(store, n, memory_questions, seed)
    out = {
        "edges": edges,
        "quads": quads,
        "load_s": round(load_s, 2),
        "projection_s": round(projection_s, 2),
        "why_cold_ms": round(why_cold_ms, 1),
        "why_p50_ms": _p50(why_times),
        "whatif_p50_ms": _p50(whatif_times),
        "paths_p50_ms": _p50(paths_times) if paths_times else None,
        "loops_p50_ms": _p50(loops_times),
        "peak_rss_mb": round(_rss_mb()),
        "complete": bool(complete),
    }
    base = _p50(base_times)
    print(
        f"baseline (networkx shortest_simple_paths top-10 upstream, same targets): "
        f"p50 {base} ms; why_p50 / baseline = {out['why_p50_ms'] / base:.3f}; "
        f"nodes {n}, hub in-degree {int(indeg[hubs[0]])}, queries per kind {queries}, "
        f"baseline queries {len(base_times)}",
        file=sys.stderr,
    )
    return out


def _memory_scenario(store: OxigraphStore, n: int, questions: int, seed: int) -> dict[str, float]:
    """Distinct why questions in a row, as a long-running server gets them: the RSS
    before the first, after each 100 and after the last (it should stay flat once the
    size-bounded memo is full)."""
    rng = np.random.default_rng(seed + 1)
    targets = rng.choice(n, size=questions, replace=questions > n)
    rss = {"start": _current_rss_mb()}
    print(f"memory: 0 questions, current RSS {rss['start']:.0f} MB", file=sys.stderr)
    t0 = time.perf_counter()
    for i, t in enumerate(targets, 1):
        why(store, var_iri(int(t)), "increase" if i % 2 else "decrease")
        if i % 100 == 0 or i == questions:
            cur = _current_rss_mb()
            if i == questions // 2:
                rss["middle"] = cur
            print(f"memory: {i} questions, current RSS {cur:.0f} MB", file=sys.stderr)
    rss["end"] = _current_rss_mb()
    rss.setdefault("middle", rss["end"])
    print(
        f"memory: {questions} distinct why questions in {time.perf_counter() - t0:.1f} s; "
        f"RSS start {rss['start']:.0f} MB, middle {rss['middle']:.0f} MB, end "
        f"{rss['end']:.0f} MB (end - middle {rss['end'] - rss['middle']:+.0f} MB)",
        file=sys.stderr,
    )
    return rss


def _current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _rss_mb()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--edges", type=int, nargs="+", default=[1000])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--queries", type=int, default=20, help="targets per query kind")
    ap.add_argument("--json", action="store_true", help="one JSON object per size (else a table)")
    ap.add_argument("--memory-questions", type=int, default=0)
    ap.add_argument(
        "--baseline-queries",
        type=int,
        default=None,
        help="targets the baseline is timed on (the first of the why targets; default all: "
        "at 10^6 edges each takes tens of seconds)",
    )
    ap.add_argument(
        "--loader",
        choices=("pyoxigraph", "cli"),
        # at 10^6 edges on the 2 shared cores the CLI took 27 % less CPU (docs/benchmarks.md)
        default="cli" if shutil.which("oxigraph") else "pyoxigraph",
        help="the oxigraph CLI's bulk loader (the default when an oxigraph executable is on "
        "PATH: pip install oxigraph), or pyoxigraph's bulk loader in 300 MB pieces",
    )
    ap.add_argument(
        "--projection",
        choices=("stream", "queries"),
        default="stream",
        help="stream: the projection built from the N-Quads while the loader writes the "
        "store (no compaction); queries: built from the store's queries once it is loaded "
        "(and compacted, unless --no-compact)",
    )
    ap.add_argument(
        "--no-compact",
        dest="compact",
        action="store_false",
        help="with --projection queries: leave the store as the bulk loader wrote it (at "
        "10^6 the projection's queries then cost several times more)",
    )
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
        f"{platform.python_version()}, pyoxigraph {ox.__version__}, networkx {nx.__version__}",
        file=sys.stderr,
    )
    for edges in args.edges:
        print(f"load average at the start of {edges} edges: {os.getloadavg()}", file=sys.stderr)
        if args.workdir is not None:
            Path(args.workdir).mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="tradekg-scale-", dir=args.workdir))
        try:
            out = run(
                edges,
                args.seed,
                args.queries,
                work,
                args.memory_questions,
                args.baseline_queries,
                args.loader,
                args.compact,
                args.projection,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if args.json:
            print(json.dumps(out), flush=True)
        else:
            print(" ".join(f"{k}={v}" for k, v in out.items()), flush=True)


if __name__ == "__main__":
    main()
