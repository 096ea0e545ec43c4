"""The fully built graph (after reasoning) as a linked-data citizen: declared, OWL 2 DL, PROV."""

from __future__ import annotations

import shutil

import pytest

from kg.checks import violations
from kg.cube import cube_violations
from kg.profile import check_dl_profile
from kg.store import OxigraphStore

BUILD_GRAPHS = (
    "https://w3id.org/tradekg/graph/ontology",
    "https://w3id.org/tradekg/graph/document/",
    "https://w3id.org/tradekg/graph/inferred",
)


def test_no_undeclared_term_after_reasoning(reasoned: OxigraphStore) -> None:
    assert [v for v in violations(reasoned) if v.check == "undeclared-term-violation"] == []


def test_the_reasoned_cube_is_well_formed(reasoned: OxigraphStore) -> None:
    assert cube_violations(reasoned) == []


@pytest.mark.skipif(shutil.which("java") is None, reason="the OWL API runs on Java 17")
def test_the_built_graph_is_owl2_dl(reasoned: OxigraphStore) -> None:
    quads = [q for g in reasoned.graphs() if g.startswith(BUILD_GRAPHS) for q in reasoned.quads(g)]
    report = check_dl_profile(quads)
    assert report.axioms > 10_000
    assert report.ok, report.violations[:10]


def test_the_build_is_a_prov_activity(reasoned: OxigraphStore) -> None:
    rows = reasoned.select("""
        SELECT ?a ?start ?end ?reasoner ?agent WHERE {
          ?a a prov:Activity , tk:Build ; prov:startedAtTime ?start ; prov:endedAtTime ?end ;
             tk:reasoner ?reasoner ; prov:wasAssociatedWith ?agent .
          ?agent a prov:SoftwareAgent .
        }""")
    assert len(rows) == 1
    row = rows[0]
    assert row["start"] <= row["end"]
    assert row["reasoner"] in {"hermit", "owlrl"} and row["agent"].endswith(row["reasoner"])
    used = {
        r["id"]
        for r in reasoned.select(
            "SELECT ?id WHERE { ?a a tk:Build ; prov:used ?r . ?r a tk:Rule ; tk:ruleId ?id }"
        )
    }
    # every rule id a derived fact names is a rule the build used
    named = {r["id"] for r in reasoned.select("SELECT DISTINCT ?id { ?d tk:ruleId ?id }")}
    assert named <= used and {"period-status", "owl-classification"} <= used


def test_links_to_the_world_use_skos(reasoned: OxigraphStore) -> None:
    rows = reasoned.select("""
        SELECT ?qid ?iso WHERE { tkd:economy\\/JPN skos:exactMatch ?qid ; skos:notation ?iso .
          FILTER (DATATYPE(?iso) = tk:iso3166Alpha3) }""")
    assert rows == [{"qid": "http://www.wikidata.org/entity/Q17", "iso": "JPN"}]
    assert reasoned.ask("""ASK { tkd:currency\\/JPY skos:notation ?c .
                               FILTER (?c = "JPY"^^tk:iso4217) }""")
    assert not reasoned.ask("ASK { ?s tk:wikidata ?o }")
    unmotivated = reasoned.select(
        "SELECT ?a { ?a a oa:Annotation . FILTER NOT EXISTS { ?a oa:motivatedBy oa:describing } }"
    )
    assert unmotivated == []


def test_years_are_numbers(reasoned: OxigraphStore) -> None:
    rows = reasoned.select("""
        SELECT ?y ?dt WHERE { { ?x tk:periodStart ?y } UNION { ?x tk:validFrom ?y }
                              UNION { ?x tk:year ?y } BIND (DATATYPE(?y) AS ?dt) }""")
    assert rows and {r["dt"] for r in rows} == {"http://www.w3.org/2001/XMLSchema#integer"}
    assert all(isinstance(r["y"], int) for r in rows)
