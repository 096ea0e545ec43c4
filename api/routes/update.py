"""``/update``: SPARQL 1.1 Update behind a bearer token, with build graphs read-only."""

from __future__ import annotations

import hmac
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import (
    BadRequest,
    Busy,
    Forbidden,
    MalformedQuery,
    QueryTimeout,
    ReadOnlyGraph,
    RemoteAccessRefused,
    RemoteFailed,
    Unauthorized,
    UnsupportedMediaType,
    UpdateDisabled,
    error_responses,
)
from api.protocol.guard import apply_using, check_remote, check_size, check_update_graphs, scan
from api.protocol.remote import forward_update, is_remote
from api.protocol.runner import PREFIXES
from api.routes.sparql import (
    FORM,
    base_iri_of,
    media_type_of,
    read_body,
    read_form,
    size_limits,
)
from kg.build import is_build_graph

__all__ = ["router"]

router = APIRouter(tags=["sparql"])

SPARQL_UPDATE = "application/sparql-update"
_REMOTE_WORD = re.compile("service|load", re.IGNORECASE)
EXAMPLE = 'INSERT DATA { GRAPH <urn:example:notes> { <urn:example:n1> rdfs:comment "a note" } }'
_bearer = HTTPBearer(auto_error=False, description="The server's TRADEKG_UPDATE_TOKEN.")
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["update"],
                    "properties": {
                        "update": {
                            "type": "string",
                            "description": "The SPARQL update.",
                            "example": EXAMPLE,
                        }
                    },
                }
            },
            SPARQL_UPDATE: {
                "schema": {
                    "type": "string",
                    "description": "The SPARQL update.",
                    "example": EXAMPLE,
                }
            },
        },
    },
}
_ERRORS = error_responses(
    MalformedQuery,
    RemoteAccessRefused,
    Unauthorized,
    ReadOnlyGraph,
    UnsupportedMediaType,
    QueryTimeout,
    Busy,
    RemoteFailed,
)


def _authorize(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    token = settings.token()
    if token is None:
        raise UpdateDisabled(
            "SPARQL Update is off on this server: start it with "
            "TRADEKG_UPDATE_TOKEN set to enable /update"
        )
    if credentials is None:
        raise Unauthorized("send 'Authorization: Bearer <token>' to use /update")
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise Forbidden("the bearer token is not the update token")


async def _update_text(request: Request, limit: int) -> str:
    ctype = media_type_of(request)
    form: dict[str, list[str]] | None = None
    if ctype == FORM:
        form = await read_form(request, limit, what="update")
        values = request.query_params.getlist("update") + form.get("update", [])
        using = {"using-graph-uri", "using-named-graph-uri"} & (
            set(form) | set(request.query_params)
        )
    elif ctype == SPARQL_UPDATE:
        try:
            values = [(await read_body(request, limit, what="update")).decode("utf-8")]
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the update is not UTF-8: {exc}") from exc
        if request.query_params.getlist("update"):
            values += request.query_params.getlist("update")
        using = {"using-graph-uri", "using-named-graph-uri"} & set(request.query_params)
    else:
        raise UnsupportedMediaType(
            f"Content-Type {ctype or '(none)'} is not supported; send {FORM} or {SPARQL_UPDATE}"
        )
    if not values:
        raise BadRequest("missing the 'update' parameter")
    if len(values) > 1:
        raise BadRequest("the 'update' parameter is given more than once")
    if not values[0].strip():
        raise MalformedQuery("the update is empty")
    if using:

        def given(name: str) -> list[str]:
            return request.query_params.getlist(name) + (form.get(name, []) if form else [])

        return apply_using(values[0], given("using-graph-uri"), given("using-named-graph-uri"))
    return values[0]


@router.post(
    "/update",
    summary="SPARQL 1.1 Update (needs the update token)",
    status_code=204,
    response_class=Response,
    openapi_extra=_POST_BODY,
    responses={204: {"description": "The update was applied, atomically."}, **_ERRORS},
    dependencies=[Depends(_authorize)],
)
async def update(
    request: Request, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> Response:
    """Apply a SPARQL 1.1 Update atomically: all of it or nothing.

    Graphs that ``tradekg build`` makes from the claim files are read-only here (403):
    edit the claim files and rebuild instead. Other named graphs and the default graph
    are writable, and survive rebuilds. With ``--no-bundled`` every graph is writable.
    """
    text = await _update_text(request, settings.max_update_bytes)
    protect = not settings.no_bundled
    base = base_iri_of(request)
    native = store.native
    limits = size_limits(settings, update=True)

    def work(deadline: float) -> None:
        # Auth has passed (a dependency); the guard reads the text before any parser does,
        # and nothing is evaluated (no dry run) until every check has passed.
        toks = check_size(text, limits, what="update")
        check_remote(scan(toks, prefixes=PREFIXES, base=base), settings.allow_remote)
        # A keyword is never escaped, so an update without these letters cannot fetch.
        if _REMOTE_WORD.search(text) and runner.probe_update(text, base, timeout=2.0):
            raise RemoteAccessRefused(
                "the update would open a network connection (LOAD or SERVICE) that the "
                "guard's reading missed; refused (SSRF guard)"
            )
        with runner.write_lock:
            if protect:
                exist = any(is_build_graph(g) for g in store.graphs())
                check_update_graphs(
                    toks,
                    is_protected=is_build_graph,
                    protected_exist=exist,
                    prefixes=PREFIXES,
                    base=base,
                )
            if is_remote(store):  # a remote store: its own server applies it
                forward_update(
                    store,
                    text,
                    base=base,
                    deadline=deadline,
                    timeout=settings.query_timeout,
                )
                return
            try:
                native.update(text, prefixes=PREFIXES, base_iri=base)
            except SyntaxError as exc:
                raise MalformedQuery(f"SPARQL Update syntax error: {exc}") from exc
            except ConnectionError as exc:
                raise RemoteFailed(f"a LOAD or SERVICE endpoint failed: {exc}") from exc
            except (RuntimeError, OSError) as exc:
                raise BadRequest(f"the update failed and changed nothing: {exc}") from exc
            # Query workers open the store read-only and reopen when the generation moves;
            # a flush keeps that reopen short. Caches keyed on the generation rebuild too.
            if store.path is not None:
                native.flush()
            store.touch()

    await runner.run(
        work,
        timeout=settings.query_timeout,
        on_timeout=(
            f"the update did not finish within {settings.query_timeout:g} s; it is still running "
            "and will be applied entirely or not at all"
        ),
    )
    return Response(status_code=204)
