"""Bulk loading a file into the store and compacting it: same content, lenient parsing."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import OxigraphStore

QUADS = (
    '<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g1> .\n'
    '<urn:a> <urn:q> "x"@en <urn:g1> .\n'
    "<urn:b> <urn:p> <urn:a> <urn:g2> .\n"
    '<urn:b> <urn:q> "in the default graph" .\n'
)


def _content(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.quads()}


def test_load_file_loads_what_load_loads(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text(QUADS, encoding="utf-8")
    want = OxigraphStore()
    want.native.load(input=QUADS, format=ox.RdfFormat.N_QUADS)
    store = OxigraphStore(tmp_path / "store")
    before = store.generation
    store.load_file(path)
    assert _content(store) == _content(want) and store.count() == 4
    assert store.generation != before  # caches keyed on it rebuild


def test_compact_keeps_the_content(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text(QUADS, encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    store.load_file(path)
    want = _content(store)
    store.compact()
    assert _content(store) == want
    del store
    gc.collect()
    reread = OxigraphStore(tmp_path / "store", read_only=True)
    assert _content(reread) == want
    reread.compact()  # read-only: nothing to compact, no error
    assert _content(reread) == want


def test_a_broken_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.nq"
    path.write_text("<urn:a> <urn:p> .\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        OxigraphStore(tmp_path / "store").load_file(path)
