"""One resolver from text to a term of the graph (IRI, key, label, synonym or inverse label).

Python (``rules.why(store, "trade deficit", "increase")``), the CLI and the HTTP routes
all resolve names here, by the same rules:

- an IRI or a variable key (``JPN/WLD/goodsBalance``, short keys meaning the total
  product) is taken as it is;
- a name is looked up among ``rdfs:label``, ``skos:altLabel`` and ``tk:inverseLabel``
  (an inverse label names the variable going the other way), case- and
  apostrophe-insensitively, with or without the economy's name ("goods balance",
  "Japan's goods balance", "Japanese trade deficit");
- a policy instrument's names also name the variable it sets ("the Fed" → the U.S.
  policy rate);
- a misspelt name is matched fuzzily (rapidfuzz) and accepted only when one term is
  clearly nearest; otherwise the error lists the nearest labels as candidates.

Several terms left after narrowing (economy, then World counterpart, then total product)
is an :class:`AmbiguousTermError`, never a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from kg.errors import UnknownTerm
from kg.store import Store
from ontology.keys import DATA
from rules.errors import QueryError
from rules.projection import Projection, per_store, projection

__all__ = [
    "KINDS",
    "AmbiguousTermError",
    "Entity",
    "Resolution",
    "UnknownTermError",
    "Vocabulary",
    "is_key_like",
    "node_of_key",
    "normalise",
    "resolve",
    "resolve_economy",
    "strip_economy",
    "suggest",
    "vocabulary",
]

# The IRI segment of each kind of term the resolver knows.
KINDS: dict[str, str] = {
    "var": "variable",
    "economy": "economy",
    "event": "event",
    "item": "item",
    "product": "product",
    "currency": "currency",
    "instrument": "instrument",
}
PROPS = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "altLabel",
    "https://w3id.org/tradekg/ontology#inverseLabel": "inverseLabel",
}
PROP_RANK = {"label": 0, "altLabel": 1, "inverseLabel": 2}
# A fuzzy match is accepted at this score (0-100) and when it beats every other term by
# the margin; below, the nearest names are offered as candidates instead.
FUZZY_ACCEPT = 86.0
FUZZY_MARGIN = 4.0
FUZZY_CANDIDATE = 60.0

_VOCABULARY = f"""
SELECT ?e ?p ?text ?key ?eco ?code ?sets WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel tk:inverseLabel }}
  ?e ?p ?text .
  FILTER (isIRI(?e) && STRSTARTS(STR(?e), "{DATA}"))
  OPTIONAL {{ ?e tk:key ?key }}
  OPTIONAL {{ ?e tk:economy/tk:code ?eco }}
  OPTIONAL {{ ?e tk:code ?code }}
  OPTIONAL {{ ?e tk:setsVariable ?sets }}
}}"""
_CURRENCIES = """
SELECT ?code ?l WHERE {
  ?e tk:issuesCurrency ?c ; tk:code ?code . ?c rdfs:label|skos:altLabel ?l .
}"""


class UnknownTermError(QueryError, UnknownTerm):
    """No term of the graph has this name (404 over HTTP); ``candidates`` the nearest."""

    def __init__(
        self, message: str, *, candidates: list[str] | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message, fix=fix)
        self.candidates = candidates or []


class AmbiguousTermError(QueryError):
    """A name that fits several terms equally well; ``candidates`` lists them."""

    def __init__(
        self, message: str, *, candidates: list[str] | None = None, fix: str | None = None
    ) -> None:
        super().__init__(message, fix=fix)
        self.candidates = candidates or []


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
    sets: str | None = None  # the variable a policy instrument moves
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, property)

    def _part(self, i: int) -> str | None:
        parts = (self.key or "").split("/")
        return parts[i] if len(parts) > i else None

    @property
    def counterpart(self) -> str | None:
        return self._part(1)

    @property
    def product(self) -> str | None:
        return self._part(3)

    @property
    def general(self) -> bool:
        """A role slot of a general mechanism (economy X or Y), not a variable of one."""
        return self.kind == "variable" and (self.key or "").startswith(("X/", "Y/"))


@dataclass
class Vocabulary:
    """Every named term, by IRI and by each of its names (with and without its economy)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_name: dict[str, list[tuple[Entity, str]]] = field(default_factory=lambda: defaultdict(list))
    economies: dict[str, Entity] = field(default_factory=dict)  # by code
    economy_names: dict[str, str] = field(default_factory=dict)  # normalised name → code

    def add(self, name: str, ent: Entity, prop: str) -> None:
        bucket = self.by_name[normalise(name)]
        if (ent, prop) not in bucket:
            bucket.append((ent, prop))


