"""`tradekg build`: idempotent, content-derived, built aside and swapped in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.build import build, build_memory, is_built
from kg.store import open_store


def test_two_builds_give_the_same_quads(
    tmp_path: Path, nquads: Callable[[Path], list[str]]
) -> None:
    first = build(tmp_path / "a")
    second = build(tmp_path / "b")
    assert first.triples == second.triples > 5000
    assert (first.claims, first.identities, first.observations) == (
        second.claims,
        second.identities,
        second.observations,
    )
    assert nquads(tmp_path / "a") == nquads(tmp_path / "b")


def test_building_twice_into_one_store_changes_nothing(
    tmp_path: Path, nquads: Callable[[Path], list[str]]
) -> None:
    path = tmp_path / "store"
    first = build(path)
    before = nquads(path)
    second = build(path)
    assert second.triples == first.triples
    assert nquads(path) == before
    assert is_built(path)
    assert not path.with_name("store.new").exists()
    assert not path.with_name("store.old").exists()


def test_memory_build_matches_disk_build(
    mini_file: Path, mini_store: Path, nquads: Callable[[Path], list[str]]
) -> None:
    store, comp = build_memory([mini_file])
    assert sorted(store.dump().decode("utf-8").splitlines()) == nquads(mini_store)
    assert set(comp.claims) == {"yen-energy-import-bill", "weak-currency-boosts-exports"}


def test_user_graphs_survive_a_rebuild(tmp_path: Path, mini_file: Path) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[mini_file])
    store = open_store(path)
    store.update('INSERT DATA { GRAPH <urn:my:notes> { <urn:a> <urn:b> "kept" } }')
    store.flush()
    del store
    build(path, claim_files=[mini_file])
    store = open_store(path, read_only=True)
    assert store.select("SELECT ?o WHERE { GRAPH <urn:my:notes> { <urn:a> <urn:b> ?o } }") == [
        {"o": "kept"}
    ]
