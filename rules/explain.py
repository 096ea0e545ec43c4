"""Signed propagation over the projection: why, whatif, paths, loops, contradictions.

The semantics are written down in docs/propagation.md. In short: a chain's sign is the
product of its steps' signs; chains respect validity eras, horizons and conditions;
identity steps only decompose (they may only end a chain); dominance claims decide
net effects first, then evidence; elaborated summaries count once.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from kg.store import Store
from rules.errors import QueryError
from rules.projection import Projection, per_store, projection
from rules.results import (
    Chain,
    Channel,
    ConditionNote,
    Contradiction,
    ContradictionsResult,
    Dag,
    DagEdge,
    Effect,
    Explanation,
    Loop,
    LoopsResult,
    ObservationRef,
    Offset,
    PathsResult,
    PremiseCheck,
    PremiseStatus,
    ResolvedQuery,
    ResultCode,
    Source,
    Step,
    Term,
    WhatIfResult,
    WhyResult,
)

__all__ = [
    "Observations",
    "contradictions",
    "loops",
    "observations",
    "parse_period",
    "paths",
    "whatif",
    "why",
]

Dom = set[tuple[tuple[str, str, int], tuple[str, str, int]]]
MAX_DEPTH = 7
MAX_CHAINS = 4000
LENGTH_DECAY = 0.85
CONDITIONAL_FACTOR = 0.6
OUTWEIGHED_FACTOR = 0.3
_PERIOD = re.compile(r"^(FY)?(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_VALID_HORIZONS = {None, "short", "long", "any"}
_DOC_LABELS = {"https://w3id.org/tradekg/id/document/": ""}


def parse_period(period: str | None) -> tuple[int, int] | None:
    """'2022' -> (2022, 2022); '2021-2024' -> (2021, 2024); 'FY2024' -> (2024, 2025)."""
    if period is None:
        return None
    m = _PERIOD.match(period.strip())
    if not m:
        raise QueryError(
            f"period {period!r} not understood",
            fix="use a year (2022), a range (2021-2024) or a fiscal year (FY2024)",
        )
    start = int(m.group(2))
    end = int(m.group(3)) if m.group(3) else start
    if m.group(1):
        end += 1
    if end < start:
        raise QueryError(f"period {period!r} ends before it starts", fix="write START-END")
    return start, end


# ---------------------------------------------------------------------- observations
@dataclass(frozen=True)
class Obs:
    iri: str
    variable: str
    kind: str
    value: float | None
    unit: str | None
    direction: str | None  # movement direction of the variable, where the record says
    period: str
    start: int
    end: int
    quote: str

    def ref(self, agrees: bool | None = None) -> ObservationRef:
        return ObservationRef(
            observation=self.iri,
            variable=self.variable,
            period=self.period,
            kind=self.kind,
            value=self.value,
            unit=self.unit,
            direction=self.direction,
            quote=self.quote,  # type: ignore[arg-type]
            agrees=agrees,
        )


@dataclass
class Observations:
    """Observations by variable, with movements derived from consecutive signs/levels."""

    by_variable: dict[str, list[Obs]] = field(default_factory=lambda: defaultdict(list))

    def movements(self, variable: str, span: tuple[int, int] | None) -> list[Obs]:
        """Observations that say which way ``variable`` moved, overlapping ``span``."""
        obs = self.by_variable.get(variable, [])
        out = [o for o in obs if o.direction and _overlaps((o.start, o.end), span)]
        levels = sorted(
            (
                o
                for o in obs
                if (o.kind in ("level", "sign") and o.value is not None and o.unit == "sign")
                or o.kind == "sign"
            ),
            key=lambda o: (o.start, o.end, o.iri),
        )
        for a, b in itertools.pairwise(levels):
            if (
                a.end < b.start
                and a.value is not None
                and b.value is not None
                and (a.value > 0) != (b.value > 0)
            ):
                d = "increase" if b.value > a.value else "decrease"
                derived = Obs(
                    b.iri,
                    variable,
                    "sign-change",
                    b.value,
                    b.unit,
                    d,
                    f"{a.period} → {b.period}",
                    a.end,
                    b.start,
                    b.quote,
                )
                if _overlaps((a.end, b.end), span):
                    out.append(derived)
        return out


_OBS_QUERY = """
SELECT ?o ?v ?kind ?value ?unit ?dir ?period ?y0 ?y1 ?quote WHERE {
  ?o a qb:Observation ; tk:variable ?v ; tk:kind ?kind ; tk:period ?period ;
     tk:periodStart ?y0 ; tk:periodEnd ?y1 ; tk:quote ?quote .
  OPTIONAL { ?o tk:value ?value } OPTIONAL { ?o tk:unit ?unit } OPTIONAL { ?o tk:direction ?dir }
}"""


def observations(store: Store) -> Observations:
    """The store's observations, cached until the store changes."""
    return per_store(store, "observations", _load_observations)


