"""Signed chains over the projection: edges, filters, scoring, reference enumerations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
import yaml

from ontology.vocab import ontology_path
from rules.observations import (
    Observations,
    _overlaps,
)
from rules.results import (
    ConditionNote,
    ObservationRef,
)

__all__ = ["MAX_CHAINS", "MAX_DEPTH", "MAX_RAW_SCORE", "Dom", "Parts", "parts", "shown_score"]

# (winning channel, losing channel, change of the cause the statement speaks of; 0 = either)
Dom = set[tuple[tuple[str, str, int], tuple[str, str, int], int]]
DOMINANT_FACTOR = 1.25
# the most a chain's raw score can reach: confidences and decays are at most 1, agreeing
# observations at most double it (4 × 0.25) and a dominant channel multiplies by 1.25
MAX_RAW_SCORE = 2.0 * DOMINANT_FACTOR
MAX_DEPTH = 7
MAX_CHAINS = 4000
LENGTH_DECAY = 0.85
CONDITIONAL_FACTOR = 0.6


@dataclass(frozen=True)
class _Edge:
    u: str
    v: str
    key: str
    data: dict[str, Any]


@dataclass
class _Chain:
    edges: list[_Edge]
    signs: list[int]  # effective sign of each step (after conditions)
    root_change: int  # +1 increase, -1 decrease
    conditions: list[ConditionNote]
    reversed_steps: list[bool]
    horizon: str = "any"
    score: float = 0.0
    evidence: list[ObservationRef] = field(default_factory=list)
    blocked: bool = False  # passes a ceteris-paribus step against a stated effect
    summaries: list[_Chain] = field(default_factory=list)  # summary chains it spells out

    @property
    def sign(self) -> int:
        s = 1
        for x in self.signs:
            s *= x
        return s

    @property
    def claims(self) -> set[str]:
        return {c for e in self.edges for c in e.data["claims"]}

    def changes(self) -> list[int]:
        out = [self.root_change]
        for s in self.signs:
            out.append(out[-1] * s)
        return out

    @property
    def nodes(self) -> list[str]:
        return [self.edges[0].u] + [e.v for e in self.edges]


@dataclass(frozen=True)
class _Filter:
    horizon: str | None
    span: tuple[int, int] | None
    # conditions the asker takes as given ("if Marshall-Lerner fails"): (code, "holds" |
    # "fails") pairs that replace the graph's status of those conditions for one question
    assume: tuple[tuple[str, str], ...] = ()

    def admits(self, data: dict[str, Any]) -> bool:
        h = data["horizon"]
        if self.horizon == "short" and h == "long":
            return False
        if self.horizon == "long" and h == "short":
            return False
        return _overlaps((data["valid_from"], data["valid_to"]), self.span)


def _statuses(
    data: dict[str, Any], assume: tuple[tuple[str, str], ...] = ()
) -> list[tuple[str, str, str]]:
    """An edge's (condition code, status, premise IRI), with the asker's assumptions in place
    of the graph's status (an assumed condition has no premise in the graph)."""
    if not assume:
        return list(data["conditions"])
    given = dict(assume)
    return [
        (code, given[code], "") if code in given else (code, status, premise)
        for code, status, premise in data["conditions"]
    ]


def assumed_notes(assume: tuple[tuple[str, str], ...]) -> list[str]:
    """The assumptions a query states for conditions the asker took as given."""
    return [
        f"taken as given in the question: condition {code} {status} (claims that need it "
        + ("hold" if status == "holds" else "run as each says when it fails: reversed or dropped")
        + ")"
        for code, status in assume
    ]


def _step_sign(
    data: dict[str, Any], assume: tuple[tuple[str, str], ...] = ()
) -> tuple[int, bool, bool] | None:
    """(effective sign, reversed?, conditional?) or None when a failing condition drops it."""
    sign = int(data["sign"])
    conditional = False
    for _code, status, _premise in _statuses(data, assume):
        if status == "fails":
            if data.get("if_fails") == "reverse":
                return -sign, True, False
            return None
        if status == "unknown":
            conditional = True
    return sign, False, conditional


def _chain_from(
    edges: list[_Edge], root_change: int, assume: tuple[tuple[str, str], ...] = ()
) -> _Chain | None:
    signs: list[int] = []
    rev: list[bool] = []
    notes: list[ConditionNote] = []
    horizons = set()
    for e in edges:
        res = _step_sign(e.data, assume)
        if res is None:
            return None
        s, r, _c = res
        signs.append(s)
        rev.append(r)
        for code, status, premise in _statuses(e.data, assume):
            note = ConditionNote(condition=code, status=status, premise=premise or None)  # type: ignore[arg-type]
            if note not in notes:
                notes.append(note)
        if e.data["horizon"] != "any":
            horizons.add(e.data["horizon"])
    if len(horizons) > 1:
        return None  # a short-run step and a long-run step do not compose
    return _Chain(
        edges, signs, root_change, notes, rev, horizon=next(iter(horizons)) if horizons else "any"
    )


