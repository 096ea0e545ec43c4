"""The causal layer of the store as a networkx MultiDiGraph (rebuilt only when the store changes).

Attribute contract
------------------
Nodes are variable IRIs and event IRIs. Node attributes:

``kind``        "variable" or "event"
``label``       rdfs:label
``key``         the variable key ECONOMY/COUNTERPART/ITEM/PRODUCT/MEASURE (variables)
``economy``, ``counterpart``, ``item``, ``product``, ``measure``  key parts (codes)
``year``        the event's year (events)

Edges run cause -> effect, keyed by an edge id. Edge attributes:

``kind``        "causal", "event" (an event shock) or "identity"
``sign``        +1 or -1 (for identities: the term's coefficient, read term -> target)
``horizon``     "short", "long" or "any"
``valid_from``, ``valid_to``  years of the era the claim speaks of (None = open)
``conditions``  tuple of (condition code, status "holds"/"fails"/"unknown", premise IRI)
``if_fails``    "drop" or "reverse"
``confidence``  0..1 (identities: 1.0)
``dominates``, ``dominated_by``  tuples of claim IRIs (explicit dominance claims)
``elaborates``  tuple of claim IRIs this (summary) claim spells out elsewhere
``claims``      tuple of claim/identity IRIs supporting the edge (same cause, effect,
                sign, horizon, conditions and era are merged into one edge)
``claim``       the first of ``claims`` (the one quoted)
``quote``, ``section``, ``document``  evidence of ``claim``
``quotes``      the quotes of all ``claims`` (causal edges; distinct, ``quote`` first)
``rule_ids``    rule ids that derived the edge's claims (empty for stated claims)
``instance_of`` the general mechanism a derived claim instantiates (or None)
``ceteris_paribus``  True for a mechanism true other things equal (it never reverses a
                stated effect of the same root on its effect; docs/propagation.md)
``input_share`` True when the effect is an input of the cause moving by a share below one
``background``  True when the claim is background knowledge, not the report's
``event_year``  the year of the event (event shocks only)
``equality``    True on both edges of a one-term identity (target = ±term), read both ways
``general``     True on a general mechanism's edge (between role slots X / Y)
``reverse``     True on the backward edge of such an equality (it only closes loops)
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import hashlib
import importlib.util
import json
import logging
import marshal
import os
import re
import sys
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

import networkx as nx
import numpy as np
import pyoxigraph as ox

from kg.store import OxigraphStore, Store

__all__ = [
    "CACHE_COST",
    "SNAPSHOT",
    "Projection",
    "Rows",
    "SizedLRU",
    "code_files",
    "per_store",
    "projection",
    "save_projection",
    "save_with_projection",
    "saved_projection_state",
]

log = logging.getLogger("tradekg.projection")

# total size (items in cached containers) the per-projection memo may hold
CACHE_COST = 2_000_000


class SizedLRU(MutableMapping[Any, Any]):
    """A mapping that evicts the least recently used entries once the summed size of its
    values (``len`` of containers, 1 otherwise) exceeds ``max_cost``. Containers that
    grow after insertion (memo dicts) are re-measured whenever they are read."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._cost: dict[Any, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(value: Any) -> int:
        cost = getattr(value, "cache_cost", None)
        if cost is not None:  # a value that knows what it holds (a table over all nodes)
            return max(1, int(cost))
        if isinstance(value, tuple):  # (result, flag) pairs: the parts' sizes
            return max(1, sum(SizedLRU._size(v) for v in value if not isinstance(v, str)))
        try:
            return max(1, len(value))
        except TypeError:
            return 1

    def _measure(self, key: Any) -> None:
        new = self._size(self._data[key])
        self._total += new - self._cost.get(key, 0)
        self._cost[key] = new
        # ``key`` was just moved to the end, so what is being read or written stays
        while self._total > self.max_cost and len(self._data) > 1:
            old, _value = self._data.popitem(last=False)
            self._total -= self._cost.pop(old)

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            value = self._data[key]
            self._data.move_to_end(key)
            self._measure(key)
            return value

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            self._measure(key)

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            del self._data[key]
            self._total -= self._cost.pop(key)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    @property
    def cost(self) -> int:
        return self._total


# Optional properties of a claim are read with narrow queries (one pattern each) joined
# here, not with OPTIONALs: a left join costs the store more than a dict lookup here.
_CLAIM_OPTIONAL = {
    "cause": "cause",
    "event": "event",
    "conf": "confidence",
    "from": "validFrom",
    "to": "validTo",
    "rule": "ruleId",
    "inst": "instanceOf",
    "fails": "ifConditionFails",
    "cp": "ceterisParibus",
    "share": "inputShare",
    "cchange": "causeChange",
}
_TK = "https://w3id.org/tradekg/ontology#"
_OA = "http://www.w3.org/ns/oa#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}


def _unescape(m: re.Match[str]) -> str:
    code = m[1] or m[2]
    if code:
        return chr(int(code, 16))
    return _ESCAPED.get(m[3], m[3])