def _load_observations(store: Store) -> Observations:
    out = Observations()
    for r in store.select(_OBS_QUERY):
        d = r.get("dir")
        direction = None if d is None else ("increase" if d.endswith("Increase") else "decrease")
        out.by_variable[r["v"]].append(
            Obs(
                r["o"],
                r["v"],
                r["kind"],
                r.get("value"),
                r.get("unit"),
                direction,
                r["period"],
                int(str(r["y0"])[:4]),
                int(str(r["y1"])[:4]),
                r["quote"],
            )
        )
    for obs_list in out.by_variable.values():
        obs_list.sort(key=lambda o: (o.start, o.end, o.iri))  # independent of row order
    return out


def _overlaps(a: tuple[int | None, int | None], span: tuple[int, int] | None) -> bool:
    if span is None:
        return True
    lo, hi = a
    return (lo is None or lo <= span[1]) and (hi is None or hi >= span[0])


# ---------------------------------------------------------------------- chains
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

    def admits(self, data: dict[str, Any]) -> bool:
        h = data["horizon"]
        if self.horizon == "short" and h == "long":
            return False
        if self.horizon == "long" and h == "short":
            return False
        return _overlaps((data["valid_from"], data["valid_to"]), self.span)


def _step_sign(data: dict[str, Any]) -> tuple[int, bool, bool] | None:
    """(effective sign, reversed?, conditional?) or None when a failing condition drops it."""
    sign = int(data["sign"])
    conditional = False
    for _code, status, _premise in data["conditions"]:
        if status == "fails":
            if data.get("if_fails") == "reverse":
                return -sign, True, False
            return None
        if status == "unknown":
            conditional = True
    return sign, False, conditional


def _chain_from(edges: list[_Edge], root_change: int) -> _Chain | None:
    signs: list[int] = []
    rev: list[bool] = []
    notes: list[ConditionNote] = []
    horizons = set()
    for e in edges:
        res = _step_sign(e.data)
        if res is None:
            return None
        s, r, _c = res
        signs.append(s)
        rev.append(r)
        for code, status, premise in e.data["conditions"]:
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
    """Every admissible simple path ending at ``target`` whose identity steps form its tail."""
    out: list[list[_Edge]] = []
    stack: list[tuple[str, list[_Edge], bool]] = [(target, [], True)]
    while stack and len(out) < MAX_CHAINS:
        node, path, in_tail = stack.pop()
        visited = {e.u for e in path} | {target}
        if len(path) < MAX_DEPTH:
            for e in _admissible_in(g, node, flt):
                if e.u in visited:
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
    stack: list[tuple[str, list[_Edge], bool]] = [(source, [], False)]
    while stack and len(out) < MAX_CHAINS:
        node, path, after_identity = stack.pop()
        if path:
            out.append(path)
        if len(path) >= MAX_DEPTH:
            continue
        visited = {source} | {e.v for e in path}
        for e in _admissible_out(g, node, flt, after_identity):
            if e.v in visited:
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
                ):
                    drop = True
                    absorbed[id(other)].append(e.data["quote"])
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
    score *= (1.0 + 0.25 * min(agree, 4)) * (0.5**disagree)
    ch.score = round(score, 4)
    ch.evidence = evidence


# ---------------------------------------------------------------------- rendering
def _term(proj: Projection, node: str, change: int | None) -> Term:
    d = proj.graph.nodes[node]
    return Term(
        iri=node,
        label=str(d.get("label", node)),
        key=d.get("key"),
        change=None if change is None else ("increase" if change > 0 else "decrease"),
    )


def _steps(proj: Projection, ch: _Chain) -> list[Step]:
    changes = ch.changes()
    memo = cast(dict[tuple[Any, ...], Step], proj.cache.setdefault(("steps",), {}))
    steps = []
    for i, e in enumerate(ch.edges):
        key = (e.u, e.v, e.key, changes[i], changes[i + 1], ch.signs[i], ch.reversed_steps[i])
        step = memo.get(key)
        if step is None:
            step = memo[key] = _make_step(
                proj, e, changes[i], changes[i + 1], ch.signs[i], ch.reversed_steps[i]
            )
        steps.append(step)
    return steps


def _make_step(
    proj: Projection, e: _Edge, cause: int, effect: int, sign: int, reversed_: bool
) -> Step:
    """One step of a chain; steps recur across chains and queries, so they are memoised
    on the projection (results are immutable)."""
    d = e.data
    notes = [
        ConditionNote(condition=c, status=s, premise=p or None)  # type: ignore[arg-type]
        for c, s, p in d["conditions"]
    ]
    cause_change: int | None = None if proj.graph.nodes[e.u].get("kind") == "event" else cause
    return Step(
        cause=_term(proj, e.u, cause_change),
        effect=_term(proj, e.v, effect),
        sign=sign,
        kind=d["kind"],
        claim=d["claim"],
        claims=list(d["claims"]),
        quote=d["quote"],
        source=Source(document=d["document"], section=d["section"]),
        rule_ids=list(d["rule_ids"]),
        confidence=float(d["confidence"]),
        horizon=d["horizon"],
        conditions=notes,
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        instance_of=d.get("instance_of"),
        reversed_by_condition=reversed_,
    )


