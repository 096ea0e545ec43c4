"""The store interface and its pyoxigraph implementation (on disk or in memory).

On disk a store is a directory of *generations* (see docs/store.md): ``gen-NNNNNN/``
pyoxigraph directories and a pointer file naming the current one, switched by one
atomic rename. A build writes a new generation beside the current one and switches
the pointer; readers open the current generation, read-only if they like; a server
(:class:`LiveStore`) follows the pointer on its own and carries user graphs across.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import json
import logging
import os
import re
import threading
import time
import urllib.parse
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

import pyoxigraph as ox

from kg.errors import RemoteStoreError, StoreError, StoreFull, StoreLocked

__all__ = [
    "BUILD_GRAPH_PREFIXES",
    "BUILD_LOCK",
    "MARKER",
    "PENDING",
    "POINTER",
    "REMOTE_BUILD_GRAPH",
    "REMOTE_BUILD_NS",
    "REMOTE_STAGING_PREFIX",
    "SERVER_LOCK",
    "SWITCH_LOCK",
    "Generation",
    "LiveStore",
    "OxigraphStore",
    "SparqlStore",
    "Store",
    "blank_safe_chunks",
    "carry_user_data",
    "current_generation",
    "default_store_path",
    "exclusive_lock",
    "has_user_data",
    "held_read_only",
    "hold_writer_lock",
    "insert_data",
    "is_build_graph",
    "is_endpoint",
    "open_any",
    "open_live",
    "open_store",
    "recover",
    "release_writer_lock",
    "switch_generation",
    "term_value",
]

log = logging.getLogger("tradekg.store")

# Files of a store root (a directory of generations).
POINTER = "tradekg-current.json"
PENDING = "tradekg-pending.json"
BUILD_LOCK = "tradekg-build.lock"
SWITCH_LOCK = "tradekg-switch.lock"
SERVER_LOCK = "tradekg-server.lock"
MARKER = "tradekg-build.json"  # in a generation: the build finished and was checked
_GEN = re.compile(r"^gen-(\d{6})$")
# Graphs the build owns; every other graph, and the default graph, is user data that
# survives rebuilds.
BUILD_GRAPH_PREFIXES = (
    "https://w3id.org/tradekg/graph/ontology",
    "https://w3id.org/tradekg/graph/document/",
    "https://w3id.org/tradekg/graph/inferred",
    # A remote store's build marker and the staging graphs of a build under way.
    "https://w3id.org/tradekg/graph/build",
    "https://w3id.org/tradekg/graph/staging/",
)


def is_build_graph(graph: str) -> bool:
    """Whether ``graph`` is made by ``tradekg build`` (read-only over HTTP, replaced by builds)."""
    return graph.startswith(BUILD_GRAPH_PREFIXES)


PREFIXES = """PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX tkd: <https://w3id.org/tradekg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# The same prefixes as a mapping: handed to the parser rather than prepended to the text,
# so a syntax error's line and column are those of the query the caller wrote.
PREFIX_MAP: dict[str, str] = {
    line.split()[1].rstrip(":"): line.split()[2].strip("<>") for line in PREFIXES.splitlines()
}


@runtime_checkable
class Store(Protocol):
    """What the rest of tradekg needs of a store; a remote SPARQL 1.1 server can implement it.

    ``select`` returns rows of python values (str for IRIs and plain literals, int/float
    for numeric literals); ``query`` returns the engine's native result for the endpoint.
    """

    def select(self, sparql: str) -> list[dict[str, Any]]: ...
    def ask(self, sparql: str) -> bool: ...
    def update(self, sparql: str) -> None: ...
    def update_raw(self, sparql: str) -> None:
        """Run a complete SPARQL Update (its own prefixes) as one atomic operation."""
        ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...
    def count(self) -> int: ...
    def graphs(self) -> list[str]: ...
    @property
    def generation(self) -> str: ...


def term_value(term: Any) -> Any:
    """A pyoxigraph term as a python value (IRI -> str, numeric literal -> int/float)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value in ("true", "1")  # both lexical forms (Virtuoso writes 1)
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _where(exc: SyntaxError) -> str:
    """The parser's message with its position as 'at line L, column C'.

    >>> _where(SyntaxError("error at 2:17: expected one of ABS, AVG"))
    'at line 2, column 17: expected one of ABS, AVG'
    """
    m = re.match(r"error at (\d+):(\d+): ?", str(exc))
    if m is None:
        return f": {exc}"
    return f"at line {m[1]}, column {m[2]}: {str(exc)[m.end() :]}"


def default_store_path() -> Path:
    """``$TRADEKG_STORE``, else ``./.tradekg/store``."""
    return Path(os.environ.get("TRADEKG_STORE", ".tradekg/store"))


@dataclass(frozen=True)
class Generation:
    """The current generation of a store root: its directory name, path and switch token.

    ``token`` is new at every switch (a build finished, or a server carried user data
    into a new generation); compare it to notice a change.
    """

    name: str
    path: Path
    token: str


def current_generation(root: str | Path) -> Generation | None:
    """The generation ``root``'s pointer names, or None (no store yet, or an old flat store).

    Raises StoreError when the pointer is unreadable or names a missing directory.
    """
    root = Path(root)
    try:
        data = json.loads((root / POINTER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"the store pointer {root / POINTER} is unreadable: {exc}",
            fix="restore it from a backup, or write the name of the newest "
            "gen-NNNNNN directory into it",
        ) from exc
    name = data.get("generation") if isinstance(data, dict) else None
    if not isinstance(name, str) or not _GEN.match(name) or not (root / name).is_dir():
        raise StoreError(
            f"the store pointer {root / POINTER} names {name!r}, which is "
            "not a generation directory",
            fix="restore the store from a backup",
        )
    return Generation(name, root / name, str(data.get("token", name)))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves either the old or the new content."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def switch_generation(root: str | Path, name: str) -> Generation:
    """Point ``root`` at generation ``name`` (one atomic rename); return it with a new token.

    Callers hold the switch lock and have flushed and closed nothing but the new
    generation's writer; readers notice the new token and reopen.
    """
    root = Path(root)
    token = f"{name}.{uuid.uuid4().hex[:12]}"
    _write_atomic(
        root / POINTER, json.dumps({"generation": name, "token": token, "switched": time.time()})
    )
    return Generation(name, root / name, token)


def _is_flat(root: Path) -> bool:
    """A store from before generations: pyoxigraph's files directly in ``root``."""
    return (root / MARKER).exists() or (root / "CURRENT").exists()


