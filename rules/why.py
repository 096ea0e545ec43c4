"""Why did a variable move: ranked chains root cause → effect, net of rival channels."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from kg.store import Store
from rules.args import (
    _check_assume,
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
    _NONE,
    DOMINANT_FACTOR,
    MAX_DEPTH,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Filter,
    _score,
    assumed_notes,
    parts,
    shown_score,
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
    SearchInfo,
    WhyResult,
)
from rules.search import (
    Cut,
    Step,
    backward_best,
    collector_paused,
    distances_to,
    identity_sources,
    in_steps,
    unusual_edges,
)

__all__ = ["why"]

OUTWEIGHED_FACTOR = 0.3
# a search this small runs to the end, so caveats and outweighed chains are complete
EXHAUST = 200


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
    assume: Mapping[str, str] | None = None,
    through: tuple[str, str, int] | None = None,
) -> WhyResult:
    """Why did ``effect`` (a variable IRI or key) move ``change`` ('increase'/'decrease')?

    ``through``: (item, product, sign) of a cause the question itself names ("why might
    a *rise in yields* go with a wider deficit"): the chains that pass through that item
    moving that way come first.

    Checks the premise against observations, then returns ranked chains root cause → …
    → effect, grouped by proximate channel and merged into one DAG, with offsets,
    outweighed chains and caveats. Raises QueryError for a malformed query.
    """
    horizon = _check_horizon(horizon)
    proj = projection(store)
    target = _resolve_variable(proj, effect, economy)
    want = _sign_of(change)
    span = parse_period(period)
    flt = _Filter(horizon, span, _check_assume(proj, assume))
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
        assumptions=assumed_notes(flt.assume),
        **_key_fields(proj, target),
    )
    cut = Cut()
    with collector_paused():
        # a named cause may sit on chains scoring below the first ``limit``: look further
        kept, outweighed, absorbed, direct = _search(
            proj, target, want, change, flt, obs, limit * 3 if through else limit, cut
        )
    # a question that names a period is answered first by the claims the report dates to
    # it; among equal scores, a root that is a dated event or observed to move comes first
    # ... but a chain the observations of the asked period contradict more than they
    # support comes after every other (FY2024: "the yen rose, so travel exports fell"
    # against a record travel surplus and a falling yen)
    kept.sort(
        key=lambda c: (
            _contradicted(c),
            not _scoped_to_period(c, span),  # a period asked: the claims dated to it first
            not _of_horizon(c, flt.horizon),  # a horizon asked: its own mechanisms first
            -c.score,
            not _dated_or_observed_root(c),
            len(c.edges),
            _summary(proj, c),
        )
    )
    if through is not None:
        # the best chains through the cause the question names lead, the rest keep
        # their order
        first = [c for c in kept if _passes(proj, c, through)][:THROUGH_FIRST]
        kept = first + [c for c in kept if not any(c is f for f in first)]
    if len(kept) > limit:
        cut.add(
            f"{len(kept) - limit} more chain(s) beyond limit={limit}, the next scoring "
            f"{shown_score(kept[limit].score)}"
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
        truncated=cut.truncated,
        cut=cut.reasons,
        search=SearchInfo(
            expanded=cut.expanded,
            direct_causes=direct[0],
            direct_causes_considered=direct[1],
        ),
        caveats=caveats,
        message=None if explanations else "no causal chain in the graph ends in this change",
    )


THROUGH_FIRST = 3  # chains through a cause the question names, put first


def _passes(proj: Projection, ch: _Chain, through: tuple[str, str, int] | None) -> bool:
    """Does the chain pass through a variable of ``through``'s item and product moving its
    way (not the chain's end, the asked effect itself)?"""
    if through is None:
        return False
    item, product, sign = through
    return any(
        proj.graph.nodes[n].get("item") == item
        and proj.graph.nodes[n].get("product") == product
        and c == sign
        for n, c in zip(ch.nodes[:-1], ch.changes()[:-1], strict=True)
    )


def _contradicted(ch: _Chain) -> bool:
    """More of the observations on the chain's variables say they moved the other way
    than say they moved as the chain needs."""
    against = sum(1 for o in ch.evidence if not o.agrees)
    return against > len(ch.evidence) - against


def _scoped_to_period(ch: _Chain, span: tuple[int, int] | None) -> bool:
    """The question names a period and the chain goes through a claim the report dates
    (``valid_from`` / ``valid_to``): the search filter admits only eras that overlap it.
    A chain that spells out a dated summary claim is dated by it (the report dates the
    link as a whole)."""
    return span is not None and any(
        (e.data["valid_from"] is not None or e.data["valid_to"] is not None)
        # in force when the period began: a claim of the fiscal year's last months only
        # (the 2025 deal against FY2024, April 2024 - March 2025) is admitted, not first
        and (e.data["valid_from"] is None or e.data["valid_from"] <= span[0])
        for c in (ch, *ch.summaries)
        for e in c.edges
    )


def _of_horizon(ch: _Chain, horizon: str | None) -> bool:
    """The question names a horizon and the chain is one of that horizon's mechanisms (a
    step of it, such as the J-curve's short-run worsening): "in the short run" asks for
    them first, as a period asks for the claims dated to it."""
    return horizon is not None and ch.horizon == horizon


def _dated_reach(proj: Projection, target: str, flt: _Filter) -> bool:
    """Some dated claim the filter admits is close enough to ``target`` to be on a chain."""
    dist = distances_to(proj, target, flt)
    for d in unusual_edges(proj):
        if (d["valid_from"] is None and d["valid_to"] is None) or not flt.admits(d):
            continue
        ends = proj.claim_edges.get(d["claim"])
        if ends is not None and dist.get(ends[1], MAX_DEPTH) < MAX_DEPTH:
            return True
    return False


def _horizon_reach(proj: Projection, target: str, flt: _Filter) -> bool:
    """Some claim of the asked horizon the filter admits is close enough to ``target`` to
    be on a chain."""
    dist = distances_to(proj, target, flt)
    for d in unusual_edges(proj):
        if d.get("horizon") != flt.horizon or not flt.admits(d):
            continue
        ends = proj.claim_edges.get(d["claim"])
        if ends is not None and dist.get(ends[1], MAX_DEPTH) < MAX_DEPTH:
            return True
    return False


def _dated_or_observed_root(ch: _Chain) -> bool:
    """The chain starts at a dated event or at a variable observed to move as it needs."""
    root = ch.nodes[0]
    return ch.edges[0].data["kind"] == "event" or any(
        o.agrees and o.variable == root for o in ch.evidence
    )


def _search(
    proj: Projection,
    target: str,
    want: int,
    change: str,
    flt: _Filter,
    obs: Observations,
    limit: int,
    cut: Cut,
) -> tuple[list[_Chain], list[tuple[_Chain, str]], dict[int, list[str]], tuple[int, int]]:
    """The best chains into ``target`` (best-first, see rules/search.py), split into kept
    and outweighed by the net effect of their root; stops once ``limit`` + 1 kept and
    ``limit`` outweighed chains are found and nothing queued could beat them."""
    g = proj.graph
    span = flt.span
    direct = in_steps(proj, target, flt)
    # an equality is not a cause where a causal claim moves the target directly
    causal_direct = any(
        not s.identity and not (g.nodes[s.edge.u].get("kind") == "event" and want * s.sign < 0)
        for s in direct
    )
    observed: dict[tuple[str, int], bool] = {}
    has_events = _has_events(proj)
    _wholes, holds = parts(g).maps()

    def observed_moving(node: str, change_: int) -> bool:
        key = (node, change_)
        if key not in observed:
            observed[key] = any(
                (o.direction == "increase") == (change_ > 0) for o in obs.movements(node, span)
            )
        return observed[key]

    def later(s: Step) -> bool:
        """A claim that came into force only after the asked period began (the 2025 deal
        against FY2024): it does not make a claim standing at the start a truncation."""
        vf = s.edge.data.get("valid_from")
        return span is not None and vf is not None and vf > span[0]

    def maximal(steps: tuple[Step, ...], horizon: str, sign: int) -> bool:
        """No admissible step extends the chain into a longer chain of the same horizon."""
        if len(steps) >= MAX_DEPTH:
            return True
        nodes = {steps[0].edge.u} | {s.edge.v for s in steps}
        for s in in_steps(proj, steps[0].edge.u, flt):
            if s.edge.u in nodes or (
                bool(holds) and not holds.get(s.edge.u, _NONE).isdisjoint(nodes)
            ):
                continue
            if later(s):
                continue
            if s.identity:
                continue  # identity steps only at the end of a chain (but see below)
            if s.horizon != "any" and s.horizon != horizon:
                continue  # the longer chain would have another horizon
            if g.nodes[s.edge.u].get("kind") == "event" and want * sign * s.sign < 0:
                continue
            return False
        # the same variables may also be read as the identity tail of a longer chain
        return not identity_extends(steps, horizon)

    def identity_extends(steps: tuple[Step, ...], horizon: str) -> bool:
        """Some longer admissible chain of the same horizon ends with these variables,
        read through parallel identity steps (the documented rule compares variables)."""
        if not all_identity(steps):
            return False
        nodes = {steps[0].edge.u} | {s.edge.v for s in steps}
        stack = [(steps[0].edge.u, "any", False, len(steps), frozenset(nodes))]
        while stack:
            node, hz, causal, depth, seen = stack.pop()
            if depth >= MAX_DEPTH:
                continue
            for t in in_steps(proj, node, flt):
                u = t.edge.u
                if (
                    u in seen
                    or (t.identity and causal)
                    or (t.equality and causal_direct)  # the search's own prune (below)
                    or later(t)
                    or (bool(holds) and not holds.get(u, _NONE).isdisjoint(seen))
                ):
                    continue
                h = t.horizon if hz == "any" else (hz if t.horizon in ("any", hz) else None)
                if h is None:
                    continue
                now_causal = causal or not t.identity
                if h == horizon and now_causal:  # a chain of identities alone is no cause
                    return True
                stack.append((u, h, now_causal, depth + 1, seen | {u}))
        return False

    def all_identity(steps: tuple[Step, ...]) -> bool:
        """Every step of the chain has a parallel identity step (the same variables read
        as a longer accounting chain: a truncation of it, as in the documented rule)."""
        return all(s.edge.u in identity_sources(proj, s.edge.v, flt) for s in steps)

    def final(steps: tuple[Step, ...]) -> bool:
        sign = 1
        horizon = "any"
        for s in steps:
            sign *= s.sign
            if s.horizon != "any":
                horizon = s.horizon
        root = steps[0].edge.u
        if g.nodes[root].get("kind") == "event" and want * sign < 0:
            return False  # an event occurs; it cannot "un-happen" to explain the opposite move
        if maximal(steps, horizon, sign):
            return True
        # a mechanism true other things equal ("higher bond yields draw foreign capital")
        # takes its cause as moving of its own accord: the chain from that cause is an
        # answer, whatever else moves the cause (a sell-off raises yields because capital
        # leaves: that longer chain is outweighed, not this one)
        if steps[0].edge.data.get("ceteris_paribus"):
            return True
        # a truncation a dated event's chain extends is not a cause of its own (the
        # earthquake, not "nuclear output fell", is the cause the report states)
        if event_extends(steps, horizon, sign):
            return False
        return observed_moving(root, want * sign)

    def event_extends(steps: tuple[Step, ...], horizon: str, sign: int) -> bool:
        """Some event reaches the chain's root through admissible causal steps of the
        chain's horizon, occurring (not un-happening) along the way (walks, memoised:
        a hub's ancestry is not enumerated path by path)."""
        if not has_events:
            return False
        return reaches_event(steps[0].edge.u, sign, horizon, MAX_DEPTH - len(steps))

    reached: dict[tuple[str, int, str, int], bool] = {}

    def reaches_event(node: str, sg: int, horizon: str, left: int) -> bool:
        key = (node, sg, horizon, left)
        hit = reached.get(key)
        if hit is not None:
            return hit
        out = False
        if left > 0:
            for s in in_steps(proj, node, flt):
                u = s.edge.u
                if s.identity or u == target:
                    continue
                if s.horizon != "any" and s.horizon != horizon:
                    continue
                if g.nodes[u].get("kind") == "event":
                    if want * sg * s.sign > 0:
                        out = True
                        break
                    continue
                if reaches_event(u, sg * s.sign, horizon, left - 1):
                    out = True
                    break
        reached[key] = out
        return out

    def prune(s: Step) -> bool:
        return s.equality and causal_direct

    pool: list[_Chain] = []
    # distinct chains (nodes, signs, horizon) found kept, best first: the stopping test
    firsts: dict[tuple[Any, ...], _Chain] = {}
    # the best scores of distinct kept chains, a min-heap of at most ``limit`` + 1:
    # once full, ``top[0]`` is the score the (limit + 1)-th chain must beat
    top: list[float] = []
    keep = limit + 1
    kept: list[_Chain] = []
    outweighed: list[tuple[_Chain, str]] = []
    net_cache: dict[tuple[str, int, str | None], tuple[str, str, set[tuple[Any, ...]]]] = {}
    # a channel the report names as the larger one may weigh up to this much more than its
    # search bound (net._rescore): stop only when that could not beat the kept chains
    slack = DOMINANT_FACTOR if proj.dominance_channels else 1.0
    # chains through claims dated to the asked period rank first (why()): the scores of the
    # best such chains, a min-heap of at most ``limit``; while one could still enter it
    # (the heap is not full, or the bound reaches ``top_dated[0]``) the search goes on
    top_dated: list[float] = []
    dated = span is not None and _dated_reach(proj, target, flt)
    # a horizon asked: the same for the chains of that horizon (why() ranks them first)
    top_horizon: list[float] = []
    timed = flt.horizon is not None and _horizon_reach(proj, target, flt)
    for bound, steps in backward_best(
        proj, target, flt, obs, want, final=final, prune=prune, cut=cut, span=span
    ):
        if (
            len(top) >= keep
            and bound * slack < top[0] - 5e-5
            and cut.expanded > EXHAUST
            and not (dated and (len(top_dated) < limit or bound * slack >= top_dated[0] - 5e-5))
            and not (timed and (len(top_horizon) < limit or bound * slack >= top_horizon[0] - 5e-5))
        ):
            if len(outweighed) < limit:
                cut.add(f"outweighed chains scoring below {shown_score(top[0])} were not searched")
            break
        ch = _chain_from([s.edge for s in steps], 1, flt.assume)
        if ch is None:
            continue
        ch.root_change = want * ch.sign
        _score(ch, obs, span)
        pool.append(ch)
        # a short-run (long-run) chain is judged against its root's net effect in the short
        # (long) run: a depreciation's first worsening of the balance is no rival of the
        # improvement that follows, but an explanation of a fall
        own = (
            flt if flt.horizon or ch.horizon == "any" else _Filter(ch.horizon, flt.span, flt.assume)
        )
        root_key = (ch.nodes[0], ch.root_change, own.horizon)
        if root_key not in net_cache:
            net_cache[root_key] = _root_net(proj, root_key[0], root_key[1], target, own, obs, cut)
        net, by, beaten = net_cache[root_key]
        # parallel claims with the same signs are all kept until elaboration is judged
        # (a summary claim stands for the chain that spells it out); the best one stands
        if net != "ambiguous" and net != change:
            outweighed.append((ch, f"net effect of this root is {net} ({by})"))
        elif (tuple(ch.nodes), tuple(ch.signs)) in beaten:
            # a channel the model ranks below a rival from the same root (imported inputs
            # of exports) or a ceteris-paribus step against a stated effect
            outweighed.append((ch, "outweighed by another channel from the same root"))
        else:
            kept.append(ch)
            sig = (tuple(ch.nodes), tuple(ch.signs), ch.horizon)
            if dated and sig not in firsts and _scoped_to_period(ch, span):
                if len(top_dated) < limit:
                    heapq.heappush(top_dated, ch.score)
                elif ch.score > top_dated[0]:
                    heapq.heapreplace(top_dated, ch.score)
            if timed and sig not in firsts and _of_horizon(ch, flt.horizon):
                if len(top_horizon) < limit:
                    heapq.heappush(top_horizon, ch.score)
                elif ch.score > top_horizon[0]:
                    heapq.heapreplace(top_horizon, ch.score)
            if sig not in firsts:
                firsts[sig] = ch
                if len(top) < keep:
                    heapq.heappush(top, ch.score)
                elif ch.score > top[0]:
                    heapq.heapreplace(top, ch.score)
    # a summary claim and the chain it elaborates count once (judged among the chains found)
    pool, absorbed = _drop_elaborated(pool)
    alive = {id(c) for c in pool}
    kept = [c for c in kept if id(c) in alive]
    outweighed = [(c, n) for c, n in outweighed if id(c) in alive]
    _rescore([*kept, *(c for c, _n in outweighed)], proj.dominance_channels, obs, span)
    kept = _best_of_parallel(kept)
    best_out = {id(c) for c in _best_of_parallel([c for c, _n in outweighed])}
    outweighed = [(c, n) for c, n in outweighed if id(c) in best_out]
    for c, _n in outweighed:
        c.score = round(c.score * OUTWEIGHED_FACTOR, 4)
    considered = {s.edge.u for s in direct}
    return kept, outweighed, absorbed, (len(considered), len(considered))


def _has_events(proj: Projection) -> bool:
    hit = proj.cache.get(("has_events",))
    if hit is None:
        hit = any(d.get("kind") == "event" for _n, d in proj.graph.nodes(data=True))
        proj.cache[("has_events",)] = hit
    return bool(hit)


def _best_of_parallel(chains: list[_Chain]) -> list[_Chain]:
    """One chain per (nodes, signs, horizon): the best-scoring, first found on a tie."""
    best: dict[tuple[Any, ...], _Chain] = {}
    for ch in chains:
        sig = (tuple(ch.nodes), tuple(ch.signs), ch.horizon)
        if sig not in best or best[sig].score < ch.score:
            best[sig] = ch
    return list(best.values())


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
