"""``/claims``: the causal claims of the graph — stated, general, and derived per economy."""

from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.errors import ErrorBody, NotFound
from api.routes.explain import Horizon, choose_format, resolve_economy
from kg.counts import claim_category
from kg.store import Store
from ontology.keys import DATA, TK

__all__ = [
    "ClaimBreakdown",
    "ClaimDetail",
    "ClaimPage",
    "ClaimSummary",
    "ClaimTerm",
    "breakdown",
    "claim_index",
    "router",
]

router = APIRouter(tags=["claims"])

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_CLAIM_NS = f"{DATA}claim/"
_LEADING_INT = re.compile(r"^[+-]?[0-9]+")
_HORIZONS: dict[str, Horizon] = {
    f"{TK}ShortRun": "short",
    f"{TK}LongRun": "long",
    f"{TK}AnyHorizon": "any",
}
_CLAIMS = """
SELECT DISTINCT ?c ?p ?o WHERE {
  { ?c a tk:CausalClaim } UNION { ?c a tk:EventShock }
  VALUES ?p { rdf:type tk:claimId tk:cause tk:event tk:effect tk:sign tk:horizon tk:confidence
              tk:quote tk:section tk:sentence tk:validFrom tk:validTo tk:instanceOf tk:ruleId
              tk:scope tk:condition tk:hedge tk:note prov:wasDerivedFrom }
  ?c ?p ?o .
}"""
_EVIDENCE = """
SELECT ?c ?doc ?start ?end WHERE {
  { ?c a tk:CausalClaim } UNION { ?c a tk:EventShock }
  ?c tk:evidence/oa:hasTarget ?t .
  OPTIONAL { ?t oa:hasSource ?doc }
  OPTIONAL { ?t oa:hasSelector ?s . ?s a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
}"""
_TERMS = """
SELECT ?x ?label ?key ?eco ?code WHERE {
  { SELECT DISTINCT ?x WHERE {
      { ?c a tk:CausalClaim } UNION { ?c a tk:EventShock }
      ?c tk:cause|tk:effect|tk:event|tk:scope ?x } }
  OPTIONAL { ?x rdfs:label ?label }
  OPTIONAL { ?x tk:key ?key }
  OPTIONAL { ?x tk:economy/tk:code ?eco }
  OPTIONAL { ?x tk:code ?code }
}"""


class ClaimTerm(BaseModel):
    """The cause or effect of a claim: a variable, or (for an event shock) an event."""

    iri: str
    label: str
    kind: Literal["variable", "event", "other"]
    key: str | None = Field(default=None, description="The variable key, for a variable.")
    economy: str | None = Field(default=None, description="The variable's economy code.")


class ClaimSummary(BaseModel):
    """One claim as listed: what moves what, which way, and the quote that says so."""

    id: str = Field(description="The claim id; derived instances read GENERAL-ID/ECONOMY.")
    iri: str
    kind: Literal["causal", "event"] = Field(description="A causal claim or an event shock.")
    general: bool = Field(description="A general mechanism, stated for a role pattern.")
    derived: bool = Field(description="An instance of a general mechanism, derived by a rule.")
    cause: ClaimTerm | None = None
    effect: ClaimTerm | None = None
    sign: int | None = Field(default=None, description="+1 same direction, −1 opposite.")
    horizon: Horizon = "any"
    confidence: float | None = None
    quote: str | None = None
    section: str | None = None
    document: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    instance_of: str | None = Field(default=None, description="The general claim instantiated.")
    rule_ids: list[str] = Field(default_factory=list)
    economies: list[str] = Field(
        default_factory=list, description="Codes of the economies the claim is about."
    )
    conditions: list[str] = Field(default_factory=list, description="Condition codes.")


class ClaimDetail(ClaimSummary):
    """One claim in full: the quote's offsets in its document and the instances derived."""

    start: int | None = Field(
        default=None, description="Code-point offset of the quote in the document."
    )
    end: int | None = Field(default=None, description="Code-point offset after the quote.")
    sentence: str | None = None
    hedge: str | None = None
    note: str | None = None
    derived_from: list[str] = Field(
        default_factory=list, description="prov:wasDerivedFrom: document or premises."
    )
    instances: list[ClaimSummary] = Field(
        default_factory=list, description="Claims derived from this one, one per economy."
    )


