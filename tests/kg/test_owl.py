"""OWL DL reasoning: HermiT consistency, rejection of bad ontologies, classification, fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import owl
from kg.compile import ontology_quads
from kg.errors import KGError, OwlInconsistent, ReasonerError
from kg.store import OxigraphStore

TK = "https://w3id.org/tradekg/ontology#"
ECO = "https://w3id.org/tradekg/id/economy/"
needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="Java is missing: HermiT cannot run"
)
# The timeless classes the rules depend on; both engines must agree on them.
RULE_CLASSES = {TK + "FuelImporter", TK + "FoodImporter", TK + "ReserveCurrencyIssuer"}
EXPECTED = {
    (ECO + "JPN", TK + "FuelImporter"),
    (ECO + "JPN", TK + "FoodImporter"),
    (ECO + "USA", TK + "ReserveCurrencyIssuer"),
}


@pytest.fixture(scope="module")
def owlrl_result(kg_store: OxigraphStore) -> owl.OwlResult:
    return owl.reason(kg_store, engine="owlrl")


def bad_ontology(data_dir: Path, name: str) -> list[ox.Quad]:
    """The TBox and vocabulary plus one bad Turtle file from tests/data/bad."""
    extra = ox.parse(path=str(data_dir / "bad" / name), format=ox.RdfFormat.TURTLE)
    return ontology_quads() + [
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in extra
    ]


@needs_java
def test_hermit_finds_ontology_and_data_consistent(hermit: owl.OwlResult) -> None:
    report = hermit.report
    assert report.consistent, report.message
    assert report.unsatisfiable == []
    assert report.ok
    assert report.engine == "hermit"


@needs_java
def test_hermit_classifies_timeless_classes(hermit: owl.OwlResult) -> None:
    found = {pair for pair in hermit.classified if pair[1] in RULE_CLASSES}
    assert found == EXPECTED


@needs_java
def test_classification_never_repeats_a_told_type(
    hermit: owl.OwlResult, kg_store: OxigraphStore
) -> None:
    told = {(r["x"], r["c"]) for r in kg_store.select("SELECT ?x ?c WHERE { ?x a ?c }")}
    assert not told & set(hermit.classified)
    assert hermit.classified == sorted(hermit.classified)


@needs_java
def test_classify_takes_quads() -> None:
    # The economies and their facts live in the ontology graph: enough to classify them.
    assert set(owl.classify(ontology_quads(), engine="hermit")) >= EXPECTED


@needs_java
@pytest.mark.parametrize(
    ("name", "individual", "classes"),
    [
        ("owl-country-and-bloc.ttl", "economy/JPN", ("#Bloc", "#Country")),
        ("owl-claim-and-identity.ttl", "claim/balance-is-a-cause", ("#CausalClaim", "#Identity")),
    ],
)
def test_hermit_rejects_a_broken_disjointness(
    data_dir: Path, name: str, individual: str, classes: tuple[str, str]
) -> None:
    quads = bad_ontology(data_dir, name)
    report = owl.check_consistency(quads, engine="hermit")
    assert not report.consistent
    assert individual in report.message
    assert all(c in report.message for c in classes)


@needs_java
def test_classify_refuses_an_inconsistent_graph(data_dir: Path) -> None:
    with pytest.raises(OwlInconsistent) as info:
        owl.classify(bad_ontology(data_dir, "owl-country-and-bloc.ttl"), engine="hermit")
    assert isinstance(info.value, KGError)
    assert "economy/JPN" in str(info.value) and "fix:" in str(info.value)


@needs_java
def test_hermit_reports_an_unsatisfiable_class(data_dir: Path) -> None:
    report = owl.check_consistency(
        bad_ontology(data_dir, "owl-unsatisfiable-class.ttl"), engine="hermit"
    )
    assert report.consistent
    assert report.unsatisfiable == [TK + "CountryBloc"]
    assert not report.ok
    assert "CountryBloc" in report.message


def test_owlrl_fallback_gives_the_same_rule_classes(owlrl_result: owl.OwlResult) -> None:
    assert owlrl_result.report.consistent
    assert owlrl_result.report.engine == "owlrl"
    assert {p for p in owlrl_result.classified if p[1] in RULE_CLASSES} == EXPECTED


@needs_java
def test_hermit_and_owlrl_agree(hermit: owl.OwlResult, owlrl_result: owl.OwlResult) -> None:
    assert owlrl_result.classified == hermit.classified


@pytest.mark.parametrize("name", ["owl-country-and-bloc.ttl", "owl-claim-and-identity.ttl"])
def test_owlrl_rejects_a_broken_disjointness(data_dir: Path, name: str) -> None:
    report = owl.check_consistency(bad_ontology(data_dir, name), engine="owlrl")
    assert not report.consistent
    assert "Disjoint classes" in report.message


def test_without_java_the_fallback_runs_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owl.shutil, "which", lambda _name: None)
    assert not owl.java_available()
    with pytest.warns(owl.OwlFallbackWarning, match="java not found"):
        report = owl.check_consistency(ontology_quads())
    assert report.engine == "owlrl"
    assert report.consistent
    with pytest.raises(ReasonerError, match="Java"):
        owl.check_consistency(ontology_quads(), engine="hermit")
