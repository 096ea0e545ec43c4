"""`tradekg build`: validate -> compile to quads -> check -> load aside -> swap."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.checks import run_checks
from kg.compile import Compiled, compile_files, iter_link_quads, ontology_quads
from kg.errors import BuildError, KGError
from kg.store import (
    BUILD_GRAPH_PREFIXES,
    BUILD_LOCK,
    MARKER,
    PENDING,
    SERVER_LOCK,
    SWITCH_LOCK,
    OxigraphStore,
    carry_user_data,
    current_generation,
    default_store_path,
    exclusive_lock,
    has_user_data,
    held_read_only,
    is_build_graph,
    recover,
    switch_generation,
)

if TYPE_CHECKING:
    from kg.store import SparqlStore

__all__ = [
    "BUILD_GRAPH_PREFIXES",
    "BuildReport",
    "PostLoad",
    "build",
    "build_info",
    "build_memory",
    "build_remote",
    "ensure_built",
    "is_build_graph",
    "is_built",
]

PostLoad = Callable[[OxigraphStore], dict[str, object]]
_MARKER = MARKER
# How long a build waits for a running server to take its new generation.
HANDOFF_TIMEOUT = 60.0


@dataclass
class BuildReport:
    store: str
    triples: int
    claims: int
    identities: int
    observations: int
    seconds: float
    extra: dict[str, object] = field(default_factory=dict)
    # Which build a server serves (/health): a fresh id and the UTC time of each build.
    build_id: str = ""
    built_at: str = ""

    def __post_init__(self) -> None:
        self.build_id = self.build_id or uuid.uuid4().hex[:12]
        self.built_at = self.built_at or datetime.now(UTC).isoformat(timespec="seconds")

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, default=str)


def record_index(comp: Compiled) -> dict[str, tuple[str, int]]:
    """Record id -> (claim file, line), so that a failed check names where to fix it."""
    return {
        r.id: (f.path, r.line)
        for f in comp.files
        for r in (*f.claims, *f.identities, *f.observations, *f.dominance, *f.conditions)
    }


def compile_all(claim_files: list[Path] | None = None) -> tuple[Compiled, list[ox.Quad]]:
    """Compile claim files and the ontology; return the record index and all quads."""
    comp = compile_files(claim_files)
    quads = ontology_quads() + comp.quads + list(iter_link_quads(comp))
    return comp, quads


def build_memory(
    claim_files: list[Path] | None = None, *, post_load: PostLoad | None = None, check: bool = True
) -> tuple[OxigraphStore, Compiled]:
    """Compile into a fresh in-memory store (tests, notebooks, benchmarks)."""
    comp, quads = compile_all(claim_files)
    store = OxigraphStore()
    store.add_quads(quads)
    if check:
        run_checks(store, records=record_index(comp))
    if post_load:
        post_load(store)
    return store, comp


def build(
    store_path: str | Path | None = None,
    *,
    claim_files: list[Path] | None = None,
    post_load: PostLoad | None = None,
    check: bool = True,
    wait: float = 0.0,
    fault: Callable[[str], None] | None = None,
    compact: bool = True,
) -> BuildReport:
    """Build the store at ``store_path`` without touching the current data until all is well.

    Under an exclusive build lock (a second build waits ``wait`` seconds, then raises
    StoreLocked), the claims are compiled and checked into a new generation directory
    beside the current one. Then the user graphs and the default graph are carried over
    and the store pointer is switched in one atomic rename. When a server holds the
    store it does that last step itself (so no acknowledged write is lost) and the
    build waits for it. On any error the current generation stays as it was and a
    KGError names the problem. ``fault(stage)`` is a test hook called between stages.
    ``compact=False`` leaves the generation's table files as they were written: for a
    caller that saves a projection built from the store's quads, not from its queries
    (only the queries need one sorted run per index).

    See docs/store.md for the layout and the recovery rules.
    """
    t0 = time.perf_counter()
    root = Path(store_path) if store_path else default_store_path()
    hook = fault or (lambda stage: None)
    recover(root)
    comp, quads = compile_all(claim_files)  # bad input fails before any lock or disk write
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create the store directory: {exc}", file=str(root)) from exc
    with exclusive_lock(root / BUILD_LOCK, wait=wait, what=f"the store {root} (another build)"):
        current = current_generation(root)
        _sweep(root, keep=current.name if current else None)
        staging = _next_generation(root, current.name if current else None)
        hook("compiled")
        try:
            store = OxigraphStore._at(staging)
            store.add_quads(quads)
            hook("loaded")
            if check:
                run_checks(store, records=record_index(comp))
            extra = post_load(store) if post_load else {}
            report = BuildReport(
                str(root),
                store.count(),
                len(comp.claims),
                len(comp.identities),
                len(comp.observations),
                0.0,
                dict(extra),
            )
            store.flush()
            # Compacted (unless the caller says not to): a projection built from queries
            # (and saved) then reads one sorted run per index instead of one overlapping
            # file per bulk-load batch; at 10^6 causal edges (265 table files) that costs
            # it several times the compaction (docs/benchmarks.md, session 9). Nothing
            # opens the generation for writing afterwards before a write (a server serves
            # it read-only under its writer lock until then: kg.store.LiveStore), so its
            # files, and the saved projection keyed by them, stay as they are until the
            # content changes.
            if compact:
                store.compact()
            del store
            report.seconds = round(time.perf_counter() - t0, 3)
            (staging / MARKER).write_text(report.to_json(), encoding="utf-8")
            hook("staged")
            _switch(root, staging, hook)
        except KGError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError(
                f"cannot write the store: {exc}",
                file=str(staging),
                fix="free disk space or fix permissions; the store is unchanged",
            ) from exc
        return report


_GEN = re.compile(r"^gen-(\d{6})$")


def _next_generation(root: Path, current: str | None) -> Path:
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _GEN.match(p.name))]
    path = root / f"gen-{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def _sweep(root: Path, *, keep: str | None) -> None:
    """Remove what no reader can need: generations other than the current one (unfinished
    builds, retired generations) and, once the store has a pointer, the files of a flat
    pre-generation store. Runs under the build lock; user data lives only in the current
    generation, which is never touched."""
    if keep is None:
        return  # a flat store or a new one: nothing is ours to remove yet
    pending = _pending_name(root)
    for p in root.iterdir():
        if p.name in (keep, pending):
            continue
        if _GEN.match(p.name) and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
    _remove_flat_files(root)


def _remove_flat_files(root: Path) -> None:
    """Remove the pyoxigraph files of a flat store once the pointer has replaced it."""
    for p in root.iterdir():
        if p.is_file() and not p.name.startswith("tradekg-"):
            p.unlink(missing_ok=True)


def _pending_name(root: Path) -> str | None:
    try:
        data = json.loads((root / PENDING).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return str(data.get("generation")) if isinstance(data, dict) else None


def _server_running(root: Path) -> bool:
    """Whether a LiveStore holds the store (it keeps a shared lock on the server lock file)."""
    with open(root / SERVER_LOCK, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        return False


def _switch_alone(root: Path, staging: Path, hook: Callable[[str], None]) -> None:
    """No server holds the store: carry user data into ``staging`` and move the pointer.
    The caller holds the switch lock."""
    current = current_generation(root)
    old_path = current.path if current else (root if (root / "CURRENT").exists() else None)
    with contextlib.ExitStack() as stack:
        # Holding the current generation's writer lock until the pointer has moved keeps
        # any other writer (a server starting now) out of it meanwhile; read-only, so
        # that nothing starts compacting a generation about to be retired.
        old = stack.enter_context(held_read_only(old_path)) if old_path is not None else None
        if old is not None and has_user_data(old):
            # opened for writing only to carry user data: a writer starts compacting the
            # loaded files in the background (unless compacted), and closing it stops that
            new = ox.Store(str(staging))
            carry_user_data(old, new)
            new.flush()
            del new
            gc.collect()
        hook("carried")
        switch_generation(root, staging.name)
        del old
    hook("switched")
    if old_path == root:  # migrated from a flat store, which nobody holds now
        _remove_flat_files(root)


def _switch(root: Path, staging: Path, hook: Callable[[str], None]) -> None:
    """Carry user data into ``staging`` and point the store at it, or hand it to the server."""
    with exclusive_lock(root / SWITCH_LOCK, wait=30, what=f"the switch lock of {root}"):
        if not _server_running(root):
            _switch_alone(root, staging, hook)
            return
        tmp = root / f"{PENDING}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"generation": staging.name}), encoding="utf-8")
        os.replace(tmp, root / PENDING)
    hook("handed-over")
    deadline = time.monotonic() + HANDOFF_TIMEOUT
    while time.monotonic() < deadline:
        time.sleep(0.05)
        with exclusive_lock(root / SWITCH_LOCK, wait=30, what=f"the switch lock of {root}"):
            current = current_generation(root)
            if current is not None and current.name == staging.name:
                return
            pending = _read_json(root / PENDING)
            if pending is not None and "error" in pending:
                (root / PENDING).unlink(missing_ok=True)
                raise BuildError(
                    f"the running server could not switch to the new build: {pending['error']}",
                    file=str(root),
                    fix="the store is unchanged; fix the cause and build again",
                )
            if not _server_running(root):  # it stopped (or died) before taking the build
                (root / PENDING).unlink(missing_ok=True)
                _switch_alone(root, staging, hook)
                return
    with exclusive_lock(root / SWITCH_LOCK, wait=30, what=f"the switch lock of {root}"):
        current = current_generation(root)
        if current is not None and current.name == staging.name:
            return
        (root / PENDING).unlink(missing_ok=True)
    raise BuildError(
        f"the server holding {root} did not take the new build within {HANDOFF_TIMEOUT:g} s",
        file=str(root),
        fix="the store is unchanged; check the server, or stop it and build again",
    )


def _read_json(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def build_info(path: str | Path | None = None) -> dict[str, object] | None:
    """The report the last build of the store at ``path`` left, or None if there is none."""
    p = Path(path) if path else default_store_path()
    gen = current_generation(p)
    try:
        info = json.loads(((gen.path if gen else p) / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def is_built(path: str | Path | None = None) -> bool:
    """Whether the store at ``path`` has a finished build (after recovering a crashed swap).

    Raises StoreError when the store's pointer is broken: never rebuild over user data.
    """
    p = Path(path) if path else default_store_path()
    recover(p)
    gen = current_generation(p)
    return ((gen.path if gen else p) / MARKER).exists()


def ensure_built(path: str | Path | None = None, *, post_load: PostLoad | None = None) -> bool:
    """Build the store if there is none; return True when a build ran."""
    if is_built(path):
        return False
    build(path, post_load=post_load)
    return True


def build_remote(
    store: str | SparqlStore,
    *,
    claim_files: list[Path] | None = None,
    post_load: PostLoad | None = None,
    check: bool = True,
    update_url: str | None = None,
    chunk: int | None = None,
    fault: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build into a SPARQL 1.1 server (see kg.store.SparqlStore), replacing its build graphs.

    The server must answer and take updates (else StoreError naming the URL, before any
    work). The claims are compiled, checked and reasoned in an embedded in-memory store
    (the OWL reasoner and the rules need one); only then is the server written:

    - up to ``chunk`` quads: one SPARQL Update request drops the old build graphs and
      inserts the new ones (atomic on servers that run a request in one transaction,
      such as Oxigraph and Fuseki);
    - more: the new graphs are loaded in chunks into staging graphs
      (``REMOTE_STAGING_PREFIX``), then one request moves each over its old graph
      (``MOVE``) and drops build graphs the new build lacks. The old graphs answer
      until that request; a failed load drops its staging graphs and leaves them as
      they were. While chunks load, the staging graphs are visible to queries over the
      union of all graphs (not to tradekg's cached projection, which follows the build
      marker).

    User graphs (every graph that is not a build graph) are never touched. A build
    marker graph (REMOTE_BUILD_GRAPH) records the build id, which servers on the store
    follow. ``chunk`` defaults to 100,000 quads with Oxigraph's /store, else 2,000
    (``INSERT DATA``). ``fault(stage)`` is a test hook.
    """
    import urllib.parse

    from kg.store import (
        REMOTE_BUILD_GRAPH,
        REMOTE_BUILD_NS,
        REMOTE_STAGING_PREFIX,
        SparqlStore,
        blank_safe_chunks,
        insert_data,
    )

    t0 = time.perf_counter()
    hook = fault or (lambda stage: None)
    remote = store if isinstance(store, SparqlStore) else SparqlStore(store, update_url=update_url)
    remote.check()
    remote.check_writable()
    local, comp = build_memory(claim_files, post_load=None, check=check)
    extra = post_load(local) if post_load else {}
    quads = list(local.native.quads_for_pattern(None, None, None))
    if any(not isinstance(q.graph_name, ox.NamedNode) for q in quads):
        raise BuildError(
            "the build made quads outside a named graph: a remote build cannot swap them"
        )
    new_graphs = sorted({q.graph_name.value for q in quads})  # type: ignore[union-attr]
    report = BuildReport(
        remote.query_url,
        len(quads),
        len(comp.claims),
        len(comp.identities),
        len(comp.observations),
        0.0,
        dict(extra),
    )
    size = chunk or (100_000 if remote.store_url else 2_000)
    old = [g for g in remote.graphs() if is_build_graph(g)]
    hook("compiled")

    def marker() -> list[ox.Quad]:
        report.seconds = round(time.perf_counter() - t0, 3)
        g = ox.NamedNode(REMOTE_BUILD_GRAPH)
        fields: dict[str, str | ox.Literal] = {
            "build_id": report.build_id,
            "built_at": report.built_at,
            "seconds": ox.Literal(str(report.seconds), datatype=ox.NamedNode(_XSD + "decimal")),
            "triples": ox.Literal(str(report.triples), datatype=ox.NamedNode(_XSD + "integer")),
            "claims": ox.Literal(str(report.claims), datatype=ox.NamedNode(_XSD + "integer")),
            "extra": json.dumps(report.extra, default=str),
        }
        lits = {k: ox.Literal(v) if isinstance(v, str) else v for k, v in fields.items()}
        return [ox.Quad(g, ox.NamedNode(REMOTE_BUILD_NS + k), v, g) for k, v in lits.items()]

    if len(quads) <= size:
        drops = [f"DROP SILENT GRAPH <{g}>" for g in old]
        remote.update_raw(" ;\n".join([*drops, insert_data(quads + marker())]))
        hook("swapped")
        remote.touch()
        return report

    build_dir = f"{REMOTE_STAGING_PREFIX}{report.build_id}/"

    def stage(g: str) -> str:
        return build_dir + urllib.parse.quote(g, safe="")

    try:
        for part in blank_safe_chunks(quads, size):
            remote._send([_staged(q, stage) for q in part])
        hook("loaded")
        swap = [f"DROP SILENT GRAPH <{g}>" for g in old if g not in new_graphs]
        swap += [f"MOVE GRAPH <{stage(g)}> TO GRAPH <{g}>" for g in new_graphs]
        remote.update_raw(" ;\n".join([*swap, insert_data(marker())]))
    except KGError as exc:
        for g in new_graphs:
            with contextlib.suppress(KGError):
                remote.update_raw(f"DROP SILENT GRAPH <{stage(g)}>")
        raise BuildError(
            f"the build into {remote.query_url} failed and was rolled back: {exc}",
            fix="the server's build graphs are as they were; fix the cause and build again",
        ) from exc
    hook("swapped")
    remote.touch()
    return report


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _staged(q: ox.Quad, stage: Callable[[str], str]) -> ox.Quad:
    """``q`` moved into the staging graph of its graph."""
    g = q.graph_name
    assert isinstance(g, ox.NamedNode)  # noqa: S101 - checked before the load
    return ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(stage(g.value)))