class ClaimBreakdown(BaseModel):
    """The claims that match, by kind, as kg.counts defines them (/health and the build
    count the whole graph the same way)."""

    stated: int = Field(description="Stated in a claim file: specific + general + events.")
    specific: int = Field(description="Stated claims about named economies.")
    general: int = Field(description="Stated general mechanisms.")
    events: int = Field(description="Stated event shocks.")
    derived: int = Field(description="Instances of general mechanisms derived by the rules.")


class ClaimPage(BaseModel):
    """A page of claims, with the number that match the filters and their breakdown."""

    total: int = Field(description="Claims that match: counts.stated + counts.derived.")
    counts: ClaimBreakdown
    offset: int
    limit: int
    items: list[ClaimSummary]


def breakdown(claims: list[ClaimSummary]) -> ClaimBreakdown:
    """How many of ``claims`` fall in each category of kg.counts."""
    n = dict.fromkeys(("specific", "general", "events", "derived"), 0)
    for c in claims:
        n[claim_category(derived=c.derived, general=c.general, event=c.kind == "event")] += 1
    return ClaimBreakdown(stated=n["specific"] + n["general"] + n["events"], **n)


class _Index:
    def __init__(self, details: dict[str, ClaimDetail]) -> None:
        self.details = details
        self.ordered = sorted(details.values(), key=lambda d: d.id)
        self.by_id = {d.id: d for d in self.ordered}
        self.summaries = {
            d.iri: ClaimSummary.model_validate(d.model_dump(include=set(ClaimSummary.model_fields)))
            for d in self.ordered
        }


_cache: dict[str, _Index] = {}
_cache_lock = threading.Lock()


