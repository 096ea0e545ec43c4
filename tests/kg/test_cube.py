"""The Data Cube integrity constraints: the built cube passes, and each IC catches its fault."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.cube import cube_violations, integrity_queries
from kg.store import OxigraphStore

GRAPH = ox.NamedNode("https://w3id.org/tradekg/graph/document/cube-test")
PREFIXES = """
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""
# A small well-formed cube in the abbreviated form (the attribute is on the data set).
BASE = """
ex:dsd a qb:DataStructureDefinition ;
  qb:component [ qb:dimension ex:d ] , [ qb:measure ex:m ] ,
               [ qb:attribute ex:a ; qb:componentRequired true ;
                 qb:componentAttachment qb:DataSet ] .
ex:d a qb:DimensionProperty ; rdfs:range xsd:string .
ex:m a qb:MeasureProperty .
ex:ds a qb:DataSet ; qb:structure ex:dsd ; ex:a "x" .
ex:o1 qb:dataSet ex:ds ; ex:d "1" ; ex:m 1 .
ex:o2 qb:dataSet ex:ds ; ex:d "2" ; ex:m 2 .
"""
MEASURE_DIMENSION = """
ex:dsdm a qb:DataStructureDefinition ;
  qb:component [ qb:dimension qb:measureType ] , [ qb:dimension ex:d ] ,
               [ qb:measure ex:m ] , [ qb:measure ex:m2 ] .
qb:measureType rdfs:range qb:MeasureProperty .
ex:dsm a qb:DataSet ; qb:structure ex:dsdm .
"""
CODED = """
ex:dsd qb:component [ qb:dimension ex:dc ] .
ex:dc a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:list .
ex:o1 ex:dc ex:root .
"""
# (constraint, the Turtle that breaks it, the focus the check must name)
CASES = [
    ("ic-01", "ex:o3 a qb:Observation ; ex:d '3' ; ex:m 3 .", "o3"),
    ("ic-02", "ex:ds2 a qb:DataSet .", "ds2"),
    (
        "ic-03",
        "ex:dsd2 a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:d ] .",
        "dsd2",
    ),
    ("ic-04", "ex:d2 a qb:DimensionProperty .", "d2"),
    ("ic-05", "ex:d3 a qb:DimensionProperty ; rdfs:range skos:Concept .", "d3"),
    (
        "ic-06",
        "ex:dsd qb:component [ qb:dimension ex:d4 ; qb:componentRequired false ] . "
        "ex:d4 rdfs:range xsd:string .",
        "dsd",
    ),
    ("ic-07", "ex:sk a qb:SliceKey .", "sk"),
    (
        "ic-08",
        "ex:dsd qb:sliceKey ex:sk . ex:sk a qb:SliceKey ; qb:componentProperty ex:zz .",
        "sk",
    ),
    ("ic-09", "ex:sl a qb:Slice .", "sl"),
    (
        "ic-10",
        "ex:dsd qb:sliceKey ex:sk . ex:sk a qb:SliceKey ; qb:componentProperty ex:d . "
        "ex:sl a qb:Slice ; qb:sliceStructure ex:sk .",
        "sl",
    ),
    ("ic-11", "ex:o3 qb:dataSet ex:ds ; ex:m 3 .", "o3"),
    ("ic-12", "ex:o3 qb:dataSet ex:ds ; ex:d '1' ; ex:m 5 .", "o3"),
    (
        "ic-13",
        "ex:ds2 a qb:DataSet ; qb:structure ex:dsd . ex:o4 qb:dataSet ex:ds2 ; ex:d '1' ; ex:m 1 .",
        "o4",
    ),
    ("ic-14", "ex:o3 qb:dataSet ex:ds ; ex:d '3' .", "o3"),
    (
        "ic-15",
        MEASURE_DIMENSION + "ex:p1 qb:dataSet ex:dsm ; ex:d '1' ; qb:measureType ex:m2 ; ex:m 1 .",
        "p1",
    ),
    (
        "ic-16",
        MEASURE_DIMENSION + "ex:p1 qb:dataSet ex:dsm ; ex:d '1' ; "
        "qb:measureType ex:m ; ex:m 1 ; ex:m2 2 .",
        "p1",
    ),
    (
        "ic-17",
        MEASURE_DIMENSION + "ex:p1 qb:dataSet ex:dsm ; ex:d '1' ; qb:measureType ex:m ; ex:m 1 .",
        "p1",
    ),
    (
        "ic-18",
        "ex:ds2 a qb:DataSet ; qb:structure ex:dsd ; ex:a 'y' ; qb:slice ex:sl . "
        "ex:sl qb:observation ex:o1 .",
        "o1",
    ),
    (
        "ic-19",
        CODED + "ex:list a skos:ConceptScheme . ex:o2 ex:dc ex:stranger . "
        "ex:root a skos:Concept ; skos:inScheme ex:list .",
        "o2",
    ),
    (
        "ic-19",
        CODED + "ex:list a skos:Collection ; skos:member ex:root . "
        "ex:root a skos:Concept . ex:o2 ex:dc ex:stranger .",
        "o2",
    ),
    (
        "ic-20",
        CODED + "ex:list a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:top ; "
        "qb:parentChildProperty ex:narrower . ex:top ex:narrower ex:root . "
        "ex:o2 ex:dc ex:orphan .",
        "o2",
    ),
    (
        "ic-21",
        CODED + "ex:list a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:top ; "
        "qb:parentChildProperty [ owl:inverseOf ex:broader ] . "
        "ex:root ex:broader ex:top . ex:o2 ex:dc ex:orphan .",
        "o2",
    ),
]


