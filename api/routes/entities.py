"""``/entities``: find variables, economies, events, items, products and currencies by name."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.errors import ErrorBody
from api.routes.explain import KINDS, InvalidQuery, choose_format, normalise, vocabulary

__all__ = ["EntityMatch", "EntityPage", "router"]

router = APIRouter(tags=["entities"])

Kind = Literal["variable", "economy", "event", "item", "product", "currency", "instrument"]
NameProperty = Literal["label", "altLabel", "inverseLabel"]
_KIND_ORDER = {k: i for i, k in enumerate(KINDS.values())}
_PROP_ORDER = {"label": 0, "altLabel": 1, "inverseLabel": 2}


class EntityMatch(BaseModel):
    """A term whose label, synonym or inverse label contains the search string."""

    iri: str
    label: str
    kind: Kind
    key: str | None = Field(default=None, description="The variable key, for a variable.")
    code: str | None = Field(default=None, description="The code, for other terms.")
    economy: str | None = Field(default=None, description="The variable's economy code.")
    matched: str = Field(description="The name that matched, as the graph spells it.")
    matched_property: NameProperty = Field(
        description="rdfs:label, skos:altLabel or tk:inverseLabel."
    )
    inverse: bool = Field(
        description="True when the name is an inverse label: it names the "
        "variable going the other way ('trade deficit' widening "
        "= the goods balance falling)."
    )


class EntityPage(BaseModel):
    """The matches, best first, with the number found."""

    search: str
    total: int
    offset: int
    limit: int
    items: list[EntityMatch]


def _quality(needle: str, name: str) -> int | None:
    """0 exact, 1 prefix, 2 at a word start, 3 inside a word; None when absent."""
    pos = name.find(needle)
    if pos < 0:
        return None
    if name == needle:
        return 0
    if pos == 0:
        return 1
    if f" {needle}" in name or f"'{needle}" in name or f"-{needle}" in name:
        return 2
    return 3


@router.get(
    "/entities",
    summary="Search the vocabulary by label, synonym or inverse label",
    response_model=EntityPage,
    responses={
        406: {"model": ErrorBody, "description": "No representation satisfies Accept."},
        422: {
            "model": ErrorBody,
            "description": "invalid_request / invalid_query: no search "
            "string, or a malformed parameter",
        },
    },
)
def entities_search(
    request: Request,
    store: StoreDep,
    search: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Case-insensitive substring of a name.",
            examples=["trade deficit"],
        ),
    ],
    kind: Annotated[list[Kind] | None, Query(description="Only these kinds (repeatable).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> EntityPage:
    """Terms whose rdfs:label, skos:altLabel or tk:inverseLabel contains ``search`` (any
    case, straight or curly apostrophes): exact names first, then prefixes, then word
    starts; each with the name that matched and whether it is an inverse label."""
    choose_format(request, text=False)
    needle = normalise(search)
    if not needle:
        raise InvalidQuery("the search string is blank")
    kinds = set(kind) if kind else None
    ranked: list[tuple[tuple[int, int, int, int, str], EntityMatch]] = []
    for ent in vocabulary(store).entities.values():
        if kinds is not None and ent.kind not in kinds:
            continue
        best: tuple[int, int, int, str, str] | None = None
        for text, prop in ent.names:
            q = _quality(needle, normalise(text))
            if q is None:
                continue
            cand = (q, _PROP_ORDER[prop], len(text), text, prop)
            if best is None or cand < best:
                best = cand
        if best is None:
            continue
        q, prank, _, text, prop = best
        match = EntityMatch(
            iri=ent.iri,
            label=ent.label,
            kind=ent.kind,  # type: ignore[arg-type]
            key=ent.key,
            code=None if ent.key else ent.code,
            economy=ent.economy,
            matched=text,
            matched_property=prop,  # type: ignore[arg-type]
            inverse=prop == "inverseLabel",
        )
        ranked.append(((q, prank, _KIND_ORDER[ent.kind], len(ent.label), ent.label), match))
    ranked.sort(key=lambda r: r[0])
    items = [m for _, m in ranked]
    return EntityPage(
        search=search,
        total=len(items),
        offset=offset,
        limit=limit,
        items=items[offset : offset + limit],
    )