def _complete(path: Path) -> bool:
    """A finished build: a flat store with the marker, or a root whose generation has it."""
    if (path / MARKER).exists():
        return True
    try:
        gen = current_generation(path)
    except StoreError:
        return False
    return gen is not None and (gen.path / MARKER).exists()


def recover(root: str | Path) -> list[str]:
    """Finish or roll back a swap that a crash interrupted; return what was done (logged).

    The swap of stores written before generations renamed ``S`` to ``S.old`` and then
    ``S.new`` to ``S``; a kill between the two left no ``S``. A complete ``S.new`` (it
    has the build marker, and carries the user graphs) is moved into place, else
    ``S.old`` is put back. Nothing is deleted: ``S.old`` stays for the operator.
    Generations need no repair: their switch is one rename. Leftover temporary pointer
    files are removed.
    """
    root = Path(root)
    done: list[str] = []
    new, old = root.with_name(root.name + ".new"), root.with_name(root.name + ".old")
    if not root.exists():
        for src, what in ((new, "finished"), (old, "rolled back")):
            if _complete(src) or (src == old and src.is_dir()):
                try:
                    src.rename(root)
                except FileNotFoundError:  # another process recovered first
                    break
                done.append(
                    f"{what} an interrupted swap: moved {src} to {root}"
                    + (f" ({old} kept)" if src == new and old.exists() else "")
                )
                break
    if root.is_dir():
        for tmp in root.glob(f"{POINTER}.*.tmp"):
            tmp.unlink(missing_ok=True)
    for line in done:
        log.warning("store recovery: %s", line)
    return done


@contextlib.contextmanager
def exclusive_lock(
    path: str | Path, *, wait: float = 0.0, what: str = "the store"
) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the ``with`` block.

    Waits up to ``wait`` seconds, then raises StoreLocked naming the holder's pid. The
    kernel drops the lock when its holder dies, so a killed build never leaves it stuck.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held across the yield
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    f.seek(0)
                    holder = f.read().strip() or "pid unknown"
                    raise StoreLocked(
                        f"{what} is locked by another process ({holder})",
                        file=str(path),
                        fix="wait for it to finish, then run the command "
                        "again (the lock is released when that process ends)",
                    ) from None
                time.sleep(0.05)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        f.flush()
        yield
    finally:
        f.close()  # closing releases the flock


def _user_graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """The default graph and every named graph that is not a build graph."""
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    graphs += [
        g
        for g in store.named_graphs()
        if not (isinstance(g, ox.NamedNode) and is_build_graph(g.value))
    ]
    return graphs


def has_user_data(store: ox.Store) -> bool:
    """Whether ``store`` holds user data: a named graph that is not a build graph (even an
    empty one), or a quad in the default graph."""
    graphs = _user_graphs(store)
    if len(graphs) > 1:
        return True
    default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return next(iter(default), None) is not None


def carry_user_data(old: ox.Store, new: ox.Store) -> int:
    """Copy every graph that is not a build graph, and the default graph, from ``old`` into
    ``new``; return the number of quads copied. Empty named graphs are kept too."""
    n = 0
    for g in _user_graphs(old):
        quads = list(old.quads_for_pattern(None, None, None, g))
        if not isinstance(g, ox.DefaultGraph):
            new.add_graph(g)
        new.extend(quads)
        n += len(quads)
    return n


