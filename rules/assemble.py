"""Chains as result models: terms, steps, summaries, explanations."""

from __future__ import annotations

import re
from typing import Any, cast

from rules.chains import (
    _Chain,
    _Edge,
    shown_score,
)
from rules.projection import Projection
from rules.results import (
    Chain,
    ConditionNote,
    Explanation,
    Source,
    Step,
    Term,
)

__all__: list[str] = []


def _term(proj: Projection, node: str, change: int | None) -> Term:
    d = proj.graph.nodes[node]
    return Term(
        iri=node,
        label=str(d.get("label", node)),
        key=d.get("key"),
        change=None if change is None else ("increase" if change > 0 else "decrease"),
    )


def _steps(proj: Projection, ch: _Chain) -> list[Step]:
    changes = ch.changes()
    memo = cast(dict[tuple[Any, ...], Step], proj.cache.setdefault(("steps",), {}))
    steps = []
    for i, e in enumerate(ch.edges):
        key = (e.u, e.v, e.key, changes[i], changes[i + 1], ch.signs[i], ch.reversed_steps[i])
        step = memo.get(key)
        if step is None:
            step = memo[key] = _make_step(
                proj, e, changes[i], changes[i + 1], ch.signs[i], ch.reversed_steps[i]
            )
        steps.append(step)
    return steps


def _make_step(
    proj: Projection, e: _Edge, cause: int, effect: int, sign: int, reversed_: bool
) -> Step:
    """One step of a chain; steps recur across chains and queries, so they are memoised
    on the projection (results are immutable)."""
    d = e.data
    notes = [
        ConditionNote(condition=c, status=s, premise=p or None)  # type: ignore[arg-type]
        for c, s, p in d["conditions"]
    ]
    cause_change: int | None = None if proj.graph.nodes[e.u].get("kind") == "event" else cause
    return Step(
        cause=_term(proj, e.u, cause_change),
        effect=_term(proj, e.v, effect),
        sign=sign,
        kind=d["kind"],
        claim=d["claim"],
        claims=list(d["claims"]),
        quote=d["quote"],
        source=Source(document=d["document"], section=d["section"]),
        rule_ids=list(d["rule_ids"]),
        confidence=float(d["confidence"]),
        horizon=d["horizon"],
        conditions=notes,
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        instance_of=d.get("instance_of"),
        reversed_by_condition=reversed_,
    )


_VERB = {1: "rises", -1: "falls"}
_VERB_PLURAL = {1: "rise", -1: "fall"}


def _verb(label: str, change: int) -> str:
    """'rises' for 'the value of the yen', 'rise' for 'Japan's energy imports'."""
    head = re.sub(r"\s*\([^)]*\)$", "", label).split()[-1] if label.strip() else ""
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    return (_VERB_PLURAL if plural else _VERB)[change]


def _summary(proj: Projection, ch: _Chain) -> str:
    changes = ch.changes()
    parts = []
    for i, n in enumerate(ch.nodes):
        label = proj.label(n)
        if i == 0 and proj.graph.nodes[n].get("kind") == "event":
            parts.append(label)
        else:
            parts.append(f"{label} {_verb(label, changes[i])}")
    return " → ".join(parts)


def _channel(proj: Projection, ch: _Chain) -> str:
    """The proximate channel: the first node of the identity tail, else the last cause."""
    idx = len(ch.edges) - 1
    while (
        idx > 0
        and ch.edges[idx].data["kind"] == "identity"
        and ch.edges[idx - 1].data["kind"] == "identity"
    ):
        idx -= 1
    return ch.edges[idx].u


def _as_chain(proj: Projection, ch: _Chain, dominated: bool = False) -> Chain:
    return Chain(
        score=shown_score(ch.score),
        sign=ch.sign,
        summary=_summary(proj, ch),
        horizon=ch.horizon,  # type: ignore[arg-type]
        conditional=any(c.status == "unknown" for c in ch.conditions),
        conditions=ch.conditions,
        dominated=dominated,
        steps=_steps(proj, ch),
    )


def _explanation(
    proj: Projection, ch: _Chain, note: str | None = None, absorbed: list[str] | None = None
) -> Explanation:
    chan = _channel(proj, ch)
    eco = proj.graph.nodes[ch.nodes[-1]].get("economy")
    return Explanation(
        score=shown_score(ch.score),
        sign=ch.sign,
        channel=proj.label(chan),
        channel_iri=chan,
        summary=_summary(proj, ch),
        conditions=ch.conditions,
        conditional=any(c.status == "unknown" for c in ch.conditions),
        horizon=ch.horizon,
        economy=eco,
        steps=_steps(proj, ch),
        evidence=ch.evidence,  # type: ignore[arg-type]
        elaborated_summaries=sorted(set(absorbed or [])),
        note=note,
    )
