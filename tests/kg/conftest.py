"""Fixtures of the kg tests: a small good claim file and a store built from it on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

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
