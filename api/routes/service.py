"""The SPARQL 1.1 Service Description of ``/sparql``, answered to GET without a query."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response

from api.protocol.negotiate import GRAPH_FORMATS, SOLUTION_FORMATS, accepts, parse_accept
from api.protocol.rdf import TRIPLE_FORMATS, choose_graph_format, serialize
from api.settings import Settings
from kg.store import OxigraphStore

__all__ = ["SD", "describe_service", "wants_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
# The W3C's unique IRIs for formats (http://www.w3.org/ns/formats/), by media type.
_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON-LD",
    "application/n-quads": "N-Quads",
}


def wants_description(accept: str | None) -> bool:
    """True when the Accept header names an RDF type (not only ``*/*``) it rates at least as
    high as HTML: a query-less GET then gets the service description, a browser the page."""
    ranges = parse_accept(accept)
    rdf = max(
        (
            accepts(ranges, t)
            for f in TRIPLE_FORMATS
            for t in f.selected_by()
            if any(r.type != "*" and r.matches(t) >= 1 for r in ranges)
        ),
        default=0.0,
    )
    return rdf > 0 and rdf >= accepts(ranges, "text/html")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def description(endpoint: str, store: OxigraphStore, settings: Settings) -> list[ox.Triple]:
    """The service description's triples: endpoint, languages, result formats, features,
    and the default dataset (the union default graph and every named graph)."""
    svc = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("defaultGraph")
    out = [
        ox.Triple(svc, _n(RDF_TYPE), _n(SD + "Service")),
        ox.Triple(svc, _n(RDFS_LABEL), ox.Literal("tradekg SPARQL endpoint", language="en")),
        ox.Triple(svc, _n(SD + "endpoint"), _n(endpoint)),
        ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL10Query")),
        ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        # without FROM or default-graph-uri, the default graph is the union of all graphs
        ox.Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(svc, _n(SD + "defaultEntailmentRegime"), _n(ENTAILMENT + "Simple")),
        ox.Triple(svc, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, _n(RDF_TYPE), _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, _n(RDF_TYPE), _n(SD + "Graph")),
        ox.Triple(
            default,
            _n(VOID + "triples"),
            ox.Literal(str(store.count()), datatype=_n("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    ]
    if settings.allow_remote:
        out.append(ox.Triple(svc, _n(SD + "feature"), _n(SD + "BasicFederatedQuery")))
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        out.append(
            ox.Triple(svc, _n(SD + "resultFormat"), _n(FORMATS + _FORMAT_IRIS[fmt.media_type]))
        )
    for n, graph in enumerate(store.graphs()):
        named = ox.BlankNode(f"namedGraph{n}")
        out += [
            ox.Triple(dataset, _n(SD + "namedGraph"), named),
            ox.Triple(named, _n(RDF_TYPE), _n(SD + "NamedGraph")),
            ox.Triple(named, _n(SD + "name"), _n(graph)),
        ]
    return out


def describe_service(request: Request, store: OxigraphStore, settings: Settings) -> Response:
    """The service description in the RDF format the request's Accept prefers."""
    fmt = choose_graph_format(request.headers.get("accept"))
    assert fmt is not None  # html=False never chooses HTML  # noqa: S101
    endpoint = str(request.url.replace(query=None, fragment=None))
    body = serialize(description(endpoint, store, settings), fmt)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})
