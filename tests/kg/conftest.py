"""Fixtures of the kg tests: a small good claim file and a store built from it on disk."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import owl
from kg.build import build
from kg.store import OxigraphStore


def _nquads(path: Path) -> list[str]:
    store = OxigraphStore(path, read_only=True)
    lines = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()
    del store
    return sorted(lines)


@pytest.fixture(scope="session")
def nquads() -> Callable[[Path], list[str]]:
    """A function: store path -> its content as sorted N-Quads lines (opened read-only)."""
    return _nquads


@pytest.fixture(scope="session")
def mini_file(data_dir: Path) -> Path:
    return data_dir / "good" / "mini.yaml"


@pytest.fixture(scope="module")
def mini_store(tmp_path_factory: pytest.TempPathFactory, mini_file: Path) -> Path:
    """A store on disk built from ``tests/data/good/mini.yaml``."""
    path = tmp_path_factory.mktemp("mini") / "store"
    build(path, claim_files=[mini_file])
    return path


@pytest.fixture(scope="session")
def hermit(kg_store: OxigraphStore) -> owl.OwlResult:
    """HermiT over the whole graph (one JVM run per session)."""
    if shutil.which("java") is None:
        pytest.skip("Java is missing: HermiT cannot run")
    return owl.reason(kg_store, engine="hermit")


@pytest.fixture(scope="session")
def classified(kg_store: OxigraphStore, request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    """OWL classifications of the graph: HermiT's, or owlrl's where Java is missing."""
    if owl.java_available():
        result: owl.OwlResult = request.getfixturevalue("hermit")
        return result.classified
    return owl.reason(kg_store, engine="owlrl").classified
