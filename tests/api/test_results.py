"""Results: the row-by-row writers match pyoxigraph's; the endpoint returns pyoxigraph's rows."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from api.protocol.negotiate import SOLUTION_FORMATS
from api.protocol.results import Limits, serialize_solutions
from api.protocol.runner import PREFIXES

FORMATS = {f.name: f for f in SOLUTION_FORMATS}
OX_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

WRITER_QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?o ?missing WHERE { ?s <urn:t:p> ?o OPTIONAL { ?s <urn:none> ?missing } } ORDER BY ?o",
    "SELECT * WHERE { ?s <urn:none> ?o }",
    "SELECT * WHERE { }",
    'SELECT ?d WHERE { VALUES ?d { "1.0E-3"^^xsd:double "INF"^^xsd:double "-0"^^xsd:double } }',
    'SELECT ?d WHERE { VALUES ?d { "1.0E-3"^^xsd:float "12"^^xsd:long } }',
    'SELECT ?x WHERE { VALUES ?x { "a\\u0000b" "tab\\there" "x\\r\\ny" "-0" "é\\"<>&" } }',
    "SELECT ?n WHERE { VALUES ?n { 1 -2 +3 1.50 .5 1e3 1.0E-3 true false } }",
    'SELECT ?n WHERE { VALUES ?n { "01"^^<http://www.w3.org/2001/XMLSchema#integer> '
    '"bad"^^<http://www.w3.org/2001/XMLSchema#integer> "x"@en-GB '
    '"y"^^<http://www.w3.org/2001/XMLSchema#date> } }',
    'SELECT ?t WHERE { BIND(<<( <urn:a> <urn:b> "c"@en--ltr )>> AS ?t) }',
    "SELECT ?t WHERE { BIND(<<( <urn:a> <urn:b> 7 )>> AS ?t) }",
    "SELECT ?b WHERE { ?b <urn:t:p> ?o FILTER isBlank(?b) }",
]


@pytest.fixture(scope="module")
def data_store() -> ox.Store:
    s = ox.Store()
    s.update(r"""INSERT DATA {
      <urn:t:a> <urn:t:p> "comma, \"quote\"\nnewline\ttab"@en , 42 , 1.5 , 1.0e3 , true ,
                          "plain" , "ünïcødé ✓ <&>" , "typed"^^<urn:t:dt> , _:b1 , "" .
      _:b1 <urn:t:p> "from a blank node" .
    }""")
    return s


@pytest.mark.parametrize("name", sorted(OX_FORMATS))
@pytest.mark.parametrize("query", WRITER_QUERIES)
def test_writers_match_pyoxigraph_byte_for_byte(
    data_store: ox.Store, query: str, name: str
) -> None:
    expected = data_store.query(query, prefixes=PREFIXES).serialize(format=OX_FORMATS[name])
    limits = Limits(row_cap=1000, deadline=time.monotonic() + 60, timeout=60)
    result = data_store.query(query, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    got = serialize_solutions(result, FORMATS[name], limits)
    assert got == expected


# --- the endpoint against pyoxigraph called directly --------------------------------------


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None:
        return None
    return "_:b" if isinstance(term, ox.BlankNode) else str(term)


def _json_key(b: dict[str, Any] | None) -> str | None:
    if b is None:
        return None
    if b["type"] == "bnode":
        return "_:b"
    if b["type"] == "uri":
        return str(ox.NamedNode(b["value"]))
    if "xml:lang" in b:
        return str(ox.Literal(b["value"], language=b["xml:lang"]))
    if "datatype" in b:
        return str(ox.Literal(b["value"], datatype=ox.NamedNode(b["datatype"])))
    return str(ox.Literal(b["value"]))


COMPARED = [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", {}),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {}),
    (
        "SELECT ?c ?cause ?effect WHERE { ?c a tk:CausalClaim ; tk:cause ?cause ; "
        "tk:effect ?effect }",
        {},
    ),
    ("SELECT ?c ?l WHERE { ?c a owl:Class OPTIONAL { ?c rdfs:label ?l } }", {}),
    ("SELECT DISTINCT ?p WHERE { ?s ?p ?o } ORDER BY ?p LIMIT 20 OFFSET 3", {}),
    ("SELECT ?s ?o WHERE { ?s <urn:t:p> ?o FILTER(isLiteral(?o) && lang(?o) = 'en') }", {}),
    ("SELECT ?o WHERE { ?s ?p ?o }", {"default_graph": ["urn:tradekg:test:g2"]}),
    (
        "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
        {"named_graphs": ["urn:tradekg:test:g2", "urn:tradekg:test:user"]},
    ),
    ("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:t:a> <urn:t:b> <urn:t:zz> }", {}),
    ("ASK { ?c a tk:CausalClaim }", {}),
]


def _direct(store: ox.Store, query: str, dataset: dict[str, list[str]]) -> Any:
    if dataset:
        return store.query(
            query,
            prefixes=PREFIXES,
            default_graph=[ox.NamedNode(g) for g in dataset.get("default_graph", [])],
            named_graphs=[ox.NamedNode(g) for g in dataset.get("named_graphs", [])],
        )
    return store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)


@pytest.mark.parametrize(("query", "dataset"), COMPARED)
def test_endpoint_returns_pyoxigraphs_rows(
    server, built_store, query: str, dataset: dict[str, list[str]]
) -> None:
    params: list[tuple[str, str]] = [("query", query)]
    params += [("default-graph-uri", g) for g in dataset.get("default_graph", [])]
    params += [("named-graph-uri", g) for g in dataset.get("named_graphs", [])]
    r = httpx.get(server.sparql, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    direct = _direct(built_store.direct, query, dataset)
    if isinstance(direct, ox.QueryBoolean):
        assert body["boolean"] is bool(direct)
        return
    variables = [v.value for v in direct.variables]
    assert body["head"]["vars"] == variables
    want = Counter(tuple(_key(t) for t in row) for row in direct)
    got = Counter(
        tuple(_json_key(b.get(v)) for v in variables) for b in body["results"]["bindings"]
    )
    assert got == want
    assert sum(want.values()) == len(body["results"]["bindings"])
