"""`tradekg build`: validate -> compile to quads -> check -> load aside -> swap."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.checks import run_checks
from kg.compile import Compiled, compile_files, iter_link_quads, ontology_quads
from kg.errors import BuildError, KGError
from kg.store import OxigraphStore, default_store_path

__all__ = [
    "BuildReport",
    "PostLoad",
    "build",
    "build_memory",
    "build_remote",
    "ensure_built",
    "is_built",
]

PostLoad = Callable[[OxigraphStore], dict[str, object]]
_MARKER = "tradekg-build.json"
# Graphs the build owns; everything else in an old store (user annotations) is carried over.
BUILD_GRAPH_PREFIXES = (
    "https://w3id.org/tradekg/graph/ontology",
    "https://w3id.org/tradekg/graph/document/",
    "https://w3id.org/tradekg/graph/inferred",
)


@dataclass
class BuildReport:
    store: str
    triples: int
    claims: int
    identities: int
    observations: int
    seconds: float
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, default=str)


def is_build_graph(graph: str) -> bool:
    return graph.startswith(BUILD_GRAPH_PREFIXES)


def record_index(comp: Compiled) -> dict[str, tuple[str, int]]:
    """Record id -> (claim file, line), so that a failed check names where to fix it."""
    return {r.id: (f.path, r.line) for f in comp.files
            for r in (*f.claims, *f.identities, *f.observations, *f.dominance, *f.conditions)}


def compile_all(claim_files: list[Path] | None = None) -> tuple[Compiled, list[ox.Quad]]:
    """Compile claim files and the ontology; return the record index and all quads."""
    comp = compile_files(claim_files)
    quads = ontology_quads() + comp.quads + list(iter_link_quads(comp))
    return comp, quads


def build_memory(claim_files: list[Path] | None = None, *, post_load: PostLoad | None = None,
                 check: bool = True) -> tuple[OxigraphStore, Compiled]:
    """Compile into a fresh in-memory store (tests, notebooks, benchmarks)."""
    comp, quads = compile_all(claim_files)
    store = OxigraphStore()
    store.add_quads(quads)
    if check:
        run_checks(store, records=record_index(comp))
    if post_load:
        post_load(store)
    return store, comp


def build(store_path: str | Path | None = None, *, claim_files: list[Path] | None = None,
          post_load: PostLoad | None = None, check: bool = True) -> BuildReport:
    """Build the store at ``store_path`` without touching the old one until all is well.

    The new store is written to ``<path>.new``, checked, then swapped in; on any
    error the old store stays as it was and a KGError names the problem.
    """
    t0 = time.perf_counter()
    target = Path(store_path) if store_path else default_store_path()
    staging = target.with_name(target.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    comp, quads = compile_all(claim_files)
    try:
        store = OxigraphStore(staging)
        store.add_quads(quads)
        if target.exists() and is_built(target):
            _carry_user_graphs(target, store)
        if check:
            run_checks(store, records=record_index(comp))
        extra = post_load(store) if post_load else {}
        report = BuildReport(str(target), store.count(), len(comp.claims), len(comp.identities),
                             len(comp.observations), 0.0, dict(extra))
        store.flush()
        del store
    except KGError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot write the store: {exc}", file=str(staging)) from exc
    report.seconds = round(time.perf_counter() - t0, 3)
    (staging / _MARKER).write_text(report.to_json(), encoding="utf-8")
    _swap(staging, target)
    return report


def _carry_user_graphs(old_path: Path, new: OxigraphStore) -> None:
    old = OxigraphStore(old_path, read_only=True)
    keep = [g for g in old.graphs() if not is_build_graph(g)]
    for g in keep:
        new.add_quads(old.quads(g))
    del old


def _swap(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def is_built(path: str | Path | None = None) -> bool:
    p = Path(path) if path else default_store_path()
    return (p / _MARKER).exists()


def ensure_built(path: str | Path | None = None, *, post_load: PostLoad | None = None) -> bool:
    """Build the store if there is none; return True when a build ran."""
    if is_built(path):
        return False
    build(path, post_load=post_load)
    return True


def build_remote(query_url: str, *, claim_files: list[Path] | None = None,
                 post_load: PostLoad | None = None, check: bool = True,
                 update_url: str | None = None) -> BuildReport:
    """Build into a SPARQL 1.1 server (see kg.store.SparqlStore).

    Compiles, checks and reasons in an embedded in-memory store (the OWL reasoner and the
    rules need one), then replaces each of the server's graphs of the same name with the
    result: the server is only written once everything passed.
    """
    from kg.store import SparqlStore

    t0 = time.perf_counter()
    local, comp = build_memory(claim_files, post_load=None, check=check)
    extra = post_load(local) if post_load else {}
    remote = SparqlStore(query_url, update_url=update_url)
    for g in local.graphs():
        remote.clear_graph(g)
    remote.add_quads(local.native.quads_for_pattern(None, None, None))
    report = BuildReport(query_url, remote.count(), len(comp.claims), len(comp.identities),
                         len(comp.observations), 0.0, dict(extra))
    report.seconds = round(time.perf_counter() - t0, 3)
    return report
