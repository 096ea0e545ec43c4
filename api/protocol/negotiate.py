"""Content negotiation for the SPARQL endpoint: Accept against the formats a result offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

__all__ = [
    "GRAPH_FORMATS",
    "HTML",
    "SOLUTION_FORMATS",
    "Format",
    "MediaRange",
    "accepts",
    "asks_for",
    "choose",
    "parse_accept",
]

ResultKind = Literal["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class Format:
    """One serialisation of a result: the media type sent, and the types that select it."""

    media_type: str
    aliases: tuple[str, ...]
    name: str
    rdf: ox.RdfFormat | None = None
    text: bool = False

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    def selected_by(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


# Order is the server's preference when the client rates several formats equally.
SOLUTION_FORMATS: tuple[Format, ...] = (
    Format("application/sparql-results+json", ("application/json",), "json"),
    Format("application/sparql-results+xml", ("application/xml", "text/xml"), "xml"),
    Format("text/csv", (), "csv", text=True),
    Format("text/tab-separated-values", (), "tsv", text=True),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format(
        "text/turtle",
        ("application/turtle", "application/x-turtle"),
        "turtle",
        ox.RdfFormat.TURTLE,
        text=True,
    ),
    Format("application/n-triples", (), "ntriples", ox.RdfFormat.N_TRIPLES),
    Format("application/rdf+xml", ("application/xml", "text/xml"), "rdfxml", ox.RdfFormat.RDF_XML),
    Format("application/ld+json", ("application/json",), "jsonld", ox.RdfFormat.JSON_LD),
    Format("application/n-quads", (), "nquads", ox.RdfFormat.N_QUADS),
)
HTML = "text/html"


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """-1 when this range does not cover ``media_type``, else its specificity (0, 1 or 2)."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else -1
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; a missing or empty header accepts anything.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/csv;q=0.5, */*;q=0.1")]
    [('text', 'csv', 0.5), ('*', '*', 0.1)]
    """
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges: list[MediaRange] = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        main, slash, sub = fields[0].lower().partition("/")
        if not slash or not main or not sub:
            continue  # a malformed range names nothing; skip it rather than fail the request
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
        ranges.append(MediaRange(main.strip(), sub.strip(), q, order))
    return ranges


def _match(ranges: list[MediaRange], media_type: str) -> tuple[int, float]:
    """(specificity, q) of the most specific range covering ``media_type``; (-1, 0) if none."""
    best_spec, best_q = -1, 0.0
    for r in ranges:
        spec = r.matches(media_type)
        if spec > best_spec or (spec == best_spec and spec >= 0 and r.q > best_q):
            best_spec, best_q = spec, r.q
    return best_spec, best_q


def accepts(ranges: list[MediaRange], media_type: str) -> float:
    """The quality the client gives ``media_type`` (0 = not acceptable)."""
    return _match(ranges, media_type)[1]


def asks_for(ranges: list[MediaRange], media_type: str) -> bool:
    """True when a range names ``media_type`` or its main type (not just ``*/*``) with q > 0.

    >>> asks_for(parse_accept("text/html,*/*;q=0.8"), HTML), asks_for(parse_accept("*/*"), HTML)
    (True, False)
    """
    spec, q = _match(ranges, media_type)
    return spec >= 1 and q > 0


def choose(ranges: list[MediaRange], offers: tuple[Format, ...]) -> Format | None:
    """The offered format the client rates highest, or None when none is acceptable.

    A format is rated by the most specific range naming its media type or an alias
    (RFC 9110, 12.5.1), so ``application/sparql-results+json;q=0, */*`` refuses JSON.

    >>> choose(parse_accept("text/csv;q=0.9, application/sparql-results+xml"),
    ...        SOLUTION_FORMATS).name
    'xml'
    >>> choose(parse_accept("image/png"), SOLUTION_FORMATS) is None
    True
    """
    best: Format | None = None
    best_q = 0.0
    for fmt in offers:
        _, q = max(_match(ranges, t) for t in fmt.selected_by())
        if q > best_q:
            best, best_q = fmt, q
    return best
