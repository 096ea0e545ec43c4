"""``/whatif``: what moves, and which way net, when a variable changes or an event happens."""

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
from rules.results import WhatIfResult

__all__ = ["WhatIfRequest", "router", "whatif_structured"]

router = APIRouter(tags=["explain"])

_POLICY = """

A question the engine answers gives **200** with the `WhatIfResult` (FOUND or NO_PATHS).
One it cannot resolve is an error `{error, detail, candidates, result}` where `result` is
the typed `WhatIfResult`: UNKNOWN_TERM → **404** `unknown_term`; AMBIGUOUS (e.g. *what if
the currency falls*, several economies) → **422** `ambiguous`; NOT_UNDERSTOOD (no
direction) → **422** `not_understood`. The endpoint decides the intent: whatever its
wording, a question sent here is a shock ("the yen falls", "a sharp devaluation").
`Accept: text/plain` gives the CLI's rendering (with the same status);
`image/svg+xml` a Graphviz diagram (406 where the server lacks Graphviz).
"""


class WhatIfRequest(BaseModel):
    """A structured what-if query: which variable or event changes, which way."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"shock": "JPN/WLD/currencyValue", "change": "decrease"},
                {"shock": "https://w3id.org/tradekg/id/event/EQ2011", "change": "increase"},
                {"shock": "weak yen", "change": "increase"},
            ]
        },
    )

    shock: str = Field(
        min_length=1,
        max_length=300,
        description="What changes: a variable (IRI, key or label, as for /why) or an event "
        "(IRI or label).",
    )
    change: Literal["increase", "decrease"] = Field(
        description="Which way it moves, as named; for an event, 'increase' = it happens."
    )
    economy: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z][A-Za-z0-9_]{0,15}$",
        description="Economy code: narrows a label; must agree with a key.",
    )
    horizon: Horizon | None = Field(default=None, description="short, long or any.")
    period: str | None = Field(
        default=None,
        pattern=PERIOD_PATTERN,
        description="A year (2022), a range (2021-2024) or a fiscal year (FY2024).",
    )
    assume: Assumptions | None = Field(default=None, max_length=8, description=ASSUME_DESCRIPTION)
    limit: int = Field(default=50, ge=1, le=200, description="Most effects returned.")


def whatif_structured(store: Store, body: WhatIfRequest) -> WhatIfResult:
    """Resolve the request's terms and run ``rules.whatif`` (blocking; call off the loop)."""
    return run_named(
        store,
        rules.whatif,
        body.shock,
        body.change,
        economy=body.economy,
        kinds=("variable", "event"),
        horizon=body.horizon,
        period=body.period,
        limit=body.limit,
        assume=body.assume,
    )


@router.get(
    "/whatif",
    summary="What if? (a question in plain English)",
    response_model=WhatIfResult,
    responses=explanation_responses(svg=True, question=True),
    description="Answer a what-if question, e.g. *what if the yen falls?*: every "
    "affected variable with its net direction (increase / decrease / "
    "ambiguous), how that was decided, and the supporting chains, every "
    "step quoted." + _POLICY,
)
async def whatif_question(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="The question.",
            examples=["what if the yen falls?"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="Scales the effects returned.")] = 10,
) -> Response:
    return await answer(request, WhatIfResult, rules.ask, store, q, limit=limit, intent="whatif")


@router.post(
    "/whatif",
    summary="What if? (a structured query)",
    response_model=WhatIfResult,
    responses=explanation_responses(svg=True, question=False),
    description="The structured form of /whatif: `shock`, `change` and optionally "
    "`economy`, `horizon`, `period`, `limit`, `assume`. The response is what "
    "`rules.whatif` returns in-process. Errors as for POST /why.",
)
async def whatif_post(request: Request, store: StoreDep, body: WhatIfRequest) -> Response:
    return await answer(request, WhatIfResult, whatif_structured, store, body)
