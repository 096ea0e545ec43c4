"""RDF Data Cube integrity constraints IC-1 … IC-21, run on a normalized copy of the build."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.store import PREFIXES, OxigraphStore, term_value
from ontology.vocab import ontology_path

__all__ = ["cube_violations", "integrity_queries", "normalized"]

# The graphs a build owns: the cube is checked there, never in users' graphs.
_BUILD_GRAPHS = (
    "https://w3id.org/tradekg/graph/ontology",
    "https://w3id.org/tradekg/graph/document/",
    "https://w3id.org/tradekg/graph/inferred",
)
_TEMPLATE = "<$p>"
# Parent-child properties of hierarchical code lists, for the IC-20/IC-21 templates.
_HIERARCHIES = """
SELECT DISTINCT ?p ?inverse WHERE {
  ?list a qb:HierarchicalCodeList ; qb:parentChildProperty ?pcp .
  OPTIONAL { ?pcp owl:inverseOf ?q }
  BIND (COALESCE(?q, ?pcp) AS ?p)
  BIND (BOUND(?q) AS ?inverse)
  FILTER (isIRI(?p))
}"""


def _cube_dir() -> Path:
    return Path(str(ontology_path("checks"))) / "cube"


def integrity_queries() -> dict[str, str]:
    """``{name: query}`` for ``ontology/checks/cube/ic-*-violation.rq`` (IC-20/21 as templates)."""
    return {
        p.stem: p.read_text(encoding="utf-8") for p in sorted(_cube_dir().glob("ic-*-violation.rq"))
    }


def normalized(store: OxigraphStore) -> ox.Store:
    """The build's graphs merged into one default graph, with the specification's
    normalization algorithm (type and property closure, attachment push-down) applied."""
    out = ox.Store()
    out.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for g in store.graphs()
        if g.startswith(_BUILD_GRAPHS)
        for q in store.quads(g)
    )
    for p in sorted(_cube_dir().glob("normalize-*.ru")):
        out.update(PREFIXES + p.read_text(encoding="utf-8"))
    return out


def _rows(cube: ox.Store, query: str) -> list[dict[str, object]]:
    res = cube.query(PREFIXES + query)
    if not isinstance(res, ox.QuerySolutions):
        raise TypeError("an integrity query must be a SELECT")
    names = [v.value for v in res.variables]
    return [{n: term_value(s[n]) for n in names if s[n] is not None} for s in res]


def cube_violations(store: OxigraphStore) -> list[tuple[str, str, str]]:
    """(check, focus, message) for every violated Data Cube integrity constraint.

    The W3C Recommendation's constraints assume a normalized cube, so they run on
    :func:`normalized`. IC-20 and IC-21 are templates over the parent-child property
    of each hierarchical code list; they run once per such property.
    """
    cube = normalized(store)
    hierarchies = _rows(cube, _HIERARCHIES)
    out: list[tuple[str, str, str]] = []
    for name, query in integrity_queries().items():
        if _TEMPLATE in query:
            inverse = name.startswith("ic-21")
            texts = [
                query.replace(_TEMPLATE, f"<{h['p']}>")
                for h in hierarchies
                if bool(h.get("inverse")) == inverse
            ]
        else:
            texts = [query]
        for text in texts:
            for row in _rows(cube, text):
                out.append(
                    (
                        re.sub(r"-violation$", "", name),
                        str(row.get("focus", "")),
                        str(row.get("message", row)),
                    )
                )
    return out