def _kind_of(iri: str) -> str | None:
    return KINDS.get(iri[len(DATA) :].split("/", 1)[0])


def _possessives(name: str) -> list[str]:
    low = normalise(name)
    # "japans" is how a possessive is often typed
    return [f"{low}'s", f"{low}'", f"{low}s", low]


def _build(store: Store) -> Vocabulary:
    vocab = Vocabulary()
    for row in store.select(_VOCABULARY):
        iri = str(row["e"])
        kind = _kind_of(iri)
        if kind is None:
            continue
        ent = vocab.entities.get(iri)
        if ent is None:
            ent = vocab.entities[iri] = Entity(iri, kind)
        for attr, col in (("key", "key"), ("code", "code"), ("economy", "eco"), ("sets", "sets")):
            if getattr(ent, attr) is None and row.get(col) is not None:
                setattr(ent, attr, str(row[col]))
        prop = PROPS[str(row["p"])]
        text = str(row["text"])
        if prop == "label" and not ent.label:
            ent.label = text
        if (text, prop) not in ent.names:
            ent.names.append((text, prop))
    for ent in vocab.entities.values():
        ent.label = ent.label or ent.key or ent.code or ent.iri
        ent.names.sort(key=lambda n: (PROP_RANK[n[1]], n[0]))
        if ent.kind == "variable" and ent.key:
            ent.economy = ent.economy or ent.key.split("/")[0]
        if ent.kind == "economy" and ent.code:
            vocab.economies[ent.code.upper()] = ent
            for text, _ in ent.names:
                vocab.economy_names.setdefault(normalise(text), ent.code)
            vocab.economy_names.setdefault(normalise(ent.code), ent.code)
    currencies: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_CURRENCIES):
        currencies[normalise(str(row["l"]))].add(str(row["code"]))
    for name, codes in currencies.items():
        if len(codes) == 1:  # "yen" names Japan; "dollar", shared by several, names none
            vocab.economy_names.setdefault(name, next(iter(codes)))
    for ent in list(vocab.entities.values()):
        for text, prop in ent.names:
            vocab.add(text, ent, prop)
            if ent.kind == "variable":
                bare = strip_economy(text, ent, vocab)
                if bare and bare != normalise(text):
                    vocab.add(bare, ent, prop)
        if ent.kind == "instrument" and ent.sets in vocab.entities:
            target = vocab.entities[ent.sets]
            for text, _ in ent.names:
                vocab.add(text, target, "altLabel")  # "the Fed" names the rate it sets
                if (text, "altLabel") not in target.names:
                    target.names.append((text, "altLabel"))
    return vocab


def strip_economy(text: str, ent: Entity, vocab: Vocabulary) -> str | None:
    """The name without its economy's possessive ("Japan's goods balance" → "goods
    balance"; "share of Japan's exports going to China" → "share of exports going to
    China"; "economy X's imports" → "imports"), or None when it has none."""
    low = normalise(text)
    eco = vocab.economies.get((ent.economy or "").upper())
    names = [normalise(n) for n, _ in eco.names] if eco else []
    if ent.general:
        names.append(f"economy {ent.economy or ''}".lower())
    for name in sorted(names, key=len, reverse=True):
        for form in _possessives(name)[:2]:
            if form not in low:  # the pattern holds the form as written: a cheap test first
                continue
            pattern = _possessive_pattern(form)
            if pattern.search(low):
                return " ".join(pattern.sub("", low, count=1).split())
    return None


@lru_cache(maxsize=4096)
def _possessive_pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=\s))(?:the\s+)?{re.escape(form)}\s+")


def vocabulary(store: Store) -> Vocabulary:
    """The vocabulary of the store, read once per store generation."""
    return per_store(store, "resolve.vocabulary", _build)


@dataclass(frozen=True)
class Resolution:
    """A name resolved: the term, whether the name moves against it, and how it matched."""

    iri: str
    inverse: bool = False
    matched: str = ""
    prop: str = "label"
    corrected: str | None = None  # the name read for a misspelt one

    @property
    def note(self) -> str | None:
        """What a reader should know about how the name was read, or None."""
        if self.corrected:
            return f"read {self.matched!r} as {self.corrected!r}"
        return None


def is_key_like(term: str) -> bool:
    """An IRI or a variable key rather than a name."""
    term = term.strip()
    return term.startswith(("http://", "https://", "urn:")) or ("/" in term and " " not in term)