_VERB = {1: "rises", -1: "falls"}
_VERB_PLURAL = {1: "rise", -1: "fall"}


def _verb(label: str, change: int) -> str:
    """'rises' for 'the value of the yen', 'rise' for 'Japan's energy imports'."""
    head = re.sub(r"\s*\([^)]*\)$", "", label).split()[-1] if label.strip() else ""
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    return (_VERB_PLURAL if plural else _VERB)[change]


def _summary(proj: Projection, ch: _Chain) -> str:
    changes = ch.changes()
    parts = []
    for i, n in enumerate(ch.nodes):
        label = proj.label(n)
        if i == 0 and proj.graph.nodes[n].get("kind") == "event":
            parts.append(label)
        else:
            parts.append(f"{label} {_verb(label, changes[i])}")
    return " → ".join(parts)


def _channel(proj: Projection, ch: _Chain) -> str:
    """The proximate channel: the first node of the identity tail, else the last cause."""
    idx = len(ch.edges) - 1
    while (
        idx > 0
        and ch.edges[idx].data["kind"] == "identity"
        and ch.edges[idx - 1].data["kind"] == "identity"
    ):
        idx -= 1
    return ch.edges[idx].u


def _as_chain(proj: Projection, ch: _Chain, dominated: bool = False) -> Chain:
    return Chain(
        score=ch.score,
        sign=ch.sign,
        summary=_summary(proj, ch),
        horizon=ch.horizon,  # type: ignore[arg-type]
        conditional=any(c.status == "unknown" for c in ch.conditions),
        conditions=ch.conditions,
        dominated=dominated,
        steps=_steps(proj, ch),
    )


def _explanation(
    proj: Projection, ch: _Chain, note: str | None = None, absorbed: list[str] | None = None
) -> Explanation:
    chan = _channel(proj, ch)
    eco = proj.graph.nodes[ch.nodes[-1]].get("economy")
    return Explanation(
        score=ch.score,
        sign=ch.sign,
        channel=proj.label(chan),
        channel_iri=chan,
        summary=_summary(proj, ch),
        conditions=ch.conditions,
        conditional=any(c.status == "unknown" for c in ch.conditions),
        horizon=ch.horizon,
        economy=eco,
        steps=_steps(proj, ch),
        evidence=ch.evidence,  # type: ignore[arg-type]
        elaborated_summaries=sorted(set(absorbed or [])),
        note=note,
    )


# ---------------------------------------------------------------------- net effects
def _channels(ch: _Chain) -> set[tuple[str, str, int]]:
    return {(e.u, e.v, int(e.data["sign"])) for e in ch.edges}


def _dominated(ch: _Chain, rivals: Iterable[_Chain], dom: Dom) -> bool:
    """A chain is outweighed when it runs through a channel (cause, effect, sign) that an
    explicit dominance statement ranks below a channel a rival of the other net sign uses.
    Channels, not single claims: a general instance on the same link is outweighed too."""
    if not dom:
        return False
    mine = _channels(ch)
    losing = {w for (w, lose) in dom if lose in mine}
    if not losing:
        return False
    return any(
        r.sign * r.root_change != ch.sign * ch.root_change and losing & _channels(r) for r in rivals
    )


def _net(chains: list[_Chain], dom: Dom) -> tuple[str, str, list[_Chain], list[_Chain], list[str]]:
    """(direction, decided_by, supporting, competing, what_would_decide) for chains to one
    variable, all starting from the same change of the same root."""
    live = [c for c in chains if not _dominated(c, chains, dom)]
    beaten = [c for c in chains if c not in live]
    firm = [c for c in live if not any(n.status == "unknown" for n in c.conditions)]
    cond = [c for c in live if c not in firm]
    decide: list[str] = []

    def direction(cs: list[_Chain]) -> set[int]:
        return {c.root_change * c.sign for c in cs}

    dirs = direction(firm)
    if len(dirs) == 1:
        d = dirs.pop()
        rivals = [c for c in cond if c.root_change * c.sign != d]
        for c in rivals:
            decide += [
                f"whether {n.condition} holds" for n in c.conditions if n.status == "unknown"
            ]
        by = "dominance" if beaten else "single-direction"
        return (
            ("increase" if d > 0 else "decrease"),
            by,
            [c for c in live if c not in rivals],
            beaten + rivals,
            sorted(set(decide)),
        )
    if not firm and cond:
        cdirs = direction(cond)
        if len(cdirs) == 1:
            d = cdirs.pop()
            decide += [
                f"whether {n.condition} holds"
                for c in cond
                for n in c.conditions
                if n.status == "unknown"
            ]
            return (
                ("increase" if d > 0 else "decrease"),
                "conditional",
                cond,
                beaten,
                sorted(set(decide)),
            )
    pos = [c for c in live if c.root_change * c.sign > 0]
    neg = [c for c in live if c.root_change * c.sign < 0]
    decide += [
        f"whether {n.condition} holds" for c in live for n in c.conditions if n.status == "unknown"
    ]
    decide.append("a statement of which channel is larger (dominance), or observed figures")
    return "ambiguous", "unresolved", pos, neg + beaten, sorted(set(decide))


