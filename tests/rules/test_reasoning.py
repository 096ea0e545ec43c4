"""Rules as data: fixpoint, deterministic IRIs, provenance, bad rule files, conditions, statuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.store import OxigraphStore
from rules.errors import RuleError
from rules.materialize import post_load
from rules.ruleset import load_rules, run_rules

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
INFERRED = "https://w3id.org/tradekg/graph/inferred"


def _inferred(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.quads(INFERRED)}


def test_second_pass_inserts_nothing(reasoned: OxigraphStore) -> None:
    before = _inferred(reasoned)
    counts = run_rules(reasoned, load_rules())
    assert sum(counts.values()) == 0
    assert _inferred(reasoned) == before


def test_rules_derive_instances_and_statuses(reasoned: OxigraphStore) -> None:
    rows = reasoned.select(
        "SELECT ?i WHERE { ?i tk:instanceOf tkd:claim\\/j-curve-short-run ; "
        "tk:scope tkd:economy\\/JPN }"
    )
    assert [r["i"] for r in rows] == ["https://w3id.org/tradekg/id/claim/j-curve-short-run/JPN"]
    # a two-role pattern: a surplus nation buying a deficit nation's bonds
    pair = reasoned.select(
        "SELECT ?c ?e WHERE { ?i tk:instanceOf tkd:claim\\/surplus-recycling-into-bonds ; "
        "tk:cause/tk:key ?c ; tk:effect/tk:key ?e }"
    )
    assert {
        "c": "CHN/USA/goodsBalance/total/value",
        "e": "CHN/USA/bondPurchases/total/value",
    } in pair
    # Fed hikes drawing capital from emerging markets: issuer classified by HermiT/OWL RL
    fed = reasoned.select(
        "SELECT ?e WHERE { ?i tk:instanceOf tkd:claim\\/fed-hikes-drain-emerging-markets ; "
        'tk:effect/tk:key ?e ; tk:cause/tk:key "USA/WLD/policyRate/total/rate" }'
    )
    assert {r["e"].split("/")[0] for r in fed} >= {"ARG", "TUR", "EME"}


def test_period_statuses_from_observations(reasoned: OxigraphStore) -> None:
    rows = reasoned.select(
        "SELECT ?kind ?p WHERE { ?s a tk:PeriodStatus ; tk:aboutEconomy tkd:economy\\/JPN ; "
        "tk:statusKind ?kind ; tk:period ?p }"
    )
    got = {(r["kind"], r["p"]) for r in rows}
    assert ("deficit", "2022") in got and ("deficit", "2021-2024") in got
    assert ("surplus", "1980s-2010") in got
    assert ("surplus", "2022") not in got


def test_every_derived_fact_names_rule_and_premises(reasoned: OxigraphStore) -> None:
    # one query answers why a derived fact holds
    rows = reasoned.select(
        "SELECT ?rule ?premise WHERE { tkd:claim\\/j-curve-short-run\\/JPN tk:ruleId ?rule ; "
        "prov:wasDerivedFrom ?premise }"
    )
    assert {r["rule"] for r in rows} == {"instantiate-single-role"}
    assert {r["premise"] for r in rows} == {
        "https://w3id.org/tradekg/id/claim/j-curve-short-run",
        "https://w3id.org/tradekg/id/economy/JPN",
    }
    missing = reasoned.select(
        """SELECT ?s WHERE { GRAPH <https://w3id.org/tradekg/graph/inferred> {
             { ?s a tk:MechanismInstance } UNION { ?s a tk:IdentityInstance } UNION
             { ?s a tk:PeriodStatus } UNION { ?s a tk:ConditionState } UNION
             { ?s a tk:Derivation } }
           FILTER NOT EXISTS { ?s tk:ruleId ?r } }"""
    )
    assert missing == []


def test_classification_is_recorded_as_derived(reasoned: OxigraphStore) -> None:
    rows = reasoned.select(
        'SELECT ?s ?o ?r WHERE { ?d tk:ruleId "owl-classification" ; tk:derivedSubject ?s ; '
        "tk:derivedObject ?o ; tk:reasoner ?r }"
    )
    got = {(r["s"].rsplit("/", 1)[-1], r["o"].rsplit("#", 1)[-1]) for r in rows}
    assert {
        ("JPN", "FuelImporter"),
        ("JPN", "FoodImporter"),
        ("USA", "ReserveCurrencyIssuer"),
    } <= got


def test_classifications_same_under_owl_rl_fallback() -> None:
    """The classes the rules depend on come out the same with HermiT and with owlrl."""
    hermit, _ = build_memory(check=False)
    fallback, _ = build_memory(check=False)
    from rules.materialize import classify_into

    classify_into(hermit)
    classify_into(fallback, force_fallback=True)
    q = (
        'SELECT ?s ?o WHERE { ?d tk:ruleId "owl-classification" ; tk:derivedSubject ?s ; '
        "tk:derivedObject ?o . FILTER (?o IN (tk:FuelImporter, tk:FoodImporter, "
        "tk:ReserveCurrencyIssuer, tk:ForeignBorrowingReliant)) }"
    )
    a = {(r["s"], r["o"]) for r in hermit.select(q)}
    b = {(r["s"], r["o"]) for r in fallback.select(q)}
    assert a == b and a


def test_conditions_are_explicit_facts(reasoned: OxigraphStore) -> None:
    rows = reasoned.select(
        "SELECT ?c ?status WHERE { ?c tk:conditionState ?s . ?s tk:aboutCondition/tk:code ?c2 ; "
        "tk:status ?status . FILTER (?c IN (tkd:claim\\/yen-energy-import-bill, "
        "tkd:claim\\/marshall-lerner\\/JPN)) }"
    )
    got = {(r["c"].split("/claim/")[1], r["status"].rsplit("#", 1)[1]) for r in rows}
    # a stated fact: Japan's imports are dollar-denominated
    assert ("yen-energy-import-bill", "Holds") in got
    # nothing says whether Marshall-Lerner holds for Japan: unknown, never 'fails'
    assert ("marshall-lerner/JPN", "Unknown") in got


@pytest.mark.parametrize(
    ("folder", "needle"),
    [
        ("rules-noid", "no '# id: NAME' line"),
        ("rules-bnode", "BNODE"),
        ("rules-syntax", "syntax error"),
        ("rules-dup", "duplicate rule id"),
        ("rules-graph", "inference graph"),
    ],
)
def test_bad_rule_files_fail_with_file_and_rule(folder: str, needle: str) -> None:
    with pytest.raises(RuleError) as info:
        load_rules(BAD / folder)
    text = str(info.value)
    assert needle in text
    assert str(BAD / folder) in text
    if folder != "rules-noid":
        assert "rule " in text  # the rule id is named
    assert "fix:" in text


def test_post_load_reports_counts() -> None:
    store, _ = build_memory(check=False)
    report = post_load(store, force_fallback=True)
    assert report["reasoner"] == "owlrl"
    assert isinstance(report["derived_quads"], int) and report["derived_quads"] > 1000
