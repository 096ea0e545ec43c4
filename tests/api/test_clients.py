"""Real SPARQL clients against the running server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SELECT = "SELECT ?o WHERE { GRAPH <urn:tradekg:test:user> { <urn:t:a> <urn:t:p> ?o } } ORDER BY ?o"
CONSTRUCT = (
    "CONSTRUCT { ?s <urn:t:p> ?o } WHERE { GRAPH <urn:tradekg:test:user> { ?s <urn:t:p> ?o } }"
)
EXPECTED = {"plain", "42", "1.5", "true", "typed", "ünïcødé ✓ <&>"}
METHODS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]


def wrapper(server, fmt: str, method: str, request: str, query: str = SELECT) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setRequestMethod(request)
    return sw


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_json(server, method: str, request_method: str) -> None:
    res = wrapper(server, JSON, method, request_method).queryAndConvert()
    assert isinstance(res, dict)
    got = {b["o"]["value"] for b in res["results"]["bindings"]}
    assert got >= EXPECTED


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_xml(server, method: str, request_method: str) -> None:
    doc = wrapper(server, XML, method, request_method).queryAndConvert()
    literals = {
        n.firstChild.data
        for n in doc.getElementsByTagName("literal")  # type: ignore[union-attr]
        if n.firstChild is not None
    }
    assert literals >= EXPECTED


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_csv(server, method: str, request_method: str) -> None:
    raw = wrapper(server, CSV, method, request_method).queryAndConvert()
    assert isinstance(raw, bytes)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == ["o"]
    assert {r[0] for r in rows[1:]} >= EXPECTED


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_tsv(server, method: str, request_method: str) -> None:
    raw = wrapper(server, TSV, method, request_method).queryAndConvert()
    assert isinstance(raw, bytes)
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "?o"
    assert {'"plain"', "42", "1.5", "true", '"typed"^^<urn:t:dt>'} <= set(lines[1:])


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_construct(server, fmt: str, method: str, request_method: str) -> None:
    res = wrapper(server, fmt, method, request_method, CONSTRUCT).queryAndConvert()
    if isinstance(res, bytes):  # SPARQLWrapper hands Turtle and N3 back unparsed
        g = rdflib.Graph().parse(data=res.decode("utf-8"), format="turtle")
    else:
        g = res
    assert isinstance(g, rdflib.Graph)
    assert len(g) == 11
    assert (rdflib.URIRef("urn:t:b"), rdflib.URIRef("urn:t:p"), rdflib.URIRef("urn:t:a")) in g


def test_sparqlwrapper_ask(server) -> None:
    res = wrapper(server, JSON, GET, URLENCODED, "ASK { ?s <urn:t:q> ?o }").queryAndConvert()
    assert res == {"head": {}, "boolean": True}


def test_sparqlwrapper_sees_a_bad_query_as_bad(server) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(server, JSON, GET, URLENCODED, "SELECT ?x WHERE {").query()


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore(server, method: str) -> None:
    store = SPARQLStore(query_endpoint=server.sparql, method=method)
    g = rdflib.Graph(store=store)
    rows = list(g.query(SELECT))
    assert {str(r[0]) for r in rows} >= EXPECTED  # type: ignore[index]
    lang = [r[0] for r in rows if getattr(r[0], "language", None)]  # type: ignore[index]
    assert lang and lang[0].language == "en"  # type: ignore[union-attr]
    assert bool(g.query("ASK { ?s <urn:t:q> 'in g2' }").askAnswer)
    typed = {r[0] for r in rows}  # type: ignore[index]
    assert rdflib.Literal(42) in typed and rdflib.Literal(True) in typed


@pytest.mark.parametrize("fmt", ["xml", "json", "csv"])
def test_rdflib_sparqlstore_result_formats(server, fmt: str) -> None:
    g = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql, returnFormat=fmt))
    assert {str(r[0]) for r in g.query(SELECT)} >= EXPECTED  # type: ignore[index]


def test_rdflib_sparqlstore_construct(server) -> None:
    g = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql))
    res = g.query(CONSTRUCT)
    assert res.graph is not None and len(res.graph) == 11


def test_rdflib_sparqlstore_triples(server) -> None:
    """rdflib's Graph API (triples, len) through the endpoint: the default graph is the union."""
    g = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql))
    objects = set(g.objects(rdflib.URIRef("urn:t:a"), rdflib.URIRef("urn:t:q")))
    assert objects == {rdflib.Literal("in g2")}


def test_rdflib_sparqlupdatestore(server) -> None:
    store = SPARQLUpdateStore(
        query_endpoint=server.sparql,
        update_endpoint=server.update,
        headers={"Authorization": f"Bearer {server.token}"},
    )
    g = rdflib.Graph(store=store, identifier=rdflib.URIRef("urn:tradekg:test:rdflib"))
    triple = (rdflib.URIRef("urn:t:x"), rdflib.URIRef("urn:t:y"), rdflib.Literal("z"))
    g.add(triple)
    ask = "ASK { GRAPH <urn:tradekg:test:rdflib> { <urn:t:x> <urn:t:y> 'z' } }"
    reader = rdflib.Graph(store=SPARQLStore(query_endpoint=server.sparql))
    assert bool(reader.query(ask).askAnswer)
    g.remove(triple)
    assert not bool(reader.query(ask).askAnswer)


def test_rdflib_sparqlupdatestore_cannot_touch_build_graphs(server) -> None:
    store = SPARQLUpdateStore(
        query_endpoint=server.sparql,
        update_endpoint=server.update,
        headers={"Authorization": f"Bearer {server.token}"},
    )
    g = rdflib.Graph(
        store=store, identifier=rdflib.URIRef("https://w3id.org/tradekg/graph/ontology")
    )
    with pytest.raises(Exception, match="403"):  # rdflib raises urllib's HTTPError
        g.add((rdflib.URIRef("urn:t:x"), rdflib.URIRef("urn:t:y"), rdflib.Literal("z")))
