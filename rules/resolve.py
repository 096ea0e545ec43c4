"""Query arguments: variables, horizons and changes resolved against the projection."""

from __future__ import annotations

from typing import Any

from rules.errors import QueryError
from rules.projection import Projection

__all__: list[str] = []

_VALID_HORIZONS = {None, "short", "long", "any"}


def _key_fields(proj: Projection, node: str | None) -> dict[str, Any]:
    """economy / counterpart / item / product of a node, for a ResolvedQuery."""
    if node is None:
        return {}
    d = proj.graph.nodes[node]
    return {
        "economy": d.get("economy"),
        "counterpart": d.get("counterpart"),
        "item": d.get("item"),
        "product": d.get("product"),
    }


def _resolve_variable(proj: Projection, variable: str, economy: str | None = None) -> str:
    """A variable IRI from an IRI, a key (short keys default to total/value), or an item
    code with ``economy`` (``goodsBalance`` + ``JPN`` → JPN/WLD/goodsBalance/total/value)."""
    if variable in proj.graph:
        return variable
    if economy and "/" not in variable and ":" not in variable:
        variable = f"{economy}/WLD/{variable}"
    iri = f"https://w3id.org/tradekg/id/var/{variable}"
    if iri in proj.graph:
        return iri
    # a short key: ECO/CP/ITEM means the total product, measured as value
    for suffix in ("/total/value", "/value"):
        iri = f"https://w3id.org/tradekg/id/var/{variable.rstrip('/')}{suffix}"
        if variable.count("/") >= 2 and iri in proj.graph:
            return iri
    for n, d in proj.graph.nodes(data=True):
        key = d.get("key") or ""
        if variable.count("/") == 2 and key.startswith(variable.rstrip("/") + "/"):
            return str(n)  # e.g. JPN/WLD/policyRate → JPN/WLD/policyRate/total/rate
    raise QueryError(
        f"unknown variable {variable!r}",
        fix="give a variable IRI or key ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]",
    )


def _check_horizon(horizon: str | None) -> str | None:
    if horizon not in _VALID_HORIZONS:
        raise QueryError(f"horizon {horizon!r} not understood", fix="use short, long or any")
    return None if horizon == "any" else horizon


def _sign_of(change: str) -> int:
    if change not in ("increase", "decrease"):
        raise QueryError(f"change {change!r} not understood", fix="use increase or decrease")
    return 1 if change == "increase" else -1
