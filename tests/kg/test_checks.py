"""SHACL shapes and the zero-row ``*-violation.rq`` modelling checks."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build_memory
from kg.checks import record_id, run_checks, shacl_violations, violation_queries, violations
from kg.errors import KGError, ShaclViolation
from kg.store import OxigraphStore

TK = "https://w3id.org/tradekg/ontology#"
CLAIM = "https://w3id.org/tradekg/id/claim/yen-energy-import-bill"


def test_every_modelling_rule_has_a_check() -> None:
    names = set(violation_queries())
    assert {
        "one-cause-effect-sign-violation",
        "quote-offsets-violation",
        "variable-key-violation",
        "inverse-label-violation",
    } <= names


def test_shacl_conforms_on_the_built_graph(kg_store: OxigraphStore) -> None:
    assert shacl_violations(kg_store) == []


@pytest.mark.parametrize("check", sorted(violation_queries()))
def test_violation_query_returns_no_row(kg_store: OxigraphStore, check: str) -> None:
    assert kg_store.select(violation_queries()[check]) == []


@pytest.fixture
def two_signs(mini_file: Path) -> OxigraphStore:
    """The mini graph with a second, contradicting sign on one claim."""
    store, _ = build_memory([mini_file])
    graph = next(g for g in store.graphs() if "/graph/document/" in g)
    store.add_quads(
        [
            ox.Quad(
                ox.NamedNode(CLAIM),
                ox.NamedNode(TK + "sign"),
                ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                ox.NamedNode(graph),
            )
        ]
    )
    return store


def test_shacl_reports_a_claim_with_two_signs(two_signs: OxigraphStore) -> None:
    found = shacl_violations(two_signs)
    assert [(v.focus, "exactly one sign" in v.message) for v in found] == [(CLAIM, True)]
    rules = {v.check for v in violations(two_signs) if v.focus == CLAIM}
    assert rules == {"one-cause-effect-sign-violation"}


def test_run_checks_names_the_record_and_where_it_is(two_signs: OxigraphStore) -> None:
    with pytest.raises(ShaclViolation) as info:
        run_checks(two_signs, records={"yen-energy-import-bill": ("mini.yaml", 6)})
    exc = info.value
    assert isinstance(exc, KGError)
    assert (exc.file, exc.line, exc.claim) == ("mini.yaml", 6, "yen-energy-import-bill")
    assert str(exc).startswith("mini.yaml:6 [yen-energy-import-bill]: ")
    assert "signs=2" in str(exc) and "fix:" in str(exc)


@pytest.mark.parametrize(
    ("focus", "rid"),
    [
        (CLAIM, "yen-energy-import-bill"),
        (CLAIM + "/evidence/target", "yen-energy-import-bill"),
        ("https://w3id.org/tradekg/id/observation/deficit-2024-level", "deficit-2024-level"),
        ("https://w3id.org/tradekg/id/var/JPN/WLD/goodsBalance/total/value", None),
    ],
)
def test_record_id_of_a_focus_node(focus: str, rid: str | None) -> None:
    assert record_id(focus) == rid