def hold_writer_lock(path: str | Path) -> int | None:
    """Take the lock a pyoxigraph writer of the directory ``path`` takes (RocksDB's ``LOCK``
    file, a POSIX record lock) without opening the store for writing; return its file
    descriptor (:func:`release_writer_lock` releases it), or None when ``path`` is no
    pyoxigraph directory yet. A second hold in the same process raises StoreLocked too.

    While it is held no other process can open ``path`` for writing (it gets RocksDB's
    lock error), and this process reads through a read-only handle. Opening a writer
    compacts an uncompacted store in the background (Oxigraph's RocksDB options), which
    rewrites its table files and so retires the saved projection (docs/store.md); a
    read-only handle under this lock serves the same content and compacts nothing.

    POSIX record locks belong to the process: a writer this process opens on ``path``
    takes the same lock without conflict, and closing *any* descriptor of ``LOCK`` (ours,
    or RocksDB's when its writer closes) releases it. So close the descriptor before
    opening a writer on ``path``, and take it again after that writer is closed."""
    path = Path(path)
    lock = path / "LOCK"
    if not (path / "CURRENT").is_file() or not lock.is_file():
        return None
    key = os.path.realpath(path)
    with _HELD_LOCK:
        # the record lock does not keep this process out: the registry does
        if key in _HELD:
            raise StoreLocked(
                f"cannot open the store at {path} for writing: this process serves it",
                fix="write through the store that serves it (a LiveStore)",
            )
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                raise StoreLocked(
                    f"cannot open the store at {path} for writing: another process holds it",
                    fix="stop that process, or open the store read-only (queries do)",
                ) from exc
            raise
        _HELD[key] = fd
    return fd


def release_writer_lock(fd: int | None) -> None:
    """Release what :func:`hold_writer_lock` returned (None: nothing)."""
    if fd is None:
        return
    with _HELD_LOCK:
        for key, held in list(_HELD.items()):
            if held == fd:
                del _HELD[key]
        os.close(fd)


# realpath of a pyoxigraph directory -> the descriptor holding its writer's lock, in this
# process (hold_writer_lock); a writer this process opens there is refused meanwhile
_HELD: dict[str, int] = {}
_HELD_LOCK = threading.Lock()


@contextlib.contextmanager
def held_read_only(path: str | Path) -> Iterator[ox.Store]:
    """A read-only handle on the pyoxigraph directory ``path`` while holding its writer's
    lock (:func:`hold_writer_lock`): no other process writes it meanwhile. A directory
    that is no pyoxigraph store yet is opened for writing (created empty: nothing to
    compact), which keeps other writers out the same way."""
    store, fd = _open_held(Path(path))
    try:
        yield store
    finally:
        del store
        release_writer_lock(fd)


def _open_held(path: Path) -> tuple[ox.Store, int | None]:
    """``path`` read-only under its writer's lock (:func:`hold_writer_lock`) and the lock's
    descriptor; a directory that is no pyoxigraph store yet (a new, empty store) opened
    for writing, and None: there is nothing to compact."""
    fd = hold_writer_lock(path)
    if fd is None:
        return _open_dir(path, read_only=False), None
    try:
        return _open_dir(path, read_only=True), fd
    except BaseException:
        release_writer_lock(fd)
        raise