def _tsv_value(cell: str) -> Any:
    """A SPARQL TSV cell as :func:`kg.store.term_value` gives the term (None if unbound)."""
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        end = cell.rfind('"')
        lex = cell[1:end]
        if "\\" in lex:
            lex = _ESCAPE.sub(_unescape, lex)
        rest = cell[end + 1 :]
        if rest.startswith("^^<"):
            dt = rest[3:-1]
            if dt.endswith(("#integer", "#int", "#long")):
                return int(lex)
            if dt.endswith(("#decimal", "#double", "#float")):
                return float(lex)
            if dt.endswith("#boolean"):
                # both lexical forms: a server may keep the 1 it was sent (Virtuoso does)
                return lex in ("true", "1")
        return lex
    if cell in ("true", "false"):
        return cell == "true"
    if first == "_":
        return cell  # a blank node
    try:
        return int(cell)
    except ValueError:
        return float(cell)


def _tsv(native: ox.Store, sparql: str) -> str:
    """The solutions of a SELECT over all graphs, serialised as TSV by the store."""
    res: Any = native.query(sparql, use_default_graph_as_union=True)
    try:
        return str(res.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8"))
    finally:
        # pyoxigraph's results may only be dropped by the thread that made them: not left
        # in a traceback's frame for another thread to free
        del res


class _Fetcher:
    """Evaluates the projection's big SELECTs two at a time in threads, in the order they
    will be read: the store evaluates and serialises outside the GIL, so the next query
    runs while Python splits the rows of the last (at 10^5 claims, 4 s instead of 7.5 s).
    At most two texts wait unread besides the one being split."""

    def __init__(self, native: ox.Store, queries: Iterable[str]) -> None:
        self._native = native
        self._pending = list(queries)
        self._running: dict[str, Future[str]] = {}
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tradekg-projection")
        self._fill()

    def _fill(self) -> None:
        while self._pending and len(self._running) < 2:
            q = self._pending.pop(0)
            self._running[q] = self._pool.submit(_tsv, self._native, q)

    def text(self, sparql: str) -> str:
        """The TSV solutions of ``sparql`` (evaluated here if it was not queued)."""
        fut = self._running.pop(sparql, None)
        if fut is None and sparql in self._pending:
            self._pending.remove(sparql)
        self._fill()
        return fut.result() if fut is not None else _tsv(self._native, sparql)

    def close(self) -> None:
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._running.clear()


def _rows(
    store: Store,
    sparql: str,
    names: tuple[str, ...],
    iris: tuple[bool, ...] = (),
    fetch: _Fetcher | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The solutions of a SELECT (any graph) as tuples, one cell per name of ``names``
    (the query's variables, in its order); ``iris[i]`` says column i only holds IRIs;
    ``fetch`` evaluates queries ahead of time.

    The embedded store serialises them in Rust (TSV) and they are split here: on 10^5
    claims that is several times faster than one Python term object per cell, and no
    predicate or graph is decoded as reading the index pattern by pattern would."""
    native = getattr(store, "native", None)
    if native is None:
        for r in store.select(sparql):
            yield tuple(r.get(n) for n in names)
        return
    text = fetch.text(sparql) if fetch is not None else _tsv(native, sparql)
    lines = text.split("\n")
    del text
    iri = iris or (False,) * len(names)
    if iri == (True,):
        for line in lines[1:]:
            if line:
                yield (line[1:-1],)
        return
    if iri == (True, False):  # (subject, value): most reads
        for line in lines[1:]:
            if line:
                a, b = line.split("\t")
                yield a[1:-1], _tsv_value(b)
        return
    for line in lines[1:]:
        if line:
            yield tuple(
                (c[1:-1] if c else None) if i else _tsv_value(c)
                for c, i in zip(line.split("\t"), iri, strict=True)
            )


def _pairs_query(prop: str, obj: str | None = None) -> str:
    iri = prop if ":" in prop else _TK + prop
    if obj:
        return f"SELECT ?c WHERE {{ ?c <{iri}> <{obj}> FILTER isIRI(?c) }}"
    return f"SELECT ?c ?x WHERE {{ ?c <{iri}> ?x FILTER isIRI(?c) }}"


def _pairs(
    store: Store, prop: str, obj: str | None = None, fetch: _Fetcher | None = None
) -> Iterator[tuple[str, Any]]:
    """(subject IRI, value) of every ``prop`` statement in any graph (``prop`` a full IRI
    or a tk: local name; ``obj`` fixes the object). One pattern per query: a join in the
    store costs more than joining the pairs in a dict here."""
    query = _pairs_query(prop, obj)
    if obj:
        for (c,) in _rows(store, query, ("c",), (True,), fetch):
            yield c, obj
        return
    for c, x in _rows(store, query, ("c", "x"), (True, False), fetch):
        yield c, x


_CONDITIONS = """
SELECT ?c ?code ?status ?premise WHERE {
  ?c tk:conditionState ?cs . ?cs tk:aboutCondition/tk:code ?code ; tk:status ?status .
  OPTIONAL { ?cs prov:wasDerivedFrom ?premise . FILTER (?premise != ?c) }
}"""
# A general mechanism's conditions are stated, not decided: their status is unknown.
_GENERAL_CONDITIONS = """
SELECT ?c ?code WHERE { ?c a tk:GeneralMechanism ; tk:condition/tk:code ?code .
  FILTER NOT EXISTS { ?c tk:conditionState ?cs } }"""
_ELABORATES = "SELECT ?c ?o WHERE { ?c tk:elaborates ?o }"
_DOMINANCE = (
    "SELECT ?d ?win ?lose WHERE { ?d a tk:DominanceClaim ; tk:dominates ?win ; tk:dominated ?lose }"
)
_IDENTITIES = """
SELECT ?i ?target ?var ?coef ?quote ?section ?doc ?rule ?label ?partial WHERE {
  ?i a tk:Identity ; tk:target ?target ; tk:term ?t ; tk:quote ?quote ; tk:section ?section ;
     tk:evidence/oa:hasTarget/oa:hasSource ?doc ; rdfs:label ?label .
  ?t tk:variable ?var ; tk:coefficient ?coef .
  ?target tk:key ?tk .
  OPTIONAL { ?i tk:ruleId ?rule }
  OPTIONAL { ?i (tk:partialSum|tk:instanceOf/tk:partialSum) ?partial }
  # general answers (economy X) keep the partial sums (foreign purchases of a country's
  # bonds are capital inflows to it) but not the balances' full identities: the report
  # states a balance's response to the currency as a whole (J-curve, Marshall-Lerner)
  FILTER ((!STRSTARTS(?tk, "X/") && !STRSTARTS(?tk, "Y/")) || BOUND(?partial))
}"""
# subqueries again: hash joins, each variable IRI decoded once
_VARIABLES = f"""
SELECT ?v ?key ?label WHERE {{
  {{ SELECT ?v WHERE {{ ?v a <{_TK}Variable> }} }}
  {{ SELECT ?v ?key WHERE {{ ?v <{_TK}key> ?key }} }}
  OPTIONAL {{ SELECT ?v ?label WHERE {{
    {{ SELECT ?v WHERE {{ ?v a <{_TK}Variable> }} }}
    ?v <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}
}}"""
_EVENTS = (
    "SELECT ?e ?label ?year WHERE { ?e a tk:Event ; rdfs:label ?label . "
    "OPTIONAL { ?e tk:year ?year } }"
)

_CHANGE = {
    "https://w3id.org/tradekg/ontology#Increase": 1,
    "https://w3id.org/tradekg/ontology#Decrease": -1,
}
_STATUS = {
    "https://w3id.org/tradekg/ontology#Holds": "holds",
    "https://w3id.org/tradekg/ontology#Fails": "fails",
}


# The claims' required columns in one query whose parts are subqueries: the store joins
# those by hashing (a triple pattern joined to a triple pattern is a lookup per row, ~10x
# slower on 10^5 claims) and decodes each claim IRI once, not once per property.
_CLAIM_CORE_QUERY = f"""
SELECT ?c ?kind ?effect ?sign ?quote ?section ?doc WHERE {{
  {{ SELECT ?c ?kind WHERE {{
      VALUES ?k {{ <{_TK}CausalClaim> <{_TK}EventShock> }} ?c a ?k FILTER isIRI(?c)
      BIND (IF(?k = <{_TK}CausalClaim>, "causal", "event") AS ?kind) }} }}
  {{ SELECT ?c ?effect WHERE {{ ?c <{_TK}effect> ?effect }} }}
  {{ SELECT ?c ?sign WHERE {{ ?c <{_TK}sign> ?sign }} }}
  {{ SELECT ?c ?quote WHERE {{ ?c <{_TK}quote> ?quote }} }}
  {{ SELECT ?c ?section WHERE {{ ?c <{_TK}section> ?section }} }}
  {{ SELECT ?c ?doc WHERE {{
      {{ SELECT ?c ?ev WHERE {{ ?c <{_TK}evidence> ?ev }} }}
      {{ SELECT ?ev ?doc WHERE {{
          {{ SELECT ?ev ?t WHERE {{ ?ev <{_OA}hasTarget> ?t }} }}
          {{ SELECT ?t ?doc WHERE {{ ?t <{_OA}hasSource> ?doc }} }} }} }} }} }}
}}"""
_CORE_NAMES = ("c", "kind", "effect", "sign", "quote", "section", "doc")
_CORE_IRIS = (True, False, True, False, False, False, True)
# the horizon as a short literal: comparing terms costs nothing, decoding an IRI does
_HORIZON_QUERY = f"""
SELECT ?c ?x WHERE {{ ?c <{_TK}horizon> ?h FILTER isIRI(?c)
  BIND (IF(?h = <{_TK}ShortRun>, "short", IF(?h = <{_TK}LongRun>, "long", "any")) AS ?x) }}"""


def _claim_queries() -> list[str]:
    """The queries :func:`_claim_rows` reads, in the order it reads them."""
    return [
        _CLAIM_CORE_QUERY,
        *(_pairs_query(_RDF_TYPE, _TK + cls) for cls in ("GeneralMechanism", "Background")),
        *(_pairs_query(prop) for prop in _CLAIM_OPTIONAL.values()),
        _HORIZON_QUERY,
    ]


def _claim_rows(store: Store, fetch: _Fetcher | None = None) -> list[dict[str, Any]]:
    """One row per causal claim, general mechanism or event shock, in IRI order, with the
    same keys the projection reads: c, kind, effect, sign, quote, section, doc, general
    and, where present, cause, event, h ("short", "long" or "any"), conf, from, to, rule,
    inst, fails, cp, share, cchange, bg. A property with several values: the smallest."""
    rows: dict[str, dict[str, Any]] = {}
    for cells in _rows(store, _CLAIM_CORE_QUERY, _CORE_NAMES, _CORE_IRIS, fetch):
        c = cells[0]
        row = rows.get(c)
        if row is None:
            rows[c] = dict(zip(_CORE_NAMES, cells, strict=True))
            continue
        for name, x in zip(_CORE_NAMES[1:], cells[1:], strict=True):
            # a claim that is both kinds is causal ("causal" < "event")
            if str(x) < str(row[name]):
                row[name] = x
    for cls, flag in (("GeneralMechanism", "general"), ("Background", "bg")):
        for c, _t in _pairs(store, _RDF_TYPE, _TK + cls, fetch):
            if c in rows:
                rows[c][flag] = True
    optional = [(name, _pairs(store, prop, fetch=fetch)) for name, prop in _CLAIM_OPTIONAL.items()]
    optional.append(("h", iter(_rows(store, _HORIZON_QUERY, ("c", "x"), (True, False), fetch))))
    for name, pairs in optional:
        for c, x in pairs:
            row = rows.get(c)
            if row is not None and (name not in row or str(x) < str(row[name])):
                row[name] = x
    for row in rows.values():
        row.setdefault("general", False)
    return [rows[c] for c in sorted(rows)]


class Rows(NamedTuple):
    """The solutions of the projection's queries, one dict per solution with the query's
    variables as keys (unbound ones left out), as :meth:`Store.select` gives them:
    ``variables`` (_VARIABLES), ``events`` (_EVENTS), ``conditions`` (_CONDITIONS),
    ``general_conditions`` (_GENERAL_CONDITIONS), ``elaborates`` (_ELABORATES),
    ``dominance`` (_DOMINANCE), ``claims`` (:func:`_claim_rows`: one per claim, in IRI
    order) and ``identities`` (_IDENTITIES)."""

    variables: Iterable[dict[str, Any]]
    events: Iterable[dict[str, Any]]
    conditions: Iterable[dict[str, Any]]
    general_conditions: Iterable[dict[str, Any]]
    elaborates: Iterable[dict[str, Any]]
    dominance: Iterable[dict[str, Any]]
    claims: Iterable[dict[str, Any]]
    identities: Iterable[dict[str, Any]]


# an identity row's columns besides (i, var, target), which sort its rows further
_ID_REST = ("coef", "quote", "section", "doc", "rule", "label", "partial")


def _order(value: Any) -> tuple[str, str]:
    """A sort key for a cell of any type (None: unbound) that never compares types."""
    return ("", "") if value is None else (type(value).__name__, str(value))


def _add_edges(g: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add keyed edges whose end nodes exist, each with its own data dict taken as is.

    What ``add_edge`` does, without its per-call checks and attribute copy (10^6 edges):
    networkx keeps one key dict per (u, v), shared by the successor and predecessor maps."""
    succ, pred = g._succ, g._pred
    for u, v, key, data in edges:
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = succ[u][v] = pred[v][u] = g.edge_key_dict_factory()
        keyed[key] = data
    getattr(g, "__networkx_cache__", {}).clear()


def _year(v: Any) -> int | None:
    if v is None:
        return None
    return int(str(v)[:4])


class Projection:
    """The projected graph and lookup tables, built once per store generation."""

    def _empty(self, graph: nx.MultiDiGraph, source: str) -> None:
        self.graph = graph
        self.claim_edges: dict[str, tuple[str, str, str]] = {}
        self.claim_info: dict[str, dict[str, Any]] = {}
        # per-projection memo (the projection is immutable once built), bounded so that a
        # long-running server's memory stays flat however many distinct questions it gets
        self.cache: SizedLRU = SizedLRU(CACHE_COST)
        self._input_share: list[tuple[str, str, dict[str, Any]]] = []
        self._ends: dict[str, tuple[str, str, int]] = {}
        self.dominance_claims: dict[tuple[str, str], str] = {}
        # (winning channel, losing channel, cause change the statement speaks of; 0 = either)
        self.dominance_channels: set[tuple[tuple[str, str, int], tuple[str, str, int], int]] = set()
        #: "saved" when read from the file :func:`save_projection` wrote, "queries" when
        #: built from the store's, "quads" from a stream of quads, "graph" from a graph
        self.source = source

    def __init__(self, store: Store, *, saved: bool = True) -> None:
        """Read the projection saved beside an on-disk store when it is still the store's
        (see :func:`save_projection`), else build it from queries. ``saved=False``: always
        from queries."""
        self._empty(nx.MultiDiGraph(), "queries")
        # the build makes ~10 containers per claim, none of them cyclic: the cyclic
        # collector would walk the growing heap again and again (~15 % of the build)
        enabled = gc.isenabled()
        gc.disable()
        try:
            payload = _read_saved(store) if saved else None
            if payload is not None:
                self._restore(payload)
                self.source = "saved"
            else:
                self._build(store)
        finally:
            if enabled:
                gc.enable()

    def _payload(self) -> tuple[Any, ...]:
        """Everything the build computed, for :func:`save_projection` (not the memo), and
        the parts registered with :func:`save_with_projection`."""
        g = self.graph
        parts = {name: (version, state(self)) for name, (version, state, _) in _PARTS.items()}
        return (
            g.graph,
            g._node,
            g._succ,
            g._pred,
            self.claim_edges,
            self.claim_info,
            self.dominance_claims,
            self.dominance_channels,
            self._input_share,
            self._ends,
            parts,
        )

    def _restore(self, payload: tuple[Any, ...]) -> None:
        """The state :meth:`_payload` gave. marshal keeps shared objects shared: the key
        dict of an edge is the same object in the successor and predecessor maps, and a
        one-claim edge's attributes are that claim's ``claim_info`` entry."""
        (
            graph_attrs,
            node,
            succ,
            pred,
            self.claim_edges,
            self.claim_info,
            self.dominance_claims,
            self.dominance_channels,
            self._input_share,
            self._ends,
            parts,
        ) = payload
        g = self.graph
        g.graph.update(graph_attrs)
        g._node = node
        g._adj = g._succ = succ
        g._pred = pred
        getattr(g, "__networkx_cache__", {}).clear()
        for name, (version, state) in parts.items():
            known = _PARTS.get(name)
            if known is not None and known[0] == version:  # else built again on first use
                self.__dict__[name] = known[2](self, state)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> Projection:
        """A projection over a graph already in the attribute contract (tests, benches)."""
        self = cls.__new__(cls)
        self._empty(graph, "graph")
        return self

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad] | str | Path) -> Projection:
        """The projection of a store that holds exactly ``quads`` (or the quads of an
        N-Quads file, read as ``oxigraph load --lenient`` loads it), built without a store:
        the rows of the projection's queries are evaluated on the quads
        (:class:`rules.quad_rows.QuadRows`) and the graph is built from them as from the
        store's. Equal to ``Projection(store)`` on a store loaded with the same quads; a
        bulk load computes it while the loader writes the store, and saves it with
        ``save_projection(store, built=...)``."""
        from rules.quad_rows import QuadRows

        self = cls.__new__(cls)
        self._empty(nx.MultiDiGraph(), "quads")
        enabled = gc.isenabled()
        gc.disable()  # as in __init__: millions of containers, none of them cyclic
        try:
            collected = QuadRows()
            if isinstance(quads, str | Path):
                collected.add_nquads(quads)
            else:
                collected.add(quads)
            rows = collected.rows()
            del collected  # its dicts go before the graph's are made
            self._build_rows(rows)
        finally:
            if enabled:
                gc.enable()
        return self

    def _build(self, store: Store) -> None:
        native = getattr(store, "native", None)
        # only the embedded store's own handle: a remote or live stand-in keeps its order
        fetch = (
            _Fetcher(native, [_VARIABLES, *_claim_queries()])
            if isinstance(native, ox.Store)
            else None
        )
        try:
            self._build_with(store, fetch)
        finally:
            if fetch is not None:
                fetch.close()

    def _build_with(self, store: Store, fetch: _Fetcher | None) -> None:
        variables = [
            {"v": v, "key": key, **({"label": label} if label is not None else {})}
            for v, key, label in _rows(
                store, _VARIABLES, ("v", "key", "label"), (True, False, False), fetch
            )
        ]
        self._build_rows(
            Rows(
                variables=variables,
                events=store.select(_EVENTS),
                conditions=store.select(_CONDITIONS),
                general_conditions=store.select(_GENERAL_CONDITIONS),
                elaborates=store.select(_ELABORATES),
                dominance=store.select(_DOMINANCE),
                claims=_claim_rows(store, fetch),
                identities=store.select(_IDENTITIES),
            )
        )

    def _build_rows(self, rows: Rows) -> None:
        """The graph and tables from the solutions of the projection's queries, however
        they were computed (by the store, or from a stream of quads: rules.quad_rows).
        Where a node or identity has several rows, the order of the rows decides which
        values it keeps: the rows are sorted on all their values first, so whoever
        computed them and in whatever order, the same rows give the same projection."""
        g = self.graph
        for row in sorted(rows.variables, key=lambda r: (r["key"], _order(r.get("label")))):
            parts = row["key"].split("/")
            g.add_node(
                row["v"],
                kind="variable",
                key=row["key"],
                label=row.get("label", row["key"]),
                economy=parts[0],
                counterpart=parts[1],
                item=parts[2],
                product=parts[3],
                measure=parts[4],
            )
        events = sorted(
            rows.events, key=lambda r: (r["e"], _order(r["label"]), _order(r.get("year")))
        )
        for row in events:
            g.add_node(
                row["e"],
                kind="event",
                label=row["label"],
                year=_year(row.get("year")),
                key=None,
                economy=None,
            )
        conditions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for row in rows.conditions:
            conditions[row["c"]].append(
                (row["code"], _STATUS.get(row["status"], "unknown"), row.get("premise", ""))
            )
        for row in rows.general_conditions:
            conditions[row["c"]].append((row["code"], "unknown", ""))
        elaborates: dict[str, list[str]] = defaultdict(list)
        for row in rows.elaborates:
            elaborates[row["c"]].append(row["o"])
        dominates: dict[str, set[str]] = defaultdict(set)
        dominated_by: dict[str, set[str]] = defaultdict(set)
        self.dominance_claims = {}
        # several statements of one dominance: the last (largest) IRI names it
        for row in sorted(rows.dominance, key=lambda r: (r["win"], r["lose"], r["d"])):
            dominates[row["win"]].add(row["lose"])
            dominated_by[row["lose"]].add(row["win"])
            self.dominance_claims[(row["win"], row["lose"])] = row["d"]
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        ends: dict[str, tuple[str, str, int]] = {}  # claim -> (cause, effect, cause change)
        info = self.claim_info
        nodes = g._node  # membership tests on the plain dict: 10^6 of them
        for row in rows.claims:
            c = row["c"]
            get = row.get
            cause = get("cause") or get("event")
            effect = row["effect"]
            if cause is None or cause not in nodes or effect not in nodes:
                continue
            conds = tuple(sorted(set(conditions[c]))) if c in conditions else ()
            rule = get("rule")
            attrs = {
                "kind": row["kind"],
                "sign": int(row["sign"]),
                "horizon": get("h") or "any",
                "valid_from": _year(get("from")),
                "valid_to": _year(get("to")),
                "conditions": conds,
                "if_fails": get("fails", "drop"),
                "confidence": float(get("conf", 0.9)),
                "elaborates": tuple(sorted(elaborates[c])) if c in elaborates else (),
                "dominates": tuple(sorted(dominates[c])) if c in dominates else (),
                "dominated_by": tuple(sorted(dominated_by[c])) if c in dominated_by else (),
                "quote": row["quote"],
                "section": row["section"],
                "document": row["doc"],
                "rule_ids": (rule,) if rule else (),
                "instance_of": get("inst"),
                # a general mechanism joins the role slots (economy X, Y) only: it answers
                # general questions and never enters a chain of an economy
                "general": bool(get("general")),
                "ceteris_paribus": bool(get("cp", False)),
                "input_share": bool(get("share", False)),
                "background": bool(get("bg", False)),
            }
            if row["kind"] == "event":
                attrs["event_year"] = nodes[cause].get("year")
            info[c] = attrs
            ends[c] = (cause, effect, _CHANGE.get(get("cchange", ""), 0))
            mkey = (
                cause,
                effect,
                attrs["kind"],
                attrs["sign"],
                attrs["horizon"],
                attrs["valid_from"],
                attrs["valid_to"],
                tuple((k, s) for k, s, _ in conds) if conds else (),
                attrs["if_fails"],
                attrs["elaborates"],
                attrs["dominates"],
                attrs["dominated_by"],
                attrs["ceteris_paribus"],
                attrs["input_share"],
                attrs["background"],
            )
            groups[mkey].append(c)
        merged: list[tuple[str, str, dict[str, Any]]] = []
        for members in groups.values():
            if len(members) == 1:
                claim = members[0]
                # one claim, one edge: its attributes are the edge's (no copy)
                attrs = info[claim]
                attrs["claims"] = (claim,)
                attrs["quotes"] = (attrs["quote"],)
                attrs["claim"] = claim
            else:
                # deterministic whatever order the store returns rows in: a stated claim
                # is quoted first (the smallest IRI), derived instances only support it
                stated = sorted(c for c in members if not info[c]["rule_ids"])
                claim = stated[0] if stated else min(members)
                attrs = dict(info[claim])
                attrs["claims"] = (claim, *sorted(c for c in members if c != claim))
                attrs["quotes"] = tuple(dict.fromkeys(info[c]["quote"] for c in attrs["claims"]))
                attrs["claim"] = claim
                attrs["rule_ids"] = tuple(sorted({r for c in members for r in info[c]["rule_ids"]}))
                attrs["confidence"] = max(info[c]["confidence"] for c in members)
            merged.append((ends[claim][0], ends[claim][1], attrs))
        merged.sort(key=lambda t: t[2]["claim"])
        _add_edges(g, ((u, v, d["claim"], d) for u, v, d in merged))
        for cause, effect, attrs in merged:
            for c in attrs["claims"]:
                self.claim_edges[c] = (cause, effect, attrs["claim"])
            if attrs["input_share"]:
                self._input_share.append((cause, effect, attrs))
        self._ends = ends
        identity_sources: set[str] = set()
        identity_rows = sorted(
            rows.identities,
            key=lambda r: (r["i"], r["var"], r["target"], *(_order(r.get(k)) for k in _ID_REST)),
        )
        for row in identity_rows:
            i, target, var = row["i"], row["target"], row["var"]
            if target not in g or var not in g:
                continue
            coef = int(row["coef"])
            attrs = {
                "kind": "identity",
                "sign": coef,
                "horizon": "any",
                "valid_from": None,
                "valid_to": None,
                "conditions": (),
                "if_fails": "drop",
                "confidence": 1.0,
                "elaborates": (),
                "dominates": (),
                "dominated_by": (),
                "quote": row["quote"],
                "section": row["section"],
                "document": row["doc"],
                "rule_ids": (row["rule"],) if row.get("rule") else (),
                "instance_of": None,
                "claims": (i,),
                "claim": i,
                "statement": row["label"],
                "partial": bool(row.get("partial", False)),
                "general": str(row["target"]).split("/var/", 1)[-1].startswith(("X/", "Y/")),
                "ceteris_paribus": False,
                "input_share": False,
                "background": False,
            }
            ekey = f"{i}|{var}"
            if not g.has_edge(var, target, key=ekey):
                g.add_edge(var, target, key=ekey, **attrs)
                identity_sources.add(var)
            info[i] = attrs
            ends[i] = (var, target, 0)
        self._equalities(identity_sources)
        self.dominance_channels = set()
        for win, lose in self.dominance_claims:
            if win in info and lose in info:
                (wu, wv, change), (lu, lv, _) = ends[win], ends[lose]
                # "the yen's depreciation ... overwhelming any export gains" decides a fall of
                # the yen, not every rise of it
                self.dominance_channels.add(
                    (
                        (wu, wv, int(info[win]["sign"])),
                        (lu, lv, int(info[lose]["sign"])),
                        int(change),
                    )
                )
        self._input_share_channels()

    def _input_share_channels(self) -> None:
        """An input that moves by a share below one of its user's move (imported inputs of
        exports) is outweighed by the user's own term in the balance they both enter: more
        exports raise the goods balance although they pull in imported inputs."""
        g = self.graph
        for u, w, d in self._input_share:
            for _, target, d2 in g.out_edges(u, data=True):
                if d2["kind"] == "identity" and not d2.get("reverse"):
                    self.dominance_channels.add(
                        ((u, target, int(d2["sign"])), (u, w, int(d["sign"])), 0)
                    )

    def _equalities(self, sources: set[str]) -> None:
        """One-term identities (target = ±term) that are not partial sums are equalities:
        add the reverse edge. ``sources``: the nodes identity edges leave (read in the
        graph's order, which fixes the order reverse edges are added in)."""
        g = self.graph
        by_identity: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        for u, nbrs in g._succ.items():
            if u not in sources:
                continue
            for v, keyed in nbrs.items():
                for d in keyed.values():
                    if d["kind"] == "identity":
                        by_identity[d["claim"]].append((u, v, d))
        for ident, edges in by_identity.items():
            if len(edges) == 1 and not edges[0][2].get("partial"):
                u, v, d = edges[0]
                g.edges[u, v, f"{ident}|{u}"]["equality"] = True
                if not g.has_edge(v, u, key=f"{ident}|reverse"):
                    g.add_edge(
                        v, u, key=f"{ident}|reverse", **{**d, "reverse": True, "equality": True}
                    )

    # ------------------------------------------------------------------ lookups
    def label(self, node: str) -> str:
        return str(self.graph.nodes[node].get("label", node))

    def variables(self) -> list[str]:
        return [n for n, d in self.graph.nodes(data=True) if d.get("kind") == "variable"]


# ------------------------------------------------------------------ saved projection
#: The file, in the store's generation directory, that holds the saved projection.
SNAPSHOT = "tradekg-projection.bin"
_MAGIC = b"tradekg-projection\n"
# Tables other modules derive from a projection on first use (the search's integer
# index) that are saved with it: name -> (version, state of a projection, restore).
_PARTS: dict[str, tuple[str, Callable[[Projection], Any], Callable[[Projection, Any], Any]]] = {}


def save_with_projection(
    name: str,
    version: str,
    state: Callable[[Projection], Any],
    restore: Callable[[Projection, Any], Any],
) -> None:
    """Save ``state(projection)`` (marshallable; edge dicts stay the graph's own) with every
    saved projection; a projection read back gets ``restore(projection, state)`` as
    ``projection.__dict__[name]``, but only when ``version`` (say, a hash of the
    registering module) is the one it was saved with."""
    _PARTS[name] = (version, state, restore)


# the packages of this project: a module of theirs that the projection imports shapes
# what it builds, so its source is part of the saved file's key
_PROJECT_PACKAGES = ("kg", "rules", "ontology")


def _imported_modules(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in out if m.split(".", 1)[0] in _PROJECT_PACKAGES}


def code_files() -> list[Path]:
    """This module's source and that of every project module it imports, directly or
    through another (sorted, each once): what the saved file's format key hashes."""
    seen: dict[str, Path] = {}
    todo = [Path(__file__).resolve()]
    while todo:
        path = todo.pop()
        if str(path) in seen:
            continue
        seen[str(path)] = path
        for name in sorted(_imported_modules(ast.parse(path.read_bytes()))):
            try:
                spec = importlib.util.find_spec(name)
            except ImportError:  # a name imported from a module, not a module
                continue
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                todo.append(Path(spec.origin).resolve())
    return sorted(seen.values())


@functools.cache
def _code_digest() -> bytes:
    """The hash of :func:`code_files` (their names and contents), once per process."""
    h = hashlib.sha256()
    for path in code_files():
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def _format_key() -> str:
    """Changes with the code that builds a projection (this module and the project modules
    it imports), Python's marshal format and the versions of networkx, numpy (the saved
    search index) and pyoxigraph (what the queries return): a file written by another
    version is rebuilt, never misread."""
    h = hashlib.sha256(_code_digest())
    h.update(
        f"{sys.version}|{marshal.version}|{nx.__version__}|{np.__version__}|"
        f"{ox.__version__}".encode()
    )
    return h.hexdigest()


def _store_dir(store: Store) -> Path | None:
    """The pyoxigraph directory of an on-disk embedded store (None: in memory, remote)."""
    if not isinstance(store, OxigraphStore) or store.path is None:
        return None
    path = Path(store.path)
    return path if (path / "CURRENT").is_file() else None


def saved_projection_state(path: str | Path) -> list[list[Any]]:
    """What the content of the pyoxigraph directory ``path`` is keyed by: the name and
    size of each RocksDB table file (``*.sst``) and non-empty write-ahead log (``*.log``).

    RocksDB writes every change either to the write-ahead log, which only grows until it
    is deleted, or into new table files (flushes, compactions, bulk loads), whose numbers
    are never reused; so no write leaves this list as it was, whichever process or API
    made it. A writer that opens the store starts a new, empty log: left out, so opening
    changes nothing. Compaction changes the list without changing the content: the saved
    projection is then rebuilt, never served stale."""
    out: list[list[Any]] = []
    with os.scandir(path) as entries:
        for e in entries:
            if e.name.endswith((".sst", ".log")):
                size = e.stat().st_size
                if size or e.name.endswith(".sst"):
                    out.append([e.name, size])
    return sorted(out)


def _header(state: list[list[Any]]) -> bytes:
    return json.dumps({"format": _format_key(), "state": state}).encode("utf-8") + b"\n"


def _read_saved(store: Store) -> tuple[Any, ...] | None:
    """The payload of the saved projection when it is the store's as it is now, else None."""
    path = _store_dir(store)
    if path is None:
        return None
    try:
        with open(path / SNAPSHOT, "rb") as f:
            if f.readline() != _MAGIC:
                return None
            if f.readline() != _header(saved_projection_state(path)):
                return None  # the store changed since (or another version wrote it)
            data = f.read()
        payload = marshal.loads(data)  # noqa: S302 - written by save_projection, checked above
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError) as exc:
        log.warning("projection: %s unreadable, rebuilding from the store: %s", path, exc)
        return None
    if not isinstance(payload, tuple) or len(payload) != 11:
        return None
    return payload


def save_projection(store: Store, *, built: Projection | None = None) -> Path | None:
    """Save ``store``'s projection beside it, so that every later process reads it instead
    of rebuilding it from queries while the store's content stays as it is now (a build
    calls this once it has finished). Return the file, or None when there is nothing to
    save to (an in-memory or remote store) or the store changed while it was projected.

    ``built``: the projection of exactly the quads the store holds now, saved instead of
    building one from queries (``Projection.from_quads`` over the quads a bulk load
    wrote; the caller answers for them being the store's).

    The file is keyed by :func:`saved_projection_state` and the code's version;
    :class:`Projection` reads it only while both match. Raises OSError when the file
    cannot be written."""
    path = _store_dir(store)
    if path is None:
        return None
    before = saved_projection_state(path)
    if built is not None:
        proj = built
    else:
        proj = Projection(store)
        if proj.source == "saved":
            return path / SNAPSHOT
        if saved_projection_state(path) != before:
            return None
    enabled = gc.isenabled()
    gc.disable()  # dumping walks ~10 containers per claim; none of them is garbage
    try:
        data = marshal.dumps(proj._payload(), 4)
    finally:
        if enabled:
            gc.enable()
    tmp = path / f"{SNAPSHOT}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(_MAGIC)
            f.write(_header(before))
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path / SNAPSHOT)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path / SNAPSHOT


_cache: dict[tuple[int, str], tuple[str, object]] = {}
_lock = threading.Lock()
T = TypeVar("T")


def per_store(store: Store, name: str, build: Callable[[Store], T]) -> T:
    """``build(store)``, cached under ``name`` until the store's content changes."""
    gen = store.generation
    key = (id(store), name)
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == gen:
            return cast(T, hit[1])
    value = build(store)
    with _lock:
        _cache[key] = (gen, value)
    return value


def _long_lived(store: Store) -> Projection:
    """A projection whose objects the cyclic garbage collector leaves alone from now on.

    Built with the collector paused, its millions of containers would otherwise all be
    walked by the next collections (0.5-1 s at 10^5 edges, on the first question). The
    projection holds no reference cycle (a test frees a replaced one with the collector
    off), so freezing it keeps nothing alive: reference counting frees it. What an
    earlier call froze is thawed and garbage collected first, so cyclic garbage frozen
    with a projection (a request in flight in a server) is freed at the next rebuild."""
    gc.unfreeze()
    gc.collect()
    proj = Projection(store)
    gc.freeze()
    return proj


def projection(store: Store) -> Projection:
    """The projection of ``store``, cached until the store's content changes."""
    return per_store(store, "projection", _long_lived)
