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

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, TypeVar, cast

import networkx as nx
import pyoxigraph as ox

from kg.store import Store, term_value

__all__ = ["CACHE_COST", "Projection", "SizedLRU", "per_store", "projection"]

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


# The claims are read with narrow queries (one pattern each) joined here, not with one
# wide query of OPTIONALs: on 10^5 claims that is ~10x faster in pyoxigraph and on a
# remote endpoint each query streams without a join plan.
_CLAIM_CORE = {"effect": "effect", "sign": "sign", "quote": "quote", "section": "section"}
_CLAIM_OPTIONAL = {
    "cause": "cause",
    "event": "event",
    "h": "horizon",
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


def _pairs(store: Store, prop: str, obj: str | None = None) -> Iterator[tuple[str, Any]]:
    """(subject, value) of every ``prop`` statement in any graph (``prop`` a full IRI or a
    tk: local name; ``obj`` fixes the object). The embedded store is read straight from
    its index (no query plan, no result rows); others by SPARQL."""
    iri = prop if ":" in prop else _TK + prop
    native = getattr(store, "native", None)
    if native is not None:
        o = ox.NamedNode(obj) if obj else None
        for q in native.quads_for_pattern(None, ox.NamedNode(iri), o, None):
            if isinstance(q.subject, ox.NamedNode):
                yield q.subject.value, term_value(q.object)
        return
    pattern = f"<{obj}>" if obj else "?x"
    for r in store.select(f"SELECT ?c ?x WHERE {{ ?c <{iri}> {pattern} }}"):
        yield r["c"], r.get("x", obj)


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
  FILTER (!STRSTARTS(?tk, "X/") && !STRSTARTS(?tk, "Y/"))
  OPTIONAL { ?i tk:ruleId ?rule }
  OPTIONAL { ?i (tk:partialSum|tk:instanceOf/tk:partialSum) ?partial }
}"""
_VARIABLES = """
SELECT ?v ?key ?label WHERE {
  ?v a tk:Variable ; tk:key ?key .
  OPTIONAL { ?v rdfs:label ?label }
}"""
_EVENTS = (
    "SELECT ?e ?label ?year WHERE { ?e a tk:Event ; rdfs:label ?label . "
    "OPTIONAL { ?e tk:year ?year } }"
)

_HORIZON = {
    "https://w3id.org/tradekg/ontology#ShortRun": "short",
    "https://w3id.org/tradekg/ontology#LongRun": "long",
}
_CHANGE = {
    "https://w3id.org/tradekg/ontology#Increase": 1,
    "https://w3id.org/tradekg/ontology#Decrease": -1,
}
_STATUS = {
    "https://w3id.org/tradekg/ontology#Holds": "holds",
    "https://w3id.org/tradekg/ontology#Fails": "fails",
}


def _claim_rows(store: Store) -> list[dict[str, Any]]:
    """One row per causal claim, general mechanism or event shock, in IRI order, with the
    same keys the projection reads: c, kind, effect, sign, quote, section, doc, general
    and, where present, cause, event, h, conf, from, to, rule, inst, fails, cp, share,
    cchange, bg."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for cls in ("CausalClaim", "EventShock", "GeneralMechanism", "Background"):
        for c, _t in _pairs(store, _RDF_TYPE, _TK + cls):
            kinds[c].add(cls)
    # evidence → target → source, joined here (a three-pattern join is the slow part of
    # the query planner on 10^5 claims)
    targets = dict(_pairs(store, _OA + "hasTarget"))
    sources: dict[str, str] = {}
    for t, doc in _pairs(store, _OA + "hasSource"):
        if t not in sources or doc < sources[t]:
            sources[t] = doc
    docs: dict[str, str] = {}
    for c, e in _pairs(store, "evidence"):
        doc = sources.get(targets.get(e, ""))
        if doc is not None and c in kinds and (c not in docs or doc < docs[c]):
            docs[c] = doc
    rows: dict[str, dict[str, Any]] = {}
    for c, k in kinds.items():
        if c not in docs:
            continue
        kind = "causal" if "CausalClaim" in k else "event" if "EventShock" in k else None
        if kind is not None:
            # a general mechanism is projected too, flagged: it joins the role slots only
            rows[c] = {"c": c, "kind": kind, "doc": docs[c], "general": "GeneralMechanism" in k}
            if "Background" in k:
                rows[c]["bg"] = True
    for name, prop in (*_CLAIM_CORE.items(), *_CLAIM_OPTIONAL.items()):
        for c, x in _pairs(store, prop):
            row = rows.get(c)
            if row is not None and (name not in row or str(x) < str(row[name])):
                row[name] = x  # several values: the smallest, whatever the row order
    rows = {c: r for c, r in rows.items() if all(k in r for k in _CLAIM_CORE)}
    return [rows[c] for c in sorted(rows)]


