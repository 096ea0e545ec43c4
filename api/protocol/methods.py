"""The methods a path answers, for the ``Allow`` header of a 405: every route's, not one's."""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import Scope

__all__ = ["allowed_methods"]

_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def allowed_methods(app: object, scope: Scope) -> str:
    """``Allow`` for the request in ``scope``: every method some route of its path takes.

    Starlette answers 405 with the methods of the first route that matches the path
    only, so ``PUT /sparql`` said ``Allow: GET`` though POST works too.
    """
    router = getattr(app, "router", app)
    allowed = []
    for method in _METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in getattr(router, "routes", [])):
            allowed.append(method)
    return ", ".join(allowed)