def _by_horizon(chains: list[_Chain], dom: Dom) -> dict[str, str]:
    out: dict[str, str] = {}
    for h in ("short", "long"):
        sub = [c for c in chains if c.horizon in (h, "any")]
        if sub and any(c.horizon == h for c in sub):
            out[h] = _net(sub, dom)[0]
    return out


# ---------------------------------------------------------------------- public API
def _key_fields(proj: Projection, node: str | None) -> dict[str, Any]:
    """economy / counterpart / item / product of a node, for a ResolvedQuery."""
    if node is None:
        return {}
    d = proj.graph.nodes[node]
    return {
        "economy": d.get("economy"),
        "counterpart": d.get("counterpart"),
        "item": d.get("item"),
        "product": d.get("product"),
    }


def _resolve_variable(proj: Projection, variable: str, economy: str | None = None) -> str:
    """A variable IRI from an IRI, a key (short keys default to total/value), or an item
    code with ``economy`` (``goodsBalance`` + ``JPN`` → JPN/WLD/goodsBalance/total/value)."""
    if variable in proj.graph:
        return variable
    if economy and "/" not in variable and ":" not in variable:
        variable = f"{economy}/WLD/{variable}"
    iri = f"https://w3id.org/tradekg/id/var/{variable}"
    if iri in proj.graph:
        return iri
    # a short key: ECO/CP/ITEM means the total product, measured as value
    for suffix in ("/total/value", "/value"):
        iri = f"https://w3id.org/tradekg/id/var/{variable.rstrip('/')}{suffix}"
        if variable.count("/") >= 2 and iri in proj.graph:
            return iri
    for n, d in proj.graph.nodes(data=True):
        key = d.get("key") or ""
        if variable.count("/") == 2 and key.startswith(variable.rstrip("/") + "/"):
            return str(n)  # e.g. JPN/WLD/policyRate → JPN/WLD/policyRate/total/rate
    raise QueryError(
        f"unknown variable {variable!r}",
        fix="give a variable IRI or key ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]",
    )


def _check_horizon(horizon: str | None) -> str | None:
    if horizon not in _VALID_HORIZONS:
        raise QueryError(f"horizon {horizon!r} not understood", fix="use short, long or any")
    return None if horizon == "any" else horizon


def _sign_of(change: str) -> int:
    if change not in ("increase", "decrease"):
        raise QueryError(f"change {change!r} not understood", fix="use increase or decrease")
    return 1 if change == "increase" else -1


def premise(store: Store, variable: str, change: str, *, period: str | None = None) -> PremiseCheck:
    """Check 'variable moved this way (in period)' against the observations."""
    proj = projection(store)
    node = _resolve_variable(proj, variable)
    span = parse_period(period)
    want = _sign_of(change)
    moves = observations(store).movements(node, span)
    conf = [o.ref(True) for o in moves if (o.direction == "increase") == (want > 0)]
    contra = [o.ref(False) for o in moves if (o.direction == "increase") != (want > 0)]
    label = proj.label(node)
    when = f" in {period}" if period else ""
    if conf:
        status = PremiseStatus.PREMISE_CONFIRMED
        periods = ", ".join(o.period for o in conf)
        text = f"Observed: {label} {'rose' if want > 0 else 'fell'}{when} ({periods})."
    elif contra:
        status = PremiseStatus.PREMISE_CONTRADICTED
        text = (
            f"Contradicted: the observations say {label} "
            f"{'fell' if want > 0 else 'rose'}{when} ({', '.join(o.period for o in contra)})."
        )
    else:
        status = PremiseStatus.NOT_OBSERVED
        text = f"No observation says which way {label} moved{when}."
    if conf and contra:
        text += f" Other periods went the other way ({', '.join(o.period for o in contra)})."
    return PremiseCheck(
        status=status,
        variable=node,
        change=change,
        period=period,  # type: ignore[arg-type]
        confirming=conf,
        contradicting=contra,
        statement=text,
    )


