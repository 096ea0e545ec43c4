"""Query arguments: variables, horizons and changes checked against the projection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.errors import QueryError
from rules.projection import Projection
from rules.resolve import node_of_key

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
    node = node_of_key(proj, variable, economy)  # the one key reader (rules.resolve)
    if node is not None:
        return node
    raise QueryError(
        f"unknown variable {variable!r}",
        fix="give a variable IRI or key ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]",
    )


def _check_horizon(horizon: str | None) -> str | None:
    if horizon not in _VALID_HORIZONS:
        raise QueryError(f"horizon {horizon!r} not understood", fix="use short, long or any")
    return None if horizon == "any" else horizon


def _condition_codes(proj: Projection) -> frozenset[str]:
    """The codes of the conditions some edge of the projection carries."""
    hit = proj.cache.get(("condition_codes",))
    if hit is None:
        hit = frozenset(
            code
            for _u, _v, conditions in proj.graph.edges(data="conditions")
            for code, _status, _premise in conditions or ()
        )
        proj.cache[("condition_codes",)] = hit
    return hit  # type: ignore[no-any-return]


def _check_assume(
    proj: Projection, assume: Mapping[str, str] | None
) -> tuple[tuple[str, str], ...]:
    """Conditions taken as given for one question, as sorted (code, status) pairs."""
    if not assume:
        return ()
    codes = _condition_codes(proj)
    for code, status in assume.items():
        if code not in codes:
            raise QueryError(
                f"condition {code!r} is on no claim of the graph",
                fix="use one of " + ", ".join(sorted(codes)),
            )
        if status not in ("holds", "fails"):
            raise QueryError(
                f"condition status {status!r} not understood", fix="use holds or fails"
            )
    return tuple(sorted(assume.items()))


def _sign_of(change: str) -> int:
    if change not in ("increase", "decrease"):
        raise QueryError(f"change {change!r} not understood", fix="use increase or decrease")
    return 1 if change == "increase" else -1
