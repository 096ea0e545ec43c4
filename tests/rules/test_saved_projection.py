"""The projection saved beside an on-disk store: read back identical, never served stale."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import StoreLocked
from kg.store import LiveStore, OxigraphStore, hold_writer_lock, release_writer_lock
from rules.projection import (
    SNAPSHOT,
    Projection,
    projection,
    save_projection,
    saved_projection_state,
)

TK = "https://w3id.org/tradekg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _parts(p: Projection) -> dict[str, Any]:
    g = p.graph
    return {
        "nodes": list(g.nodes(data=True)),
        "edges": list(g.edges(keys=True, data=True)),
        "in_edges": list(g.in_edges(keys=True, data=True)),
        "claim_edges": p.claim_edges,
        "claim_info": p.claim_info,
        "dominance_claims": p.dominance_claims,
        "dominance_channels": p.dominance_channels,
        "input_share": p._input_share,
        "ends": p._ends,
    }


@pytest.fixture
def saved(reasoned: OxigraphStore, tmp_path: Path) -> Path:
    """An on-disk copy of the bundled graph with its projection saved, closed again."""
    root = tmp_path / "store"
    store = OxigraphStore(root)
    store.add_quads(reasoned.quads())
    store.flush()
    del store
    gc.collect()  # closes pyoxigraph's handle, as the end of a build does
    # as `tradekg build` does: saved from the finished store, opened read-only
    path = save_projection(_reopen(root))
    assert path is not None and path.name == SNAPSHOT and path.is_file()
    gc.collect()
    return root


def _reopen(root: Path, *, read_only: bool = True) -> OxigraphStore:
    gc.collect()
    return OxigraphStore(root, read_only=read_only)


def _a_claim(store: OxigraphStore) -> tuple[str, int]:
    """A stated causal claim whose edge carries it alone, and its sign."""
    proj = Projection(store, saved=False)
    for c, (u, v, key) in sorted(proj.claim_edges.items()):
        d = proj.graph.edges[u, v, key]
        if d["kind"] == "causal" and d["claims"] == (c,) and not d["rule_ids"]:
            return c, int(d["sign"])
    raise AssertionError("no single-claim causal edge in the bundled graph")


def _flip_sign(claim: str, sign: int) -> str:
    return (
        f"DELETE {{ GRAPH ?g {{ <{claim}> <{TK}sign> ?s }} }} "
        f'INSERT {{ GRAPH ?g {{ <{claim}> <{TK}sign> "{-sign}"^^<{XSD}integer> }} }} '
        f"WHERE {{ GRAPH ?g {{ <{claim}> <{TK}sign> ?s }} }}"
    )


def test_saved_projection_is_read_back_identical(saved: Path, reasoned: OxigraphStore) -> None:
    store = _reopen(saved)
    got = Projection(store)
    assert got.source == "saved"
    want = Projection(store, saved=False)
    assert want.source == "queries"
    for name, value in _parts(want).items():
        assert _parts(got)[name] == value, name
    # and the in-memory store it was copied from projects the same graph
    assert _parts(Projection(reasoned))["edges"] == _parts(want)["edges"]
    # shared objects stay shared: an edge's key dict is one object in both directions
    u, v, _k = next(iter(got.claim_edges.values()))
    assert got.graph._succ[u][v] is got.graph._pred[v][u]


def test_opening_for_writing_keeps_it_valid(saved: Path) -> None:
    # the first writer may replay what the build left in the write-ahead log into a new
    # table file (same content, other files): then the projection is rebuilt, never stale
    store = _reopen(saved, read_only=False)
    first = Projection(store)
    assert _parts(first) == _parts(Projection(store, saved=False))
    save_projection(store)
    del store, first
    # a writer that opens the store and writes nothing leaves it valid
    assert Projection(_reopen(saved, read_only=False)).source == "saved"
    assert Projection(_reopen(saved)).source == "saved"


@pytest.mark.parametrize("how", ["api", "native", "bulk", "clear_graph", "optimize"])
def test_any_write_in_process_makes_it_stale(saved: Path, how: str) -> None:
    store = _reopen(saved, read_only=False)
    claim, sign = _a_claim(store)
    native = store.native
    if how == "api":
        store.update(_flip_sign(claim, sign))
    elif how == "native":  # bypasses the store object's change counter
        native.update(_flip_sign(claim, sign))
    elif how == "bulk":
        q = ox.Quad(ox.NamedNode("urn:x-test:a"), ox.NamedNode("urn:x-test:b"), ox.Literal("c"))
        native.bulk_extend([q])
    elif how == "clear_graph":
        graphs = sorted(g.value for g in native.named_graphs() if "document" in g.value)
        native.clear_graph(ox.NamedNode(graphs[0]))
    else:  # compaction: same content, other files; rebuilt rather than trusted
        native.optimize()
    got = Projection(store)
    assert got.source == "queries"
    assert _parts(got) == _parts(Projection(store, saved=False))
    if how in ("api", "native"):
        u, v, key = got.claim_edges[claim]
        assert got.graph.edges[u, v, key]["sign"] == -sign


def test_a_write_by_another_process_makes_it_stale(saved: Path) -> None:
    """A user edit of a build graph, made with pyoxigraph directly in another process."""
    claim, sign = _a_claim(_reopen(saved))
    gc.collect()
    gen = next(saved.glob("gen-*"))
    code = "import pyoxigraph as ox, sys\ns = ox.Store(sys.argv[1])\ns.update(sys.argv[2])\n"
    subprocess.run([sys.executable, "-c", code, str(gen), _flip_sign(claim, sign)], check=True)
    store = _reopen(saved)
    got = projection(store)
    assert got.source == "queries"
    u, v, key = got.claim_edges[claim]
    assert got.graph.edges[u, v, key]["sign"] == -sign


def test_a_damaged_or_foreign_file_is_rebuilt(saved: Path) -> None:
    path = next(saved.glob("gen-*")) / SNAPSHOT
    data = path.read_bytes()
    magic, header, payload = data.split(b"\n", 2)
    store = _reopen(saved)
    want = _parts(Projection(store, saved=False))
    path.write_bytes(magic + b"\n" + header + b"\n" + payload[: len(payload) // 2])
    got = Projection(store)
    assert got.source == "queries" and _parts(got) == want
    # written by another version of the code (its format key differs)
    path.write_bytes(
        magic + b"\n" + header.replace(b'"format": "', b'"format": "0') + b"\n" + payload
    )
    assert Projection(store).source == "queries"
    path.write_bytes(b"something else\n")
    assert Projection(store).source == "queries"


def test_the_key_covers_the_code_it_imports_and_the_versions(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    # rules.projection the module (the package re-exports a function of that name)
    module = sys.modules[Projection.__module__]
    names = {f"{p.parent.name}/{p.name}" for p in module.code_files()}
    # the module itself and the project modules it imports, directly or not
    assert {"rules/projection.py", "kg/store.py", "kg/errors.py"} <= names
    assert all(p.suffix == ".py" and p.is_file() for p in module.code_files())
    assert Projection(_reopen(saved)).source == "saved"
    # another version of a module it imports: the saved file is rebuilt
    monkeypatch.setattr(module, "_code_digest", lambda: b"another kg/store.py")
    assert Projection(_reopen(saved)).source == "queries"
    monkeypatch.undo()
    assert Projection(_reopen(saved)).source == "saved"
    for lib in (ox, np):
        with monkeypatch.context() as m:
            m.setattr(lib, "__version__", lib.__version__ + ".other")
            assert Projection(_reopen(saved)).source == "queries", lib.__name__
    assert Projection(_reopen(saved)).source == "saved"


def test_nothing_is_saved_for_a_store_in_memory(reasoned: OxigraphStore) -> None:
    assert save_projection(reasoned) is None
    assert Projection(reasoned).source == "queries"


def test_the_search_index_is_saved_with_it(saved: Path) -> None:
    import numpy as np

    from rules.search import _Index, distances_to, unusual_edges

    got = Projection(_reopen(saved))
    assert got.source == "saved" and "_index" in got.__dict__
    ix, want = got.__dict__["_index"], _Index(got.graph)
    assert ix.nodes == want.nodes and ix.ids == want.ids
    for name in ("pred", "indptr", "_hz", "_lo", "_hi", "_ok"):
        assert np.array_equal(getattr(ix, name), getattr(want, name)), name
    # the unusual edges are the graph's own edge dicts, not copies
    special = {id(d) for d in unusual_edges(got)}
    assert special and special <= {id(d) for _u, _v, d in got.graph.edges(data=True)}
    fresh = Projection(_reopen(saved), saved=False)
    target = next(n for n in got.graph if got.graph.in_degree(n) > 3)
    from rules.chains import _Filter

    flt = _Filter(None, None)
    assert dict(distances_to(got, target, flt)) == dict(distances_to(fresh, target, flt))


def test_a_replaced_projection_is_freed_by_reference_counting() -> None:
    """``projection`` freezes what it builds out of the cyclic collector's sight: that
    leaks nothing only while no reference cycle holds a projection, even after queries."""
    import weakref

    from kg.build import build_memory
    from rules import contradictions, loops, paths, whatif, why

    store, _ = build_memory(check=False)
    proj = projection(store)
    gone = weakref.ref(proj)
    yen, bal = "JPN/WLD/currencyValue", "JPN/WLD/goodsBalance"
    why(store, bal, "decrease")
    whatif(store, yen, "decrease")
    paths(store, yen, bal)
    loops(store, involving="USA/WLD/foreignBondDemand")
    contradictions(store)
    del proj
    gc.collect()
    gc.disable()
    try:
        store.update('INSERT DATA { GRAPH <urn:x-test:notes> { <urn:a> <urn:b> "c" } }')
        assert projection(store) is not None
        assert gone() is None
    finally:
        gc.enable()


# --- a store left uncompacted by the build (docs/store.md, "Compaction") ----------------


def _batched(reasoned: OxigraphStore, root: Path, batches: int = 6) -> Path:
    """An on-disk copy of the bundled graph bulk-loaded in ``batches`` calls, as the bulk
    loader leaves a big store (one overlapping table file per batch), projection saved."""
    quads = list(reasoned.quads())
    store = OxigraphStore(root)
    size = len(quads) // batches + 1
    for i in range(0, len(quads), size):
        store.native.bulk_extend(quads[i : i + size])
    del store
    gc.collect()
    assert save_projection(_reopen(root)) is not None
    gc.collect()
    gen = next(root.glob("gen-*"))
    assert len(saved_projection_state(gen)) > 10  # several files per index: not compacted
    return gen


def _changes(gen: Path, before: list[list[Any]], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if saved_projection_state(gen) != before:
            return True
        time.sleep(0.05)
    return False


def test_a_writer_compacts_an_uncompacted_store_and_retires_the_saved_file(
    reasoned: OxigraphStore, tmp_path: Path
) -> None:
    """Why the server does not open a writer before its first write: a writer that merely
    opens a bulk-loaded store starts compacting it (Oxigraph's RocksDB options), which
    changes the files the saved projection is keyed by."""
    gen = _batched(reasoned, tmp_path / "store")
    before = saved_projection_state(gen)
    writer = ox.Store(str(gen))
    try:
        assert _changes(gen, before, 10.0)
    finally:
        del writer
        gc.collect()
    assert Projection(_reopen(tmp_path / "store")).source == "queries"


def test_a_live_store_keeps_the_saved_projection_until_its_first_write(
    reasoned: OxigraphStore, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    gen = _batched(reasoned, root)
    before = saved_projection_state(gen)
    live = LiveStore(root, poll_interval=0.05)
    try:
        assert not live.writer_open
        assert not _changes(gen, before, 1.5)  # served read-only: nothing compacts it
        assert projection(live).source == "saved"
        assert Projection(_reopen(root)).source == "saved"  # and every other reader
        # it still keeps other writers out, as an open writer did
        code = "import pyoxigraph as ox, sys\nox.Store(sys.argv[1])\n"
        done = subprocess.run(
            [sys.executable, "-c", code, str(gen)], capture_output=True, text=True, check=False
        )
        assert done.returncode != 0 and "lock" in done.stderr.lower()
        with pytest.raises(StoreLocked):
            OxigraphStore(root)
        # the first write opens the writer; the projection follows the write
        claim, sign = _a_claim(live)
        live.update(_flip_sign(claim, sign))
        assert live.writer_open
        got = projection(live)
        assert got.source == "queries"
        u, v, key = got.claim_edges[claim]
        assert got.graph.edges[u, v, key]["sign"] == -sign
    finally:
        live.close()
        del live
        gc.collect()
    # closed, the lock is gone: a writer can open the store again
    OxigraphStore(root)


def test_hold_writer_lock_keeps_other_writers_out_until_released(tmp_path: Path) -> None:
    gen = tmp_path / "db"
    ox.Store(str(gen)).add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    gc.collect()
    assert hold_writer_lock(tmp_path / "none") is None  # no pyoxigraph directory there
    code = "import pyoxigraph as ox, sys\nox.Store(sys.argv[1])\nprint('opened')\n"

    def other() -> bool:
        done = subprocess.run(
            [sys.executable, "-c", code, str(gen)], capture_output=True, text=True, check=False
        )
        return done.returncode == 0

    fd = hold_writer_lock(gen)
    assert fd is not None
    try:
        assert not other()
        with pytest.raises(StoreLocked):
            hold_writer_lock(gen)  # a second holder (here: through another descriptor)
        # a read-only handle in this process does not disturb it
        reader = ox.Store.read_only(str(gen))
        assert len(reader) == 1
        del reader
        gc.collect()
        assert not other()
    finally:
        release_writer_lock(fd)
    assert other()
    OxigraphStore._at(gen)  # and this process may open it for writing again
