"""Typed, JSON-serialisable results of the rule engine (pydantic), with result codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Candidate",
    "Chain",
    "ConditionNote",
    "Contradiction",
    "ContradictionsResult",
    "Effect",
    "Explanation",
    "Loop",
    "LoopsResult",
    "Offset",
    "PathsResult",
    "PremiseCheck",
    "PremiseStatus",
    "ResolvedQuery",
    "ResultCode",
    "SearchInfo",
    "Source",
    "Step",
    "Term",
    "WhatIfResult",
    "WhyResult",
    "result_schemas",
]

Change = Literal["increase", "decrease"]
Direction = Literal["increase", "decrease", "ambiguous"]


class ResultCode(StrEnum):
    FOUND = "FOUND"
    NO_PATHS = "NO_PATHS"
    UNKNOWN_TERM = "UNKNOWN_TERM"
    AMBIGUOUS = "AMBIGUOUS"
    PREMISE_CONTRADICTED = "PREMISE_CONTRADICTED"
    NOT_UNDERSTOOD = "NOT_UNDERSTOOD"


class PremiseStatus(StrEnum):
    PREMISE_CONFIRMED = "PREMISE_CONFIRMED"
    PREMISE_CONTRADICTED = "PREMISE_CONTRADICTED"
    NOT_OBSERVED = "NOT_OBSERVED"


class _Model(BaseModel):
    # Rendering lives in rules.present (text, HTML, diagrams, notebook display), not here.
    model_config = ConfigDict(frozen=True)


class Term(_Model):
    """A variable or event in a step, with the change the chain gives it."""

    iri: str
    label: str
    change: Change | None = None
    key: str | None = None


class Source(_Model):
    document: str
    section: str


class ConditionNote(_Model):
    condition: str
    status: Literal["holds", "fails", "unknown"]
    premise: str | None = None


class Step(_Model):
    cause: Term
    effect: Term
    sign: int
    kind: Literal["causal", "event", "identity"]
    claim: str
    claims: list[str] = Field(default_factory=list)
    quote: str
    source: Source
    rule_ids: list[str] = Field(default_factory=list)
    confidence: float
    horizon: Literal["short", "long", "any"] = "any"
    conditions: list[ConditionNote] = Field(default_factory=list)
    valid_from: int | None = None
    valid_to: int | None = None
    instance_of: str | None = None
    reversed_by_condition: bool = False


class ObservationRef(_Model):
    observation: str
    variable: str
    period: str
    kind: str
    value: float | None = None
    unit: str | None = None
    direction: Change | None = None
    quote: str
    agrees: bool | None = None


class Explanation(_Model):
    """One causal chain, root cause -> ... -> effect, every step quoted."""

    score: float
    sign: int
    channel: str
    channel_iri: str
    summary: str
    conditions: list[ConditionNote] = Field(default_factory=list)
    conditional: bool = False
    horizon: Literal["short", "long", "any"] = "any"
    economy: str | None = None
    steps: list[Step]
    evidence: list[ObservationRef] = Field(default_factory=list)
    elaborated_summaries: list[str] = Field(default_factory=list)
    note: str | None = None


class PremiseCheck(_Model):
    status: PremiseStatus
    variable: str
    change: Change
    period: str | None = None
    confirming: list[ObservationRef] = Field(default_factory=list)
    contradicting: list[ObservationRef] = Field(default_factory=list)
    statement: str


class Offset(_Model):
    """Another term of an identity that moved the other way (e.g. the travel surplus)."""

    identity: str
    statement: str
    variable: Term
    quote: str
    observations: list[ObservationRef] = Field(default_factory=list)
    note: str


class Candidate(_Model):
    iri: str
    label: str
    kind: str
    matched: str | None = None


class ResolvedQuery(_Model):
    """The structured query a question resolved to (shown in every result)."""

    intent: Literal["why", "whatif", "loops", "paths", "contradictions"]
    variable: str | None = None
    variable_label: str | None = None
    item: str | None = None
    product: str | None = None
    counterpart: str | None = None
    change: Change | None = None
    economy: str | None = None
    horizon: Literal["short", "long", "any"] | None = None
    period: str | None = None
    target: str | None = None
    question: str | None = None
    matched: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)


class Channel(_Model):
    channel: str
    channel_iri: str
    explanations: list[int]


class DagEdge(_Model):
    source: str
    target: str
    sign: int
    kind: str
    claim: str


class Dag(_Model):
    nodes: dict[str, str] = Field(default_factory=dict)
    edges: list[DagEdge] = Field(default_factory=list)


class EconomyGroup(_Model):
    economy: str
    variable: str
    premise: PremiseStatus
    explanations: list[int]


class SearchInfo(_Model):
    """What the search examined (rules/search.py): expansions, and the direct causes of
    the effect that were queued (all of them: none is dropped unseen)."""

    expanded: int = 0
    direct_causes: int | None = None
    direct_causes_considered: int | None = None


class WhyResult(_Model):
    result_code: ResultCode
    query: ResolvedQuery
    premise: PremiseCheck | None = None
    explanations: list[Explanation] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    dag: Dag = Field(default_factory=Dag)
    offsets: list[Offset] = Field(default_factory=list)
    outweighed: list[Explanation] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    groups: list[EconomyGroup] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    truncated: bool = False  # a limit cut the search or the answer; ``cut`` says what
    cut: list[str] = Field(default_factory=list)
    search: SearchInfo | None = None
    message: str | None = None


class Chain(_Model):
    score: float
    sign: int
    summary: str
    horizon: Literal["short", "long", "any"] = "any"
    conditional: bool = False
    conditions: list[ConditionNote] = Field(default_factory=list)
    dominated: bool = False
    steps: list[Step]


class Effect(_Model):
    variable: Term
    direction: Direction
    decided_by: Literal["single-direction", "dominance", "evidence", "unresolved", "conditional"]
    by_horizon: dict[str, Direction] = Field(default_factory=dict)
    chains: list[Chain]
    competing: list[Chain] = Field(default_factory=list)
    what_would_decide: list[str] = Field(default_factory=list)


class WhatIfResult(_Model):
    result_code: ResultCode
    query: ResolvedQuery
    effects: list[Effect] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    truncated: bool = False  # a limit cut the search or the answer; ``cut`` says what
    cut: list[str] = Field(default_factory=list)
    message: str | None = None


class Loop(_Model):
    polarity: Literal["reinforcing", "balancing", "accounting"]
    sign_polarity: Literal["reinforcing", "balancing"]
    variables: list[Term]
    steps: list[Step]
    conditions: list[ConditionNote] = Field(default_factory=list)
    summary: str
    # other claim combinations closing the same cycle of variables, folded into this entry
    variants: int = 0


class LoopsResult(_Model):
    result_code: ResultCode
    query: ResolvedQuery
    loops: list[Loop] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    truncated: bool = False  # a limit cut the search or the answer; ``cut`` says what
    cut: list[str] = Field(default_factory=list)
    message: str | None = None


class PathsResult(_Model):
    result_code: ResultCode
    query: ResolvedQuery
    paths: list[Chain] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    truncated: bool = False  # a limit cut the search or the answer; ``cut`` says what
    cut: list[str] = Field(default_factory=list)
    message: str | None = None


class Contradiction(_Model):
    cause: Term
    effect: Term
    positive: list[Step]
    negative: list[Step]
    reconciled_by: list[Literal["condition", "horizon", "period", "scope", "dominance"]]
    explanation: str


class StatusConflict(_Model):
    """The report names an economy in a role ("surplus nations (e.g., China, Japan)")
    that its own observations contradict for a period (Japan's deficits, 2021-2024)."""

    economy: str
    role: str
    status: str  # the status observed: "deficit"
    period: str
    claim: str  # the mechanism whose sentence names the economy in the role
    quote: str
    observations: list[str]  # IRIs of the observations behind the period's status
    explanation: str


class ContradictionsResult(_Model):
    result_code: ResultCode
    contradictions: list[Contradiction] = Field(default_factory=list)
    status_conflicts: list[StatusConflict] = Field(default_factory=list)


def result_schemas() -> dict[str, Any]:
    """JSON Schemas of the public result types (checked in under docs/schema/)."""
    return {
        m.__name__: m.model_json_schema()
        for m in (WhyResult, WhatIfResult, LoopsResult, PathsResult, ContradictionsResult)
    }