def _year(v: Any) -> int | None:
    if v is None:
        return None
    return int(str(v)[:4])


class Projection:
    """The projected graph and lookup tables, built once per store generation."""

    def __init__(self, store: Store) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.claim_edges: dict[str, tuple[str, str, str]] = {}
        self.claim_info: dict[str, dict[str, Any]] = {}
        # per-projection memo (the projection is immutable once built), bounded so that a
        # long-running server's memory stays flat however many distinct questions it gets
        self.cache: SizedLRU = SizedLRU(CACHE_COST)
        self._build(store)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> Projection:
        """A projection over a graph already in the attribute contract (tests, benches)."""
        self = cls.__new__(cls)
        self.graph = graph
        self.claim_edges = {}
        self.claim_info = {}
        self.cache = SizedLRU(CACHE_COST)
        self.dominance_claims = {}
        self.dominance_channels = set()
        return self

    def _build(self, store: Store) -> None:
        g = self.graph
        for row in sorted(store.select(_VARIABLES), key=lambda r: r["key"]):
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
        for row in sorted(store.select(_EVENTS), key=lambda r: r["e"]):
            g.add_node(
                row["e"],
                kind="event",
                label=row["label"],
                year=_year(row.get("year")),
                key=None,
                economy=None,
            )
        conditions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for row in store.select(_CONDITIONS):
            conditions[row["c"]].append(
                (row["code"], _STATUS.get(row["status"], "unknown"), row.get("premise", ""))
            )
        for row in store.select(_GENERAL_CONDITIONS):
            conditions[row["c"]].append((row["code"], "unknown", ""))
        elaborates: dict[str, list[str]] = defaultdict(list)
        for row in store.select(_ELABORATES):
            elaborates[row["c"]].append(row["o"])
        dominates: dict[str, set[str]] = defaultdict(set)
        dominated_by: dict[str, set[str]] = defaultdict(set)
        self.dominance_claims: dict[tuple[str, str], str] = {}
        for row in store.select(_DOMINANCE):
            dominates[row["win"]].add(row["lose"])
            dominated_by[row["lose"]].add(row["win"])
            self.dominance_claims[(row["win"], row["lose"])] = row["d"]
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for row in _claim_rows(store):
            c = row["c"]
            cause = row.get("cause") or row.get("event")
            if cause is None or cause not in g or row["effect"] not in g:
                continue
            conds = tuple(sorted(set(conditions.get(c, []))))
            attrs = {
                "kind": row["kind"],
                "sign": int(row["sign"]),
                "horizon": _HORIZON.get(row.get("h", ""), "any"),
                "valid_from": _year(row.get("from")),
                "valid_to": _year(row.get("to")),
                "conditions": conds,
                "if_fails": row.get("fails", "drop"),
                "confidence": float(row.get("conf", 0.9)),
                "elaborates": tuple(sorted(elaborates.get(c, []))),
                "dominates": tuple(sorted(dominates.get(c, set()))),
                "dominated_by": tuple(sorted(dominated_by.get(c, set()))),
                "quote": row["quote"],
                "section": row["section"],
                "document": row["doc"],
                "rule_ids": (row["rule"],) if row.get("rule") else (),
                "instance_of": row.get("inst"),
                # a general mechanism joins the role slots (economy X, Y) only: it answers
                # general questions and never enters a chain of an economy
                "general": bool(row.get("general")),
                "ceteris_paribus": bool(row.get("cp", False)),
                "input_share": bool(row.get("share", False)),
                "background": bool(row.get("bg", False)),
            }
            if row["kind"] == "event":
                attrs["event_year"] = g.nodes[cause].get("year")
            self.claim_info[c] = {
                **attrs,
                "cause": cause,
                "effect": row["effect"],
                "cause_change": _CHANGE.get(row.get("cchange", ""), 0),
            }
            mkey = (
                cause,
                row["effect"],
                attrs["kind"],
                attrs["sign"],
                attrs["horizon"],
                attrs["valid_from"],
                attrs["valid_to"],
                tuple((k, s) for k, s, _ in conds),
                attrs["if_fails"],
                attrs["elaborates"],
                attrs["dominates"],
                attrs["dominated_by"],
                attrs["ceteris_paribus"],
                attrs["input_share"],
                attrs["background"],
            )
            groups[mkey].append(c)
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for mkey, members in groups.items():
            # deterministic whatever order the store returns rows in: a stated claim is
            # quoted first (the smallest IRI), derived instances only support it
            stated = sorted(c for c in members if not self.claim_info[c]["rule_ids"])
            claim = stated[0] if stated else min(members)
            info = self.claim_info[claim]
            attrs = {k: v for k, v in info.items() if k not in ("cause", "effect", "cause_change")}
            attrs["claims"] = (claim, *sorted(c for c in members if c != claim))
            attrs["quotes"] = tuple(
                dict.fromkeys(self.claim_info[c]["quote"] for c in attrs["claims"])
            )
            attrs["claim"] = claim
            attrs["rule_ids"] = tuple(
                sorted({r for c in members for r in self.claim_info[c]["rule_ids"]})
            )
            attrs["confidence"] = max(self.claim_info[c]["confidence"] for c in members)
            merged[mkey] = attrs
        for (cause, effect, *_rest), attrs in sorted(merged.items(), key=lambda kv: kv[1]["claim"]):
            g.add_edge(cause, effect, key=attrs["claim"], **attrs)
            for c in attrs["claims"]:
                self.claim_edges[c] = (cause, effect, attrs["claim"])
        identity_rows = sorted(
            store.select(_IDENTITIES), key=lambda r: (r["i"], r["var"], r["target"])
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
                "ceteris_paribus": False,
                "input_share": False,
                "background": False,
            }
            ekey = f"{i}|{var}"
            if not g.has_edge(var, target, key=ekey):
                g.add_edge(var, target, key=ekey, **attrs)
            self.claim_info[i] = {**attrs, "cause": var, "effect": target}
        self._equalities(store)
        # (winning channel, losing channel, cause change the statement speaks of; 0 = either)
        self.dominance_channels: set[tuple[tuple[str, str, int], tuple[str, str, int], int]] = set()
        for win, lose in self.dominance_claims:
            w, lo = self.claim_info.get(win), self.claim_info.get(lose)
            if w and lo:
                # "the yen's depreciation ... overwhelming any export gains" decides a fall of
                # the yen, not every rise of it
                self.dominance_channels.add(
                    (
                        (w["cause"], w["effect"], int(w["sign"])),
                        (lo["cause"], lo["effect"], int(lo["sign"])),
                        int(w.get("cause_change", 0)),
                    )
                )
        self._input_share_channels()

    def _input_share_channels(self) -> None:
        """An input that moves by a share below one of its user's move (imported inputs of
        exports) is outweighed by the user's own term in the balance they both enter: more
        exports raise the goods balance although they pull in imported inputs."""
        g = self.graph
        for u, w, d in list(g.edges(data=True)):
            if not d.get("input_share"):
                continue
            for _, target, d2 in g.out_edges(u, data=True):
                if d2["kind"] == "identity" and not d2.get("reverse"):
                    self.dominance_channels.add(
                        ((u, target, int(d2["sign"])), (u, w, int(d["sign"])), 0)
                    )

    def _equalities(self, store: Store) -> None:
        """One-term identities (target = ±term) that are not partial sums are equalities:
        add the reverse edge."""
        g = self.graph
        by_identity: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        for u, v, d in g.edges(data=True):
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


def projection(store: Store) -> Projection:
    """The projection of ``store``, cached until the store's content changes."""
    return per_store(store, "projection", Projection)
