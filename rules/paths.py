"""The best admissible signed chains from one variable to another (best-first, k-best)."""

from __future__ import annotations

from kg.store import Store
from rules.args import (
    _check_horizon,
    _key_fields,
    _resolve_variable,
)
from rules.assemble import (
    _as_chain,
    _summary,
)
from rules.chains import (
    _Chain,
    _chain_from,
    _Filter,
    _score,
    shown_score,
)
from rules.observations import (
    observations,
    parse_period,
)
from rules.projection import projection
from rules.results import (
    PathsResult,
    ResolvedQuery,
    ResultCode,
)
from rules.search import Cut, forward_best

__all__ = ["paths"]


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
    cut = Cut()
    chains: list[_Chain] = []
    for bound, steps in forward_best(proj, s, t, flt, obs, cut=cut, span=flt.span):
        if len(chains) > limit and bound < chains[limit].score - 5e-5:
            break  # nothing queued can beat the chains already found
        c = _chain_from([st.edge for st in steps], 1)
        if c is not None:
            _score(c, obs, flt.span)
            chains.append(c)
            chains.sort(key=lambda c: (-c.score, len(c.edges)))
    chains.sort(key=lambda c: (-c.score, len(c.edges), _summary(proj, c)))
    if len(chains) > limit:
        cut.add(
            f"more paths beyond limit={limit}, the next scoring {shown_score(chains[limit].score)}"
        )
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
        truncated=cut.truncated,
        cut=cut.reasons,
    )
