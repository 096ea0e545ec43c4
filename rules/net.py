"""Net effects: dominance between channels, then agreement of directions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rules.chains import (
    DOMINANT_FACTOR,
    Dom,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Filter,
    _forward_cached,
    _prefer_causal,
    _score,
)
from rules.observations import (
    Observations,
)
from rules.projection import Projection

__all__: list[str] = []


def _channels(ch: _Chain) -> set[tuple[str, str, int]]:
    return {(e.u, e.v, int(e.data["sign"])) for e in ch.edges}


def _dominated(ch: _Chain, rivals: Iterable[_Chain], dom: Dom) -> bool:
    """A chain is outweighed when it runs through a channel (cause, effect, sign) that an
    explicit dominance statement ranks below a channel a rival of the other net sign uses,
    for the cause direction the statement speaks of ("the yen's depreciation"); or when it
    passes a ceteris-paribus step against a stated effect (``blocked``).
    Channels, not single claims: a general instance on the same link is outweighed too."""
    if ch.blocked:
        return True
    if not dom:
        return False
    mine = _moves(ch)
    losing = {
        w for (w, lose, cause_change) in dom
        if lose in mine and cause_change in (0, mine[lose])
    }
    if not losing:
        return False
    return any(
        r.sign * r.root_change != ch.sign * ch.root_change and losing & _channels(r) for r in rivals
    )


def _moves(ch: _Chain) -> dict[tuple[str, str, int], int]:
    """Each channel of the chain and the change of its cause along the chain."""
    changes = ch.changes()
    return {(e.u, e.v, int(e.data["sign"])): changes[i] for i, e in enumerate(ch.edges)}


def _uses_dominant(ch: _Chain, dom: Dom) -> bool:
    """The chain runs through a channel a dominance statement names as the larger one."""
    mine = _moves(ch)
    return any(w in mine and cause_change in (0, mine[w]) for (w, _lose, cause_change) in dom
               if cause_change != 0)


def _block_ceteris_paribus(by_target: dict[str, list[_Chain]], dom: Dom) -> None:
    """A ceteris-paribus step u → v (higher yields draw capital) never reverses what the
    chains from the same root that use no such step say of v: mark the chains that would."""
    stated: dict[str, str] = {}
    for chains in by_target.values():
        for ch in chains:
            for i, e in enumerate(ch.edges):
                if not e.data.get("ceteris_paribus"):
                    continue
                v = e.v
                if v not in stated:
                    plain = [c for c in by_target.get(v, [])
                             if not any(x.data.get("ceteris_paribus") for x in c.edges)]
                    plain = _prefer_causal(_drop_elaborated(plain)[0])
                    stated[v] = _overall(plain, dom)[0] if plain else "ambiguous"
                if stated[v] != "ambiguous":
                    change = ch.changes()[i + 1]
                    if ("increase" if change > 0 else "decrease") != stated[v]:
                        ch.blocked = True


def _overall(
    chains: list[_Chain], dom: Dom, horizon: str | None = None
) -> tuple[str, str, list[_Chain], list[_Chain], list[str]]:
    """The lasting net effect: any-horizon and long-run chains decide it; short-run chains
    only when nothing else reaches the variable or the short run is asked for (they are
    labelled in ``by_horizon``)."""
    lasting = [c for c in chains if c.horizon != "short"]
    if horizon == "short" or not lasting or len(lasting) == len(chains):
        return _net(chains, dom)
    d, by, support, competing, decide = _net(lasting, dom)
    for c in chains:
        if c.horizon == "short":
            moved = "increase" if c.root_change * c.sign > 0 else "decrease"
            same = d != "ambiguous" and moved == d
            (support if same else competing).append(c)
    return d, by, support, competing, decide


def _rescore(chains: list[_Chain], dom: Dom, obs: Observations,
             span: tuple[int, int] | None) -> None:
    """Two corrections the report itself asks for (docs/propagation.md, why 5): a channel
    it names as the larger one weighs more; a chain spelling out a summary claim it
    states scores at least what the summary's own chain scores."""
    for ch in chains:
        score = ch.score
        for summary in ch.summaries:
            _score(summary, obs, span)
            score = max(score, summary.score)
        if _uses_dominant(ch, dom):
            score *= DOMINANT_FACTOR
        ch.score = round(score, 4)


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


def _root_net(
    proj: Projection, root: str, root_change: int, target: str, flt: _Filter, obs: Observations
) -> tuple[str, str, set[tuple[Any, ...]]]:
    """Net direction of ``target`` when ``root`` changes, over every chain between them,
    and the chains (nodes, signs) outweighed among them (dominance, ceteris paribus)."""
    by_target: dict[str, list[_Chain]] = defaultdict(list)
    for path in _forward_cached(proj, root, flt):
        ch = _chain_from(path, root_change)
        if ch is not None:
            by_target[path[-1].v].append(ch)
    _block_ceteris_paribus(by_target, proj.dominance_channels)
    chains, _ = _drop_elaborated(by_target.get(target, []))
    if not chains:
        return "ambiguous", "unresolved", set()
    d, by, *_ = _overall(chains, proj.dominance_channels, flt.horizon)
    beaten = {
        (tuple(c.nodes), tuple(c.signs))
        for c in chains
        if _dominated(c, chains, proj.dominance_channels)
    }
    return d, by, beaten
