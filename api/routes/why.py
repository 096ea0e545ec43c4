"""``/why``: why did a variable move? Ranked causal chains, every step quoted."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

import rules
from api.deps import StoreDep
from api.routes.explain import (
    ASSUME_DESCRIPTION,
    PERIOD_PATTERN,
    Assumptions,
    Horizon,
    answer,
    explanation_responses,
    run_named,
)
from kg.store import Store
from rules.results import WhyResult

__all__ = ["WhyRequest", "router", "why_structured"]

router = APIRouter(tags=["explain"])

_POLICY = """

A question the engine answers gives **200** with the `WhyResult`, whatever its
`result_code` among FOUND, NO_PATHS and PREMISE_CONTRADICTED. One it cannot resolve is an
error `{error, detail, candidates, result}` where `result` is the typed `WhyResult`:
UNKNOWN_TERM → **404** `unknown_term`; AMBIGUOUS → **422** `ambiguous`; NOT_UNDERSTOOD →
**422** `not_understood`. The endpoint decides the intent: whatever its wording, a
question sent here is a why-question (only `rules.ask` guesses the intent).
`Accept: text/plain` gives the CLI's rendering (with the same status);
`image/svg+xml` a Graphviz diagram (406 where the server lacks Graphviz).
"""


class WhyRequest(BaseModel):
    """A structured why-query: which variable moved which way, where, when."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"effect": "JPN/WLD/goodsBalance", "change": "decrease", "period": "2022"},
                {"effect": "trade deficit", "change": "increase", "economy": "JPN"},
            ]
        },
    )

    effect: str = Field(
        min_length=1,
        max_length=300,
        description="The variable that moved: an IRI, a key ECONOMY/COUNTERPART/ITEM"
        "[/PRODUCT[/MEASURE]], or a label, synonym or inverse label ('trade "
        "deficit' is the goods balance going the other way).",
    )
    change: Literal["increase", "decrease"] = Field(
        description="Which way the named quantity moved (as named: a deficit that "
        "widens is 'increase' of 'trade deficit')."
    )
    economy: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z][A-Za-z0-9_]{0,15}$",
        description="Economy code (ISO 3166 alpha-3, or a bloc/region code): narrows a "
        "label; must agree with a key.",
    )
    horizon: Horizon | None = Field(default=None, description="short, long or any.")
    period: str | None = Field(
        default=None,
        pattern=PERIOD_PATTERN,
        description="A year (2022), a range (2021-2024) or a fiscal year (FY2024).",
    )
    assume: Assumptions | None = Field(default=None, max_length=8, description=ASSUME_DESCRIPTION)
    limit: int = Field(default=10, ge=1, le=100, description="Most explanations returned.")


def why_structured(store: Store, body: WhyRequest) -> WhyResult:
    """Resolve the request's terms and run ``rules.why`` (blocking; call off the loop)."""
    return run_named(
        store,
        rules.why,
        body.effect,
        body.change,
        economy=body.economy,
        kinds=("variable",),
        horizon=body.horizon,
        period=body.period,
        limit=body.limit,
        assume=body.assume,
    )


@router.get(
    "/why",
    summary="Why did it move? (a question in plain English)",
    response_model=WhyResult,
    responses=explanation_responses(svg=True, question=True),
    description="Answer a why-question, e.g. *why did Japan's trade deficit widen in "
    "2022?*: the resolved query, the premise checked against the "
    "observations, and ranked chains root cause → … → effect, every "
    "step with its claim and quote." + _POLICY,
)
async def why_question(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="The question.",
            examples=["why did Japan's trade deficit widen in 2022?"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="Most explanations.")] = 10,
) -> Response:
    return await answer(request, WhyResult, rules.ask, store, q, limit=limit, intent="why")


@router.post(
    "/why",
    summary="Why did it move? (a structured query)",
    response_model=WhyResult,
    responses=explanation_responses(svg=True, question=False),
    description="The structured form of /why: `effect`, `change` and optionally "
    "`economy`, `horizon`, `period`, `limit`, `assume`. The response is what "
    "`rules.why` returns in-process. An unknown variable or economy "
    "is 404 `unknown_term`, a label naming several variables 422 "
    "`ambiguous`, a malformed body 422 `invalid_request`, a query "
    "the engine rejects 422 `invalid_query`; all list candidates "
    "where there are some.",
)
async def why_post(request: Request, store: StoreDep, body: WhyRequest) -> Response:
    return await answer(request, WhyResult, why_structured, store, body)
