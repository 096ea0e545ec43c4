"""Fixtures of the rule-engine tests: a reasoned in-memory graph shared by the session."""

from __future__ import annotations

import pytest

from kg.build import build_memory
from kg.store import OxigraphStore
from rules.materialize import post_load


@pytest.fixture(scope="session")
def reasoned() -> OxigraphStore:
    """The bundled graph after classification and the rules: read-only for tests."""
    store, _ = build_memory(post_load=post_load)
    return store


def key(iri: str) -> str:
    return iri.rsplit("/var/", 1)[-1]
