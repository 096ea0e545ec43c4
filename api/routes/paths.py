"""``/paths``: every signed causal chain from one variable or event to another."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

import rules
from api.deps import StoreDep
from api.routes.explain import (
    PERIOD_PATTERN,
    Horizon,
    InvalidQuery,
    answer,
    explanation_responses,
    resolve_term,
)
from kg.store import Store
from rules.results import PathsResult

__all__ = ["find_paths", "router"]

router = APIRouter(tags=["explain"])


def find_paths(
    store: Store, source: str, target: str, *, horizon: str | None, period: str | None, limit: int
) -> PathsResult:
    """Resolve both ends and run ``rules.paths`` (blocking; call off the loop)."""
    src = resolve_term(store, source, kinds=("variable", "event"))
    dst = resolve_term(store, target)
    return rules.paths(store, src.term, dst.term, horizon=horizon, period=period, limit=limit)


@router.get(
    "/paths",
    summary="Causal chains from a source to a target",
    response_model=PathsResult,
    responses=explanation_responses(svg=False, question=True),
    description="Every admissible signed chain from `source` (a variable or event: "
    "IRI, key or label) to `target` (a variable), read with the source "
    "rising; or the chains a question such as *how does the yen affect "
    "the trade balance?* names (`q`). Polarity of a label is not applied "
    "here: a chain's sign says how the target moves when the source "
    "rises. 200 with the result (FOUND or NO_PATHS); unknown terms 404 "
    "`unknown_term`, ambiguous ones 422 `ambiguous`, with candidates; "
    "`text/plain` gives the CLI's rendering.",
)
async def paths_get(
    request: Request,
    store: StoreDep,
    source: Annotated[
        str | None, Query(min_length=1, max_length=300, examples=["JPN/WLD/currencyValue"])
    ] = None,
    target: Annotated[
        str | None, Query(min_length=1, max_length=300, examples=["JPN/WLD/goodsBalance"])
    ] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=500, description="A question instead of source and target."),
    ] = None,
    horizon: Annotated[Horizon | None, Query(description="short, long or any.")] = None,
    period: Annotated[
        str | None, Query(pattern=PERIOD_PATTERN, description="2022, 2021-2024 or FY2024.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most chains.")] = 20,
) -> Response:
    if q is not None:
        if source is not None or target is not None:
            raise InvalidQuery("give either q, or source and target, not both")
        return await answer(request, PathsResult, rules.ask, store, q, svg=False, limit=limit)
    if source is None or target is None:
        raise InvalidQuery("give source and target (or a question as q)")
    return await answer(
        request,
        PathsResult,
        find_paths,
        store,
        source,
        target,
        svg=False,
        horizon=horizon,
        period=period,
        limit=limit,
    )
