"""Claims on the same link with opposite signs, and what reconciles them; roles the
report gives an economy that its own observations contradict."""

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
    StatusConflict,
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
        # ordered by claim: the projection's edge order is the store's, which differs
        # between stores holding the same graph
        data = sorted(
            (
                d
                for d in g.get_edge_data(u, v).values()
                if d["kind"] != "identity" and not d.get("reverse") and not d.get("general")
            ),
            key=lambda d: str(d["claim"]),
        )
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
    conflicts = _status_conflicts(store)
    return ContradictionsResult(
        result_code=ResultCode.FOUND if out or conflicts else ResultCode.NO_PATHS,
        contradictions=out,
        status_conflicts=conflicts,
    )


_STATUS_CONFLICTS = """
SELECT ?code ?elabel ?rlabel ?kind ?period ?g ?q ?obs WHERE {
  ?c a tk:StatusConflict ; tk:aboutEconomy ?e ; tk:role ?role ; tk:statusKind ?kind ;
     tk:period ?period ; prov:wasDerivedFrom ?g , ?st .
  ?g tk:quote ?q . ?st a tk:PeriodStatus .
  OPTIONAL { ?st prov:wasDerivedFrom ?obs }
  ?e tk:code ?code ; rdfs:label ?elabel .
  OPTIONAL { ?role rdfs:label ?rlabel }
}"""


def _status_conflicts(store: Store) -> list[StatusConflict]:
    """The inferred tk:StatusConflict facts (rule role-status-conflict), one per economy,
    role and period, with both premises: the sentence naming the role and the
    observations of the period's status."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in store.select(_STATUS_CONFLICTS):
        role = str(r.get("rlabel") or str(r["g"]).rsplit("/", 1)[-1])
        key = (str(r["code"]), role, str(r["period"]))
        row = found.setdefault(
            key,
            {"r": r, "role": role, "obs": set()},
        )
        # several sentences may name the role: cite the same one whatever the store's row order
        if str(r["g"]) < str(row["r"]["g"]):
            row["r"] = r
        if r.get("obs"):
            row["obs"].add(str(r["obs"]))
    out = []
    for (code, role, period), row in sorted(found.items()):
        r = row["r"]
        out.append(
            StatusConflict(
                economy=code,
                role=role,
                status=str(r["kind"]),
                period=period,
                claim=str(r["g"]),
                quote=str(r["q"]),
                observations=sorted(row["obs"]),
                explanation=(
                    f"the report names {r['elabel']} as a {role} while its own observations "
                    f"show a {r['kind']} in {period}: unreconciled, both premises kept"
                ),
            )
        )
    return out


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
