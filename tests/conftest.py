"""Shared fixtures: the compiled claims, the source document and a checked in-memory graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.compile import Compiled, compile_files
from kg.document import Document, load_document
from kg.store import OxigraphStore

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``tests/data`` (with ``good/`` and ``bad/``)."""
    return DATA


@pytest.fixture(scope="session")
def compiled() -> Compiled:
    """kg/claims/*.yaml compiled (validated, not loaded)."""
    return compile_files()


@pytest.fixture(scope="session")
def document(compiled: Compiled) -> Document:
    """The source document the claims quote."""
    return load_document(compiled.files[0].document)


@pytest.fixture(scope="session")
def kg_store() -> OxigraphStore:
    """The whole graph (ontology + documents) in memory, SHACL and violation checks passed.

    Shared by many tests: do not write to it; build your own for destructive tests.
    """
    store, _ = build_memory()
    return store
