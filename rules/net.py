"""Net effects: dominance between channels, then agreement of directions."""

from __future__ import annotations

from collections.abc import Iterable

from rules.chains import (
    Dom,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Filter,
    _forward_cached,
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
