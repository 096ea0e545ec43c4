"""Cut a ranked result to a limit, and know when the limit cut it (never in silence)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["RANKED", "limited", "ranked_items"]

R = TypeVar("R")

# The ranked list of each result type, and the word for its items.
RANKED: dict[str, tuple[str, str]] = {
    "WhyResult": ("explanations", "explanations"),
    "WhatIfResult": ("effects", "effects"),
    "LoopsResult": ("loops", "loops"),
    "PathsResult": ("paths", "chains"),
}


def ranked_items(result: object) -> tuple[str, list[Any]] | None:
    """(word, items) of the ranked list of ``result``; None for a type with none.

    >>> from rules.results import LoopsResult, ResolvedQuery
    >>> ranked_items(LoopsResult(result_code="NO_PATHS", query=ResolvedQuery(intent="loops")))
    ('loops', [])
    """
    field, word = RANKED.get(type(result).__name__, ("", ""))
    items = getattr(result, field, None) if field else None
    return (word, list(items)) if items is not None else None


def limited(run: Callable[[int], R], limit: int) -> tuple[R, bool]:
    """``run(limit)``'s result and whether ``limit`` cut it short.

    ``run`` ranks and cuts at the number it is given; it runs with one more than
    ``limit`` so that a cut is known. A why-result is ranked again at ``limit`` (its
    channels, groups and DAG index the explanations); other results are sliced.

    >>> from rules.results import LoopsResult, ResolvedQuery
    >>> q = ResolvedQuery(intent="loops")
    >>> r, cut = limited(lambda n: LoopsResult(result_code="NO_PATHS", query=q), 5)
    >>> cut
    False
    """
    result = run(limit + 1)
    field = RANKED.get(type(result).__name__, ("", ""))[0]
    items = getattr(result, field, None) if field else None
    if items is None or len(items) <= limit:
        return result, False
    if field == "explanations":
        return run(limit), True
    return result.model_copy(update={field: items[:limit]}), True  # type: ignore[attr-defined]