def _root_net(
    proj: Projection, root: str, root_change: int, target: str, flt: _Filter, obs: Observations
) -> tuple[str, str]:
    """Net direction of ``target`` when ``root`` changes, over every chain between them."""
    chains = []
    for path in (p for p in _forward_cached(proj, root, flt) if p[-1].v == target):
        ch = _chain_from(path, root_change)
        if ch is not None:
            chains.append(ch)
    chains, _ = _drop_elaborated(chains)
    if not chains:
        return "ambiguous", "unresolved"
    d, by, *_ = _net(chains, proj.dominance_channels)
    return d, by


def _forward_to(g: nx.MultiDiGraph, source: str, target: str, flt: _Filter) -> list[list[_Edge]]:
    return [p for p in _forward(g, source, flt) if p[-1].v == target]


def _forward_cached(proj: Projection, source: str, flt: _Filter) -> list[list[_Edge]]:
    return _memo(proj, ("forward", source, flt), lambda: _forward(proj.graph, source, flt))


def _memo(proj: Projection, key: tuple[Any, ...], make: Any) -> list[list[_Edge]]:
    """Path searches memoised on the (immutable) projection."""
    hit = proj.cache.get(key)
    if hit is None:
        hit = make()
        proj.cache[key] = hit
    return cast(list[list[_Edge]], hit)


def why(
    store: Store,
    effect: str,
    change: str,
    *,
    economy: str | None = None,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 10,
    question: str | None = None,
) -> WhyResult:
    """Why did ``effect`` (a variable IRI or key) move ``change`` ('increase'/'decrease')?

    Checks the premise against observations, then returns ranked chains root cause → …
    → effect, grouped by proximate channel and merged into one DAG, with offsets,
    outweighed chains and caveats. Raises QueryError for a malformed query.
    """
    horizon = _check_horizon(horizon)
    proj = projection(store)
    target = _resolve_variable(proj, effect, economy)
    want = _sign_of(change)
    span = parse_period(period)
    flt = _Filter(horizon, span)
    obs = observations(store)
    prem = premise(store, target, change, period=period)
    query = ResolvedQuery(
        intent="why",
        variable=target,
        variable_label=proj.label(target),
        change=change,
        horizon=horizon or "any",
        period=period,  # type: ignore[arg-type]
        question=question,
        **_key_fields(proj, target),
    )
    chains: list[_Chain] = []
    backward = _memo(proj, ("backward", target, flt), lambda: _backward(proj.graph, target, flt))
    for path in backward:
        ch = _chain_from(path, 1)
        if ch is None:
            continue
        ch.root_change = want * ch.sign  # effective signs: a failing condition may reverse one
        if proj.graph.nodes[path[0].u].get("kind") == "event" and ch.root_change < 0:
            continue  # an event occurs; it cannot "un-happen" to explain the opposite move
        chains.append(ch)
    chains = _maximal_or_observed(chains, obs, span)
    chains, absorbed = _drop_elaborated(chains)
    chains = _prefer_causal(chains)
    best: dict[tuple[Any, ...], _Chain] = {}
    for ch in chains:
        _score(ch, obs, span)
        sig = (tuple(ch.nodes), tuple(ch.signs), ch.horizon)
        if sig not in best or best[sig].score < ch.score:
            best[sig] = ch
    chains = list(best.values())
    kept: list[_Chain] = []
    outweighed: list[tuple[_Chain, str]] = []
    net_cache: dict[tuple[str, int], tuple[str, str]] = {}
    for ch in chains:
        root = ch.nodes[0]
        root_key = (root, ch.root_change)
        if root_key not in net_cache:
            net_cache[root_key] = _root_net(proj, root, ch.root_change, target, flt, obs)
        net, by = net_cache[root_key]
        if net != "ambiguous" and net != change:
            ch.score = round(ch.score * OUTWEIGHED_FACTOR, 4)
            outweighed.append((ch, f"net effect of this root is {net} ({by})"))
        else:
            kept.append(ch)
    kept.sort(key=lambda c: (-c.score, len(c.edges), _summary(proj, c)))
    kept = kept[:limit]
    explanations = [_explanation(proj, c, absorbed=absorbed.get(id(c))) for c in kept]
    channels: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(explanations):
        channels[ex.channel_iri].append(i)
    dag = _dag(proj, kept)
    caveats = _caveats(proj, kept, [c for c, _ in outweighed], target)
    offsets = _offsets(store, proj, target, want, span)
    code = ResultCode.FOUND if explanations else ResultCode.NO_PATHS
    if prem.status == PremiseStatus.PREMISE_CONTRADICTED:
        code = ResultCode.PREMISE_CONTRADICTED
    return WhyResult(
        result_code=code,
        query=query,
        premise=prem,
        explanations=explanations,
        channels=[
            Channel(channel=proj.label(k), channel_iri=k, explanations=v)
            for k, v in channels.items()
        ],
        dag=dag,
        offsets=offsets,
        outweighed=[
            _explanation(proj, c, note=n)
            for c, n in sorted(outweighed, key=lambda t: -t[0].score)[:limit]
        ],
        caveats=caveats,
        message=None if explanations else "no causal chain in the graph ends in this change",
    )


