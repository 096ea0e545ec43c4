"""The vocabulary: economies, currencies, items, products; labels of keyed variables."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

from ontology.keys import DATA, TK, VariableKey, term_iri

__all__ = [
    "Economy",
    "Item",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "ontology_path",
]

_EN = Locale("en")
# Slot economies of general mechanisms: filled per economy (X) or pair (X, Y) by rules.
SLOTS = ("X", "Y")
SKOS = "http://www.w3.org/2004/02/skos/core#"
WIKIDATA = "http://www.wikidata.org/entity/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class VocabularyError(ValueError):
    """The vocabulary file is broken, or a key names a term it does not define."""


@dataclass(frozen=True)
class Economy:
    code: str
    kind: str  # Country, Bloc, Region, RoleSlot
    label: str
    alt: tuple[str, ...]
    currency: str | None
    currency_name: str | None  # short name: yen, dollar
    wikidata: str | None = None
    members: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    alpha2: str | None = None
    net_importer_of: tuple[str, ...] = ()
    borrowing_reliant: bool = False
    currency_alt: tuple[str, ...] = ()  # colloquial names CLDR lacks ("greenback")

    @property
    def name(self) -> str:
        """The name as it stands in a sentence: "the United States", "China"."""
        return _with_article(self.label)

    @property
    def possessive(self) -> str:
        return f"{self.name}'s" if not self.label.endswith("s") else f"{self.name}'"


# Heads of proper names English writes with "the" ("the United States", "the Gulf
# Cooperation Council", "the Middle East").
_ARTICLE_HEADS = (
    "States",
    "Kingdom",
    "Union",
    "Council",
    "East",
    "Emirates",
    "Netherlands",
    "Philippines",
    "Republic",
    "Partnership",
)


def _with_article(label: str) -> str:
    words = label.split()
    if not words or words[0] in ("the", "The", "economy"):
        return label
    return f"the {label}" if words[-1] in _ARTICLE_HEADS or words[0] == "United" else label


@dataclass(frozen=True)
class Item:
    code: str
    cls: str
    label: str
    up: str
    alt: tuple[str, ...]
    inverse: tuple[str, ...]
    part_of: str | None = None
    up_is_bad: bool = False  # a rise is bad news (an import bill, stress): "worse" means up
    # how the economy itself fares: "emerging markets get squeezed" speaks of it
    fares: bool = False
    # an episode that happens or not (friction, stress): "what caused X" asks why it rose
    episodic: bool = False
    # the strength of the economy's rivals in a product ("Korean chipmakers" against Japan)
    rivals: bool = False


@dataclass
class Vocabulary:
    """Everything in ``vocab.yaml``, with country names from CLDR and ISO 3166."""

    economies: dict[str, Economy]
    items: dict[str, Item]
    products: dict[str, dict[str, Any]]
    measures: dict[str, dict[str, Any]]
    events: dict[str, dict[str, Any]]
    conditions: dict[str, dict[str, Any]]
    roles: dict[str, dict[str, Any]]
    instruments: dict[str, dict[str, Any]]
    reserve_currencies: tuple[str, ...]
    label_templates: dict[str, dict[str, str]] = field(default_factory=dict)
    _labels: dict[VariableKey, tuple[str, list[str], list[str], str]] = field(
        default_factory=dict, repr=False
    )

    def check_key(self, key: VariableKey) -> None:
        """Raise VocabularyError naming the first unknown part of ``key``."""
        for part, table, what in (
            (key.economy, self.economies, "economy"),
            (key.counterpart, self.economies, "counterpart economy"),
            (key.item, self.items, "item"),
            (key.product, self.products, "product"),
            (key.measure, self.measures, "measure"),
        ):
            if part not in table:
                raise VocabularyError(
                    f"unknown {what} {part!r} in variable {key.key}; "
                    f"known: {', '.join(sorted(table))}"
                )

    def variable_labels(self, key: VariableKey) -> tuple[str, list[str], list[str], str]:
        """Return (label, altLabels, inverseLabels, definition) of a variable.

        Alt and inverse phrases leave the economy out ("trade deficit"), so the
        question parser can match them and read the economy separately.
        """
        if key in self._labels:
            return self._labels[key]
        self.check_key(key)
        eco = self.economies[key.economy]
        item = self.items[key.item]
        prod = self.products[key.product]
        phrases = [str(p) for p in prod.get("phrases", [""])] or [""]
        cur_names = _currency_phrases(eco)

        def expand(template: str) -> list[str]:
            out: list[str] = []
            if key.product != "total" and "{p}" not in template and "{P}" not in template:
                # a phrase naming no product ("deficit in services") names the whole item
                return out
            for p in phrases:
                if "{P}" in template and not p:
                    continue
                for c in cur_names if "{c}" in template else [""]:
                    text = (
                        template.replace("{p}", p)
                        .replace("{P}", p)
                        .replace("{c}", c)
                        .replace("{C}", eco.currency or "")
                    )
                    text = " ".join(text.split())
                    if "XXX" in text or "/currency" in text:
                        continue
                    if text and ("{c}" not in template or c):
                        out.append(text)
            return out

        head = expand(item.label)[0] if expand(item.label) else item.label
        if key.product != "total" and "{p}" not in item.label and "{P}" not in item.label:
            head = f"{head} of {prod['label']}"
        elif key.product != "total":
            short = str(prod.get("short", prod["label"])).replace("-", " ")
            head = item.label.replace("{p}", short).replace("{P}", short)
            head = " ".join(head.replace("{c}", cur_names[0] if cur_names else "").split())
        label = self._economist_label(key, head, cur_names)
        alts = _unique(a for t in item.alt for a in expand(t))
        # names a product has on its own for one item ("tourists" are travel services
        # sold to visitors: the travel services exports)
        alts = _unique([*alts, *(str(n) for n in prod.get("names", {}).get(key.item, []))])
        inverses = _unique(a for t in item.inverse for a in expand(t))
        inverses = [i for i in inverses if i not in alts]
        definition = (
            f"{label}: {head} of {eco.label}"
            + (f" with {self.economies[key.counterpart].label}" if key.counterpart != "WLD" else "")
            + f", measured as {self.measures[key.measure]['label']}. Up means: {item.up}."
        )
        result = (label, alts, inverses, definition)
        self._labels[key] = result
        return result

    def _economist_label(self, key: VariableKey, head: str, cur_names: list[str]) -> str:
        """The rdfs:label: the item's head with its economy, counterpart and measure, as an
        economist would write it (templates under ``labels`` in vocab.yaml)."""
        eco = self.economies[key.economy]
        item = self.items[key.item]
        prod = self.products[key.product]
        short = (
            ""
            if key.product == "total"
            else str(prod.get("short", prod["label"])).replace("-", " ")
        )
        cp = self.economies[key.counterpart]
        template = None
        if key.counterpart != "WLD":
            template = self.label_templates.get("bilateral", {}).get(key.item)
        template = template or self.label_templates.get("own", {}).get(key.item)
        if template:
            label = template.format(
                e=eco.possessive,
                p=short,
                cp=cp.name,
                bonds=self.bonds_of(key.economy),
                cpbonds=self.bonds_of(key.counterpart),
            )
            label = " ".join(label.split())
            return label[0].lower() + label[1:] if label.startswith("The ") else label
        own_currency = "{c}" in item.label and eco.kind != "RoleSlot" and bool(eco.currency)
        if "the {c}" in item.label and not own_currency and key.economy != "WLD":
            # "value of economy X's currency", not "economy X's value of the currency"
            label = head.replace("the currency", f"{eco.possessive} currency", 1)
        elif own_currency or key.economy == "WLD":
            label = head
        else:
            label = f"{eco.possessive} {head}"
        if key.counterpart != "WLD":
            label += f" with {cp.name}"
        measure_label = str(self.measures[key.measure]["label"])
        # a rate or a share is what the item is (a yield, growth, tariffs): no "(rate)"
        if key.measure not in ("value", "rate", "share") and measure_label not in head:
            label += f" ({measure_label})"
        return label

    def bonds_of(self, code: str) -> str:
        """The sovereign bonds of an economy by their market name ("U.S. Treasuries"), or
        "<economy>'s sovereign bonds"."""
        for spec in self.instruments.values():
            if spec.get("class") == "SovereignBond" and spec.get("issuer") == code:
                return str(spec["label"])
        return f"{self.economies[code].possessive} sovereign bonds"


def _currency_phrases(eco: Economy) -> list[str]:
    if eco.kind == "RoleSlot" or not eco.currency:
        return ["currency"]  # a slot, or a group without one currency (emerging markets)
    # every economy's currency is also "the currency": "weak currency" names them all alike
    names = [
        eco.currency_name or "",
        eco.currency,
        get_currency_name(eco.currency, locale="en"),
        *eco.currency_alt,
        "currency",
    ]
    return _unique(n for n in names if n)


def _unique(items: Any) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        if x and x not in seen:
            seen[x] = None
    return list(seen)


def ontology_path(name: str = "tradekg.ttl") -> Path:
    return Path(str(resources.files("ontology").joinpath(name)))


@functools.cache
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """Load ``vocab.yaml`` (or ``path``) into a Vocabulary; raises VocabularyError."""
    file = Path(path) if path else ontology_path("vocab.yaml")
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{file}: {exc}") from exc
    economies: dict[str, Economy] = {}
    reserve = tuple(data.get("reserve_currencies", []))
    for code, spec in data["economies"].items():
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            raise VocabularyError(f"{file}: {code} is not an ISO 3166-1 alpha-3 code")
        a2 = country.alpha_2
        currencies = get_territory_currencies(a2)
        cur = currencies[0] if currencies else None
        name = _EN.territories.get(a2, country.name)
        alt = [*spec.get("alt", []), country.name, getattr(country, "official_name", ""), a2]
        if code == "TUR":
            alt.append("Turkey")
        economies[code] = Economy(
            code=code,
            kind="Country",
            label=name,
            alt=tuple(_unique(a for a in alt if a and a != name)),
            currency=cur,
            currency_name=get_currency_name(cur, locale="en").split()[-1].lower() if cur else None,
            wikidata=spec.get("wikidata"),
            roles=tuple(spec.get("roles", [])),
            alpha2=a2,
            net_importer_of=tuple(spec.get("netImporterOf", [])),
            borrowing_reliant=bool(spec.get("borrowingReliant", False)),
            currency_alt=tuple(spec.get("currencyAlt", [])),
        )
    for code, spec in data["groups"].items():
        cur = "EUR" if code == "EU" else None
        economies[code] = Economy(
            code=code,
            kind=spec["class"],
            label=spec["label"],
            alt=tuple(spec.get("alt", [])),
            currency=cur,
            currency_name="euro" if cur else None,
            wikidata=spec.get("wikidata"),
            members=tuple(spec.get("members", [])),
            roles=tuple(spec.get("roles", [])),
        )
    for code in SLOTS:
        economies[code] = Economy(code, "RoleSlot", f"economy {code}", (), None, "currency", None)
    items = {
        code: Item(
            code=code,
            cls=spec["class"],
            label=spec["label"],
            up=spec["up"],
            alt=tuple(spec.get("alt", [])),
            inverse=tuple(spec.get("inverse", [])),
            part_of=spec.get("partOf"),
            up_is_bad=bool(spec.get("upIsBad", False)),
            fares=bool(spec.get("fares", False)),
            episodic=bool(spec.get("episodic", False)),
            rivals=bool(spec.get("rivals", False)),
        )
        for code, spec in data["items"].items()
    }
    return Vocabulary(
        economies=economies,
        items=items,
        products=data["products"],
        measures=data["measures"],
        events=data["events"],
        conditions=data["conditions"],
        roles=data["roles"],
        instruments=data["instruments"],
        reserve_currencies=reserve,
        label_templates={k: dict(v) for k, v in (data.get("labels") or {}).items()},
    )


def vocabulary_triples(vocab: Vocabulary) -> list[tuple[str, str, object]]:
    """The vocabulary as (subject IRI, predicate IRI, object) triples.

    Objects are IRIs (str starting with http) or python literals wrapped by the
    caller; kept rdflib-free so the ontology layer stays a data layer.
    """
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    definition = "http://www.w3.org/2004/02/skos/core#definition"
    owl_ni = "http://www.w3.org/2002/07/owl#NamedIndividual"
    out: list[tuple[str, str, object]] = []

    def add_term(iri: str, cls: str, code: str, lab: str, alts: Any, defin: str) -> None:
        out.append((iri, rdf_type, TK + cls))
        out.append((iri, rdf_type, owl_ni))
        out.append((iri, TK + "code", code))
        out.append((iri, label, Lit(lab)))
        out.append((iri, definition, Lit(defin)))
        for a in alts:
            out.append((iri, alt, Lit(a)))

    for code, eco in vocab.economies.items():
        iri = term_iri("economy", code)
        defin = {
            "Country": f"{eco.label}, the economy of ISO 3166-1 {code}.",
            "RoleSlot": "The slot of a general mechanism, filled per economy by a rule.",
        }.get(eco.kind, f"{eco.label}, a {eco.kind.lower()} of economies.")
        add_term(iri, eco.kind, code, eco.label, eco.alt, defin)
        if eco.wikidata:
            out.append((iri, SKOS + "exactMatch", WIKIDATA + eco.wikidata))
        if eco.kind == "Country":
            out.append((iri, SKOS + "notation", Lit(code, TK + "iso3166Alpha3")))
        if eco.currency and eco.kind != "RoleSlot":
            out.append((iri, TK + "issuesCurrency", term_iri("currency", eco.currency)))
        for m in eco.members:
            out.append((term_iri("economy", m), TK + "memberOf", iri))
        for r in eco.roles:
            out.append((iri, TK + "hasRole", term_iri("role", r)))
        for p in eco.net_importer_of:
            out.append((iri, TK + "netImporterOf", term_iri("product", p)))
        if eco.borrowing_reliant:
            out.append((iri, rdf_type, TK + "ForeignBorrowingReliant"))
    currencies = {
        e.currency for e in vocab.economies.values() if e.currency and e.kind != "RoleSlot"
    }
    for cur in sorted(c for c in currencies if c):
        iri = term_iri("currency", cur)
        name = get_currency_name(cur, locale="en")
        short = name.split()[-1].lower()
        # the names the issuer's entry gives its currency ("greenback", "renminbi")
        others = [a for e in vocab.economies.values() if e.currency == cur for a in e.currency_alt]
        alts = _unique([short, cur, *others])
        add_term(iri, "Currency", cur, name, alts, f"{name}, ISO 4217 {cur}.")
        out.append((iri, SKOS + "notation", Lit(cur, TK + "iso4217")))
        if cur in vocab.reserve_currencies:
            out.append((iri, rdf_type, TK + "ReserveCurrency"))
    for code, spec in vocab.roles.items():
        add_term(
            term_iri("role", code),
            "Role",
            code,
            spec["label"],
            spec.get("alt", []),
            spec["definition"],
        )
    for code, spec in vocab.measures.items():
        add_term(term_iri("measure", code), "Measure", code, spec["label"], [], spec["definition"])
    for code, spec in vocab.products.items():
        phrases = [p for p in spec.get("phrases", []) if p]
        add_term(
            term_iri("product", code),
            spec["class"],
            code,
            spec["label"],
            phrases,
            f"{spec['label']}.",
        )
    for code, item in vocab.items.items():
        iri = term_iri("item", code)
        lab = " ".join(
            item.label.replace("{p}", "").replace("{P}", "").replace("{c}", "currency").split()
        )
        add_term(iri, item.cls, code, lab, [], f"{lab}. Up means: {item.up}.")
        out.append((iri, TK + "upMeans", Lit(item.up)))
        if item.up_is_bad:
            out.append(
                (iri, TK + "upIsBad", Lit("true", "http://www.w3.org/2001/XMLSchema#boolean"))
            )
        if item.part_of:
            out.append((iri, TK + "partOf", term_iri("item", item.part_of)))
    for code, spec in vocab.events.items():
        iri = term_iri("event", code)
        add_term(
            iri,
            "Event",
            code,
            spec["label"],
            spec.get("alt", []),
            f"{spec['label']}, beginning {spec['year']}.",
        )
        # xsd:integer: xsd:gYear is outside the OWL 2 datatype map
        out.append((iri, TK + "year", Lit(str(int(spec["year"])), XSD_INTEGER)))
        if spec.get("wikidata"):
            out.append((iri, SKOS + "exactMatch", WIKIDATA + spec["wikidata"]))
    for code, spec in vocab.conditions.items():
        add_term(
            term_iri("condition", code),
            "Condition",
            code,
            spec["label"],
            spec.get("alt", []),
            spec["definition"],
        )
    for code, spec in vocab.instruments.items():
        iri = term_iri("instrument", code)
        add_term(iri, spec["class"], code, spec["label"], spec.get("alt", []), f"{spec['label']}.")
        if spec.get("issuer"):
            out.append((iri, TK + "issuer", term_iri("economy", spec["issuer"])))
        if spec.get("variable"):
            # the variable that moves when the instrument is used (the BoJ eases: its rate falls)
            out.append((iri, TK + "setsVariable", f"{DATA}var/{spec['variable']}"))
        for p in spec.get("parties", []):
            out.append((iri, TK + "party", term_iri("economy", p)))
    return out


@dataclass(frozen=True)
class Lit:
    """A literal in the ontology layer's plain triples (lexical form, datatype)."""

    value: str
    datatype: str | None = None


DATA_NS = DATA
