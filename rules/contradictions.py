"""Claims on the same link with opposite signs, and what reconciles them."""

from __future__ import annotations

from typing import Any

from kg.store import Store
from rules.assemble import (
    _steps,
    _term,
)
from rules.chains import (
    _Chain,
    _Edge,
)
from rules.observations import (
    _overlaps,
)
from rules.projection import Projection, projection
from rules.results import (
    Contradiction,
    ContradictionsResult,
    ResultCode,
    Step,
)

__all__ = ["contradictions"]


def contradictions(store: Store) -> ContradictionsResult:
    """Pairs of claims on the same cause and effect with opposite signs, and what reconciles
    them: condition, horizon, period, scope, dominance — or 'unreconciled'."""
    proj = projection(store)
    g = proj.graph
    out: list[Contradiction] = []
    for u, v in {(a, b) for a, b, _k in g.edges(keys=True)}:
        data = [
            d
            for d in g.get_edge_data(u, v).values()
            if d["kind"] != "identity" and not d.get("reverse")
        ]
        pos = [d for d in data if d["sign"] > 0]
        neg = [d for d in data if d["sign"] < 0]
        if not pos or not neg:
            continue
        how: set[str] = set()
        for p in pos:
            for n in neg:
                how |= _reconcile(p, n)
        explanation = ("reconciled by " + ", ".join(sorted(how))) if how else "unreconciled"
        out.append(
            Contradiction(
                cause=_term(proj, u, None),
                effect=_term(proj, v, None),
                positive=[_single_step(proj, u, v, d) for d in pos],
                negative=[_single_step(proj, u, v, d) for d in neg],
                reconciled_by=sorted(how),  # type: ignore[arg-type]
                explanation=explanation,
            )
        )
    out.sort(key=lambda c: (c.effect.label, c.cause.label))
    return ContradictionsResult(
        result_code=ResultCode.FOUND if out else ResultCode.NO_PATHS, contradictions=out
    )


def _reconcile(p: dict[str, Any], n: dict[str, Any]) -> set[str]:
    how: set[str] = set()
    if {p["horizon"], n["horizon"]} == {"short", "long"}:
        how.add("horizon")
    if p["conditions"] != n["conditions"]:
        how.add("condition")
    if not _overlaps(
        (p["valid_from"], p["valid_to"]), (n["valid_from"] or -9999, n["valid_to"] or 9999)
    ):
        how.add("period")
    if set(p["dominates"]) & set(n["claims"]) or set(n["dominates"]) & set(p["claims"]):
        how.add("dominance")
    if bool(p.get("instance_of")) != bool(n.get("instance_of")):
        how.add("scope")
    return how


def _single_step(proj: Projection, u: str, v: str, d: dict[str, Any]) -> Step:
    ch = _Chain(
        [_Edge(u, v, d["claim"], d)], [int(d["sign"])], 1, [], [False], horizon=d["horizon"]
    )
    return _steps(proj, ch)[0]