def _store(turtle: str) -> OxigraphStore:
    store = OxigraphStore()
    triples = ox.parse((PREFIXES + turtle).encode(), format=ox.RdfFormat.TURTLE)
    store.add_quads(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in triples)
    return store


def test_there_is_one_check_per_constraint() -> None:
    assert [name[:5] for name in integrity_queries()] == [f"ic-{n:02d}" for n in range(1, 22)]


def test_the_small_cube_is_well_formed() -> None:
    assert cube_violations(_store(BASE)) == []


@pytest.mark.parametrize(("ic", "turtle", "focus"), CASES, ids=[c[0] for c in CASES])
def test_each_constraint_catches_its_fault(ic: str, turtle: str, focus: str) -> None:
    found = cube_violations(_store(BASE + turtle))
    assert (ic, f"http://example.org/{focus}") in {(c[:5], f) for c, f, _m in found}, found


def test_the_built_cube_is_well_formed(kg_store: OxigraphStore) -> None:
    assert cube_violations(kg_store) == []


def test_every_observation_is_in_the_data_set_of_its_kind(kg_store: OxigraphStore) -> None:
    rows = kg_store.select("""
        SELECT ?kind ?ds ?dsd ?setKind (COUNT(?o) AS ?n) WHERE {
          ?o a qb:Observation ; tk:kind ?kind ; qb:dataSet ?ds .
          ?ds a qb:DataSet ; qb:structure ?dsd ; tk:kind ?setKind .
        } GROUP BY ?kind ?ds ?dsd ?setKind""")
    assert rows and all(r["kind"] == r["setKind"] for r in rows)
    assert all(r["ds"].endswith("/dataset/" + r["kind"]) for r in rows)
    structures = {r["kind"]: r["dsd"].rsplit("#", 1)[-1] for r in rows}
    assert structures["movement"] == "movementStructure"
    assert structures["level"] == "figureStructure"
    assert sum(r["n"] for r in rows) == len(kg_store.select("SELECT ?o { ?o a qb:Observation }"))


def test_kind_is_no_longer_a_sub_property_of_a_class(kg_store: OxigraphStore) -> None:
    assert not kg_store.ask("ASK { ?p rdfs:subPropertyOf qb:MeasureProperty }")
    assert kg_store.ask("ASK { tk:kind a qb:AttributeProperty }")
