"""Why did a variable move: ranked chains root cause → effect, net of rival channels."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.store import Store
from rules.args import (
    _check_horizon,
    _key_fields,
    _resolve_variable,
    _sign_of,
)
from rules.assemble import (
    _explanation,
    _summary,
    _term,
)
from rules.chains import (
    _backward,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Filter,
    _memo,
    _prefer_causal,
    _score,
)
from rules.net import (
    _rescore,
    _root_net,
)
from rules.observations import (
    Observations,
    _overlaps,
    observations,
    parse_period,
)
from rules.premise import (
    premise,
)
from rules.projection import Projection, projection
from rules.results import (
    Channel,
    Dag,
    DagEdge,
    ObservationRef,
    Offset,
    PremiseStatus,
    ResolvedQuery,
    ResultCode,
    WhyResult,
)

__all__ = ["why"]

OUTWEIGHED_FACTOR = 0.3


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
    _rescore(chains, proj.dominance_channels, obs, span)
    for ch in chains:
        sig = (tuple(ch.nodes), tuple(ch.signs), ch.horizon)
        if sig not in best or best[sig].score < ch.score:
            best[sig] = ch
    chains = list(best.values())
    kept: list[_Chain] = []
    outweighed: list[tuple[_Chain, str]] = []
    net_cache: dict[tuple[str, int], tuple[str, str, set[tuple[Any, ...]]]] = {}
    for ch in chains:
        root = ch.nodes[0]
        root_key = (root, ch.root_change)
        if root_key not in net_cache:
            net_cache[root_key] = _root_net(proj, root, ch.root_change, target, flt, obs)
        net, by, beaten = net_cache[root_key]
        if net != "ambiguous" and net != change:
            ch.score = round(ch.score * OUTWEIGHED_FACTOR, 4)
            outweighed.append((ch, f"net effect of this root is {net} ({by})"))
        elif (tuple(ch.nodes), tuple(ch.signs)) in beaten:
            # a channel the model ranks below a rival from the same root (imported inputs
            # of exports) or a ceteris-paribus step against a stated effect
            ch.score = round(ch.score * OUTWEIGHED_FACTOR, 4)
            outweighed.append((ch, "outweighed by another channel from the same root"))
        else:
            kept.append(ch)
    # among equal scores, a root that is a dated event or observed to move comes first
    kept.sort(
        key=lambda c: (
            -c.score,
            not _dated_or_observed_root(c),
            len(c.edges),
            _summary(proj, c),
        )
    )
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


def _dated_or_observed_root(ch: _Chain) -> bool:
    """The chain starts at a dated event or at a variable observed to move as it needs."""
    root = ch.nodes[0]
    return ch.edges[0].data["kind"] == "event" or any(
        o.agrees and o.variable == root for o in ch.evidence
    )


def _maximal_or_observed(
    chains: list[_Chain], obs: Observations, span: tuple[int, int] | None
) -> list[_Chain]:
    """Keep chains that start at a root (nothing admissible leads into it), at an event,
    or at a variable observed to move as the chain needs; drop other truncations, and a
    truncation a dated event's chain extends (the event is why it moved: the earthquake,
    not "nuclear output fell", is the cause the report states)."""
    longer: set[tuple[str, ...]] = set()
    by_event: set[tuple[str, ...]] = set()
    for c in chains:
        nodes = c.nodes
        for i in range(1, len(nodes) - 1):
            longer.add((*nodes[i:], str(c.horizon)))
            if c.edges[0].data["kind"] == "event":
                by_event.add((*nodes[i:], str(c.horizon)))
    out = []
    for c in chains:
        sig = (*c.nodes, str(c.horizon))
        if sig not in longer:
            out.append(c)
            continue
        if sig in by_event:
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
    # the sides the effect's own observed levels stand on (a deficit: -1)
    sides = {
        1 if o.value > 0 else -1
        for o in obs.by_variable.get(target, [])
        if o.kind in ("level", "sign") and o.value and _overlaps((o.start, o.end), span)
    }
    # the report's own identity for this economy first: its sentence states the offset
    edges = sorted(
        g.out_edges(target, keys=True, data=True), key=lambda t: (bool(t[3]["rule_ids"]), t[2])
    )
    for _, agg, _k, d in edges:
        if d["kind"] != "identity" or d.get("reverse"):
            continue
        stated = None if d["rule_ids"] else d["quote"]
        for sib, _, _k2, d2 in g.in_edges(agg, keys=True, data=True):
            if (
                sib == target
                or d2["kind"] != "identity"
                or d2["claim"] != d["claim"]
                or d2.get("reverse")
            ):
                continue
            rel = int(d2["sign"]) * int(d["sign"])  # sibling's contribution relative to target's
            parts = [(sib, rel)]
            for sub, _, _k3, d3 in g.in_edges(sib, keys=True, data=True):
                if d3["kind"] == "identity" and not d3.get("reverse") and sub != target:
                    parts.append((sub, rel * int(d3["sign"])))
            for var, r in parts:
                off = _offset(proj, obs, d, agg, var, r, stated, want, span, sides)
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
    quote: str | None,
    want: int,
    span: tuple[int, int] | None,
    sides: set[int],
) -> Offset | None:
    """A sibling that moved the other way, or whose level stands on the other side of the
    effect's own level (a level is not a change: it never offsets a movement)."""
    refs: list[ObservationRef] = []
    by_level = False
    for o in obs.by_variable.get(sib, []):
        if not _overlaps((o.start, o.end), span):
            continue
        moved = o.direction
        if moved and o.kind not in ("level", "sign"):
            if (moved == "increase") == (want * rel < 0):
                refs.append(o.ref(True))
        elif o.kind in ("level", "sign") and o.value:
            contribution = rel * (1 if o.value > 0 else -1)
            if -contribution in sides:
                refs.append(o.ref(True))
                by_level = True
    # a surplus set against a deficit is what the report's offset sentence states; a
    # movement quotes the sentence that observes it
    if not by_level:
        quote = None
    if refs:
        return Offset(
            identity=d["claim"],
            statement=str(d.get("statement", "")),
            variable=_term(proj, sib, None),
            quote=quote or refs[0].quote,
            observations=refs,
            note=f"{proj.label(sib)} pushes {proj.label(agg)} the other way "
            f"({refs[0].period}: "
            f"{refs[0].value if refs[0].value is not None else refs[0].direction})",
        )
    return None
