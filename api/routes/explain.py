"""What the explanation routers share: the status policy, content negotiation, term lookup.

Status policy (the same on /why, /whatif, /paths, /loops): a question or query the engine
answers gives 200 with the typed result, whatever its ``result_code`` among FOUND,
NO_PATHS and PREMISE_CONTRADICTED. One it cannot resolve is an error with the usual
``{error, detail, candidates}`` body plus the typed ``result`` (its resolved ``query`` and
labelled candidates): UNKNOWN_TERM is 404 ``unknown_term``; AMBIGUOUS is 422
``ambiguous``; NOT_UNDERSTOOD is 422 ``not_understood``; a question of another kind
(a what-if sent to /why) is 422 ``wrong_intent``. A structured request naming an unknown
variable, event or economy is 404 ``unknown_term``; an ambiguous label 422 ``ambiguous``;
a malformed body or parameter 422 ``invalid_request``; a query the engine rejects (a
period ending before it starts) 422 ``invalid_query``.
"""

from __future__ import annotations

import difflib
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import rules
from api.errors import APIError, ErrorBody, NotAcceptable, NotFound
from api.protocol.negotiate import Format, choose, parse_accept
from kg.store import Store
from ontology.keys import DATA
from rules.present import dot_available, svg_of
from rules.results import LoopsResult, PathsResult, ResultCode, WhatIfResult, WhyResult

__all__ = [
    "JSON",
    "KINDS",
    "PERIOD_PATTERN",
    "SVG",
    "TEXT",
    "AmbiguousTerm",
    "AnyResult",
    "Entity",
    "Horizon",
    "InvalidQuery",
    "Resolved",
    "UnknownTermError",
    "Unresolved",
    "Vocabulary",
    "choose_format",
    "explanation_responses",
    "normalise",
    "reply",
    "resolve_economy",
    "resolve_term",
    "vocabulary",
]

AnyResult = WhyResult | WhatIfResult | LoopsResult | PathsResult
Horizon = Literal["short", "long", "any"]
# What rules.explain.parse_period reads: a year, a range, a fiscal year.
PERIOD_PATTERN = r"^(FY)?[0-9]{4}( ?[-–] ?[0-9]{4})?$"

JSON = Format("application/json", (), "json")
TEXT = Format("text/plain", (), "text", text=True)
SVG = Format("image/svg+xml", (), "svg")

_ENDPOINT: dict[type[BaseModel], str] = {
    WhyResult: "/why",
    WhatIfResult: "/whatif",
    LoopsResult: "/loops",
    PathsResult: "/paths",
}
_UNRESOLVED: dict[ResultCode, tuple[int, str, str]] = {
    ResultCode.UNKNOWN_TERM: (404, "unknown_term", "no variable or event of the graph matches"),
    ResultCode.AMBIGUOUS: (422, "ambiguous", "several variables match; be more specific"),
    ResultCode.NOT_UNDERSTOOD: (422, "not_understood", "the question was not understood"),
}


class Unresolved(ErrorBody):
    """An error body for a question the engine could not resolve, with the typed result."""

    result: AnyResult | None = Field(
        default=None,
        description="The engine's typed result: its resolved query and labelled candidates.")


class UnknownTermError(NotFound):
    """A variable, event, economy or claim the graph does not have (candidates listed)."""

    code = "unknown_term"


class InvalidQuery(APIError):
    """A query the HTTP layer rejects before the engine sees it (a key and an economy that
    disagree)."""

    status = 422
    code = "invalid_query"


class AmbiguousTerm(APIError):
    """A label that names several variables or events (candidates listed)."""

    status = 422
    code = "ambiguous"


# ---------------------------------------------------------------------- negotiation
def choose_format(request: Request, *, text: bool = True, svg: bool = False) -> Format:
    """The representation the Accept header prefers among JSON (the default), text and SVG.

    Raises NotAcceptable (406) when none is acceptable. SVG is offered only where
    Graphviz's ``dot`` is installed on the server.
    """
    offers = [JSON]
    if text:
        offers.append(TEXT)
    svg_ready = svg and dot_available()
    if svg_ready:
        offers.append(SVG)
    ranges = parse_accept(request.headers.get("accept"))
    fmt = choose(ranges, tuple(offers))
    if fmt is None:
        names = ", ".join(f.media_type for f in offers)
        why = ("" if svg_ready or not svg
               else "; image/svg+xml needs Graphviz's dot, which this server lacks")
        raise NotAcceptable(f"this resource is available as {names}{why}")
    return fmt


async def _body(result: AnyResult, fmt: Format) -> tuple[bytes, str]:
    if fmt is TEXT:
        return rules.render(result).encode("utf-8"), TEXT.content_type
    if fmt is SVG:
        return await run_in_threadpool(svg_of, result), SVG.media_type
    return result.model_dump_json().encode("utf-8"), JSON.media_type


