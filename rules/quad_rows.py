"""The rows of the projection's queries computed from a stream of quads, with no store.

A bulk load can project what it loads while the store is being written (on another core):
:class:`QuadRows` keeps what the queries of :mod:`rules.projection` read from each quad
(a few dicts keyed by subject) and :meth:`QuadRows.rows` evaluates those queries on them,
with their semantics: the union of all graphs (a triple in two graphs is two solutions),
joins only through IRIs and blank nodes, OPTIONAL and FILTER as written. Quads no query
reads, and claims, variables or identities that lack a required property, come out as
the queries leave them out. :meth:`rules.projection.Projection.from_quads` builds the
graph from these rows with the code that builds it from the store's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store import term_value
from rules.projection import _CLAIM_OPTIONAL, _OA, _RDF_TYPE, _TK, Rows

__all__ = ["QuadRows", "nquads"]

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# the classes the queries select by (rdf:type with an IRI object)
_CLASSES = (
    "Variable",
    "Event",
    "CausalClaim",
    "EventShock",
    "GeneralMechanism",
    "Background",
    "DominanceClaim",
    "Identity",
)
# properties whose objects the queries read as values (any term), by local name or IRI
_VALUE_PROPS = {
    *(_TK + p for p in _CLAIM_OPTIONAL.values()),
    *(
        _TK + p
        for p in (
            "key",
            "year",
            "code",
            "status",
            "dominates",
            "dominated",
            "effect",
            "sign",
            "quote",
            "section",
            "variable",
            "coefficient",
            "target",
            "partialSum",
        )
    ),
    _LABEL,
    _DERIVED,
    _OA + "hasSource",
}
# properties the queries join through: their objects are subjects of another pattern, so
# only IRI and blank node objects count (a literal is never a subject)
_LINK_PROPS = {
    _TK + p for p in ("evidence", "conditionState", "aboutCondition", "condition", "term", "target")
} | {_TK + "instanceOf", _OA + "hasTarget"}
_VALUE, _LINK, _TYPE, _HORIZON, _ELABORATES = 1, 2, 4, 8, 16
_KEY = _TK + "key"
# the literals STRSTARTS takes
_STRING_TYPES = (
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
)
_HORIZONS = {_TK + "ShortRun": "short", _TK + "LongRun": "long"}


def _name(term: Any) -> str:
    """A subject or joined object as the queries give it (IRI: its value, else ``_:id``)."""
    return sys.intern(term.value) if type(term) is ox.NamedNode else str(term)


def _min(values: list[Any]) -> Any:
    # several values of one claim property: the smallest as a string (rules.projection)
    return min(values, key=str)


class QuadRows:
    """What the projection's queries read, collected from quads (:meth:`add`), and their
    solutions (:meth:`rows`) as the store would give them holding exactly those quads.

    >>> rows = QuadRows()
    >>> v = ox.NamedNode("https://w3id.org/tradekg/id/var/US/WLD/X/total/value")
    >>> rows.add([ox.Quad(v, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_TK + "Variable")),
    ...           ox.Quad(v, ox.NamedNode(_TK + "key"), ox.Literal("US/WLD/X/total/value"))])
    >>> [r["key"] for r in rows.rows().variables]
    ['US/WLD/X/total/value']
    """

    def __init__(self) -> None:
        self._kind: dict[str, int] = {}
        for p in _VALUE_PROPS:
            self._kind[p] = self._kind.get(p, 0) | _VALUE
        for p in _LINK_PROPS:
            self._kind[p] = self._kind.get(p, 0) | _LINK
        self._kind[_RDF_TYPE] = _TYPE
        self._kind[_TK + "horizon"] = _HORIZON
        self._kind[_TK + "elaborates"] = _ELABORATES
        self._classes = {_TK + c: set[str]() for c in _CLASSES}
        # property -> subject -> its first value; further values in _more (most have one)
        self._first: dict[str, dict[str, Any]] = {p: {} for p in _VALUE_PROPS | _LINK_PROPS}
        self._more: dict[str, dict[str, list[Any]]] = {p: {} for p in self._first}
        self._links: dict[str, dict[str, list[str]]] = {p: {} for p in _LINK_PROPS}
        self._horizon: dict[str, list[str]] = {}
        self._has_state: set[str] = set()  # subjects of tk:conditionState (any object)
        self._strings: set[tuple[str, str]] = set()  # (subject, tk:key) string literals
        # (claim, object term, graph) -> object: a quad is in the store once
        self._elaborates: dict[tuple[str, str, str], Any] = {}
        self.quads = 0

    # ------------------------------------------------------------------ collecting
    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Collect ``quads`` (any graph; the quads no query reads are skipped)."""
        kinds = self._kind
        first, more, links = self._first, self._more, self._links
        named, literal = ox.NamedNode, ox.Literal
        n = 0
        for q in quads:
            n += 1
            p = q.predicate.value
            kind = kinds.get(p)
            if kind is None:
                continue
            o = q.object
            if kind == _TYPE:
                if type(o) is named:
                    subjects = self._classes.get(o.value)
                    if subjects is not None:
                        subjects.add(_name(q.subject))
                continue
            s = _name(q.subject)
            if kind == _HORIZON:
                h = _HORIZONS.get(o.value, "any") if type(o) is named else "any"
                self._horizon.setdefault(s, []).append(h)
                continue
            is_literal = type(o) is literal
            value = term_value(o) if is_literal else _name(o)
            if kind == _ELABORATES:
                self._elaborates[(s, str(o), str(q.graph_name))] = value
                continue
            if kind & _VALUE:
                values = first[p]
                if s in values:
                    more[p].setdefault(s, []).append(value)
                else:
                    values[s] = value
                if p == _KEY and isinstance(o, literal) and o.datatype.value in _STRING_TYPES:
                    self._strings.add((s, value))
            if kind & _LINK:
                if p == _TK + "conditionState":
                    self._has_state.add(s)
                if not is_literal:
                    links[p].setdefault(s, []).append(value)
        self.quads += n

    def add_nquads(self, path: str | Path) -> None:
        """Collect the quads of an N-Quads file as ``oxigraph load --lenient`` loads them:
        IRIs unchecked, a line that does not parse skipped."""
        self.add(nquads(path))

    # ------------------------------------------------------------------ solutions
    def _values(self, prop: str, s: str) -> list[Any]:
        p = prop if ":" in prop else _TK + prop
        first = self._first[p].get(s, _MISSING)
        if first is _MISSING:
            return []
        return [first, *self._more[p].get(s, ())]

    def _linked(self, prop: str, s: str) -> list[str]:
        p = prop if ":" in prop else _TK + prop
        return self._links[p].get(s, [])

    def _typed(self, cls: str) -> set[str]:
        return self._classes[_TK + cls]

    def _docs(self, s: str) -> list[Any]:
        """tk:evidence/oa:hasTarget/oa:hasSource of ``s``."""
        return [
            doc
            for ev in self._linked("evidence", s)
            for t in self._linked(_OA + "hasTarget", ev)
            for doc in self._values(_OA + "hasSource", t)
        ]

    def rows(self) -> Rows:
        """The solutions of the projection's queries on these quads."""
        return Rows(
            variables=list(self._variables()),
            events=list(self._events()),
            conditions=list(self._conditions()),
            general_conditions=list(self._general_conditions()),
            elaborates=[{"c": c, "o": o} for (c, _, _), o in self._elaborates.items()],
            dominance=[
                {"d": d, "win": w, "lose": lo}
                for d in self._typed("DominanceClaim")
                for w in self._values("dominates", d)
                for lo in self._values("dominated", d)
            ],
            claims=self._claims(),
            identities=list(self._identities()),
        )

    def _variables(self) -> Iterator[dict[str, Any]]:
        for v in self._typed("Variable"):
            labels = self._values(_LABEL, v)
            for key in self._values("key", v):
                for label in labels or [None]:
                    yield _row(v=v, key=key, label=label)

    def _events(self) -> Iterator[dict[str, Any]]:
        for e in self._typed("Event"):
            years = self._values("year", e) or [None]
            for label in self._values(_LABEL, e):
                for year in years:
                    yield _row(e=e, label=label, year=year)

    def _conditions(self) -> Iterator[dict[str, Any]]:
        for c, states in self._links[_TK + "conditionState"].items():
            for cs in states:
                # OPTIONAL { ?cs prov:wasDerivedFrom ?premise FILTER (?premise != ?c) }
                premises = [p for p in self._values(_DERIVED, cs) if p != c] or [None]
                statuses = self._values("status", cs)
                for about in self._linked("aboutCondition", cs):
                    for code in self._values("code", about):
                        for status in statuses:
                            for premise in premises:
                                yield _row(c=c, code=code, status=status, premise=premise)

    def _general_conditions(self) -> Iterator[dict[str, Any]]:
        for c in self._typed("GeneralMechanism"):
            if c in self._has_state:
                continue
            for cond in self._linked("condition", c):
                for code in self._values("code", cond):
                    yield {"c": c, "code": code}

    def _claims(self) -> list[dict[str, Any]]:
        """:func:`rules.projection._claim_rows`: one row per claim, in IRI order."""
        causal, event = self._typed("CausalClaim"), self._typed("EventShock")
        general, background = self._typed("GeneralMechanism"), self._typed("Background")
        out = []
        for c in sorted(causal | event):
            if c.startswith("_:"):
                continue  # FILTER isIRI(?c)
            row: dict[str, Any] = {"c": c, "kind": "causal" if c in causal else "event"}
            for name in ("effect", "sign", "quote", "section"):
                values = self._values(name, c)
                if not values:
                    break
                row[name] = _min(values)
            else:
                docs = self._docs(c)
                if not docs:
                    continue
                row["doc"] = _min(docs)
                if c in general:
                    row["general"] = True
                if c in background:
                    row["bg"] = True
                for name, prop in _CLAIM_OPTIONAL.items():
                    values = self._values(prop, c)
                    if values:
                        row[name] = _min(values)
                if c in self._horizon:
                    row["h"] = _min(self._horizon[c])
                row.setdefault("general", False)
                out.append(row)
        return out

    def _identities(self) -> Iterator[dict[str, Any]]:
        for i in self._typed("Identity"):
            rules = self._values("ruleId", i) or [None]
            partials = [
                *self._values("partialSum", i),
                *(p for m in self._linked("instanceOf", i) for p in self._values("partialSum", m)),
            ] or [None]
            fixed = [
                (quote, section, doc, label)
                for quote in self._values("quote", i)
                for section in self._values("section", i)
                for doc in self._docs(i)
                for label in self._values(_LABEL, i)
            ]
            for target in self._linked("target", i):
                keys = self._values("key", target)
                for t in self._linked("term", i):
                    for var in self._values("variable", t):
                        for coef in self._values("coefficient", t):
                            for quote, section, doc, label in fixed:
                                for tk in keys:
                                    for rule in rules:
                                        for partial in partials:
                                            if not self._general_balance(target, tk, partial):
                                                yield _row(
                                                    i=i,
                                                    target=target,
                                                    var=var,
                                                    coef=coef,
                                                    quote=quote,
                                                    section=section,
                                                    doc=doc,
                                                    rule=rule,
                                                    label=label,
                                                    partial=partial,
                                                )

    def _general_balance(self, target: str, tk: Any, partial: Any) -> bool:
        """Left out by _IDENTITIES' FILTER: a full identity of a general (X/, Y/) variable;
        a key that is no string makes STRSTARTS an error, which only a partial sum saves."""
        if partial is not None:
            return False
        if (target, tk) not in self._strings:
            return True
        return str(tk).startswith(("X/", "Y/"))


_MISSING = object()


def _row(**cells: Any) -> dict[str, Any]:
    """A solution as :meth:`kg.store.Store.select` gives it: unbound variables left out."""
    return {k: v for k, v in cells.items() if v is not None}


def nquads(path: str | Path) -> Iterator[ox.Quad]:
    """The quads of an N-Quads file that ``oxigraph load --lenient`` loads: IRIs are not
    checked and a statement that does not parse is skipped."""
    parsed = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
    while True:
        try:
            yield next(parsed)
        except StopIteration:
            return
        except SyntaxError:
            continue  # the parser goes on at the next statement