class Parts:
    """Which variables are parts of which aggregates (docs/propagation.md, "Parts and
    wholes"): a chain never reaches a part after passing an aggregate that contains it.

    ``wholes[v]``: the aggregates containing ``v``; ``parts[a]``: the parts of ``a``.
    A part is a variable of the same economy and measure whose item is a BPM6 component
    of the aggregate's item (the ontology's ``partOf``, transitively: imports ⊂ goods
    balance ⊂ current account), or the same item for a narrower counterpart or product
    (imports of food ⊂ imports, the balance with China ⊂ the U.S. goods balance)."""

    __slots__ = ("parts", "wholes")

    def __init__(self, g: nx.MultiDiGraph) -> None:
        up = _item_parents()
        # only a variable with a BPM6 parent item, or a narrower counterpart or product,
        # can be a part: most variables of a large graph are neither (one pass, no index)
        keyed: list[tuple[str, tuple[Any, ...]]] = []
        parts_of: list[tuple[str, tuple[Any, ...]]] = []
        for n, a in g.nodes(data=True):
            item = a.get("item")
            if a.get("kind") != "variable" or not item:
                continue
            k = (a.get("economy"), a.get("measure"), item, a.get("counterpart"), a.get("product"))
            keyed.append((n, k))
            if item in up or k[3] != "WLD" or k[4] != "total":
                parts_of.append((n, k))
        wholes: dict[str, set[str]] = defaultdict(set)
        if parts_of:
            index = {k: n for n, k in keyed}
            for n, (eco, measure, item, cp, prod) in parts_of:
                items = [item]
                while up.get(items[-1]) and up[items[-1]] not in items:
                    items.append(up[items[-1]])
                for it in items:
                    for c in dict.fromkeys((cp, "WLD")):
                        for pr in dict.fromkeys((prod, "total")):
                            w = index.get((eco, measure, it, c, pr))
                            if w is not None and w != n:
                                wholes[n].add(w)
        self.wholes: dict[str, frozenset[str]] = {n: frozenset(ws) for n, ws in wholes.items()}
        parts: dict[str, set[str]] = defaultdict(set)
        for n, ws in self.wholes.items():
            for w in ws:
                parts[w].add(n)
        self.parts: dict[str, frozenset[str]] = {w: frozenset(ps) for w, ps in parts.items()}

    def maps(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """(wholes, parts) for searches that inline the checks (no call per step)."""
        return self.wholes, self.parts

    def enters_part(self, v: str, before: set[str] | frozenset[str]) -> bool:
        """Whether a chain that already passed ``before`` may not go on to ``v``."""
        ws = self.wholes.get(v)
        return ws is not None and not ws.isdisjoint(before)

    def whole_of_later(self, u: str, after: set[str] | frozenset[str]) -> bool:
        """Whether ``u`` may not precede ``after`` (it contains one of them)."""
        ps = self.parts.get(u)
        return ps is not None and not ps.isdisjoint(after)


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _item_parents() -> dict[str, str]:
    # only the items' partOf: the whole vocabulary (ISO names, CLDR currencies) would cost
    # a cold question ~0.2 s
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both safe loaders
    text = ontology_path("vocab.yaml").read_text(encoding="utf-8")
    items = yaml.load(text, Loader=loader)  # noqa: S506
    return {code: spec["partOf"] for code, spec in items["items"].items() if spec.get("partOf")}


def parts(g: nx.MultiDiGraph) -> Parts:
    """The part-of relation of ``g``'s variables, kept on the graph (rebuilt if it grew)."""
    stamp = g.number_of_nodes()  # O(1); parts depend on the variables only
    hit = g.graph.get("_parts")
    if hit is None or hit[0] != stamp:
        hit = g.graph["_parts"] = (stamp, Parts(g))
    return hit[1]  # type: ignore[no-any-return]


def _admissible_out(
    g: nx.MultiDiGraph, node: str, flt: _Filter, after_identity: bool
) -> Iterator[_Edge]:
    for _, v, k, d in g.out_edges(node, keys=True, data=True):
        if after_identity and d["kind"] != "identity":
            continue
        if d.get("reverse"):
            continue  # equalities read backwards only close loops, never explain
        if flt.admits(d):
            yield _Edge(node, v, k, d)


def _admissible_in(g: nx.MultiDiGraph, node: str, flt: _Filter) -> Iterator[_Edge]:
    for u, _, k, d in g.in_edges(node, keys=True, data=True):
        if not d.get("reverse") and flt.admits(d):
            yield _Edge(u, node, k, d)


def _backward(g: nx.MultiDiGraph, target: str, flt: _Filter) -> list[list[_Edge]]:
    """Every admissible simple path ending at ``target`` whose identity steps form its tail.

    Exhaustive reference enumeration (capped at MAX_CHAINS): the queries use the
    best-first search of rules/search.py; the property tests compare the two."""
    out: list[list[_Edge]] = []
    pw = parts(g)
    stack: list[tuple[str, list[_Edge], bool]] = [(target, [], True)]
    while stack and len(out) < MAX_CHAINS:
        node, path, in_tail = stack.pop()
        visited = {e.u for e in path} | {target}
        if len(path) < MAX_DEPTH:
            for e in _admissible_in(g, node, flt):
                if e.u in visited or pw.whole_of_later(e.u, visited):
                    continue
                if not in_tail and e.data["kind"] == "identity":
                    continue  # walking backwards: an identity may only follow identities
                stack.append((e.u, [e, *path], in_tail and e.data["kind"] == "identity"))
        if path and path[0].data["kind"] != "identity":
            out.append(path)
    return out


def _forward(g: nx.MultiDiGraph, source: str, flt: _Filter) -> list[list[_Edge]]:
    """Every admissible simple path starting at ``source`` (identity steps only at the end)."""
    out: list[list[_Edge]] = []
    pw = parts(g)
    stack: list[tuple[str, list[_Edge], bool]] = [(source, [], False)]
    while stack and len(out) < MAX_CHAINS:
        node, path, after_identity = stack.pop()
        if path:
            out.append(path)
        if len(path) >= MAX_DEPTH:
            continue
        visited = {source} | {e.v for e in path}
        for e in _admissible_out(g, node, flt, after_identity):
            if e.v in visited or pw.enters_part(e.v, visited):
                continue
            if not path and e.data["kind"] == "identity" and g.nodes[source].get("kind") == "event":
                continue
            stack.append((e.v, [*path, e], after_identity or e.data["kind"] == "identity"))
    return out


def _drop_elaborated(chains: list[_Chain]) -> tuple[list[_Chain], dict[int, list[str]]]:
    """A summary claim and the chain it elaborates count once: keep the detailed chain."""
    keep: list[_Chain] = []
    absorbed: dict[int, list[str]] = defaultdict(list)
    for ch in chains:
        drop = False
        for e in ch.edges:
            elab = set(e.data["elaborates"])
            if not elab:
                continue
            for other in chains:
                if other is ch:
                    continue
                nodes = other.nodes
                if (
                    e.u in nodes
                    and e.v in nodes
                    and nodes.index(e.u) < nodes.index(e.v)
                    and elab & other.claims
                    and other.nodes[0] == ch.nodes[0]
                    and other.nodes[-1] == ch.nodes[-1]
                    # the same story: same root move and end move, not an outweighed rival
                    and other.root_change == ch.root_change
                    and other.sign == ch.sign
                    and not other.blocked
                ):
                    drop = True
                    absorbed[id(other)].append(e.data["quote"])
                    other.summaries.append(ch)
                    break
            if drop:
                break
        if not drop:
            keep.append(ch)
    return keep, absorbed


def _prefer_causal(chains: list[_Chain]) -> list[_Chain]:
    """A variable a causal claim moves directly is not also moved through an accounting
    equality (capital inflows = −current account): the equality is not a cause."""
    if any(c.edges[-1].data["kind"] != "identity" for c in chains):
        return [c for c in chains if not any(e.data.get("equality") for e in c.edges)]
    return chains


def shown_score(raw: float) -> float:
    """The score an answer shows: the raw score over the most any chain can reach, so
    it lies in [0, 1] and means the same in every answer (1 = a fully confident one-step
    chain of a dominant channel with four agreeing observations)."""
    return round(min(1.0, max(0.0, raw / MAX_RAW_SCORE)), 4)


def _score(ch: _Chain, obs: Observations, span: tuple[int, int] | None) -> None:
    score = 1.0
    causal_steps = 0
    for e in ch.edges:
        if e.data["kind"] != "identity":
            score *= float(e.data["confidence"])
            causal_steps += 1
    score *= LENGTH_DECAY ** max(0, causal_steps - 1)
    if any(c.status == "unknown" for c in ch.conditions):
        score *= CONDITIONAL_FACTOR
    changes = ch.changes()
    evidence: list[ObservationRef] = []
    agree = disagree = 0
    for node, change in zip(ch.nodes, changes, strict=True):
        for o in obs.movements(node, span):
            ok = (o.direction == "increase") == (change > 0)
            evidence.append(o.ref(ok))
            if ok:
                agree += 1
            else:
                disagree += 1
    # a dated event in the asked period is itself an observation that the shock happened
    year = ch.edges[0].data.get("event_year")
    if year is not None and (span is None or span[0] <= year <= span[1]):
        agree += 1
    score *= (1.0 + 0.25 * min(agree, 4)) * (0.5**disagree)
    ch.score = round(score, 4)
    ch.evidence = evidence
