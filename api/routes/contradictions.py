"""``/contradictions``: opposing claims on the same link, and what reconciles them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

import rules
from api.deps import StoreDep
from api.errors import ErrorBody
from api.routes.explain import JSON, TEXT, choose_format
from rules.results import ContradictionsResult

__all__ = ["router"]

router = APIRouter(tags=["explain"])


@router.get(
    "/contradictions",
    summary="Contradicting claims",
    response_model=ContradictionsResult,
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "The typed result, or the CLI's text rendering.",
        },
        406: {"model": ErrorBody, "description": "No representation satisfies Accept."},
    },
    description="Pairs of claims on the same cause → effect with opposite signs, each "
    "with the quoted steps on both sides and what reconciles them "
    "(condition, horizon, period, scope, dominance).",
)
async def contradictions_get(request: Request, store: StoreDep) -> Response:
    fmt = choose_format(request)
    result = await run_in_threadpool(rules.contradictions, store)
    if fmt is TEXT:
        return Response(
            rules.render(result), media_type=TEXT.content_type, headers={"Vary": "Accept"}
        )
    return Response(
        result.model_dump_json(), media_type=JSON.media_type, headers={"Vary": "Accept"}
    )
