"""What the explanation routers share: the status policy, content negotiation, term lookup.

Status policy (the same on /why, /whatif, /paths, /loops): a question or query the engine
answers gives 200 with the typed result, whatever its ``result_code`` among FOUND,
NO_PATHS and PREMISE_CONTRADICTED. One it cannot resolve is an error with the usual
``{error, detail, candidates}`` body plus the typed ``result`` (its resolved ``query`` and
labelled candidates): UNKNOWN_TERM is 404 ``unknown_term``; AMBIGUOUS is 422
``ambiguous``; NOT_UNDERSTOOD is 422 ``not_understood``; a question of another kind
(a what-if sent to /why) is 422 ``wrong_intent``. A structured request naming an unknown
variable, event or economy is 404 ``unknown_term``; an ambiguous label 422 ``ambiguous``;
a malformed body or parameter 422 ``invalid_request``; a query the engine rejects (a
period ending before it starts) 422 ``invalid_query``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

import rules
from api.errors import APIError, ErrorBody, NotAcceptable, NotFound
from api.protocol.negotiate import Format, choose, parse_accept
from kg.store import Store
from rules.errors import QueryError
from rules.present import dot_available, svg_of
from rules.resolve import (
    KINDS,
    AmbiguousTermError,
    Entity,
    Vocabulary,
    normalise,
    resolve,
    vocabulary,
)
from rules.resolve import UnknownTermError as ResolverUnknown
from rules.resolve import resolve_economy as _resolve_economy
from rules.results import LoopsResult, PathsResult, ResultCode, WhatIfResult, WhyResult

__all__ = [
    "JSON",
    "KINDS",
    "PERIOD_PATTERN",
    "SVG",
    "TEXT",
    "AmbiguousTerm",
    "AnyResult",
    "Entity",
    "Horizon",
    "InvalidQuery",
    "Resolved",
    "UnknownTermError",
    "Unresolved",
    "Vocabulary",
    "answer",
    "choose_format",
    "explanation_responses",
    "normalise",
    "reply",
    "resolve_economy",
    "resolve_term",
    "run_named",
    "vocabulary",
]

R = TypeVar("R", WhyResult, WhatIfResult)
AnyResult = WhyResult | WhatIfResult | LoopsResult | PathsResult
Horizon = Literal["short", "long", "any"]
# What rules.explain.parse_period reads: a year, a range, a fiscal year.
PERIOD_PATTERN = r"^(FY)?[0-9]{4}( ?[-–] ?[0-9]{4})?$"
# Conditions taken as given, by code ({"MarshallLerner": "fails"}), for POST /why and /whatif.
Assumptions = dict[
    Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,63}$")],
    Literal["holds", "fails"],
]
ASSUME_DESCRIPTION = (
    'Conditions taken as given for this question, by code: {"MarshallLerner": "fails"}. '
    "A condition on no claim is a 422."
)

JSON = Format("application/json", (), "json")
TEXT = Format("text/plain", (), "text", text=True)
SVG = Format("image/svg+xml", (), "svg")

_ENDPOINT: dict[type[BaseModel], str] = {
    WhyResult: "/why",
    WhatIfResult: "/whatif",
    LoopsResult: "/loops",
    PathsResult: "/paths",
}
_UNRESOLVED: dict[ResultCode, tuple[int, str, str]] = {
    ResultCode.UNKNOWN_TERM: (404, "unknown_term", "no variable or event of the graph matches"),
    ResultCode.AMBIGUOUS: (422, "ambiguous", "several variables match; be more specific"),
    ResultCode.NOT_UNDERSTOOD: (422, "not_understood", "the question was not understood"),
}


class Unresolved(ErrorBody):
    """An error body for a question the engine could not resolve, with the typed result."""

    result: AnyResult | None = Field(
        default=None,
        description="The engine's typed result: its resolved query and labelled candidates.",
    )


class UnknownTermError(NotFound):
    """A variable, event, economy or claim the graph does not have (candidates listed)."""

    code = "unknown_term"


class InvalidQuery(APIError):
    """A query the HTTP layer rejects before the engine sees it (a key and an economy that
    disagree)."""

    status = 422
    code = "invalid_query"


class AmbiguousTerm(APIError):
    """A label that names several variables or events (candidates listed)."""

    status = 422
    code = "ambiguous"


# ---------------------------------------------------------------------- negotiation
def choose_format(request: Request, *, text: bool = True, svg: bool = False) -> Format:
    """The representation the Accept header prefers among JSON (the default), text and SVG.

    Raises NotAcceptable (406) when none is acceptable. SVG is offered only where
    Graphviz's ``dot`` is installed on the server.
    """
    offers = [JSON]
    if text:
        offers.append(TEXT)
    svg_ready = svg and dot_available()
    if svg_ready:
        offers.append(SVG)
    ranges = parse_accept(request.headers.get("accept"))
    fmt = choose(ranges, tuple(offers))
    if fmt is None:
        names = ", ".join(f.media_type for f in offers)
        why = (
            ""
            if svg_ready or not svg
            else "; image/svg+xml needs Graphviz's dot, which this server lacks"
        )
        raise NotAcceptable(f"this resource is available as {names}{why}")
    return fmt


async def _body(result: AnyResult, fmt: Format) -> tuple[bytes, str]:
    if fmt is TEXT:
        return rules.render(result).encode("utf-8"), TEXT.content_type
    if fmt is SVG:
        return await run_in_threadpool(svg_of, result), SVG.media_type
    return result.model_dump_json().encode("utf-8"), JSON.media_type


async def reply(result: AnyResult, fmt: Format, expected: type[BaseModel]) -> Response:
    """The response for an engine result under the status policy of this module."""
    headers = {"Vary": "Accept"}
    if not isinstance(result, expected):
        intent = result.query.intent
        detail = (
            f"the question reads as a {intent} question: send it to "
            f"{_ENDPOINT[type(result)]}, or rephrase it"
        )
        return _unresolved(result, 422, "wrong_intent", detail, fmt, headers)
    if result.result_code in _UNRESOLVED:
        status, code, default = _UNRESOLVED[ResultCode(result.result_code)]
        return _unresolved(result, status, code, result.message or default, fmt, headers)
    body, media_type = await _body(result, fmt)
    return Response(body, media_type=media_type, headers=headers)


async def answer(
    request: Request,
    expected: type[BaseModel],
    run: Callable[..., AnyResult],
    *args: Any,
    svg: bool = True,
    **kwargs: Any,
) -> Response:
    """Negotiate first (a 406 costs no engine time), run the blocking engine call off the
    event loop, and reply under the status policy of this module.
    """
    fmt = choose_format(request, svg=svg)
    result = await run_in_threadpool(run, *args, **kwargs)
    return await reply(result, fmt, expected)


def _unresolved(
    result: AnyResult, status: int, code: str, detail: str, fmt: Format, headers: dict[str, str]
) -> Response:
    if fmt is TEXT:
        return Response(
            rules.render(result), status_code=status, media_type=TEXT.content_type, headers=headers
        )
    candidates = list(dict.fromkeys(c.iri for c in result.candidates)) or None
    body = Unresolved(error=code, detail=detail, candidates=candidates, result=result)
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True), status_code=status, headers=headers
    )


def explanation_responses(*, svg: bool, question: bool) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` of an explanation endpoint: representations and error bodies."""
    ok: dict[str, Any] = {"text/plain": {"schema": {"type": "string"}}}
    if svg:
        ok["image/svg+xml"] = {"schema": {"type": "string"}}
    err_model = Unresolved if question else ErrorBody
    text_too = {"text/plain": {"schema": {"type": "string"}}} if question else {}
    out: dict[int | str, dict[str, Any]] = {
        200: {
            "content": ok,
            "description": "The typed result (JSON), the CLI's text rendering (text/plain)"
            + (", or a diagram (image/svg+xml)" if svg else ""),
        },
        404: {
            "model": err_model,
            "content": text_too,
            "description": "unknown_term: a variable, event or economy the graph lacks; "
            "candidates listed",
        },
        406: {"model": ErrorBody, "description": "No representation satisfies Accept."},
        422: {
            "model": err_model,
            "content": text_too,
            "description": "invalid_request / invalid_query: a malformed parameter or body; "
            "ambiguous / not_understood / wrong_intent: a question the "
            "engine could not resolve (candidates listed)",
        },
    }
    if not question:
        out[400] = {
            "model": ErrorBody,
            "description": "http_error: the body could not be read (e.g. not UTF-8).",
        }
    return out


