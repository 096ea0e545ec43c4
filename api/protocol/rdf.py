"""RDF graphs over HTTP: choose a serialisation by Accept, read a request body by Content-Type."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from api.errors import BadRequest, NotAcceptable, UnsupportedMediaType
from api.protocol.negotiate import GRAPH_FORMATS, HTML, Format, accepts, choose, parse_accept

__all__ = ["PREFIXES", "TRIPLE_FORMATS", "choose_graph_format", "parse_body", "serialize"]

# A graph (not a dataset) travels in these; N-Quads would carry graph names a graph lacks.
TRIPLE_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if f.name != "nquads")
PREFIXES = {
    "tk": "https://w3id.org/tradekg/ontology#",
    "tkd": "https://w3id.org/tradekg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}


def choose_graph_format(accept: str | None, *, html: bool = False) -> Format | None:
    """The RDF format the Accept header rates highest; None means HTML (when ``html``).

    With no Accept header or ``*/*``, Turtle. Raises :class:`NotAcceptable` when no offered
    format is acceptable.
    """
    ranges = parse_accept(accept)
    fmt = choose(ranges, TRIPLE_FORMATS)
    rdf_q = max(accepts(ranges, t) for t in fmt.selected_by()) if fmt else 0.0
    if html and accepts(ranges, HTML) > rdf_q:
        return None
    if fmt is None:
        offered = [f.media_type for f in TRIPLE_FORMATS] + ([HTML] if html else [])
        raise NotAcceptable(
            f"none of the Accept header's types can be served; offered: {', '.join(offered)}"
        )
    return fmt


def serialize(triples: Iterable[ox.Triple], fmt: Format) -> bytes:
    """The triples in ``fmt`` (Turtle with the usual prefixes)."""
    assert fmt.rdf is not None  # every graph format has a pyoxigraph format  # noqa: S101
    if fmt.rdf == ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES) or b""
    return ox.serialize(triples, format=fmt.rdf) or b""


def parse_body(body: bytes, content_type: str, *, base_iri: str | None) -> list[ox.Triple]:
    """The triples of a request body in one of :data:`TRIPLE_FORMATS`.

    Raises :class:`UnsupportedMediaType` for another Content-Type and :class:`BadRequest`
    (with the parser's message) for a body that does not parse.
    """
    ctype = content_type.split(";")[0].strip().lower()
    fmt = next((f for f in TRIPLE_FORMATS if ctype in f.selected_by()), None)
    if fmt is None or fmt.rdf is None:
        raise UnsupportedMediaType(
            f"Content-Type {ctype or '(none)'} is not an RDF graph format; send one of "
            f"{', '.join(f.media_type for f in TRIPLE_FORMATS)}"
        )
    try:
        return [q.triple for q in ox.parse(body, format=fmt.rdf, base_iri=base_iri)]
    except SyntaxError as exc:
        raise BadRequest(f"the {fmt.name} body does not parse: {exc}") from exc
