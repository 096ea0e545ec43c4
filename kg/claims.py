"""Claim files: hand-edited YAML records of claims, identities, observations and conditions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg.errors import ClaimError, YamlSyntaxError
from ontology.keys import VariableKey

__all__ = [
    "HEDGES",
    "Claim",
    "ClaimFile",
    "ConditionFact",
    "Dominance",
    "Excuse",
    "Identity",
    "Observation",
    "load_claim_file",
]

Change = Literal["increase", "decrease"]
# Confidence implied by the text's hedge; a plain assertion is 0.9.
HEDGES = {
    "can": 0.75, "may": 0.6, "might": 0.5, "could": 0.55, "potentially": 0.5,
    "theoretically": 0.5, "risking": 0.6, "suggests": 0.7, "aim": 0.5, "goal": 0.5,
    "betting": 0.45, "typically": 0.8, "often": 0.75, "strategies": 0.6, "will": 0.7,
}
_PERIOD = re.compile(r"^(FY)?(\d{4})(?:-(\d{4}))?$|^(\d{4})s-(\d{4})$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    quote: str = Field(min_length=3)
    offset: int | None = Field(
        default=None, description="Code-point offset of the quote; found by search when absent."
    )
    note: str | None = None
    line: int = Field(default=0, exclude=True)


def _key(text: str) -> VariableKey:
    try:
        return VariableKey.parse(text)
    except ValueError as exc:
        raise ValueError(str(exc)) from exc


class Claim(_Record):
    """A causal claim (cause variable -> effect variable) or an event shock (event -> variable).

    ``sign`` is +1 when cause and effect move the same way, -1 when opposite. For an
    event shock it is the direction the event moved the effect. ``cause_change`` and
    ``effect_change`` keep the text's own wording ("depreciation" -> decrease) and
    must agree with the sign.
    """

    cause: str | None = None
    event: str | None = None
    effect: str
    sign: Literal[1, -1] | None = None
    cause_change: Change | None = None
    effect_change: Change | None = None
    wording: str | None = None
    horizon: Literal["short", "long", "any"] = "any"
    valid_from: int | None = None
    valid_to: int | None = None
    scope: tuple[str, ...] = ()
    scope_role: str | None = Field(default=None, description="class/role filling slot X")
    scope_role_y: str | None = Field(default=None, description="class/role filling slot Y")
    condition: tuple[str, ...] = ()
    if_condition_fails: Literal["drop", "reverse"] = "drop"
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    hedge: str | None = None
    elaborates: tuple[str, ...] = ()
    instance_of: str | None = None
    ceteris_paribus: bool = Field(
        default=False, description="a mechanism true other things equal: it never reverses a "
        "stated effect of the same cause on its effect (docs/propagation.md)")
    input_share: bool = Field(
        default=False, description="the effect is an input of the cause (imported inputs of "
        "exports): it moves by a share below one of the cause's move")

    @field_validator("cause", "effect")
    @classmethod
    def _check_key(cls, v: str | None) -> str | None:
        if v is not None:
            _key(v)
        return v

    @property
    def strength(self) -> float:
        """Confidence as given, else from the hedge word (HEDGES), else 0.9 (plain assertion)."""
        if self.confidence is not None:
            return self.confidence
        if self.hedge:
            return HEDGES.get(self.hedge.lower(), 0.6)
        return 0.9

    @property
    def general(self) -> bool:
        return self.scope_role is not None

    def cause_key(self) -> VariableKey | None:
        return _key(self.cause) if self.cause else None

    def effect_key(self) -> VariableKey:
        return _key(self.effect)


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    variable: str
    coefficient: Literal[1, -1]


class Identity(_Record):
    """target = sum(coefficient * variable); unhedged, never a cause."""

    target: str
    terms: tuple[Term, ...] = Field(min_length=1)
    scope_role: str | None = None
    statement: str = Field(description="The identity in words.")
    partial: bool = Field(
        default=False,
        description="The terms are only some of the target's parts (a one-term partial sum "
        "is not an equality).",
    )


class Observation(_Record):
    """An RDF Data Cube observation of a variable."""

    variable: str
    kind: Literal["level", "sign", "change", "pct_change", "share", "count", "rank", "movement"]
    value: float | None = None
    unit: str | None = None
    direction: Change | None = None
    period: str = Field(description="2024, 2021-2024, FY2024, 1980s-2010")
    basis: str | None = None
    period_inherited: bool = False
    context_quote: str | None = None

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        if not _PERIOD.match(v):
            raise ValueError(f"period {v!r} must look like 2024, 2021-2024, FY2024 or 1980s-2010")
        return v

    def years(self) -> tuple[int, int]:
        """First and last calendar year the period touches (FY2024 = Apr 2024-Mar 2025)."""
        m = _PERIOD.match(self.period)
        if m is None:  # validated on construction; only a bypassed validator gets here
            raise ValueError(f"bad period {self.period!r}")
        if m.group(4):
            return int(m.group(4)), int(m.group(5))
        start = int(m.group(2))
        end = int(m.group(3)) if m.group(3) else start
        if m.group(1):
            end += 1
        return start, end


class Dominance(_Record):
    """One channel outweighs another: decides the net effect of competing chains."""

    dominant: tuple[str, ...] = Field(min_length=1)
    over: tuple[str, ...] = Field(min_length=1)


class ConditionFact(_Record):
    """Whether a condition holds for an economy; 'fails' exists only where a fact says so."""

    economy: str
    condition: str
    status: Literal["holds", "fails", "unknown"]


class Excuse(BaseModel):
    """A sentence that carries no claim, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    start: str = Field(min_length=8, description="The sentence's first characters, verbatim.")
    reason: str = Field(min_length=3)
    line: int = Field(default=0, exclude=True)


class ClaimFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    background: str | None = Field(
        default=None, description="the file holds background knowledge from this source "
        "(Wikidata, ISO ...), not claims of a report; kept in its document's own graph")
    claims: tuple[Claim, ...] = ()
    identities: tuple[Identity, ...] = ()
    observations: tuple[Observation, ...] = ()
    dominance: tuple[Dominance, ...] = ()
    conditions: tuple[ConditionFact, ...] = ()
    excused: tuple[Excuse, ...] = ()
    path: str = Field(default="", exclude=True)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping as ``line``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = cast(dict[str, Any], loader.construct_mapping(node, deep=True))
    mapping.setdefault("line", node.start_mark.line + 1)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_line(obj: Any, keep: bool) -> Any:
    if isinstance(obj, dict):
        out = {k: _strip_line(v, k in _RECORD_LISTS) for k, v in obj.items()}
        if not keep:
            out.pop("line", None)
        return out
    if isinstance(obj, list):
        return [_strip_line(v, keep) for v in obj]
    return obj


_RECORD_LISTS = {"claims", "identities", "observations", "dominance", "conditions", "excused"}


def load_claim_file(path: str | Path) -> ClaimFile:
    """Read and validate one claim file.

    Raises YamlSyntaxError (with line) for broken YAML and ClaimError naming the
    file, line and record id for a record that does not fit the schema.
    """
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlSyntaxError(
            f"YAML syntax error: {exc.problem}", file=str(path), line=line,
            fix="correct the YAML at that line (indentation, quotes, colons)",
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML error: {exc}", file=str(path)) from exc
    if not isinstance(raw, dict):
        raise ClaimError("a claim file must be a mapping with 'document' and record lists",
                         file=str(path), line=1)
    raw.pop("line", None)
    data = {k: (_strip_line(v, False) if k not in _RECORD_LISTS else
                [_strip_line(r, True) if isinstance(r, dict) else r for r in (v or [])])
            for k, v in raw.items()}
    for k in _RECORD_LISTS & data.keys():
        for r in data[k]:
            if isinstance(r, dict):
                for sub in r.values():
                    _drop_nested_lines(sub)
    try:
        return ClaimFile.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        line = None
        rid = None
        if len(loc) >= 2 and loc[0] in _RECORD_LISTS and isinstance(loc[1], int):
            rec = data[str(loc[0])][loc[1]]
            if isinstance(rec, dict):
                line = rec.get("line")
                rid = rec.get("id")
        field = ".".join(str(x) for x in loc[2:]) or ".".join(str(x) for x in loc)
        raise ClaimError(
            f"field {field!r}: {err['msg']}", file=str(path), line=line, claim=rid,
            fix=_fix_for(field, err["msg"]),
        ) from exc


def _drop_nested_lines(obj: Any) -> None:
    if isinstance(obj, dict):
        obj.pop("line", None)
        for v in obj.values():
            _drop_nested_lines(v)
    elif isinstance(obj, list):
        for v in obj:
            _drop_nested_lines(v)


def _fix_for(field: str, msg: str) -> str:
    if field == "sign":
        return "give sign: 1 (same direction) or -1 (opposite direction)"
    if field in {"cause", "effect", "variable", "target"}:
        return "write the variable as ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]]"
    if "Extra inputs" in msg:
        return "remove or rename the field; see docs/claims.md for the fields of each record"
    if "Field required" in msg:
        return f"add the field {field!r}"
    return "see docs/claims.md for the fields of each record"