def _maximal_or_observed(
    chains: list[_Chain], obs: Observations, span: tuple[int, int] | None
) -> list[_Chain]:
    """Keep chains that start at a root (nothing admissible leads into it), at an event,
    or at a variable observed to move as the chain needs; drop other truncations."""
    longer: set[tuple[str, ...]] = set()
    for c in chains:
        nodes = c.nodes
        for i in range(1, len(nodes) - 1):
            longer.add((*nodes[i:], str(c.horizon)))
    out = []
    for c in chains:
        sig = (*c.nodes, str(c.horizon))
        if sig not in longer:
            out.append(c)
            continue
        root_change = c.root_change
        if any(
            (o.direction == "increase") == (root_change > 0)
            for o in obs.movements(c.nodes[0], span)
        ):
            out.append(c)
    return out


def _dag(proj: Projection, chains: list[_Chain]) -> Dag:
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str, str], DagEdge] = {}
    for ch in chains:
        for i, e in enumerate(ch.edges):
            nodes[e.u] = proj.label(e.u)
            nodes[e.v] = proj.label(e.v)
            edges[(e.u, e.v, e.data["claim"])] = DagEdge(
                source=e.u, target=e.v, sign=ch.signs[i], kind=e.data["kind"], claim=e.data["claim"]
            )
    return Dag(nodes=nodes, edges=list(edges.values()))


def _caveats(
    proj: Projection, chains: list[_Chain], beaten: list[_Chain], target: str
) -> list[str]:
    out: list[str] = []
    for ch in chains + beaten:
        for n in ch.conditions:
            if n.status == "unknown":
                out.append(
                    f"conditional on {n.condition} (unknown for this economy): {_summary(proj, ch)}"
                )
            elif n.status == "holds":
                out.append(f"{n.condition} holds here ({n.premise or 'condition fact'})")
        if ch.horizon != "any":
            out.append(f"{ch.horizon}-run only: {_summary(proj, ch)}")
    for ch in beaten:
        out.append(f"outweighed: {_summary(proj, ch)}")
    return sorted(set(out))


def _offsets(
    store: Store, proj: Projection, target: str, want: int, span: tuple[int, int] | None
) -> list[Offset]:
    """Other terms of identities the target belongs to that moved the other way
    or stand on the other side (e.g. the travel surplus against the goods deficit)."""
    g = proj.graph
    obs = observations(store)
    out: list[Offset] = []
    for _, agg, _k, d in g.out_edges(target, keys=True, data=True):
        if d["kind"] != "identity" or d.get("reverse"):
            continue
        for sib, _, _k2, d2 in g.in_edges(agg, keys=True, data=True):
            if (
                sib == target
                or d2["kind"] != "identity"
                or d2["claim"] != d["claim"]
                or d2.get("reverse")
            ):
                continue
            rel = int(d2["sign"]) * int(d["sign"])  # sibling's contribution relative to target's
            parts = [(sib, rel, d2["quote"])]
            for sub, _, _k3, d3 in g.in_edges(sib, keys=True, data=True):
                if d3["kind"] == "identity" and not d3.get("reverse") and sub != target:
                    parts.append((sub, rel * int(d3["sign"]), d3["quote"]))
            for var, r, quote in parts:
                off = _offset(proj, obs, d, agg, var, r, quote, want, span)
                if off and all(o.variable.iri != var for o in out):
                    out.append(off)
    return out


def _offset(
    proj: Projection,
    obs: Observations,
    d: dict[str, Any],
    agg: str,
    sib: str,
    rel: int,
    quote: str,
    want: int,
    span: tuple[int, int] | None,
) -> Offset | None:
    refs: list[ObservationRef] = []
    for o in obs.by_variable.get(sib, []):
        if not _overlaps((o.start, o.end), span):
            continue
        moved = o.direction
        level_sign = (o.value > 0) if o.value is not None and o.kind in ("level", "sign") else None
        if (moved and ((moved == "increase") == (want * rel < 0))) or (
            level_sign is not None and (level_sign == (want * rel < 0))
        ):
            refs.append(o.ref(True))
    if refs:
        return Offset(
            identity=d["claim"],
            statement=str(d.get("statement", "")),
            variable=_term(proj, sib, None),
            quote=quote,
            observations=refs,
            note=f"{proj.label(sib)} pushes {proj.label(agg)} the other way "
            f"({refs[0].period}: "
            f"{refs[0].value if refs[0].value is not None else refs[0].direction})",
        )
    return None