# ---------------------------------------------------------------------- resolution
# Names are resolved by rules.resolve, the one resolver Python, CLI and HTTP share; this
# module only maps its errors to HTTP statuses.
@dataclass(frozen=True)
class Resolved:
    """A term as the engine takes it, and whether it was named by an inverse label."""

    term: str
    inverse: bool = False
    note: str | None = None


def resolve_economy(store: Store, economy: str | None) -> str | None:
    """The economy code as the graph spells it; UnknownTermError (404) when it has none."""
    try:
        return _resolve_economy(store, economy)
    except ResolverUnknown as exc:
        raise UnknownTermError(exc.reason, candidates=exc.candidates or None) from exc


def resolve_term(
    store: Store, term: str, *, kinds: tuple[str, ...] = ("variable",), economy: str | None = None
) -> Resolved:
    """Resolve a variable (or event) named by IRI, key, label, synonym or inverse label,
    with or without its economy's name, a misspelling matched when one term is clearly
    nearest (see rules.resolve). Raises UnknownTermError (404) or AmbiguousTerm (422),
    both with candidates.
    """
    try:
        res = resolve(store, term, kinds=kinds, economy=economy)
    except ResolverUnknown as exc:
        detail = exc.reason + (f"; {exc.fix}" if exc.fix else "")
        raise UnknownTermError(detail, candidates=exc.candidates or None) from exc
    except AmbiguousTermError as exc:
        raise AmbiguousTerm(exc.reason, candidates=exc.candidates or None) from exc
    except QueryError as exc:
        raise InvalidQuery(exc.reason) from exc
    return Resolved(res.iri, inverse=res.inverse, note=res.note)


def run_named(
    store: Store,
    run: Callable[..., R],
    name: str,
    change: str,
    *,
    economy: str | None,
    kinds: tuple[str, ...],
    **kwargs: Any,
) -> R:
    """Resolve a structured request's economy and term, then make the same call a Python
    user makes (``rules.why`` / ``rules.whatif`` resolve the name the same way).

    Blocking; call off the loop. Raises UnknownTermError (404), AmbiguousTerm (422),
    InvalidQuery (422, a key of another economy than the one given) or QueryError (422).
    """
    code = resolve_economy(store, economy)
    resolve_term(store, name, kinds=kinds, economy=code)  # 404 / 422 with candidates
    result = run(store, name, change, economy=code, **kwargs)
    if code and result.query.economy not in (None, code):
        raise InvalidQuery(f"{name!r} is a variable of {result.query.economy}, not of {code}")
    return result
