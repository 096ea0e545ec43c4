"""The HTTP layer's error tree, and the one handler mapping typed errors to statuses."""

from __future__ import annotations

import logging
from typing import ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import (
    BuildError,
    ClaimError,
    KGError,
    QuoteNotFound,
    RemoteStoreError,
    ShaclViolation,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreUnavailable,
    UnknownTerm,
)
from rules.errors import QueryError
from rules.present.diagrams import DiagramError, GraphvizUnavailable

__all__ = [
    "APIError",
    "BadRequest",
    "Busy",
    "ErrorBody",
    "Forbidden",
    "MalformedQuery",
    "NotAcceptable",
    "NotFound",
    "QueryTimeout",
    "ReadOnlyGraph",
    "RemoteAccessRefused",
    "RemoteFailed",
    "ResultTooLarge",
    "Unauthorized",
    "UnsupportedMediaType",
    "UpdateDisabled",
    "error_response",
    "error_responses",
    "install_error_handlers",
]

log = logging.getLogger("tradekg.api")


class ErrorBody(BaseModel):
    """What every error response carries: a stable code, a human message, and candidates if any."""

    error: str
    detail: str
    candidates: list[str] | None = None


class APIError(Exception):
    """Base of the errors the HTTP layer raises itself; each subclass fixes a status and a code."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        candidates: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.candidates = candidates
        self.headers = headers or {}


class BadRequest(APIError):
    """The request breaks the protocol (missing or repeated parameter, bad IRI, bad encoding)."""


class MalformedQuery(BadRequest):
    """The SPARQL query or update does not parse; the detail is the parser's message."""

    code = "malformed_query"


class RemoteAccessRefused(BadRequest):
    """SERVICE or LOAD names an endpoint the allow-list does not: the server never fetches it."""

    code = "remote_access_refused"


class Unauthorized(APIError):
    """No bearer token was sent where one is required."""

    status = 401
    code = "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(APIError):
    """The credentials are wrong, or the operation is not allowed to anyone."""

    status = 403
    code = "forbidden"


class UpdateDisabled(Forbidden):
    """SPARQL Update is off because no update token is configured."""

    code = "update_disabled"


class ReadOnlyGraph(Forbidden):
    """An update would change a graph that ``tradekg build`` makes from the claim files."""

    code = "read_only_graph"


class NotFound(APIError):
    status = 404
    code = "not_found"


class NotAcceptable(APIError):
    """No format the result can take satisfies the Accept header."""

    status = 406
    code = "not_acceptable"


class ResultTooLarge(APIError):
    """The result has more rows than the configured cap; nothing partial is sent."""

    status = 413
    code = "result_too_large"


class UnsupportedMediaType(APIError):
    status = 415
    code = "unsupported_media_type"


class RemoteFailed(APIError):
    """An allow-listed SERVICE or LOAD endpoint could not be reached or answered badly."""

    status = 502
    code = "remote_failed"


class QueryTimeout(APIError):
    """The query ran past the configured timeout; nothing partial is sent."""

    status = 503
    code = "query_timeout"


class Busy(APIError):
    """Every query worker is taken (long queries still running); retry shortly."""

    status = 503
    code = "busy"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"Retry-After": "1"})


# First match wins, so subclasses come before their bases. Add a line per new error tree.
KG_STATUS: list[tuple[type[KGError], int, str]] = [
    (GraphvizUnavailable, GraphvizUnavailable.status, GraphvizUnavailable.code),
    (DiagramError, DiagramError.status, DiagramError.code),
    (UnknownTerm, 404, "unknown_term"),
    (QueryError, 422, "invalid_query"),
    (QuoteNotFound, 422, "quote_not_found"),
    (ClaimError, 422, "invalid_claim"),
    (ShaclViolation, 422, "shape_violation"),
    (BuildError, 422, "build_failed"),
    (StoreFull, 507, "insufficient_storage"),
    (StoreLocked, 503, "store_locked"),
    (StoreUnavailable, 503, "store_unavailable"),
    (RemoteStoreError, 502, "remote_store_failed"),
    (StoreError, 400, "store_error"),
    (KGError, 400, "kg_error"),
]


def _body(code: str, detail: str, candidates: list[str] | None = None) -> dict[str, object]:
    body = ErrorBody(error=code, detail=detail, candidates=candidates)
    return body.model_dump(exclude_none=True)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, APIError)  # noqa: S101 - registered for APIError only
    return JSONResponse(
        _body(exc.code, exc.detail, exc.candidates), status_code=exc.status, headers=exc.headers
    )


async def _kg_error(request: Request, exc: Exception) -> JSONResponse:
    for cls, status, code in KG_STATUS:
        if isinstance(exc, cls):
            candidates = getattr(exc, "candidates", None)
            return JSONResponse(
                _body(code, str(exc), list(candidates) if candidates else None), status_code=status
            )
    raise exc  # pragma: no cover - KGError is the last row


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return JSONResponse(
        _body("invalid_request", "; ".join(parts) or "invalid request"), status_code=422
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    headers = dict(exc.headers or {})
    detail = str(exc.detail)
    if exc.status_code == 405:
        from api.protocol.methods import allowed_methods

        headers["Allow"] = allowed_methods(request.app, request.scope) or headers.get("Allow", "")
        detail = f"{request.method} is not allowed on {request.url.path}; use {headers['Allow']}"
    return JSONResponse(_body(code, detail), status_code=exc.status_code, headers=headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The last line of defence: log the trace for the operator, never send it to the client.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        _body("internal_error", "internal error; see the server log"), status_code=500
    )


async def error_response(request: Request, exc: Exception) -> JSONResponse:
    """The response the app's handlers give for ``exc``, for ASGI code outside the router."""
    if isinstance(exc, APIError):
        return await _api_error(request, exc)
    if isinstance(exc, KGError):
        return await _kg_error(request, exc)
    return await _unexpected(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers for APIError, KGError, validation and HTTP errors, and the rest."""
    app.add_exception_handler(APIError, _api_error)
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def error_responses(*errors: type[APIError]) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses`` entries for the given errors (all share the JSON ErrorBody)."""
    out: dict[int | str, dict[str, object]] = {}
    for err in errors:
        entry = out.setdefault(err.status, {"model": ErrorBody, "description": ""})
        doc = (err.__doc__ or err.code).strip().splitlines()[0]
        entry["description"] = f"{entry['description']} {doc}".strip()
    return out
