"""OpenAPI operation ids that client generators turn into good names (``why``, ``sparqlQuery``)."""

from __future__ import annotations

from fastapi.routing import APIRoute

__all__ = ["operation_id"]

# Endpoint functions whose names do not read as an operation; the rest are camel-cased.
_NAMES = {
    "sparql_get": "sparqlQuery",
    "sparql_post": "sparqlQueryPost",
    "update": "sparqlUpdate",
    "why_question": "why",
    "why_post": "whyPost",
    "whatif_question": "whatif",
    "whatif_post": "whatifPost",
    "paths_get": "paths",
    "loops_get": "loops",
    "contradictions_get": "contradictions",
    "claims_list": "listClaims",
    "claim_get": "getClaim",
    "entities_search": "searchEntities",
}


def operation_id(route: APIRoute) -> str:
    """The operation id of a route without an explicit one: the endpoint function's name,
    renamed by the table above or camel-cased (``health`` → ``health``).

    >>> from fastapi.routing import APIRoute
    >>> def claims_list() -> None: ...
    >>> operation_id(APIRoute("/claims", claims_list))
    'listClaims'
    """
    name = _NAMES.get(route.name)
    if name is None:
        head, *rest = route.name.split("_")
        name = head + "".join(part.capitalize() for part in rest)
    return name
