"""``/loops``: feedback loops of the causal graph — reinforcing, balancing or accounting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

import rules
from api.deps import StoreDep
from api.routes.explain import (
    InvalidQuery,
    answer,
    explanation_responses,
    resolve_economy,
    resolve_term,
)
from kg.store import Store
from rules.results import LoopsResult

__all__ = ["find_loops", "router"]

router = APIRouter(tags=["explain"])


def find_loops(store: Store, *, variable: str | None, economy: str | None) -> LoopsResult:
    """Resolve the focus and run ``rules.loops`` (blocking; call off the loop)."""
    code = resolve_economy(store, economy)
    involving = resolve_term(store, variable, economy=code).term if variable else None
    return rules.loops(store, involving=involving, economy=code)


@router.get(
    "/loops",
    summary="Feedback loops",
    response_model=LoopsResult,
    responses=explanation_responses(svg=True, question=True),
    description="Feedback loops, each reported once: `polarity` reinforcing (sign +), "
    "balancing (sign −) or accounting (closed only through an identity), "
    "with its variables and quoted steps. All loops; those through a "
    "`variable` (IRI, key or label) or touching an `economy`; or those a "
    "question names (`q`, e.g. *which feedback loops involve the "
    "dollar?*). 200 with the result (FOUND or NO_PATHS); a question the "
    "engine cannot resolve is 404 `unknown_term` / 422 `ambiguous`, "
    "`not_understood` or `wrong_intent` with `{error, detail, candidates, "
    "result}`; an unknown variable or economy 404 `unknown_term`. "
    "`text/plain` gives the CLI's rendering; `image/svg+xml` a Graphviz "
    "diagram (406 where the server lacks Graphviz).",
)
async def loops_get(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=500, examples=["which feedback loops involve the dollar?"]),
    ] = None,
    variable: Annotated[
        str | None, Query(min_length=1, max_length=300, examples=["USA/WLD/currencyValue"])
    ] = None,
    economy: Annotated[
        str | None, Query(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,15}$", examples=["JPN"])
    ] = None,
) -> Response:
    if q is not None:
        if variable is not None or economy is not None:
            raise InvalidQuery("give either q, or variable and/or economy, not both")
        return await answer(request, LoopsResult, rules.ask, store, q)
    return await answer(request, LoopsResult, find_loops, store, variable=variable, economy=economy)
