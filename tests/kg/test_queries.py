"""SPARQL queries a user would ask, asserted on content."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.store import OxigraphStore

DOC = "https://w3id.org/tradekg/id/document/global_bop_sovereign_bonds_2025-12-15"
ECO = "https://w3id.org/tradekg/id/economy/"


def codes(rows: list[dict[str, object]], var: str = "e") -> set[str]:
    return {str(r[var]).rsplit("/", 1)[-1] for r in rows}


def test_claims_whose_effect_is_japans_goods_balance(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?id ?sign ?cause ?event ?quote ?section WHERE {
          ?c tk:claimId ?id ; tk:effect/tk:key "JPN/WLD/goodsBalance/total/value" ;
             tk:sign ?sign ; tk:quote ?quote ; tk:section ?section ; prov:wasDerivedFrom ?doc .
          OPTIONAL { ?c tk:cause/tk:key ?cause }
          OPTIONAL { ?c tk:event ?event }
        } ORDER BY ?id""")
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) >= {
        "weak-yen-drives-deficit",
        "offshoring-drives-deficit",
        "demography-drives-deficit",
    }
    yen = by_id["weak-yen-drives-deficit"]
    assert yen["cause"] == "JPN/WLD/currencyValue/total/value"
    assert yen["sign"] == 1  # the yen falls -> the balance falls (the deficit widens)
    assert "depreciating yen" in str(yen["quote"])
    assert str(yen["section"]).startswith("Page 1")
    assert by_id["offshoring-drives-deficit"]["sign"] == -1
    assert all(r["quote"] and (r.get("cause") or r.get("event")) for r in rows)


def test_observations_of_2024(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?id ?period ?quote WHERE {
          ?o a qb:Observation ; tk:claimId ?id ; tk:period ?period ; tk:quote ?quote ;
             tk:periodStart ?s ; tk:periodEnd ?e .
          FILTER (?s <= 2024 && 2024 <= ?e)
        }""")
    ids = {r["id"] for r in rows}
    assert ids >= {
        "deficit-2024-level",
        "deficit-2024-down-44pct",
        "deficit-2024",
        "deficit-narrowed-2024",
        "four-consecutive-deficits",
        "services-deficit-fy2024",
        "travel-surplus-fy2024",
    }
    assert not ids & {"china-share-rcep-2020", "china-share-rcep-2023", "chronic-surplus-era"}
    assert {r["period"] for r in rows} <= {"2024", "FY2024", "2021-2024", "2023-2024"}


@pytest.fixture(scope="module")
def with_classes(kg_store: OxigraphStore, classified: list[tuple[str, str]]) -> OxigraphStore:
    """The graph plus its OWL classifications (what a rule pass adds to the inferred graph)."""
    store = OxigraphStore()
    store.add_quads(kg_store.quads())
    g = ox.NamedNode("https://w3id.org/tradekg/graph/inferred")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.add_quads(ox.Quad(ox.NamedNode(i), rdf_type, ox.NamedNode(c), g) for i, c in classified)
    return store


COVERAGE = """
SELECT ?id ?slot ?e WHERE {
  ?m a tk:GeneralMechanism ; tk:claimId ?id .
  { ?m tk:scopeRole ?r BIND ("X" AS ?slot) } UNION { ?m tk:scopeRoleY ?r BIND ("Y" AS ?slot) }
  { ?e tk:hasRole ?r } UNION { ?e a ?r ; a/rdfs:subClassOf* tk:Economy }
  FILTER NOT EXISTS { ?e a tk:RoleSlot }
}"""


@pytest.mark.parametrize(
    ("mechanism", "x", "y"),
    [
        ("surplus-recycling-into-bonds", {"JPN", "CHN", "DEU"}, {"USA"}),
        # Indonesia only in background knowledge: the report never calls it an emerging market
        ("fed-hikes-drain-emerging-markets", {"USA"}, {"ARG", "TUR"}),
        ("core-structural-energy-deficit", {"JPN"}, {"AUS", "GCC", "MEA"}),
        ("sudden-stop-risk", {"ARG", "TUR"}, set()),
    ],
)
def test_general_mechanisms_and_the_economies_they_cover(
    with_classes: OxigraphStore, mechanism: str, x: set[str], y: set[str]
) -> None:
    rows = [r for r in with_classes.select(COVERAGE) if r["id"] == mechanism]
    # Roles come from the vocabulary, which may grow: the named economies at least.
    assert codes([r for r in rows if r["slot"] == "X"]) >= x
    assert codes([r for r in rows if r["slot"] == "Y"]) >= y
    assert not codes(rows) & {"X", "Y"}  # the slots themselves are not covered economies
    assert "IDN" not in codes(rows)


def test_owl_classes_decide_coverage(with_classes: OxigraphStore) -> None:
    rows = with_classes.select(COVERAGE)
    fed = [r for r in rows if r["id"] == "fed-hikes-attract-capital"]
    assert codes(fed) == {"USA"}  # the only reserve-currency issuer, found by OWL
    energy = [r for r in rows if r["id"] == "core-structural-energy-deficit" and r["slot"] == "X"]
    assert codes(energy) == {"JPN"}  # the only fuel importer


def test_general_mechanisms_state_their_roles(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?id ?role ?roleY ?quote WHERE {
          ?m a tk:GeneralMechanism ; tk:claimId ?id ; tk:scopeRole ?role ; tk:quote ?quote .
          OPTIONAL { ?m tk:scopeRoleY ?roleY }
        }""")
    assert len(rows) >= 20
    roles = {str(r["role"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for r in rows}
    assert roles >= {
        "SurplusNation",
        "DeficitNation",
        "EmergingMarket",
        "Country",
        "ReserveCurrencyIssuer",
        "FuelImporter",
    }
    weak = next(r for r in rows if r["id"] == "weak-currency-boosts-exports")
    assert weak["quote"] == (
        "A weaker currency can boost exports (improving trade balance) "
        "but may increase import costs."
    )


def test_identities_of_the_current_account(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?id ?key ?coef WHERE {
          ?i a tk:Identity ; tk:claimId ?id ; tk:target/tk:key ?t ;
             tk:term [ tk:variable/tk:key ?key ; tk:coefficient ?coef ] .
          FILTER (STRENDS(?t, "currentAccount/total/value"))
        }""")
    terms: dict[str, dict[str, int]] = {}
    for r in rows:
        terms.setdefault(str(r["id"]), {})[str(r["key"]).split("/")[2]] = int(r["coef"])
    parts = {"goodsBalance": 1, "servicesBalance": 1, "primaryIncome": 1, "secondaryIncome": 1}
    assert terms == {"current-account-components": parts, "travel-offsets-goods-deficit": parts}


def test_identities_are_never_causes(kg_store: OxigraphStore) -> None:
    assert not kg_store.ask("ASK { ?i a tk:Identity . { ?i tk:sign ?s } UNION { ?i tk:cause ?c } }")
