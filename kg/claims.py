"""Claim files: hand-edited YAML records of claims, identities, observations and conditions."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kg.errors import ClaimError, YamlSyntaxError
from ontology.keys import VariableKey

__all__ = [
    "HEDGES",
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
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
    "can": 0.75,
    "may": 0.6,
    "might": 0.5,
    "could": 0.55,
    "potentially": 0.5,
    "theoretically": 0.5,
    "risking": 0.6,
    "suggests": 0.7,
    "aim": 0.5,
    "goal": 0.5,
    "betting": 0.45,
    "typically": 0.8,
    "often": 0.75,
    "strategies": 0.6,
    "will": 0.7,
}
_PERIOD = re.compile(r"^(FY)?(\d{4})(?:-(\d{4}))?$|^(\d{4})s-(\d{4})$")
# Limits that keep a hostile or broken file from eating the machine: the bundled files
# are under 50 kB, use no aliases and nest 4 levels deep.
MAX_FILE_BYTES = 2_000_000
MAX_ALIASES = 20  # k aliases per level expand to at most 3**(20/3) ~ 1500 nodes
MAX_DEPTH = 40


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
        default=False,
        description="a mechanism true other things equal: it never reverses a "
        "stated effect of the same cause on its effect (docs/propagation.md)",
    )
    input_share: bool = Field(
        default=False,
        description="the effect is an input of the cause (imported inputs of "
        "exports): it moves by a share below one of the cause's move",
    )

    @field_validator("cause", "effect")
    @classmethod
    def _check_key(cls, v: str | None) -> str | None:
        if v is not None:
            _key(v)
        return v

    @model_validator(mode="after")
    def _coherent(self) -> Claim:
        if self.cause is not None and _key(self.cause) == _key(self.effect):
            raise ValueError(
                f"cause and effect are the same variable {self.effect!r}: "
                "a variable does not cause itself"
            )
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_from > self.valid_to
        ):
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        return self

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

    @field_validator("variable")
    @classmethod
    def _check_key(cls, v: str) -> str:
        _key(v)
        return v


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

    @field_validator("target")
    @classmethod
    def _check_key(cls, v: str) -> str:
        _key(v)
        return v


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

    @field_validator("variable")
    @classmethod
    def _check_key(cls, v: str) -> str:
        _key(v)
        return v

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        m = _PERIOD.match(v)
        if not m:
            raise ValueError(f"period {v!r} must look like 2024, 2021-2024, FY2024 or 1980s-2010")
        first, last = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        if last is not None and int(first) > int(last):
            raise ValueError(f"period {v!r} ends before it starts: write {last}-{first}?")
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
        default=None,
        description="the file holds background knowledge from this source "
        "(Wikidata, ISO ...), not claims of a report; kept in its document's own graph",
    )
    claims: tuple[Claim, ...] = ()
    identities: tuple[Identity, ...] = ()
    observations: tuple[Observation, ...] = ()
    dominance: tuple[Dominance, ...] = ()
    conditions: tuple[ConditionFact, ...] = ()
    excused: tuple[Excuse, ...] = ()
    path: str = Field(default="", exclude=True)


class _Refused(yaml.YAMLError):
    """The file breaks a limit or holds a duplicate key; ``line`` is where."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping as ``line``, refuses duplicate
    keys, and caps aliases and nesting (an alias bomb or deep nesting is refused, not run)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Refused(
                    f"more than {MAX_ALIASES} YAML aliases: claim files "
                    "need none; write the values out",
                    self.peek_event().start_mark.line + 1,
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark.line + 1,
                )
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _Refused(
                "a mapping key must be a plain value, not a list or mapping",
                key_node.start_mark.line + 1,
            ) from None
        if key in mapping:
            # Last-wins would let a second 'sign:' silently flip a claim.
            raise _Refused(
                f"duplicate key {key!r} in one mapping (a second value would "
                "silently replace the first)",
                key_node.start_mark.line + 1,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
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
_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def _read_text(path: Path) -> str:
    """The file as text, or a ClaimError saying why it cannot be a claim file."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ClaimError(
                "is a directory, not a claim file", file=str(path), fix="name a .yaml file"
            )
        if size > MAX_FILE_BYTES:
            raise ClaimError(
                f"the file has {size} bytes; claim files are limited to {MAX_FILE_BYTES}",
                file=str(path),
                fix="split it into several claim files",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ClaimError(
            f"cannot read the file: {exc.strerror or exc}",
            file=str(path),
            fix="check that the file exists and is readable",
        ) from exc
    for bom, name in _BOMS.items():  # UTF-32 LE starts like UTF-16 LE: longest first
        if data.startswith(bom):
            raise ClaimError(
                f"the file is {name}; claim files are UTF-8",
                file=str(path),
                line=1,
                fix="save the file as UTF-8",
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ClaimError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at column {col} ({exc.reason})",
            file=str(path),
            line=line,
            fix="save the file as UTF-8",
        ) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ClaimError(
            "the file holds a NUL character (binary data?)",
            file=str(path),
            line=line,
            fix="save the file as UTF-8 text",
        )
    return text.removeprefix("\ufeff")


def _parse_yaml(path: Path, text: str) -> Any:
    loader = _LineLoader(text)
    try:
        return loader.get_single_data()
    except _Refused as exc:
        raise YamlSyntaxError(
            exc.message,
            file=str(path),
            line=exc.line,
            fix="write plain YAML: no repeated keys, aliases or deep nesting",
        ) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlSyntaxError(
            f"YAML syntax error: {exc.problem}",
            file=str(path),
            line=line,
            fix="correct the YAML at that line (indentation, quotes, colons)",
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML error: {exc}", file=str(path), line=1) from exc
    except RecursionError as exc:  # a deep structure the depth cap did not see (keys)
        raise YamlSyntaxError(
            "the YAML nests too deeply",
            file=str(path),
            line=1,
            fix="write plain YAML: no deep nesting",
        ) from exc
    finally:
        loader.dispose()


def load_claim_file(path: str | Path) -> ClaimFile:
    """Read and validate one claim file.

    Raises YamlSyntaxError (with line) for broken YAML, a duplicate key, too many
    aliases or too deep nesting, and ClaimError naming the file, line and record id
    for a file that is not UTF-8 text, too large, or a record that does not fit the schema.
    """
    path = Path(path)
    raw = _parse_yaml(path, _read_text(path))
    if not isinstance(raw, dict):
        raise ClaimError(
            "a claim file must be a mapping with 'document' and record lists",
            file=str(path),
            line=1,
            fix="start the file with 'document: <source name>'",
        )
    raw.pop("line", None)
    for k in _RECORD_LISTS & raw.keys():
        v = raw[k]
        if v is not None and not isinstance(v, list):
            raise ClaimError(
                f"{k!r} must be a list of records, not {type(v).__name__}",
                file=str(path),
                line=_line_of_key(path, k),
                fix=f"write '{k}:' followed by '- id: ...' records",
            )
        for n, r in enumerate(v or []):
            if not isinstance(r, dict):
                raise ClaimError(
                    f"{k} item {n + 1} must be a record (a mapping with id, "
                    f"quote, ...), not {type(r).__name__}",
                    file=str(path),
                    line=_line_of_key(path, k),
                    fix="write each record as '- id: ...' with its fields",
                )
    data = {
        k: (
            _strip_line(v, False)
            if k not in _RECORD_LISTS
            else [_strip_line(r, True) for r in (v or [])]
        )
        for k, v in raw.items()
    }
    for k in _RECORD_LISTS & data.keys():
        for r in data[k]:
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
                rid = rec.get("id") if isinstance(rec.get("id"), str) else None
        elif loc and isinstance(loc[0], str):
            line = _line_of_key(path, loc[0])
        field = ".".join(str(x) for x in loc[2:]) or ".".join(str(x) for x in loc)
        msg = str(err["msg"]).removeprefix("Value error, ")
        whole_record = rid is not None and len(loc) == 2
        raise ClaimError(
            msg if whole_record else f"field {field!r}: {msg}",
            file=str(path),
            line=line,
            claim=rid,
            fix=_fix_for(field, msg)
            if not whole_record
            else "correct the record; see docs/claims.md",
        ) from exc


def _line_of_key(path: Path, key: str) -> int:
    """1-based line of the top-level ``key:`` (1 when not found, e.g. a flow mapping)."""
    pattern = re.compile(rf"^{re.escape(str(key))}\s*:")
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.match(text):
            return n
    return 1


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