def _int(value: Any) -> int | None:
    """An integer, or the year of a date or gYear literal; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    m = _LEADING_INT.match(str(value).strip())
    return int(m.group()) if m else None


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def claim_index(store: Store) -> _Index:
    """Every claim of the store, read once per store generation."""
    gen = store.generation
    with _cache_lock:
        hit = _cache.get(gen)
    if hit is not None:
        return hit
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(_CLAIMS):
        props[str(row["c"])][str(row["p"])].append(row["o"])
    evidence = {str(r["c"]): r for r in store.select(_EVIDENCE)}
    terms: dict[str, dict[str, Any]] = {}
    for row in store.select(_TERMS):
        seen = terms.setdefault(str(row["x"]), {})
        for k, v in row.items():
            seen.setdefault(k, v)
    details = {iri: _detail(iri, p, evidence.get(iri, {}), terms) for iri, p in props.items()}
    for d in details.values():
        if d.instance_of in details:
            details[d.instance_of].instances.append(d)
    for d in details.values():
        d.instances.sort(key=lambda i: i.id)
    index = _Index(details)
    for d in index.ordered:  # instances are listed as summaries, not nested details
        d.instances = [index.summaries[i.iri] for i in d.instances]
    with _cache_lock:
        _cache.clear()
        _cache[gen] = index
    return index


def _term(iri: Any, terms: dict[str, dict[str, Any]]) -> ClaimTerm | None:
    if iri is None:
        return None
    iri = str(iri)
    t = terms.get(iri, {})
    kind: Literal["variable", "event", "other"] = (
        "variable"
        if iri.startswith(f"{DATA}var/")
        else "event"
        if iri.startswith(f"{DATA}event/")
        else "other"
    )
    key = t.get("key")
    return ClaimTerm(
        iri=iri,
        label=str(t.get("label") or key or _last(iri)),
        kind=kind,
        key=str(key) if key is not None else None,
        economy=str(t["eco"]) if t.get("eco") is not None else None,
    )


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _detail(
    iri: str, p: dict[str, list[Any]], ev: dict[str, Any], terms: dict[str, dict[str, Any]]
) -> ClaimDetail:
    def one(prop: str) -> Any:
        values = p.get(prop if "://" in prop else f"{TK}{prop}", [])
        return values[0] if values else None

    def strs(prop: str) -> list[str]:
        return sorted({str(v) for v in p.get(prop if "://" in prop else f"{TK}{prop}", [])})

    types = set(strs(_RDF_TYPE))
    cause = _term(one("cause") or one("event"), terms)
    effect = _term(one("effect"), terms)
    scopes = [str(terms.get(s, {}).get("code") or _last(s)) for s in strs("scope")]
    economies = {
        c
        for c in (cause.economy if cause else None, effect.economy if effect else None, *scopes)
        if c
    }
    claim_id = one("claimId")
    ident = (
        str(claim_id)
        if claim_id is not None
        else (iri[len(_CLAIM_NS) :] if iri.startswith(_CLAIM_NS) else iri)
    )
    return ClaimDetail(
        id=ident,
        iri=iri,
        kind="event" if f"{TK}EventShock" in types else "causal",
        general=f"{TK}GeneralMechanism" in types,
        derived=f"{TK}MechanismInstance" in types or bool(one("instanceOf")),
        cause=cause,
        effect=effect,
        sign=_int(one("sign")),
        horizon=_HORIZONS.get(str(one("horizon")), "any"),
        confidence=_float(one("confidence")),
        quote=_text(one("quote")),
        section=_text(one("section")),
        document=_text(ev.get("doc")),
        valid_from=_int(one("validFrom")),
        valid_to=_int(one("validTo")),
        instance_of=_text(one("instanceOf")),
        rule_ids=strs("ruleId"),
        economies=sorted(economies),
        conditions=[_last(c) for c in strs("condition")],
        start=_int(ev.get("start")),
        end=_int(ev.get("end")),
        sentence=_text(one("sentence")),
        hedge=_text(one("hedge")),
        note=_text(one("note")),
        derived_from=strs(_PROV_DERIVED),
    )


_JSON_ONLY: dict[int | str, dict[str, Any]] = {
    406: {"model": ErrorBody, "description": "No representation satisfies Accept."}
}


@router.get(
    "/claims",
    summary="List claims (filtered, paginated)",
    response_model=ClaimPage,
    responses={
        **_JSON_ONLY,
        404: {"model": ErrorBody, "description": "unknown_term: no such economy"},
        422: {"model": ErrorBody, "description": "invalid_request: a malformed parameter"},
    },
)
def claims_list(
    request: Request,
    store: StoreDep,
    economy: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z][A-Za-z0-9_]{0,15}$",
            description="Claims about this economy (code).",
            examples=["JPN"],
        ),
    ] = None,
    variable: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=300,
            description="Claims whose cause or effect key starts with this key prefix "
            "(whole segments), e.g. JPN/WLD/goodsBalance; a variable IRI works too.",
            examples=["JPN/WLD/goodsBalance"],
        ),
    ] = None,
    section: Annotated[
        str | None,
        Query(min_length=1, max_length=300, description="Section title contains (any case)."),
    ] = None,
    derived: Annotated[
        bool | None,
        Query(description="true: only instances derived by rules; false: only stated claims."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ClaimPage:
    """Claims ordered by id; ``total`` counts every claim matching the filters."""
    choose_format(request, text=False)
    index = claim_index(store)
    code = resolve_economy(store, economy)
    prefix = None
    if variable is not None:
        prefix = variable.strip().removeprefix(f"{DATA}var/").strip("/")
    needle = section.casefold() if section else None
    matched = []
    for d in index.ordered:
        if code and code not in d.economies:
            continue
        if prefix is not None and not any(
            t and t.key and (t.key == prefix or t.key.startswith(prefix + "/"))
            for t in (d.cause, d.effect)
        ):
            continue
        if needle and needle not in (d.section or "").casefold():
            continue
        if derived is not None and d.derived != derived:
            continue
        matched.append(index.summaries[d.iri])
    return ClaimPage(
        total=len(matched),
        counts=breakdown(matched),
        offset=offset,
        limit=limit,
        items=matched[offset : offset + limit],
    )


@router.get(
    "/claims/{id:path}",
    summary="One claim, with its quote and derived instances",
    response_model=ClaimDetail,
    responses={
        **_JSON_ONLY,
        404: {
            "model": ErrorBody,
            "description": "not_found: no claim with this id (near ids listed as candidates)",
        },
        422: {"model": ErrorBody, "description": "invalid_request"},
    },
)
def claim_get(request: Request, store: StoreDep, id: str) -> ClaimDetail:
    """The claim with its quote, the quote's code-point offsets in the document, its
    premises, and the instances rules derived from it. Ids may contain ``/``
    (``j-curve-short-run/JPN``); a claim IRI works too."""
    choose_format(request, text=False)
    index = claim_index(store)
    found = index.by_id.get(id) or index.details.get(id)
    if found is None:
        close = difflib.get_close_matches(id, list(index.by_id), n=5, cutoff=0.6)
        raise NotFound(
            f"no claim with id {id!r}", candidates=[index.by_id[c].iri for c in close] or None
        )
    return found
