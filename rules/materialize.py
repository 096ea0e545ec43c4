"""Materialisation after a build: OWL classification and SPARQL rules to a fixpoint."""

from __future__ import annotations

from kg.store import OxigraphStore

__all__ = ["post_load"]


def post_load(store: OxigraphStore) -> dict[str, object]:
    """Run classification and rules over a freshly loaded store; return counts.

    Filled in by the rule engine (issue #3); until then it derives nothing.
    """
    return {"derived": 0}