def whatif(
    store: Store,
    shock: str,
    change: str,
    *,
    economy: str | None = None,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 50,
    question: str | None = None,
) -> WhatIfResult:
    """What moves, and which way net, when ``shock`` (a variable or event) changes?

    Returns every affected variable with its net direction (dominance first, then the
    direction all unconditional chains agree on, else ambiguous with what would decide),
    per-horizon directions and the supporting chains.
    """
    horizon = _check_horizon(horizon)
    proj = projection(store)
    source = shock if shock in proj.graph else _resolve_variable(proj, shock, economy)
    want = _sign_of(change)
    span = parse_period(period)
    flt = _Filter(horizon, span)
    obs = observations(store)
    by_target: dict[str, list[_Chain]] = defaultdict(list)
    for path in _forward_cached(proj, source, flt):
        ch = _chain_from(path, want)
        if ch is not None:
            by_target[path[-1].v].append(ch)
    pending: list[tuple[tuple[Any, ...], str, list[_Chain], tuple[Any, ...]]] = []
    for tgt, chains in by_target.items():
        chains, _ = _drop_elaborated(chains)
        chains = _prefer_causal(chains)
        if not chains:
            continue
        for ch in chains:
            _score(ch, obs, span)
        net = _net(chains, proj.dominance_channels)
        support, competing = net[2], net[3]
        support.sort(key=lambda c: -c.score)
        competing.sort(key=lambda c: -c.score)
        # nearest effects first, then the best-supported
        order = (
            min(len(c.edges) for c in chains),
            -max([c.score for c in support] or [0.0]),
            proj.label(tgt),
        )
        pending.append((order, tgt, chains, net))
    pending.sort(key=lambda t: t[0])
    effects: list[Effect] = []
    for _order, tgt, chains, (direction, by, support, competing, decide) in pending[:limit]:
        effects.append(
            Effect(
                variable=_term(proj, tgt, None),
                direction=direction,
                decided_by=by,  # type: ignore[arg-type]
                by_horizon=_by_horizon(chains, proj.dominance_channels),  # type: ignore[arg-type]
                chains=[_as_chain(proj, c) for c in support[:5]],
                competing=[
                    _as_chain(proj, c, dominated=_dominated(c, chains, proj.dominance_channels))
                    for c in competing[:5]
                ],
                what_would_decide=decide,
            )
        )
    query = ResolvedQuery(
        intent="whatif",
        variable=source,
        variable_label=proj.label(source),
        change=change,
        horizon=horizon or "any",  # type: ignore[arg-type]
        period=period,
        question=question,
        **_key_fields(proj, source),
    )
    return WhatIfResult(
        result_code=ResultCode.FOUND if effects else ResultCode.NO_PATHS,
        query=query,
        effects=effects,
        message=None if effects else "nothing in the graph depends on this",
    )


def paths(
    store: Store,
    source: str,
    target: str,
    *,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 20,
) -> PathsResult:
    """Every admissible signed chain from ``source`` to ``target`` (source rising)."""
    horizon = _check_horizon(horizon)
    proj = projection(store)
    s = source if source in proj.graph else _resolve_variable(proj, source)
    t = _resolve_variable(proj, target)
    flt = _Filter(horizon, parse_period(period))
    obs = observations(store)
    chains = [c for p in _forward_to(proj.graph, s, t, flt) if (c := _chain_from(p, 1))]
    for c in chains:
        _score(c, obs, flt.span)
    chains.sort(key=lambda c: -c.score)
    q = ResolvedQuery(
        intent="paths",
        variable=s,
        variable_label=proj.label(s),
        target=t,
        horizon=horizon or "any",
        period=period,  # type: ignore[arg-type]
        **_key_fields(proj, s),
    )
    return PathsResult(
        result_code=ResultCode.FOUND if chains else ResultCode.NO_PATHS,
        query=q,
        paths=[_as_chain(proj, c) for c in chains[:limit]],
    )


