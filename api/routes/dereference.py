"""``/id/…``: tradekg's IRIs dereference to their description, in Turtle, JSON-LD or HTML."""

from __future__ import annotations

import html
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.errors import BadRequest, NotAcceptable, NotFound, error_responses
from api.protocol.rdf import PREFIXES, TRIPLE_FORMATS, choose_graph_format, serialize
from ontology.keys import DATA, ONTOLOGY_GRAPH

__all__ = ["describe", "router"]

router = APIRouter(tags=["linked data"])

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_MEDIA = {f.media_type: {"schema": {"type": "string"}} for f in TRIPLE_FORMATS}
_OK: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The resource's description: every triple whose subject or object it is, "
        "over all graphs. Turtle by default; JSON-LD, N-Triples, RDF/XML or an "
        "HTML page by Accept.",
        "content": {**_MEDIA, "text/html": {"schema": {"type": "string"}}},
    }
}


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """Every triple (over all graphs) with ``iri`` as subject or object, once each."""
    node = ox.NamedNode(iri)
    seen: dict[ox.Triple, None] = {}
    for q in store.quads_for_pattern(node, None, None, None):
        seen[q.triple] = None
    for q in store.quads_for_pattern(None, None, node, None):
        seen[q.triple] = None
    return list(seen)


def _local(iri: str) -> str | None:
    """The server path of an IRI in the data namespace, else None."""
    return "/id/" + iri[len(DATA) :] if iri.startswith(DATA) else None


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _cell(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        href = _local(term.value) or term.value
        return f'<a href="{html.escape(href)}">{html.escape(_curie(term.value))}</a>'
    if isinstance(term, ox.Literal):
        text = html.escape(term.value)
        if term.language:
            return f'"{text}"<small>@{html.escape(term.language)}</small>'
        dt = term.datatype.value
        if dt.endswith("#string"):
            return f'"{text}"'
        return f"{text} <small>{html.escape(_curie(dt))}</small>"
    return html.escape(str(term))


def _page(iri: str, triples: list[ox.Triple]) -> str:
    node = ox.NamedNode(iri)
    labels = [
        t.object.value
        for t in triples
        if t.subject == node and t.predicate == RDFS_LABEL and isinstance(t.object, ox.Literal)
    ]
    title = html.escape(labels[0] if labels else _curie(iri))
    out_rows = sorted(
        (t for t in triples if t.subject == node), key=lambda t: (t.predicate.value, str(t.object))
    )
    in_rows = sorted(
        (t for t in triples if t.subject != node), key=lambda t: (t.predicate.value, str(t.subject))
    )
    rows_out = "\n".join(
        f"<tr><td>{_cell(t.predicate)}</td><td>{_cell(t.object)}</td></tr>" for t in out_rows
    )
    rows_in = "\n".join(
        f"<tr><td>{_cell(t.subject)}</td><td>{_cell(t.predicate)}</td></tr>" for t in in_rows
    )
    alternates = " · ".join(
        f'<a href="?format={f.name}" type="{f.media_type}">{f.name}</a>' for f in TRIPLE_FORMATS
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — tradekg</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}
td{{padding:.2em .6em;vertical-align:top;border-bottom:1px solid #ddd}}</style></head>
<body><h1>{title}</h1><p><code>{html.escape(iri)}</code></p>
<p>As RDF: send <code>Accept: text/turtle</code> or <code>application/ld+json</code>.
{alternates}</p>
<h2>Description</h2><table>{rows_out}</table>
<h2>Referenced by</h2><table>{rows_in}</table>
</body></html>"""


@router.get(
    "/id/{path:path}",
    operation_id="describeResource",
    summary="Dereference a tradekg IRI (https://w3id.org/tradekg/id/…)",
    responses={**_OK, **error_responses(BadRequest, NotFound, NotAcceptable)},
    response_class=Response,
)
async def describe_resource(
    path: str, request: Request, store: StoreDep, format: str | None = None
) -> Response:
    """The description of ``https://w3id.org/tradekg/id/{path}``: Turtle, JSON-LD, N-Triples
    or RDF/XML by ``Accept`` (or ``?format=turtle|jsonld|ntriples|rdfxml``), an HTML page
    for a browser. 404 when the IRI occurs in no graph; 406 when no offered type is
    acceptable."""
    iri = DATA + path
    try:
        ox.NamedNode(iri)
    except ValueError as exc:  # no resource can have a malformed IRI
        raise NotFound(f"/id/{path} is not a valid IRI path: {exc}") from exc
    triples = await run_in_threadpool(describe, store.native, iri)
    if not triples:
        raise NotFound(f"<{iri}> occurs in no graph of this store")
    if format is not None:
        chosen = next((f for f in TRIPLE_FORMATS if f.name == format), None)
        if chosen is None:
            raise BadRequest(
                f"unknown format {format!r}; use one of {', '.join(f.name for f in TRIPLE_FORMATS)}"
            )
        fmt = chosen
    else:
        maybe = choose_graph_format(request.headers.get("accept"), html=True)
        if maybe is None:
            return HTMLResponse(_page(iri, triples), headers={"Vary": "Accept"})
        fmt = maybe
    return Response(
        serialize(triples, fmt), media_type=fmt.content_type, headers={"Vary": "Accept"}
    )


@router.get(
    "/ontology",
    operation_id="getOntology",
    summary="The ontology (https://w3id.org/tradekg/ontology), as RDF",
    responses={
        200: {
            "description": "The ontology graph: the hand-edited TBox and the "
            "generated vocabulary. Turtle by default.",
            "content": _MEDIA,
        },
        **error_responses(NotFound, NotAcceptable),
    },
    response_class=Response,
)
async def get_ontology(request: Request, store: StoreDep) -> Response:
    """The ontology graph of the build in Turtle, JSON-LD, N-Triples or RDF/XML by Accept;
    its terms (``tk:…``) are defined here. 404 when the store has no ontology graph."""
    fmt = choose_graph_format(request.headers.get("accept"))
    assert fmt is not None  # noqa: S101 - html=False never chooses HTML
    graph = ox.NamedNode(ONTOLOGY_GRAPH)

    def read() -> list[ox.Triple]:
        return [q.triple for q in store.native.quads_for_pattern(None, None, None, graph)]

    triples = await run_in_threadpool(read)
    if not triples:
        raise NotFound(f"no ontology graph <{ONTOLOGY_GRAPH}> in this store")
    return Response(
        serialize(triples, fmt), media_type=fmt.content_type, headers={"Vary": "Accept"}
    )