def _open_read_only(path: Path, attempts: int = 40) -> ox.Store:
    # A read-only open reads the writer's file list; a compaction in the writer can delete
    # a file between the two, which pyoxigraph reports as "Corruption ... No such file".
    # The files on disk are fine: read the list again.
    for n in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file" not in str(exc) or n == attempts - 1:
                raise OSError(str(exc)) from exc
            time.sleep(0.025 * (n + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _open_dir(path: Path, *, read_only: bool) -> ox.Store:
    try:
        if read_only:
            return _open_read_only(path)
        if os.path.realpath(path) in _HELD:
            raise OSError(f"lock: {path} is held by this process (served read-only)")
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreLocked(
                f"cannot open the store at {path} for writing: another process holds it ({exc})",
                fix="stop that process, or open the store read-only (queries do)",
            ) from exc
        if _is_disk_full(exc):
            raise StoreFull(
                f"cannot open the store at {path}: the disk is full ({exc})", fix="free disk space"
            ) from exc
        raise StoreError(
            f"cannot open store at {path}: {exc}",
            fix="check the path, or stop the process holding the store",
        ) from exc


def _is_disk_full(exc: BaseException) -> bool:
    return (
        getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
        or "No space left" in str(exc)
        or "quota exceeded" in str(exc).lower()
    )


def _init_layout(root: Path) -> Generation:
    """Make ``root`` an empty store: a first, empty generation and the pointer to it."""
    root.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(root / SWITCH_LOCK, wait=30, what=f"the switch lock of {root}"):
        gen = current_generation(root)
        if gen is not None:  # another process made it meanwhile
            return gen
        (root / "gen-000000").mkdir(exist_ok=True)
        return switch_generation(root, "gen-000000")


class OxigraphStore:
    """A pyoxigraph store. ``path=None`` keeps it in memory.

    ``path`` is a store root: the current generation is opened (created empty when
    missing and not ``read_only``). A flat directory from before generations opens as is.

    >>> s = OxigraphStore()
    >>> s.update('INSERT DATA { <urn:a> <urn:b> "c" }')
    >>> s.select('SELECT ?o WHERE { <urn:a> <urn:b> ?o }')
    [{'o': 'c'}]
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.root = Path(path) if path else None
        self.path: Path | None = None
        self.token: str | None = None
        self.read_only = read_only
        self._generation = 0
        if self.root is None:
            self._store = ox.Store()
            return
        recover(self.root)
        gen = current_generation(self.root)
        if gen is None and not _is_flat(self.root):
            if read_only:
                raise StoreError(
                    f"there is no store at {self.root}", fix="build it first: tradekg build"
                )
            gen = _init_layout(self.root)
        self.path = gen.path if gen else self.root
        self.token = gen.token if gen else None
        self._store = self._open(self.path, read_only=read_only)

    def _open(self, path: Path, *, read_only: bool) -> ox.Store:
        return _open_dir(path, read_only=read_only)

    @classmethod
    def _at(cls, path: Path, *, read_only: bool = False) -> OxigraphStore:
        """Open one pyoxigraph directory as it is (a generation, not a store root)."""
        store = cls.__new__(cls)
        store.root, store.path, store.token, store.read_only = path, path, None, read_only
        store._generation = 0
        store._store = _open_dir(path, read_only=read_only)
        return store

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for the SPARQL endpoint)."""
        return self._store

    @property
    def generation(self) -> str:
        """Changes whenever the content changes through this object, or it moves to a new
        on-disk generation (a :class:`LiveStore` following a build)."""
        return f"{id(self)}:{self.token}:{self._generation}"

    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run a SPARQL query (tradekg's prefixes are added); return pyoxigraph's result."""
        try:
            return self._store.query(sparql, prefixes=PREFIX_MAP, **kwargs)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error {_where(exc)}") from exc

    def select(self, sparql: str) -> list[dict[str, Any]]:
        res = self.query(sparql, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql, use_default_graph_as_union=True))

    def construct(self, sparql: str) -> list[ox.Triple]:
        return list(self.query(sparql, use_default_graph_as_union=True))

    def _write(self, fn: Callable[[ox.Store], Any]) -> Any:
        """Run a write on the native store (a LiveStore adds locking and disk-full handling)."""
        try:
            return fn(self._store)
        except OSError as exc:
            if _is_disk_full(exc):
                raise StoreFull(
                    f"the disk is full; the write was not applied: {exc}",
                    fix="free disk space and retry",
                ) from exc
            raise

    def update(self, sparql: str) -> None:
        try:
            self._write(lambda st: st.update(sparql, prefixes=PREFIX_MAP))
        except SyntaxError as exc:
            raise StoreError(f"SPARQL Update syntax error {_where(exc)}") from exc
        self._generation += 1

    def update_raw(self, sparql: str) -> None:
        """Run a complete SPARQL Update (its own prefixes) as one atomic operation."""
        try:
            self._write(lambda st: st.update(sparql))
        except SyntaxError as exc:
            raise StoreError(f"SPARQL Update syntax error: {exc}") from exc
        self._generation += 1

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._write(lambda st: st.bulk_extend(quads))
        self._generation += 1

    def load_file(self, path: str | Path, *, format: ox.RdfFormat | None = None) -> None:
        """Bulk-load the RDF file ``path`` (format from its extension unless given) in one
        lenient pass: terms are not validated, new table files are written directly
        (no transaction: a failure can leave part of the file loaded). For the large,
        machine-written files of a build or a bench; raises OSError, SyntaxError.

        >>> import tempfile; d = Path(tempfile.mkdtemp())
        >>> _ = (d / "g.nq").write_text('<http://a> <http://p> "1" <http://g> .')
        >>> s = OxigraphStore(); s.load_file(d / "g.nq"); s.count()
        1
        """
        self._write(lambda st: st.bulk_load(path=str(path), format=format, lenient=True))
        self._generation += 1

    def compact(self) -> None:
        """Compact the on-disk files (RocksDB's full compaction; the content is unchanged).

        After a bulk load the store's data sit in many overlapping table files, which the
        next process that opens the store for writing compacts in the background anyway
        (Oxigraph's RocksDB options); compacted, reads such as the projection's cost a
        little less. Changes the disk state a saved projection is keyed by, so compact
        before saving it."""
        if self.path is not None and not self.read_only:
            self._write(lambda st: st.optimize())

    def touch(self) -> None:
        """Mark the content as changed (after writing through ``native``): caches keyed on
        :attr:`generation` (projections, observations) rebuild."""
        self._generation += 1

    def clear_graph(self, graph: str) -> None:
        g = ox.NamedNode(graph)
        if g in set(self._store.named_graphs()):
            self._write(lambda st: st.clear_graph(g))
            self._generation += 1

    def count(self) -> int:
        return len(self._store)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def dump(
        self, *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS, graphs: Sequence[str] | None = None
    ) -> bytes:
        if graphs is None:
            out = self._store.dump(format=format)
        else:
            out = b"".join(
                self._store.dump(format=format, from_graph=ox.NamedNode(g)) or b"" for g in graphs
            )
        return out if isinstance(out, bytes) else b""

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._write(lambda st: st.flush())

    def to_rdflib(self) -> Any:
        """The whole store as an ``rdflib.Dataset`` (for notebooks and rdflib tools).

        >>> OxigraphStore().to_rdflib().__class__.__name__
        'Dataset'
        """
        import rdflib

        ds = rdflib.Dataset()
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> OxigraphStore:
    """Open the store at ``path`` (default: :func:`default_store_path`).

    ``read_only`` opens the current generation for reading beside a running server or
    build (queries, the CLI, worker processes); it sees the data as of the opening.
    """
    return OxigraphStore(path if path is not None else default_store_path(), read_only=read_only)


def open_live(path: str | Path | None = None, *, poll_interval: float = 0.25) -> LiveStore:
    """Open the store at ``path`` for a long-running server: see :class:`LiveStore`."""
    return LiveStore(
        path if path is not None else default_store_path(), poll_interval=poll_interval
    )


_NATIVE_WRITES = frozenset(
    {
        "update",
        "add",
        "remove",
        "extend",
        "bulk_extend",
        "load",
        "bulk_load",
        "clear",
        "clear_graph",
        "remove_graph",
        "add_graph",
        "flush",
        "optimize",
    }
)


class _LiveNative:
    """What ``LiveStore.native`` hands out: reads go to the current generation at call time,
    writes through the live store's lock (so none lands in a retired generation)."""

    def __init__(self, live: LiveStore) -> None:
        self._live = live

    def __getattr__(self, name: str) -> Any:
        if name in _NATIVE_WRITES:

            def write(*args: Any, **kwargs: Any) -> Any:
                return self._live._write(lambda st: getattr(st, name)(*args, **kwargs))

            return write
        return getattr(self._live._store, name)

    def __len__(self) -> int:
        return len(self._live._store)

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self._live._store)

    def __contains__(self, quad: object) -> bool:
        return quad in self._live._store


class LiveStore(OxigraphStore):
    """The store a server keeps open for its lifetime: it follows rebuilds and survives a
    full disk without a restart.

    - While it is open it holds a shared lock on ``tradekg-server.lock``; a build that
      finds it hands over its finished generation (``tradekg-pending.json``) instead of
      switching itself. The server then, under its write lock, copies the user graphs
      and the default graph into the new generation, switches the pointer and reopens:
      every write acknowledged before is in the copy, every write after goes to the new
      generation. A background thread polls every ``poll_interval`` seconds; every
      write polls first too.
    - A write that fails because the disk is full raises StoreFull and sets
      :attr:`degraded`; the store is reopened (pyoxigraph stays failed otherwise) when
      a later write or :meth:`poll` finds space again. Reads go on meanwhile.
    """

    def __init__(self, path: str | Path, *, poll_interval: float = 0.25) -> None:
        self._lock = threading.RLock()
        # The generation served is read through a read-only handle under its writer's
        # lock until the first write opens the writer (see _open): opening a writer on an
        # uncompacted store starts a compaction that retires the saved projection.
        self._held: int | None = None
        self._writer = False
        # Called (under the write lock) after the store moved to another generation: a
        # server with several HTTP processes tells the others (api.fleet).
        self.on_switch: Callable[[], None] | None = None
        self.degraded: str | None = None
        self._full = False
        self._next_reopen = 0.0
        # Announce the server before reading the pointer: a build that saw no server
        # would otherwise switch under it.
        root = Path(path)
        root.mkdir(parents=True, exist_ok=True)
        self._server_lock: IO[str] | None = open(  # noqa: SIM115 - held while open
            root / SERVER_LOCK, "a+", encoding="utf-8"
        )
        fcntl.flock(self._server_lock, fcntl.LOCK_SH)
        try:
            super().__init__(root)
        except BaseException:
            self._server_lock.close()
            raise
        self._stop = threading.Event()
        # The thread holds only a weak reference, so an unclosed store is still collected.
        self._watcher = threading.Thread(
            target=_watch,
            args=(weakref.ref(self), self._stop, poll_interval),
            name="tradekg-store-watch",
            daemon=True,
        )
        self._watcher.start()

    @property
    def native(self) -> Any:
        """A stand-in for ``pyoxigraph.Store`` whose writes take the live store's lock."""
        return _LiveNative(self)

    @property
    def writer_open(self) -> bool:
        """Whether the generation served is open for writing (after the first write)."""
        return self._writer

    def _open(self, path: Path, *, read_only: bool) -> ox.Store:
        store, fd = _open_held(path)
        self._adopt(fd)
        return store

    def _adopt(self, fd: int | None) -> None:
        """Serve a handle :func:`_open_held` gave with ``fd`` (the old hold is released)."""
        self._release_hold()
        self._held, self._writer = fd, fd is None

    def _release_hold(self) -> None:
        fd, self._held = self._held, None
        release_writer_lock(fd)

    def _open_writer(self) -> None:
        """Replace the read-only handle by a writer (the first write; under the lock). Our
        record lock is released first (RocksDB takes the same one as it opens)."""
        assert self.path is not None  # noqa: S101
        self._release_hold()
        self._store = _open_dir(self.path, read_only=False)
        self._writer = True

    def flush(self) -> None:
        if self._writer:  # a read-only handle has nothing to flush
            super().flush()

    def close(self) -> None:
        """Stop following builds and release the server lock (builds then switch alone)."""
        self._stop.set()
        if self._server_lock is not None:
            self._server_lock.close()
            self._server_lock = None
        if not self._writer:
            self._release_hold()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    def poll(self) -> None:
        """Take a pending build, follow a switch made elsewhere, retry after a full disk."""
        assert self.root is not None  # noqa: S101
        with self._lock:
            if self._full:
                self._reopen_after_full()
            pending = _read_pending(self.root)
            if pending is not None and "error" not in pending:
                self._take(str(pending.get("generation")))
                return
            gen = current_generation(self.root)
            if gen is not None and gen.token != self.token:
                self._follow(gen)

    def _switched(self) -> None:
        hook = self.on_switch
        if hook is not None:
            try:
                hook()
            except Exception:  # the switch stands; the next write publishes again
                log.exception("store: on_switch failed")

    def _follow(self, gen: Generation) -> None:
        # Only a build run without a server (before this one started) switches alone.
        new, fd = _open_held(gen.path)
        self._adopt(fd)
        self._store, self.path, self.token = new, gen.path, gen.token
        self._generation += 1
        self._switched()
        log.warning("store: now serving %s", gen.path)

    def _take(self, name: str) -> None:
        assert self.root is not None  # noqa: S101
        root = self.root
        with exclusive_lock(root / SWITCH_LOCK, wait=30, what=f"the switch lock of {root}"):
            if _read_pending(root) is None:  # the build gave up meanwhile
                return
            current = current_generation(root)
            if current is not None and current.name == name:  # taken before a crash
                (root / PENDING).unlink(missing_ok=True)
                if current.token != self.token:
                    self._follow(current)
                return
            try:
                path = root / name
                if not _GEN.match(name) or not (path / MARKER).exists():
                    raise StoreError(f"the pending generation {path} is not a finished build")
                n = 0
                if has_user_data(self._store):
                    writer = _open_dir(path, read_only=False)
                    n = carry_user_data(self._store, writer)
                    writer.flush()
                    # closed at once (which stops the compaction it started): the new
                    # generation is served read-only until the next write, see _open
                    del writer
                    gc.collect()
                new, fd = _open_held(path)
                try:
                    gen = switch_generation(root, name)
                except BaseException:
                    release_writer_lock(fd)
                    raise
            except (OSError, StoreError) as exc:
                reason = str(exc)
                if isinstance(exc, OSError) and _is_disk_full(exc):
                    reason = f"the disk is full: {exc}"
                _write_atomic(root / PENDING, json.dumps({"generation": name, "error": reason}))
                log.error("store: could not switch to %s: %s", name, reason)
                return
            self._adopt(fd)
            self._store, self.path, self.token = new, gen.path, gen.token
            self._generation += 1
            self._switched()
            (root / PENDING).unlink(missing_ok=True)
        log.warning("store: switched to %s (%d user quads carried)", gen.path, n)

    def _write(self, fn: Callable[[ox.Store], Any]) -> Any:
        with self._lock:
            self.poll()  # follow a switch first: no write may land in a retired generation
            if self._full:
                raise StoreFull(
                    f"the disk is still full; the write was not applied ({self.degraded})",
                    fix="free disk space and retry",
                )
            if not self._writer:
                self._open_writer()
            try:
                return fn(self._store)
            except OSError as exc:
                if not _is_disk_full(exc):
                    raise
                self._full = True
                self.degraded = f"disk full: {exc}"
                self._next_reopen = 0.0
                raise StoreFull(
                    f"the disk is full; the write was not applied: {exc}",
                    fix="free disk space and retry",
                ) from exc

    def _reopen_after_full(self) -> None:
        # pyoxigraph refuses every write after an I/O error until it is reopened.
        now = time.monotonic()
        if now < self._next_reopen or self.path is None:
            return
        self._next_reopen = now + 1.0
        reader = _open_dir(self.path, read_only=True)  # reads go on while we reopen
        self._store = reader
        self._release_hold()
        self._writer = True  # what follows opens the writer, or tries again later
        gc.collect()
        try:
            writer = _open_dir(self.path, read_only=False)
            writer.update("INSERT DATA {}")  # the write-ahead log takes a write again
            writer.flush()
        except (StoreError, OSError) as exc:  # still full (or still held): keep the reason
            log.warning("store: still not writable: %s", exc)
            return
        self._store = writer
        self._full = False
        self.degraded = None
        self._generation += 1
        log.warning("store: writable again at %s", self.path)


def _watch(ref: weakref.ref[LiveStore], stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        live = ref()
        if live is None:
            return
        try:
            live.poll()
        except (OSError, StoreError) as exc:  # keep watching; the next write reports it
            log.warning("store watch: %s", exc)
        del live


def _read_pending(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / PENDING).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_endpoint(location: str | Path | None) -> bool:
    """Whether ``location`` names a SPARQL endpoint (http:// or https://) and not a path."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


# A remote store's build marker: one small graph the build replaces with the graphs it
# swaps in. Its id is the store's generation token, so every reader notices a rebuild.
REMOTE_BUILD_GRAPH = "https://w3id.org/tradekg/graph/build"
REMOTE_BUILD_NS = "https://w3id.org/tradekg/build#"
# Where `tradekg build --store URL` loads the new graphs before it swaps them in.
REMOTE_STAGING_PREFIX = "https://w3id.org/tradekg/graph/staging/"


class SparqlStore:
    """A remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

    ``query_url`` is the SPARQL query endpoint; ``update_url`` the SPARQL Update endpoint
    (default: ``query_url`` with a final ``/query`` replaced by ``/update``, else
    ``query_url`` itself, as Virtuoso's ``/sparql``); quads are sent as N-Quads to
    ``store_url`` (Oxigraph's ``/store``; default derived the same way) or, where there
    is none, as ``INSERT DATA``. Queries ask for the union of the named graphs as the
    default graph (``union-default-graph``, as the embedded store does; Virtuoso and
    GraphDB do so anyway).

    The generation changes with every write made through this object and with every
    build (the build marker graph, read at most every ``poll_interval`` seconds); other
    clients' writes are not seen (call :meth:`touch`). Every request gives up after
    ``timeout`` seconds with StoreUnavailable naming the URL.
    """

    path: Path | None = None
    root: Path | None = None
    read_only = False

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 300.0,
        union_default_graph: bool = True,
        poll_interval: float = 1.0,
    ) -> None:
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        self.query_url = query_url
        self.update_url = update_url or (f"{base}/update" if base else query_url)
        self.store_url = store_url or (f"{base}/store" if base else None)
        self.timeout = timeout
        self.union_default_graph = union_default_graph
        self.poll_interval = poll_interval
        self._generation = 0
        self._build_token: str | None = None
        self._polled = -1e9
        self._default_is_union: bool | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_url!r}, update_url={self.update_url!r})"

    # ------------------------------------------------------------------ http
    def post_query(
        self,
        params: list[tuple[str, str]],
        *,
        accept: str | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> tuple[str, bytes]:
        """POST a query (form-encoded ``params``); return the answer's media type and body."""
        from kg.remote import ACCEPT_ANY, http_post

        return http_post(
            self.query_url,
            urllib.parse.urlencode(params).encode("utf-8"),
            "application/x-www-form-urlencoded",
            accept=accept or ACCEPT_ANY,
            timeout=self.timeout if timeout is None else timeout,
            max_bytes=max_bytes,
        )

    def union_params(self) -> list[tuple[str, str]]:
        """The protocol parameters that make the default graph the union of all graphs."""
        return [("union-default-graph", "")] if self.union_default_graph else []

    def _results(self, sparql: str, *, union: bool = True) -> dict[str, Any]:
        params = [("query", PREFIXES + sparql)] + (self.union_params() if union else [])
        _, raw = self.post_query(params, accept="application/sparql-results+json")
        try:
            return dict(json.loads(raw))
        except ValueError as exc:
            raise RemoteStoreError(
                f"the SPARQL endpoint {self.query_url} sent a result that is not SPARQL JSON",
                status=502,
            ) from exc

    @staticmethod
    def _value(binding: dict[str, Any]) -> Any:
        """A SPARQL JSON term as the python value the embedded store gives."""
        kind = binding["type"]
        if kind == "uri":
            return binding["value"]
        if kind == "bnode":
            return "_:" + binding["value"]
        dt = binding.get("datatype")
        if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
            return term_value(ox.Literal(binding["value"], datatype=ox.NamedNode(dt)))
        return binding["value"]

    # ------------------------------------------------------------------ Store protocol
    @property
    def native(self) -> Any:
        """A stand-in for ``pyoxigraph.Store`` that works over SPARQL (kg.remote.RemoteNative)."""
        from kg.remote import RemoteNative

        return RemoteNative(self)

    @property
    def token(self) -> str | None:
        """The id of the build the server holds (its marker graph), None before any build."""
        self._poll()
        return self._build_token

    @property
    def generation(self) -> str:
        self._poll()
        return f"{self.query_url}:{self._build_token}:{self._generation}"

    def _poll(self, *, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            if not force and now - self._polled < self.poll_interval:
                return
            self._polled = now
        info = self.build_info()
        token = str(info.get("build_id")) if info else None
        with self._lock:
            if token != self._build_token:
                self._build_token = token
                self._default_is_union = None

    def touch(self) -> None:
        self._generation += 1

    def check(self) -> None:
        """Raise StoreUnavailable (naming the URL) unless the server answers a query."""
        self._results("ASK {}", union=False)

    def build_info(self) -> dict[str, Any] | None:
        """The report the last ``tradekg build`` into this server left, or None."""
        rows = self.select(
            f"SELECT ?k ?v WHERE {{ GRAPH <{REMOTE_BUILD_GRAPH}> "
            f"{{ <{REMOTE_BUILD_GRAPH}> ?p ?v }} BIND(STRAFTER(STR(?p), "
            f'"{REMOTE_BUILD_NS}") AS ?k) }}'
        )
        info = {str(r["k"]): r.get("v") for r in rows if r.get("k")}
        if not info.get("build_id"):
            return None
        if "extra" in info:
            try:
                info["extra"] = json.loads(str(info["extra"]))
            except ValueError:
                info["extra"] = {}
        return info

    def is_built(self) -> bool:
        """Whether a ``tradekg build`` finished into this server."""
        return self.build_info() is not None

    def default_is_union(self) -> bool:
        """Whether the server's default graph (with no dataset given) is the union of all its
        graphs (Virtuoso, GraphDB) rather than a graph of its own (Oxigraph, Fuseki)."""
        if self._default_is_union is None:
            # A triple of a named graph that the default graph lacks: a separate default
            # graph. An empty server cannot tell; ask again once it has data.
            res = self._results("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", union=False)
            if not res["results"]["bindings"]:
                return False
            apart = self._results(
                "ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }", union=False
            )
            self._default_is_union = not apart.get("boolean")
        return self._default_is_union

    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run a SPARQL query (tradekg's prefixes are added); return pyoxigraph's result."""
        try:
            return self.native.query(sparql, prefixes=PREFIX_MAP, **kwargs)
        except RemoteStoreError as exc:
            if exc.status == 400:
                raise StoreError(
                    f"SPARQL syntax error (from {self.query_url}): {exc.detail[:500]}"
                ) from exc
            raise

    def select(self, sparql: str) -> list[dict[str, Any]]:
        res = self._results(sparql)
        return [{k: self._value(v) for k, v in row.items()} for row in res["results"]["bindings"]]

    def ask(self, sparql: str) -> bool:
        return bool(self._results(sparql).get("boolean"))

    def construct(self, sparql: str) -> list[ox.Triple]:
        return list(self.query(sparql, use_default_graph_as_union=True))

    def update(self, sparql: str) -> None:
        self.update_raw(PREFIXES + sparql)

    def update_raw(self, sparql: str, *, timeout: float | None = None) -> None:
        """Send a complete SPARQL Update (its own prefixes) as one request."""
        from kg.remote import http_post

        body = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        try:
            http_post(
                self.update_url,
                body,
                "application/x-www-form-urlencoded",
                timeout=self.timeout if timeout is None else timeout,
            )
        finally:
            self._generation += 1

    def check_writable(self) -> None:
        """Raise StoreError (naming the URL) unless the server takes a SPARQL Update."""
        probe = f"{REMOTE_STAGING_PREFIX}probe-{uuid.uuid4().hex[:12]}"
        try:
            self.update_raw(
                f"INSERT DATA {{ GRAPH <{probe}> {{ <{probe}> <{probe}> <{probe}> }} }} ;\n"
                f"DROP SILENT GRAPH <{probe}>"
            )
        except RemoteStoreError as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.update_url} refuses updates "
                f"(it answered {exc.status}: {exc.detail[:300]})",
                fix="point --update-url at the server's SPARQL Update endpoint and give it "
                "write access (Oxigraph: `oxigraph serve`, not serve-read-only; Virtuoso: "
                "grant SPARQL_UPDATE)",
            ) from exc

    def add_quads(self, quads: Iterable[ox.Quad], batch: int = 2_000) -> None:
        """Add ``quads`` in requests of about ``batch`` (a blank node's quads in one)."""
        for chunk in blank_safe_chunks(list(quads), batch):
            self._send(chunk)
        self._generation += 1

    def _send(self, quads: list[ox.Quad]) -> None:
        from kg.remote import http_post

        if self.store_url:
            data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
            http_post(self.store_url, data, "application/n-quads", timeout=self.timeout)
        else:
            self.update_raw(insert_data(quads))

    def count(self, *, default_graph: bool = False) -> int:
        """Quads in the named graphs (and, with ``default_graph``, in a separate default graph)."""
        where = "GRAPH ?g { ?s ?p ?o }"
        if default_graph and not self.default_is_union():
            where = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        rows = self._results(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", union=False)
        return int(rows["results"]["bindings"][0]["n"]["value"])

    def graphs(self) -> list[str]:
        rows = self._results("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return sorted(r["g"]["value"] for r in rows["results"]["bindings"] if "g" in r)

    def clear_graph(self, graph: str) -> None:
        self.update_raw(f"CLEAR SILENT GRAPH <{graph}>")

    def flush(self) -> None:
        """Nothing to flush: the server persists each request."""


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """One update request writing ``quads`` (grouped by graph).

    ``INSERT DATA``, and for quads with blank nodes ``INSERT { … } WHERE {}``: the same
    standard effect (each label one fresh blank node for the request), and the form
    Virtuoso accepts, as it refuses blank nodes in INSERT DATA.
    """
    quads = list(quads)
    plain = [q for q in quads if not _has_blank(q)]
    blank = [q for q in quads if _has_blank(q)]
    ops = ["INSERT DATA {\n" + _as_trig_body(plain) + "\n}"] if plain or not blank else []
    if blank:
        ops.append("INSERT {\n" + _as_trig_body(blank) + "\n} WHERE {}")
    return " ;\n".join(ops)


def _has_blank(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def blank_safe_chunks(quads: Sequence[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """``quads`` in chunks of about ``size``, every blank node's quads in one chunk.

    A blank node label means one node only within one request: split across two, it
    would become two nodes on the server. Quads sharing blank nodes (transitively) stay
    together, in chunks of their own of about a quarter of ``size`` (servers compile
    templates with blank nodes to more code: Virtuoso stops at 10,000 lines); a group
    larger than that is a chunk of its own.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for q in quads:
        blanks = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        for b in blanks[1:]:
            parent[find(b)] = find(blanks[0])
    groups: dict[str, list[ox.Quad]] = {}
    chunk: list[ox.Quad] = []
    for q in quads:
        blank = next((t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)), None)
        if blank is None:
            chunk.append(q)
        else:
            groups.setdefault(find(blank), []).append(q)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
        chunk = []
    small = max(size // 4, 1)
    for group in groups.values():
        if chunk and len(chunk) + len(group) > small:
            yield chunk
            chunk = []
        chunk += group
    if chunk:
        yield chunk


def _as_trig_body(quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = str(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}" if g else body)
    return "\n".join(parts)


def open_any(
    location: str | Path | None = None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
) -> OxigraphStore | SparqlStore:
    """An embedded store at a path, or a :class:`SparqlStore` when ``location`` (or
    ``$TRADEKG_STORE``) is an ``http(s)://`` SPARQL query endpoint."""
    loc = location if location is not None else os.environ.get("TRADEKG_STORE")
    if is_endpoint(loc):
        return SparqlStore(str(loc), update_url=update_url or os.environ.get("TRADEKG_UPDATE_URL"))
    return open_store(location, read_only=read_only)
