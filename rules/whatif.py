"""What moves, and which way net, when a variable or event changes."""

from __future__ import annotations

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
    _as_chain,
    _term,
)
from rules.chains import (
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Edge,
    _Filter,
    _prefer_causal,
    _score,
    assumed_notes,
)
from rules.net import (
    _block_ceteris_paribus,
    _by_horizon,
    _dominated,
    _overall,
    _rescore,
    _root_net,
    present_dominance,
)
from rules.observations import (
    observations,
    parse_period,
)
from rules.projection import Projection, projection
from rules.results import (
    Effect,
    ResolvedQuery,
    ResultCode,
    WhatIfResult,
)
from rules.search import Cut, forward_paths, out_steps

__all__ = ["whatif"]

# chains listed from one shock before listing switches to nearest-first (and is cut)
PATH_BUDGET = 5000
# chains listed, nearest first, once there are more than PATH_BUDGET
LIST_BUDGET = 2000


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
    assume: Mapping[str, str] | None = None,
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
    flt = _Filter(horizon, span, _check_assume(proj, assume))
    obs = observations(store)
    same = _restatement(proj, source, flt)
    if same is not None:
        asked = {"horizon": horizon, "period": period, "question": question, "assume": assume}
        return _restated(store, proj, same, (want, change, limit), span, obs, asked)
    cut = Cut()
    found, complete = forward_paths(proj, source, flt, PATH_BUDGET)
    if not complete:
        # too many chains to list: list the nearest ones, and take net directions from
        # the net-effect search over all chains (rules/net.py), not from the listed ones
        found, _ = forward_paths(proj, source, flt, LIST_BUDGET, breadth_first=True)
        longest = max(len(p) for p in found)
        # only the nearest variables can be shown: judge those, count the rest
        nearest: dict[str, int] = {}
        for path in found:
            nearest.setdefault(path[-1].v, len(path))
        ranked = sorted(nearest.values())
        if len(ranked) > limit:
            edge = ranked[limit - 1]
            found = [p for p in found if nearest[p[-1].v] <= edge]
            skipped = sum(1 for d in ranked if d > edge)
            cut.add(f"{skipped} more distant affected variable(s) not judged")
        cut.add(
            f"more than {PATH_BUDGET} chains from this shock: chains longer than "
            f"{longest - 1} steps are not all listed; net directions are computed over all "
            "chains; effects are ordered by nearest, then best chain listed"
        )
    by_target: dict[str, list[_Chain]] = defaultdict(list)
    for path in found:
        ch = _chain_from(path, want, flt.assume)
        if ch is not None:
            by_target[path[-1].v].append(ch)
    # a what-if about the present is answered in the report's current era
    extra, era_notes = present_dominance(proj, span)
    dom = proj.dominance_channels | extra
    _block_ceteris_paribus(by_target, dom)
    pending: list[tuple[tuple[Any, ...], str, list[_Chain], tuple[Any, ...]]] = []
    for tgt, chains in by_target.items():
        chains, _ = _drop_elaborated(chains)
        chains = _prefer_causal(chains)
        if not chains:
            continue
        for ch in chains:
            _score(ch, obs, span)
        _rescore(chains, dom, obs, span)
        net = _overall(chains, dom, horizon)
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
    if len(pending) > limit:
        cut.add(f"{len(pending) - limit} more affected variable(s) beyond limit={limit}")
    effects: list[Effect] = []
    assumptions: list[str] = []
    for _order, tgt, chains, (direction, by, support, competing, decide) in pending[:limit]:
        if (
            extra
            and by == "dominance"
            and not assumptions
            and any(
                _dominated(c, chains, extra) and not _dominated(c, chains, proj.dominance_channels)
                for c in competing
            )
        ):
            assumptions = era_notes
        if not complete:
            direction, by, _beaten = _root_net(proj, source, want, tgt, flt, obs, cut)
            if direction != "ambiguous":
                d = 1 if direction == "increase" else -1
                both = support + competing
                support = [c for c in both if c.root_change * c.sign == d]
                competing = [c for c in both if c.root_change * c.sign != d]
        effects.append(
            Effect(
                variable=_term(proj, tgt, None),
                direction=direction,
                decided_by=by,  # type: ignore[arg-type]
                by_horizon=_by_horizon(chains, dom),  # type: ignore[arg-type]
                chains=[_as_chain(proj, c) for c in support[:5]],
                competing=[
                    _as_chain(proj, c, dominated=_dominated(c, chains, dom)) for c in competing[:5]
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
        assumptions=[*assumed_notes(flt.assume), *assumptions],
        **_key_fields(proj, source),
    )
    return WhatIfResult(
        result_code=ResultCode.FOUND if effects else ResultCode.NO_PATHS,
        query=query,
        effects=effects,
        truncated=cut.truncated,
        cut=cut.reasons,
        message=None if effects else "nothing in the graph depends on this",
    )


def _restatement(proj: Projection, source: str, flt: _Filter) -> _Edge | None:
    """The one equality that restates ``source`` when nothing else leaves it: a bilateral
    mirror (the U.S.'s food exports to Japan are Japan's food imports from the U.S., one
    transaction recorded by each side). A shock to one side of it is a shock to the other."""
    if out_steps(proj, source, flt):
        return None
    equal = [
        _Edge(source, v, k, d)
        for _, v, k, d in proj.graph.out_edges(source, keys=True, data=True)
        if d.get("reverse") and d.get("equality") and flt.admits(d)
    ]
    return equal[0] if len(equal) == 1 else None


def _restated(
    store: Store,
    proj: Projection,
    edge: _Edge,
    moving: tuple[int, str, int],
    span: Any,
    obs: Any,
    asked: dict[str, Any],
) -> WhatIfResult:
    """The what-if of the variable ``edge`` says ``edge.u`` equals, with that variable's
    own move listed first (its chain is the equality, with its quote) and the answer's
    query kept on the variable asked about."""
    want, change, limit = moving
    chain = _chain_from([edge], want)
    assert chain is not None  # noqa: S101 (an equality has no condition to fail)
    _score(chain, obs, span)
    moved = "increase" if want * chain.sign > 0 else "decrease"
    inner = whatif(store, edge.v, moved, limit=max(1, limit - 1), **asked)
    first = Effect(
        variable=_term(proj, edge.v, None),
        direction=moved,  # type: ignore[arg-type]
        decided_by="single-direction",
        chains=[_as_chain(proj, chain)],
    )
    note = (
        f"{proj.label(edge.u)} is {proj.label(edge.v)} recorded by the other side "
        "(one transaction): the shock is followed through it"
    )
    query = inner.query.model_copy(
        update={
            "variable": edge.u,
            "variable_label": proj.label(edge.u),
            "change": change,
            "assumptions": [*inner.query.assumptions, note],
            **_key_fields(proj, edge.u),
        }
    )
    return inner.model_copy(
        update={
            "result_code": ResultCode.FOUND,
            "query": query,
            "effects": [first, *(e for e in inner.effects if e.variable.iri != edge.u)],
            "message": None,
        }
    )