def node_of_key(proj: Projection, term: str, economy: str | None = None) -> str | None:
    """The node an IRI or key designates (short keys: total product, value; an item code
    with ``economy``: that economy's World variable), or None."""
    g = proj.graph
    if term in g:
        return term
    if economy and "/" not in term and ":" not in term:
        term = f"{economy}/WLD/{term}"
    base = term.strip().rstrip("/")
    for suffix in ("", "/total/value", "/value"):
        iri = f"{DATA}var/{base}{suffix}"
        if (suffix == "" or base.count("/") >= 2) and iri in g:
            return iri
    if base.count("/") == 2:
        prefix = f"{DATA}var/{base}/"
        hits = sorted(str(n) for n in g if str(n).startswith(prefix))
        if hits:
            return hits[0]  # e.g. JPN/WLD/policyRate → JPN/WLD/policyRate/total/rate
    return None


def resolve_economy(store: Store, economy: str | None) -> str | None:
    """The economy code as the graph spells it, from a code or a name; None for None.

    Raises UnknownTermError with the nearest codes.
    """
    if economy is None:
        return None
    vocab = vocabulary(store)
    ent = vocab.economies.get(economy.strip().upper())
    if ent is not None and ent.code:
        return ent.code
    code = vocab.economy_names.get(normalise(economy))
    if code is not None:
        return code
    near = process.extract(
        normalise(economy),
        list(vocab.economy_names),
        scorer=fuzz.WRatio,
        limit=5,
        score_cutoff=FUZZY_CANDIDATE,
    )
    cands = list(
        dict.fromkeys(
            vocab.economies[vocab.economy_names[n].upper()].iri
            for n, _, _ in near
            if vocab.economy_names[n].upper() in vocab.economies
        )
    )
    raise UnknownTermError(
        f"no economy {economy!r}",
        candidates=cands,
        fix="give an ISO 3166 alpha-3 code such as JPN, or a name",
    )


def _split_economy(low: str, vocab: Vocabulary) -> tuple[str | None, str]:
    """A leading economy name ("japan's", "the us", "japanese") and the rest."""
    text = re.sub(r"^the\s+", "", low)
    best: tuple[int, str, str] | None = None
    for name, code in vocab.economy_names.items():
        for form in _possessives(name):
            if text.startswith(form + " ") and (best is None or len(form) > best[0]):
                best = (len(form), code, text[len(form) + 1 :])
    if best is None:
        return None, text
    return best[1], best[2]


def _lookup(
    vocab: Vocabulary, name: str, kinds: tuple[str, ...], economy: str | None, general: bool
) -> list[tuple[Entity, str]]:
    hits: dict[str, tuple[Entity, str]] = {}
    for ent, prop in vocab.by_name.get(name, []):
        if ent.kind not in kinds or ent.general != general:
            continue
        if economy and ent.kind == "variable" and ent.economy != economy:
            continue
        if ent.iri not in hits or PROP_RANK[prop] < PROP_RANK[hits[ent.iri][1]]:
            hits[ent.iri] = (ent, prop)
    found = list(hits.values())
    if len(found) > 1:
        world = [h for h in found if h[0].counterpart in ("WLD", None)] or found
        found = [h for h in world if h[0].product in ("total", None)] or world
    if len(found) > 1:
        # one direction only: a name that is a label of one term and an inverse label of
        # another is no answer
        exact = [h for h in found if normalise(h[0].label) == name]
        found = exact or found
    return found


