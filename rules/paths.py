"""Every admissible signed chain from one variable to another."""

from __future__ import annotations

from kg.store import Store
from rules.args import (
    _check_horizon,
    _key_fields,
    _resolve_variable,
)
from rules.assemble import (
    _as_chain,
)
from rules.chains import (
    _chain_from,
    _Filter,
    _forward_to,
    _score,
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
