"""OWL 2 DL: the ontology passes the profile check; the check catches what HermiT refuses."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg.checks import violations
from kg.compile import ontology_quads
from kg.profile import check_dl_profile, datatype_violations
from kg.store import OxigraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TK = "https://w3id.org/tradekg/ontology#"

needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="the OWL API profile check runs on Java 17"
)


@needs_java
def test_the_ontology_is_owl2_dl() -> None:
    report = check_dl_profile(ontology_quads())
    assert report.axioms > 1000
    assert report.ok, report.violations[:10]


@needs_java
def test_the_profile_check_catches_an_undeclared_property() -> None:
    bad = [
        ox.Triple(
            ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:undeclared"), ox.NamedNode("urn:x:b")
        )
    ]
    report = check_dl_profile([*ontology_quads(), *bad])
    assert any("urn:x:undeclared" in v for v in report.violations), report.violations


def test_a_gyear_literal_is_outside_the_datatype_map() -> None:
    year = ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear"))
    found = datatype_violations(
        [ox.Triple(ox.NamedNode("urn:x:a"), ox.NamedNode(TK + "year"), year)]
    )
    assert len(found) == 1 and "gYear" in found[0]


def test_an_iso_code_datatype_is_allowed_on_an_annotation_only() -> None:
    code = ox.Literal("JPN", datatype=ox.NamedNode(TK + "iso3166Alpha3"))
    notation = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
    onto = [q.triple for q in ontology_quads()]
    jpn = ox.NamedNode("https://w3id.org/tradekg/id/economy/JPN")
    assert datatype_violations([*onto, ox.Triple(jpn, notation, code)]) == []
    assert datatype_violations([*onto, ox.Triple(jpn, ox.NamedNode(TK + "code"), code)])


def test_the_compiled_graph_uses_owl2_datatypes_only(kg_store: OxigraphStore) -> None:
    assert datatype_violations(q.triple for q in kg_store.quads()) == []


def test_an_undeclared_term_fails_the_build_checks(kg_store: OxigraphStore) -> None:
    store = OxigraphStore()
    store.add_quads(kg_store.quads())
    g = ox.NamedNode("https://w3id.org/tradekg/graph/document/extra")
    store.add_quads(
        [
            ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode(TK + "madeUp"), ox.Literal("x"), g),
            ox.Quad(ox.NamedNode("urn:x:a"), RDF_TYPE, ox.NamedNode(TK + "MadeUpClass"), g),
        ]
    )
    found = {v.focus for v in violations(store) if v.check == "undeclared-term-violation"}
    assert found == {TK + "madeUp", TK + "MadeUpClass"}
    assert not [v for v in violations(kg_store) if v.check == "undeclared-term-violation"]


def test_user_graphs_may_use_their_own_terms(kg_store: OxigraphStore) -> None:
    store = OxigraphStore()
    store.add_quads(kg_store.quads())
    store.add_quads(
        [
            ox.Quad(
                ox.NamedNode("urn:x:a"),
                ox.NamedNode("urn:x:mine"),
                ox.Literal("x"),
                ox.NamedNode("urn:example:notes"),
            )
        ]
    )
    assert not [v for v in violations(store) if v.check == "undeclared-term-violation"]


def test_every_tradekg_term_has_label_definition_and_defined_by(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?t WHERE { GRAPH <https://w3id.org/tradekg/graph/ontology> {
          ?t a ?type . FILTER (STRSTARTS(STR(?t), STR(tk:)))
          FILTER (?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
                            owl:AnnotationProperty, rdfs:Datatype))
          FILTER NOT EXISTS { ?t rdfs:label ?l ; skos:definition ?d ;
                                 rdfs:isDefinedBy <https://w3id.org/tradekg/ontology> }
        } }""")
    assert rows == []
    assert (
        len(
            kg_store.select("SELECT ?t { ?t rdfs:isDefinedBy <https://w3id.org/tradekg/ontology> }")
        )
        > 100
    )