def resolve(
    store: Store,
    text: str,
    *,
    kinds: tuple[str, ...] = ("variable",),
    economy: str | None = None,
    general: bool = False,
) -> Resolution:
    """Resolve ``text`` (an IRI, a key or a name) to one term.

    ``economy`` (a code) narrows a name; ``general`` resolves to the role slots of the
    general mechanisms (economy X or Y) instead of variables of an economy.
    Raises UnknownTermError (nearest labels as candidates) or AmbiguousTermError.

    >>> # resolve(store, "trade deficit", economy="JPN").inverse  → True
    """
    text = text.strip()
    if not text:
        raise UnknownTermError("empty name", fix="name a variable, e.g. 'trade balance'")
    proj = projection(store)
    if is_key_like(text):
        node = node_of_key(proj, text, economy)
        if node is not None:
            # an IRI or key needs no vocabulary (reading every label is the slow part of
            # the first question on a big graph)
            return Resolution(node, matched=text, prop="key")
    vocab = vocabulary(store)
    # "USD/JPY" is a name, not a key
    if is_key_like(text) and normalise(text) not in vocab.by_name:
        keys = {e.key: e.iri for e in vocab.entities.values() if e.key and e.kind in kinds}
        close = process.extract(text, list(keys), scorer=fuzz.WRatio, limit=5, score_cutoff=60)
        raise UnknownTermError(
            f"unknown {' or '.join(kinds)} {text!r}",
            candidates=[keys[c] for c, _, _ in close],
            fix="give a variable IRI or key ECONOMY/COUNTERPART/ITEM[/PRODUCT[/MEASURE]],"
            " or a name",
        )
    low = normalise(text)
    named, rest = _split_economy(low, vocab)
    if named and economy and named != economy:
        raise QueryError(f"{text!r} names {named}, not {economy}")
    eco = economy or named
    attempts = [(re.sub(r"^the\s+", "", low), economy)]
    if named:
        attempts.append((rest, eco))
    for name, where in attempts:
        found = _lookup(vocab, name, kinds, where, general)
        if len(found) == 1:
            ent, prop = found[0]
            return Resolution(ent.iri, inverse=prop == "inverseLabel", matched=text, prop=prop)
        if found:
            raise AmbiguousTermError(
                f"{text!r} names {len(found)} terms; give an economy or a key",
                candidates=sorted(h[0].iri for h in found),
            )
    # a misspelt name: accept the nearest only when it is clearly nearest
    name = attempts[-1][0]
    scored = _fuzzy(vocab, name, kinds, eco, general)
    if scored:
        (best_name, best), rivals = scored[0], scored[1:]
        found = _lookup(vocab, best_name, kinds, eco, general)
        clear = best >= FUZZY_ACCEPT and all(
            s <= best - FUZZY_MARGIN or _same_terms(vocab, n, best_name, kinds, eco, general)
            for n, s in rivals
        )
        if clear and len(found) == 1:
            ent, prop = found[0]
            return Resolution(
                ent.iri,
                inverse=prop == "inverseLabel",
                matched=text,
                prop=prop,
                corrected=best_name,
            )
    cands = suggest(store, text, kinds=kinds, economy=eco, general=general)
    raise UnknownTermError(
        f"no {' or '.join(kinds)} is called {text!r}",
        candidates=[c[0] for c in cands],
        fix=(
            "did you mean "
            + " or ".join(repr(n) for n in dict.fromkeys(c[1] for c in cands[:3]))
            + "?"
        )
        if cands
        else None,
    )


def _same_terms(
    vocab: Vocabulary, a: str, b: str, kinds: tuple[str, ...], eco: str | None, general: bool
) -> bool:
    """Do two names resolve to the same terms in the same direction?"""
    fa = {(e.iri, p == "inverseLabel") for e, p in _lookup(vocab, a, kinds, eco, general)}
    fb = {(e.iri, p == "inverseLabel") for e, p in _lookup(vocab, b, kinds, eco, general)}
    return bool(fa) and fa == fb


def _fuzzy(
    vocab: Vocabulary, name: str, kinds: tuple[str, ...], eco: str | None, general: bool
) -> list[tuple[str, float]]:
    names = [n for n in vocab.by_name if _lookup(vocab, n, kinds, eco, general)]
    hits = process.extract(name, names, scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_CANDIDATE)
    return [(n, float(s)) for n, s, _ in hits]


def suggest(
    store: Store,
    text: str,
    *,
    kinds: tuple[str, ...] = ("variable", "event"),
    economy: str | None = None,
    general: bool = False,
    limit: int = 5,
) -> list[tuple[str, str, float]]:
    """The terms whose names are nearest ``text``: (IRI, the name, score 0-100), best first."""
    vocab = vocabulary(store)
    low = normalise(text)
    named, rest = _split_economy(low, vocab)
    eco = economy or named
    names = [n for n in vocab.by_name if _lookup(vocab, n, kinds, eco, general)]
    hits = process.extract(
        rest if named else low,
        names,
        scorer=fuzz.WRatio,
        limit=limit * 3,
        score_cutoff=FUZZY_CANDIDATE,
    )
    out: list[tuple[str, str, float]] = []
    seen: set[str] = set()
    for n, s, _ in hits:
        for ent, _prop in _lookup(vocab, n, kinds, eco, general):
            if ent.iri not in seen:
                seen.add(ent.iri)
                out.append((ent.iri, n, float(s)))
    return out[:limit]