async def reply(result: AnyResult, fmt: Format, expected: type[BaseModel]) -> Response:
    """The response for an engine result under the status policy of this module."""
    headers = {"Vary": "Accept"}
    if not isinstance(result, expected):
        intent = result.query.intent
        detail = (f"the question reads as a {intent} question: send it to "
                  f"{_ENDPOINT[type(result)]}, or rephrase it")
        return _unresolved(result, 422, "wrong_intent", detail, fmt, headers)
    if result.result_code in _UNRESOLVED:
        status, code, default = _UNRESOLVED[ResultCode(result.result_code)]
        return _unresolved(result, status, code, result.message or default, fmt, headers)
    body, media_type = await _body(result, fmt)
    return Response(body, media_type=media_type, headers=headers)


def _unresolved(result: AnyResult, status: int, code: str, detail: str, fmt: Format,
                headers: dict[str, str]) -> Response:
    if fmt is TEXT:
        return Response(rules.render(result), status_code=status, media_type=TEXT.content_type,
                        headers=headers)
    candidates = list(dict.fromkeys(c.iri for c in result.candidates)) or None
    body = Unresolved(error=code, detail=detail, candidates=candidates, result=result)
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status,
                        headers=headers)


def explanation_responses(*, svg: bool, question: bool) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` of an explanation endpoint: representations and error bodies."""
    ok: dict[str, Any] = {"text/plain": {"schema": {"type": "string"}}}
    if svg:
        ok["image/svg+xml"] = {"schema": {"type": "string"}}
    err_model = Unresolved if question else ErrorBody
    text_too = {"text/plain": {"schema": {"type": "string"}}} if question else {}
    out: dict[int | str, dict[str, Any]] = {
        200: {"content": ok,
              "description": "The typed result (JSON), the CLI's text rendering (text/plain)"
                             + (", or a diagram (image/svg+xml)" if svg else "")},
        404: {"model": err_model, "content": text_too,
              "description": "unknown_term: a variable, event or economy the graph lacks; "
                             "candidates listed"},
        406: {"model": ErrorBody, "description": "No representation satisfies Accept."},
        422: {"model": err_model, "content": text_too,
              "description": "invalid_request / invalid_query: a malformed parameter or body; "
                             "ambiguous / not_understood / wrong_intent: a question the "
                             "engine could not resolve (candidates listed)"},
    }
    if not question:
        out[400] = {"model": ErrorBody,
                    "description": "http_error: the body could not be read (e.g. not UTF-8)."}
    return out


# ---------------------------------------------------------------------- vocabulary
KINDS: dict[str, str] = {
    "var": "variable",
    "economy": "economy",
    "event": "event",
    "item": "item",
    "product": "product",
    "currency": "currency",
}
_PROPS = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "altLabel",
    "https://w3id.org/tradekg/ontology#inverseLabel": "inverseLabel",
}
_PROP_RANK = {"label": 0, "altLabel": 1, "inverseLabel": 2}
_VOCABULARY = f"""
SELECT ?e ?p ?text ?key ?eco ?code WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel tk:inverseLabel }}
  ?e ?p ?text .
  FILTER (isIRI(?e) && STRSTARTS(STR(?e), "{DATA}"))
  OPTIONAL {{ ?e tk:key ?key }}
  OPTIONAL {{ ?e tk:economy/tk:code ?eco }}
  OPTIONAL {{ ?e tk:code ?code }}
}}"""


def normalise(text: str) -> str:
    """Case- and apostrophe-insensitive form of a label or a search string."""
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


@dataclass
class Entity:
    """A labelled term of the vocabulary with every name it goes by."""

    iri: str
    kind: str
    label: str = ""
    key: str | None = None
    code: str | None = None
    economy: str | None = None
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, property)

    @property
    def counterpart(self) -> str | None:
        parts = (self.key or "").split("/")
        return parts[1] if len(parts) > 1 else None

    @property
    def product(self) -> str | None:
        parts = (self.key or "").split("/")
        return parts[3] if len(parts) > 3 else None


@dataclass
class Vocabulary:
    """Every variable, economy, event, item, product and currency, by IRI and by name."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_name: dict[str, list[tuple[Entity, str]]] = field(default_factory=lambda: defaultdict(list))
    economies: dict[str, Entity] = field(default_factory=dict)


_cache: dict[str, Vocabulary] = {}
_cache_lock = threading.Lock()


def _kind_of(iri: str) -> str | None:
    segment = iri[len(DATA):].split("/", 1)[0]
    return KINDS.get(segment)


def vocabulary(store: Store) -> Vocabulary:
    """The vocabulary of the store, read once per store generation."""
    gen = store.generation
    with _cache_lock:
        hit = _cache.get(gen)
    if hit is not None:
        return hit
    vocab = Vocabulary()
    for row in store.select(_VOCABULARY):
        iri = str(row["e"])
        kind = _kind_of(iri)
        if kind is None:
            continue
        key = row.get("key")
        if kind == "variable" and str(key or "").startswith(("X/", "Y/")):
            continue  # role placeholders of general mechanisms, not variables of an economy
        ent = vocab.entities.get(iri)
        if ent is None:
            ent = vocab.entities[iri] = Entity(iri, kind)
        ent.key = ent.key or (str(key) if key is not None else None)
        ent.code = ent.code or (str(row["code"]) if row.get("code") is not None else None)
        ent.economy = ent.economy or (str(row["eco"]) if row.get("eco") is not None else None)
        prop = _PROPS[str(row["p"])]
        text = str(row["text"])
        if prop == "label" and not ent.label:
            ent.label = text
        if (text, prop) not in ent.names:
            ent.names.append((text, prop))
    for ent in vocab.entities.values():
        ent.label = ent.label or ent.key or ent.code or ent.iri
        ent.names.sort(key=lambda n: (_PROP_RANK[n[1]], n[0]))
        for text, prop in ent.names:
            vocab.by_name[normalise(text)].append((ent, prop))
        if ent.kind == "economy" and ent.code:
            vocab.economies[ent.code.upper()] = ent
    with _cache_lock:
        _cache.clear()
        _cache[gen] = vocab
    return vocab


# ---------------------------------------------------------------------- resolution
@dataclass(frozen=True)
class Resolved:
    """A term as the engine takes it, and whether it was named by an inverse label."""

    term: str
    inverse: bool = False


def resolve_economy(store: Store, economy: str | None) -> str | None:
    """The economy code as the graph spells it; UnknownTermError (404) when it has none."""
    if economy is None:
        return None
    vocab = vocabulary(store)
    ent = vocab.economies.get(economy.strip().upper())
    if ent is None or ent.code is None:
        close = difflib.get_close_matches(economy.upper(), list(vocab.economies), n=5)
        raise UnknownTermError(f"no economy with code {economy!r}",
                               candidates=[vocab.economies[c].iri for c in close] or None)
    return ent.code


def _key_like(term: str) -> bool:
    return "/" in term or term.startswith(("http://", "https://", "urn:"))


def _known_node(store: Store, term: str) -> bool:
    """Could the engine resolve ``term`` as a node IRI or variable key? (a superset check)"""
    graph = rules.projection(store).graph
    if term in graph or f"{DATA}var/{term}" in graph:
        return True
    prefix = f"{DATA}var/{term.strip('/')}/"
    return any(str(n).startswith(prefix) for n in graph)


def resolve_term(store: Store, term: str, *, kinds: tuple[str, ...] = ("variable",),
                 economy: str | None = None) -> Resolved:
    """Resolve a variable (or event) named by IRI, key or label.

    IRIs and keys (``JPN/WLD/goodsBalance``) are passed on for the engine to resolve;
    a label (``trade deficit``) is looked up among labels, synonyms and inverse labels,
    narrowed by ``economy``, preferring the World counterpart and the total product.
    Raises UnknownTermError (404) or AmbiguousTerm (422), both with candidates.
    """
    term = term.strip()
    vocab = vocabulary(store)
    if _key_like(term):
        if _known_node(store, term):
            return Resolved(term)
        keys = {e.key: e.iri for e in vocab.entities.values() if e.key and e.kind in kinds}
        keys |= {e.iri: e.iri for e in vocab.entities.values() if e.kind in kinds}
        close = difflib.get_close_matches(term, list(keys), n=5, cutoff=0.6)
        raise UnknownTermError(f"no {' or '.join(kinds)} {term!r} in the graph",
                               candidates=list(dict.fromkeys(keys[c] for c in close)) or None)
    hits: dict[str, tuple[Entity, str]] = {}
    for ent, prop in vocab.by_name.get(normalise(term), []):
        if ent.kind not in kinds or (economy and ent.economy not in (economy, None)):
            continue
        if ent.iri not in hits or _PROP_RANK[prop] < _PROP_RANK[hits[ent.iri][1]]:
            hits[ent.iri] = (ent, prop)
    found = list(hits.values())
    if len(found) > 1:
        world = [h for h in found if h[0].counterpart in ("WLD", None)] or found
        total = [h for h in world if h[0].product in ("total", None)] or world
        found = total
    if len(found) == 1:
        ent, prop = found[0]
        return Resolved(ent.iri, inverse=prop == "inverseLabel")
    if found:
        raise AmbiguousTerm(f"{term!r} names {len(found)} terms; give a key or an economy",
                            candidates=sorted(h[0].iri for h in found))
    needle = normalise(term)
    near = [e.iri for e in vocab.entities.values()
            if e.kind in kinds and (not economy or e.economy in (economy, None))
            and any(needle in normalise(t) for t, _ in e.names)]
    if not near:
        names = difflib.get_close_matches(needle, list(vocab.by_name), n=5, cutoff=0.6)
        near = [e.iri for n in names for e, _ in vocab.by_name[n] if e.kind in kinds]
    raise UnknownTermError(f"no {' or '.join(kinds)} is called {term!r}",
                           candidates=list(dict.fromkeys(near))[:10] or None)
