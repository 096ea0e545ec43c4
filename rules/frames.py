"""pandas DataFrames of claims, observations and answers, with typed columns (pandas optional)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.store import Store
from rules.results import (
    Chain,
    ContradictionsResult,
    LoopsResult,
    PathsResult,
    Step,
    WhatIfResult,
    WhyResult,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["answer_frame", "claims_frame", "observations_frame"]

_CLAIMS = """
SELECT ?claim ?id ?kind ?cause ?event ?effect ?sign ?horizon ?confidence ?valid_from ?valid_to
       ?hedge ?quote ?section ?rule ?instance_of WHERE {
  { ?claim a tk:CausalClaim . BIND ("causal" AS ?kind) }
  UNION { ?claim a tk:EventShock . BIND ("event" AS ?kind) }
  FILTER NOT EXISTS { ?claim a tk:GeneralMechanism }
  ?claim tk:claimId ?id ; tk:effect/tk:key ?effect ; tk:sign ?sign .
  OPTIONAL { ?claim tk:cause/tk:key ?cause }
  OPTIONAL { ?claim tk:event/tk:code ?event }
  OPTIONAL { ?claim tk:horizon ?h BIND (LCASE(STRAFTER(STR(?h), "#")) AS ?horizon) }
  OPTIONAL { ?claim tk:confidence ?confidence }
  OPTIONAL { ?claim tk:validFrom ?valid_from }
  OPTIONAL { ?claim tk:validTo ?valid_to }
  OPTIONAL { ?claim tk:hedge ?hedge }
  OPTIONAL { ?claim tk:quote ?quote }
  OPTIONAL { ?claim tk:section ?section }
  OPTIONAL { ?claim tk:ruleId ?rule }
  OPTIONAL { ?claim tk:instanceOf/tk:claimId ?instance_of }
} ORDER BY ?id"""
_OBSERVATIONS = """
SELECT ?observation ?id ?variable ?kind ?value ?unit ?direction ?period ?period_start
       ?period_end ?basis ?quote WHERE {
  ?observation a qb:Observation ; tk:claimId ?id ; tk:variable/tk:key ?variable ;
       tk:kind ?kind ; tk:period ?period ; tk:periodStart ?period_start ;
       tk:periodEnd ?period_end .
  OPTIONAL { ?observation tk:value ?value }
  OPTIONAL { ?observation tk:unit ?unit }
  OPTIONAL { ?observation tk:direction ?d BIND (LCASE(STRAFTER(STR(?d), "#")) AS ?direction) }
  OPTIONAL { ?observation tk:basis ?basis }
  OPTIONAL { ?observation tk:quote ?quote }
} ORDER BY ?id"""
_CLAIM_TYPES = {
    "sign": "int64",
    "confidence": "float64",
    "valid_from": "Int64",
    "valid_to": "Int64",
}
_OBSERVATION_TYPES = {"value": "float64", "period_start": "int64", "period_end": "int64"}
_STEP_TYPES = {
    "answer": "int64",
    "step": "int64",
    "score": "float64",
    "chain_sign": "Int64",
    "sign": "int64",
    "confidence": "float64",
    "valid_from": "Int64",
    "valid_to": "Int64",
}

Answer = WhyResult | WhatIfResult | PathsResult | LoopsResult | ContradictionsResult


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pandas is an optional dependency
        raise ImportError(
            "DataFrames need pandas: pip install 'tradekg[pandas]' (or pip install pandas)"
        ) from exc
    return pandas


def _frame(rows: list[dict[str, Any]], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    pd = _pandas()
    df = pd.DataFrame(rows, columns=columns)
    return df.astype({c: t for c, t in types.items() if c in df.columns})


def _columns(query: str) -> list[str]:
    head = query.split("WHERE", 1)[0]
    return [w[1:] for w in head.split() if w.startswith("?")]


def claims_frame(store: Store) -> pd.DataFrame:
    """One row per causal claim or event shock (stated, or derived per economy by a rule).

    Columns: claim (IRI), id, kind, cause and effect (variable keys), event, sign (int),
    horizon, confidence (float), valid_from/valid_to (years, nullable Int64), hedge, quote,
    section, rule, instance_of. Raises ImportError when pandas is missing.

    >>> from kg.build import build_memory
    >>> df = claims_frame(build_memory()[0])
    >>> str(df["valid_from"].dtype), str(df["sign"].dtype)
    ('Int64', 'int64')
    """
    return _frame(store.select(_CLAIMS), _columns(_CLAIMS), _CLAIM_TYPES)


def observations_frame(store: Store) -> pd.DataFrame:
    """One row per Data Cube observation: observation (IRI), id, variable (key), kind,
    value (float, in the variable's up-direction), unit, direction, period, period_start
    and period_end (years, int), basis, quote. Raises ImportError when pandas is missing."""
    return _frame(store.select(_OBSERVATIONS), _columns(_OBSERVATIONS), _OBSERVATION_TYPES)


def _step_row(answer: int, step: int, s: Step, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "answer": answer,
        **extra,
        "step": step,
        "cause": s.cause.key or s.cause.iri,
        "cause_label": s.cause.label,
        "effect": s.effect.key or s.effect.iri,
        "effect_label": s.effect.label,
        "sign": s.sign,
        "kind": s.kind,
        "claim": s.claim,
        "quote": s.quote,
        "section": s.source.section,
        "confidence": s.confidence,
        "horizon": s.horizon,
        "valid_from": s.valid_from,
        "valid_to": s.valid_to,
        "rule_ids": ",".join(s.rule_ids),
    }


def _chain_rows(chains: list[Chain], extra: dict[str, Any], start: int) -> list[dict[str, Any]]:
    rows = []
    for n, chain in enumerate(chains, start):
        info = {**extra, "summary": chain.summary, "score": chain.score, "chain_sign": chain.sign}
        rows += [_step_row(n, i, s, info) for i, s in enumerate(chain.steps)]
    return rows


def answer_frame(result: Answer) -> pd.DataFrame:
    """The steps of an answer, one row each, in rank order: ``answer`` numbers the
    explanation, chain, path, loop or contradiction (from 0) and ``step`` the step in it.

    Columns beside the step's (cause, effect, sign, claim, quote, confidence, horizon,
    valid_from, valid_to, rule_ids): summary, score and chain_sign for chains; variable
    and direction for what-if effects; polarity for loops; side for contradictions.
    Raises ImportError when pandas is missing.
    """
    rows: list[dict[str, Any]] = []
    if isinstance(result, WhyResult):
        for n, e in enumerate(result.explanations):
            info = {"summary": e.summary, "score": e.score, "chain_sign": e.sign}
            rows += [_step_row(n, i, s, info) for i, s in enumerate(e.steps)]
    elif isinstance(result, WhatIfResult):
        for effect in result.effects:
            extra = {
                "variable": effect.variable.key or effect.variable.iri,
                "direction": str(effect.direction),
            }
            rows += _chain_rows(effect.chains, extra, len({r["answer"] for r in rows}))
    elif isinstance(result, PathsResult):
        rows = _chain_rows(result.paths, {}, 0)
    elif isinstance(result, LoopsResult):
        for n, loop in enumerate(result.loops):
            info = {"summary": loop.summary, "polarity": loop.polarity}
            rows += [_step_row(n, i, s, info) for i, s in enumerate(loop.steps)]
    else:
        for n, c in enumerate(result.contradictions):
            for side, steps in (("positive", c.positive), ("negative", c.negative)):
                rows += [
                    _step_row(n, i, s, {"summary": c.explanation, "side": side})
                    for i, s in enumerate(steps)
                ]
    columns = list(dict.fromkeys(k for r in rows for k in r)) or [
        "answer",
        "step",
        "cause",
        "effect",
        "sign",
        "claim",
        "quote",
    ]
    return _frame(rows, columns, _STEP_TYPES)