def loops(
    store: Store,
    *,
    involving: str | None = None,
    economy: str | None = None,
    max_length: int = 8,
    question: str | None = None,
) -> LoopsResult:
    """Feedback loops: reinforcing (sign +), balancing (sign −) or accounting (closed only
    through an identity). Each loop is reported once, not re-entered."""
    proj = projection(store)
    g = proj.graph
    focus = None
    if involving:
        focus = involving if involving in g else _resolve_variable(proj, involving)
    simple = nx.DiGraph()
    simple.add_edges_from((u, v) for u, v in g.edges())
    found: list[Loop] = []
    seen: set[frozenset[str]] = set()
    for cycle in nx.simple_cycles(simple, length_bound=max_length):
        if focus and focus not in cycle:
            continue
        # report each loop from a fixed starting point: the focus, else its first node in order
        start = cycle.index(focus) if focus else cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        if economy and not any(g.nodes[n].get("economy") == economy for n in cycle):
            continue
        for edges in _cycle_edges(g, cycle):
            sig = frozenset(e.data["claim"] + e.u for e in edges)
            if sig in seen:
                continue
            seen.add(sig)
            ch = _chain_from(edges, 1)
            if ch is None or all(e.data["kind"] == "identity" for e in edges):
                continue  # an equality read both ways is not a feedback loop
            has_identity = any(e.data["kind"] == "identity" for e in edges)
            sign_pol = "reinforcing" if ch.sign > 0 else "balancing"
            pol = "accounting" if has_identity else sign_pol
            found.append(
                Loop(
                    polarity=pol,
                    sign_polarity=sign_pol,  # type: ignore[arg-type]
                    variables=[_term(proj, n, None) for n in cycle],
                    steps=_steps(proj, ch),
                    conditions=ch.conditions,
                    summary=" → ".join(proj.label(n) for n in [*cycle, cycle[0]])
                    + f" ({pol}{', ' + sign_pol + ' in sign' if has_identity else ''})",
                )
            )
    found.sort(key=lambda lp: (lp.polarity == "accounting", len(lp.steps), lp.summary))
    fields = _key_fields(proj, focus) if focus else {"economy": economy}
    q = ResolvedQuery(
        intent="loops",
        variable=focus,
        variable_label=proj.label(focus) if focus else None,
        question=question,
        **fields,
    )
    return LoopsResult(
        result_code=ResultCode.FOUND if found else ResultCode.NO_PATHS, query=q, loops=found
    )


def _cycle_edges(g: nx.MultiDiGraph, cycle: list[str]) -> Iterator[list[_Edge]]:
    """One edge list per combination of parallel edges with distinct signs (bounded)."""
    options: list[list[_Edge]] = []
    for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
        by_sign: dict[tuple[int, str], _Edge] = {}
        for k, d in g.get_edge_data(a, b).items():
            by_sign.setdefault((int(d["sign"]), d["kind"]), _Edge(a, b, k, d))
        options.append(list(by_sign.values()))
    count = 1
    for o in options:
        count *= len(o)
    if count > 16:
        options = [o[:1] for o in options]
    yield from _product(options)


def _product(options: list[list[_Edge]]) -> Iterator[list[_Edge]]:
    if not options:
        yield []
        return
    for head in options[0]:
        for tail in _product(options[1:]):
            yield [head, *tail]


def contradictions(store: Store) -> ContradictionsResult:
    """Pairs of claims on the same cause and effect with opposite signs, and what reconciles
    them: condition, horizon, period, scope, dominance — or 'unreconciled'."""
    proj = projection(store)
    g = proj.graph
    out: list[Contradiction] = []
    for u, v in {(a, b) for a, b, _k in g.edges(keys=True)}:
        data = [
            d
            for d in g.get_edge_data(u, v).values()
            if d["kind"] != "identity" and not d.get("reverse")
        ]
        pos = [d for d in data if d["sign"] > 0]
        neg = [d for d in data if d["sign"] < 0]
        if not pos or not neg:
            continue
        how: set[str] = set()
        for p in pos:
            for n in neg:
                how |= _reconcile(p, n)
        explanation = ("reconciled by " + ", ".join(sorted(how))) if how else "unreconciled"
        out.append(
            Contradiction(
                cause=_term(proj, u, None),
                effect=_term(proj, v, None),
                positive=[_single_step(proj, u, v, d) for d in pos],
                negative=[_single_step(proj, u, v, d) for d in neg],
                reconciled_by=sorted(how),  # type: ignore[arg-type]
                explanation=explanation,
            )
        )
    out.sort(key=lambda c: (c.effect.label, c.cause.label))
    return ContradictionsResult(
        result_code=ResultCode.FOUND if out else ResultCode.NO_PATHS, contradictions=out
    )


def _reconcile(p: dict[str, Any], n: dict[str, Any]) -> set[str]:
    how: set[str] = set()
    if {p["horizon"], n["horizon"]} == {"short", "long"}:
        how.add("horizon")
    if p["conditions"] != n["conditions"]:
        how.add("condition")
    if not _overlaps(
        (p["valid_from"], p["valid_to"]), (n["valid_from"] or -9999, n["valid_to"] or 9999)
    ):
        how.add("period")
    if set(p["dominates"]) & set(n["claims"]) or set(n["dominates"]) & set(p["claims"]):
        how.add("dominance")
    if bool(p.get("instance_of")) != bool(n.get("instance_of")):
        how.add("scope")
    return how


def _single_step(proj: Projection, u: str, v: str, d: dict[str, Any]) -> Step:
    ch = _Chain(
        [_Edge(u, v, d["claim"], d)], [int(d["sign"])], 1, [], [False], horizon=d["horizon"]
    )
    return _steps(proj, ch)[0]
