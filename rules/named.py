"""The engine's queries taking names as well as IRIs and keys, resolved by rules.resolve.

``rules.why(store, "trade deficit", "increase", economy="JPN")`` is the goods balance
decreasing, exactly as ``POST /why`` reads it: the name is resolved once, here, and an
inverse label turns the change round (said in the answer's ``assumptions``).
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.store import Store
from rules.loops import loops as engine_loops
from rules.paths import paths as engine_paths
from rules.premise import premise as engine_premise
from rules.projection import Projection, projection
from rules.resolve import Resolution, resolve, resolve_economy
from rules.results import (
    LoopsResult,
    PathsResult,
    PremiseCheck,
    WhatIfResult,
    WhyResult,
)
from rules.whatif import whatif as engine_whatif
from rules.why import why as engine_why

__all__ = ["loops", "no_cause_message", "paths", "premise", "whatif", "why"]

_FLIP = {"increase": "decrease", "decrease": "increase"}


def _read(
    store: Store,
    name: str,
    change: str | None,
    economy: str | None,
    kinds: tuple[str, ...] = ("variable",),
) -> tuple[Resolution, str | None, list[str]]:
    res = resolve(store, name, kinds=kinds, economy=resolve_economy(store, economy))
    notes = [n for n in (res.note,) if n]
    if res.inverse and change in _FLIP:
        notes.append(
            f"{name!r} names its variable going the other way: "
            f"{change} of {name!r} is {_FLIP[change]} of the variable"
        )
        change = _FLIP[change]
    return res, change, notes


def _noted(
    result: WhyResult | WhatIfResult, name: str, notes: list[str]
) -> WhyResult | WhatIfResult:
    if not notes:
        return result
    query = result.query.model_copy(
        update={
            "matched": result.query.matched or [name],
            "assumptions": [*result.query.assumptions, *notes],
        }
    )
    return result.model_copy(update={"query": query})


def no_cause_message(proj: Projection, node: str, change: str) -> str:
    """What to say when no chain explains the change: plainly, that the report states no
    cause of it (or only of the other way), never an answer about another variable."""
    g = proj.graph
    label = proj.label(node)
    causes = [
        d
        for _, _, d in g.in_edges(node, data=True)
        if d.get("kind") in ("causal", "event") and not d.get("reverse")
    ]
    if not causes:
        return f"the report states no cause of {label}"
    moved = "rising" if change == "increase" else "falling"
    return (
        f"the report states no cause of {label} {moved}; the causes it states move it "
        "the other way, or need conditions this query excludes"
    )


def why(
    store: Store,
    effect: str,
    change: str,
    *,
    economy: str | None = None,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 10,
    question: str | None = None,
    assume: Mapping[str, str] | None = None,
    through: tuple[str, str, int] | None = None,
) -> WhyResult:
    """Why did ``effect`` (an IRI, a key or a name; see rules.resolve) move ``change``?

    ``assume`` takes conditions as given for this question ({"MarshallLerner": "fails"});
    ``through`` (item, product, sign) puts the chains through a cause the question names
    first.
    Raises UnknownTermError / AmbiguousTermError (with candidates) or QueryError.
    """
    res, ch, notes = _read(store, effect, change, economy)
    result = engine_why(
        store,
        res.iri,
        ch or change,
        horizon=horizon,
        period=period,
        limit=limit,
        question=question,
        assume=assume,
        through=through,
    )
    if not result.explanations and result.query.variable:
        result = result.model_copy(
            update={
                "message": no_cause_message(
                    projection(store), result.query.variable, result.query.change or change
                )
            }
        )
    out = _noted(result, effect, notes)
    assert isinstance(out, WhyResult)  # noqa: S101 - _noted keeps the type
    return out


def whatif(
    store: Store,
    shock: str,
    change: str,
    *,
    economy: str | None = None,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 50,
    question: str | None = None,
    assume: Mapping[str, str] | None = None,
) -> WhatIfResult:
    """What moves if ``shock`` (a variable or event: IRI, key or name) changes ``change``?

    ``assume`` takes conditions as given for this question ({"MarshallLerner": "holds"}).
    Raises UnknownTermError / AmbiguousTermError (with candidates) or QueryError.
    """
    res, ch, notes = _read(store, shock, change, economy, kinds=("variable", "event"))
    result = engine_whatif(
        store,
        res.iri,
        ch or change,
        horizon=horizon,
        period=period,
        limit=limit,
        question=question,
        assume=assume,
    )
    out = _noted(result, shock, notes)
    assert isinstance(out, WhatIfResult)  # noqa: S101
    return out


def premise(store: Store, variable: str, change: str, *, period: str | None = None) -> PremiseCheck:
    """Check 'variable (IRI, key or name) moved this way (in period)' against observations."""
    res, ch, _ = _read(store, variable, change, None)
    return engine_premise(store, res.iri, ch or change, period=period)


def paths(
    store: Store,
    source: str,
    target: str,
    *,
    horizon: str | None = None,
    period: str | None = None,
    limit: int = 20,
) -> PathsResult:
    """Causal paths from ``source`` to ``target`` (IRIs, keys or names)."""
    src = resolve(store, source, kinds=("variable", "event")).iri
    dst = resolve(store, target).iri
    return engine_paths(store, src, dst, horizon=horizon, period=period, limit=limit)


def loops(
    store: Store,
    *,
    involving: str | None = None,
    economy: str | None = None,
    max_length: int = 8,
    question: str | None = None,
) -> LoopsResult:
    """Feedback loops, optionally through ``involving`` (an IRI, a key or a name)."""
    node = resolve(store, involving).iri if involving else None
    return engine_loops(
        store,
        involving=node,
        economy=resolve_economy(store, economy),
        max_length=max_length,
        question=question,
    )
