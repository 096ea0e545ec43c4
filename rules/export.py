"""Exports of the causal projection (GraphML, GEXF, Cytoscape JSON) and the store (Turtle, N-Quads).

The whole graph, or the neighbourhood of one variable ``depth`` steps out in both
directions. Graph formats carry only strings, numbers and booleans (tuples are joined),
so Gephi, Cytoscape and networkx read them back.

>>> FORMATS
('graphml', 'gexf', 'cytoscape-json', 'turtle', 'nquads')
"""

from __future__ import annotations

import io
import json
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, cast

import networkx as nx
import pyoxigraph as ox

from kg.store import Store
from rules.errors import QueryError
from rules.projection import projection
from rules.resolve import resolve

__all__ = [
    "FORMATS",
    "ExportFormat",
    "export",
    "format_for",
    "neighbourhood",
    "resolve_node",
    "safe_graph",
    "write_export",
]

ExportFormat = Literal["graphml", "gexf", "cytoscape-json", "turtle", "nquads"]
FORMATS: tuple[ExportFormat, ...] = ("graphml", "gexf", "cytoscape-json", "turtle", "nquads")
_SUFFIX: dict[str, ExportFormat] = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cytoscape-json",
    ".json": "cytoscape-json",
    ".ttl": "turtle",
    ".nq": "nquads",
}
PREFIXES = {
    "tk": "https://w3id.org/tradekg/ontology#",
    "tkd": "https://w3id.org/tradekg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_TK = PREFIXES["tk"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
# objects worth following from a claim: the state of its conditions (their IRIs are not
# under the claim's own IRI, unlike its evidence)
_FOLLOW = {_TK + "conditionState", _TK + "evidence"}


def format_for(path: str | Path) -> ExportFormat:
    """The export format a file name implies (``.graphml``, ``.gexf``, ``.cyjs``/``.json``,
    ``.ttl``, ``.nq``). Raises QueryError for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX:
        raise QueryError(
            f"cannot tell the export format from {str(path)!r}",
            fix="give --format " + "|".join(FORMATS),
        )
    return _SUFFIX[suffix]


def resolve_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node of the projection ``name`` designates: an IRI, a variable key
    (``JPN/WLD/currencyValue/total/value``), a key prefix (``JPN/WLD/currencyValue``) or a
    label ("value of the yen"), case-insensitively. Raises QueryError if none or several match.
    """
    if name in g:
        return name
    want = name.strip().lower()
    for attr in ("key", "label"):
        hits = [n for n, d in g.nodes(data=True) if str(d.get(attr) or "").lower() == want]
        if len(hits) == 1:
            return str(hits[0])
    hits = [
        n
        for n, d in g.nodes(data=True)
        if str(d.get("key") or "").lower().startswith(want.rstrip("/") + "/")
        or str(n).lower().endswith("/" + want)
    ]
    if len(hits) == 1:
        return str(hits[0])
    labels = sorted(str(g.nodes[n].get("key") or n) for n in hits)[:10]
    if hits:
        raise QueryError(
            f"{name!r} matches {len(hits)} nodes", fix="give one of: " + ", ".join(labels)
        )
    raise QueryError(
        f"no variable or event {name!r} in the graph",
        fix="give an IRI, a key such as JPN/WLD/currencyValue/total/value, or a label",
    )


def neighbourhood(store: Store, around: str, *, depth: int = 2) -> nx.MultiDiGraph:
    """The projection's nodes within ``depth`` steps of ``around``, following edges both
    ways, with every edge among them (a copy: safe to modify).

    Raises QueryError for an unknown node or a negative depth.
    """
    if depth < 0:
        raise QueryError(f"depth {depth} is negative", fix="give --depth 0 or more")
    g = projection(store).graph
    # the resolver Python, CLI and HTTP share: IRIs, keys, labels, synonyms, typos
    centre = resolve(store, around, kinds=("variable", "event")).iri
    sub = nx.ego_graph(g, centre, radius=depth, undirected=True)
    return cast(nx.MultiDiGraph, sub.copy())


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        parts = []
        for x in items:
            if isinstance(x, tuple | list):
                parts.append(":".join(str(y) for y in x if y not in (None, "")))
            elif x not in (None, ""):
                parts.append(str(x))
        return "; ".join(parts)
    return str(value)


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in attrs.items():
        s = _scalar(v)
        if s is not None:
            out[str(k)] = s
    return out


def safe_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attribute values are strings, numbers or booleans only.

    None values are dropped; tuples are joined with "; " (inner tuples with ":"), so
    ``conditions`` reads ``MarshallLerner:unknown``. Each edge also gets a ``label``
    (sign and claim id) and ``weight`` (its confidence) for Gephi and Cytoscape.
    """
    out = nx.MultiDiGraph()
    out.graph.update(_clean(dict(g.graph)))
    for n, d in g.nodes(data=True):
        out.add_node(str(n), **_clean(d))
    for u, v, k, d in g.edges(keys=True, data=True):
        attrs = _clean(d)
        sign = int(d.get("sign", 1))
        claim = str(d.get("claim", k)).rstrip("/").rsplit("/", 1)[-1]
        attrs.setdefault("label", f"{'+' if sign > 0 else '−'} {claim}")
        attrs.setdefault("weight", float(d.get("confidence", 1.0)))
        out.add_edge(str(u), str(v), key=str(k), **attrs)
    return out


def _graph_bytes(g: nx.MultiDiGraph, fmt: ExportFormat) -> bytes:
    safe = safe_graph(g)
    if fmt == "cytoscape-json":
        data = nx.cytoscape_data(safe, name="label")
        seen: set[str] = set()
        for edge in data["elements"]["edges"]:
            d = edge["data"]
            ident = str(d.get("key", f"{d['source']}->{d['target']}"))
            while ident in seen:
                ident += "'"
            seen.add(ident)
            d["id"] = ident
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(safe, buf, encoding="utf-8", named_key_ids=True)
    else:
        nx.write_gexf(safe, buf, encoding="utf-8")
    return buf.getvalue()


def _quads(store: Store) -> list[ox.Quad]:
    dump = cast(Any, store).dump()
    return list(ox.parse(dump, ox.RdfFormat.N_QUADS)) if dump else []


def _around_quads(store: Store, g: nx.MultiDiGraph) -> list[ox.Quad]:
    """The quads describing the nodes and claims of ``g``: their own triples, their
    evidence and condition states, and the observations of its variables."""
    quads = _quads(store)
    by_subject: dict[str, list[ox.Quad]] = {}
    observations: dict[str, set[str]] = {}
    for q in quads:
        subj = q.subject
        if isinstance(subj, ox.NamedNode):
            key = subj.value
        elif isinstance(subj, ox.BlankNode):
            key = f"_:{subj.value}"
        else:
            continue  # RDF-star triple terms: none in the store
        by_subject.setdefault(key, []).append(q)
        if q.predicate.value == _TK + "variable" and isinstance(q.object, ox.NamedNode):
            observations.setdefault(q.object.value, set()).add(key)
    seeds: set[str] = {str(n) for n in g.nodes}
    for _, _, d in g.edges(data=True):
        seeds.update(str(c) for c in d.get("claims", ()) or ())
        seeds.add(str(d.get("claim", "")))
    for n in list(seeds):
        seeds.update(observations.get(n, ()))
    seeds.discard("")
    owned = tuple(s + "/" for s in seeds)
    done: set[str] = set()
    todo = deque(sorted(seeds))
    out: list[ox.Quad] = []
    while todo:
        node = todo.popleft()
        if node in done:
            continue
        done.add(node)
        for q in by_subject.get(node, []):
            out.append(q)
            o = q.object
            if isinstance(o, ox.BlankNode):
                todo.append(f"_:{o.value}")
            elif isinstance(o, ox.NamedNode) and (
                q.predicate.value in _FOLLOW or o.value.startswith(owned)
            ):
                todo.append(o.value)
    return out


def _rdf_bytes(quads: Iterable[ox.Quad], fmt: ExportFormat) -> bytes:
    if fmt == "nquads":
        out = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    else:
        # Turtle has no graphs: the union of all graphs, each triple once
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        ordered = sorted(triples, key=str)
        out = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return out or b""


def export(store: Store, fmt: str, *, around: str | None = None, depth: int = 2) -> bytes:
    """The graph in ``fmt`` (one of FORMATS) as bytes, whole or ``around`` a variable.

    Graph formats export the causal projection (variables and events; edges with sign,
    claim, quote …); ``turtle`` and ``nquads`` export the store's RDF (all graphs; for
    ``around``, the description of the neighbourhood's variables, events, claims, their
    evidence and the variables' observations). Raises QueryError for an unknown format or
    variable.

    >>> from kg.build import build_memory  # doctest: +SKIP
    >>> store, _ = build_memory()  # doctest: +SKIP
    >>> export(store, "graphml", around="value of the yen", depth=1)[:5]  # doctest: +SKIP
    b'<?xml'
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}", fix="use one of " + ", ".join(FORMATS))
    f = cast(ExportFormat, fmt)
    if f in ("graphml", "gexf", "cytoscape-json"):
        g = (
            neighbourhood(store, around, depth=depth)
            if around is not None
            else projection(store).graph
        )
        return _graph_bytes(g, f)
    if around is None:
        if f == "nquads":
            return bytes(cast(Any, store).dump())
        return _rdf_bytes(_quads(store), f)
    return _rdf_bytes(_around_quads(store, neighbourhood(store, around, depth=depth)), f)


def write_export(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    around: str | None = None,
    depth: int = 2,
) -> Path:
    """Write :func:`export` to ``path`` (format from the suffix unless ``fmt``); return it."""
    p = Path(path)
    p.write_bytes(export(store, fmt or format_for(p), around=around, depth=depth))
    return p
