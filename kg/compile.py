"""Compile claim files to RDF quads: validate every record, then mint content-derived IRIs."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.claims import (
    Claim,
    ClaimFile,
    ConditionFact,
    Dominance,
    Identity,
    Observation,
    load_claim_file,
)
from kg.document import Document, load_document
from kg.errors import ClaimError, QuoteNotFound, UnknownTerm
from ontology.keys import DATA, ONTOLOGY_GRAPH, TK, VariableKey, content_id, term_iri
from ontology.vocab import Lit, Vocabulary, load_vocabulary, ontology_path, vocabulary_triples

__all__ = [
    "INFERENCE_GRAPH",
    "Compiled",
    "claims_dir",
    "compile_files",
    "ontology_quads",
]

INFERENCE_GRAPH = "https://w3id.org/tradekg/graph/inferred"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
QB = "http://purl.org/linked-data/cube#"
DCT = "http://purl.org/dc/terms/"
_KIND_PATH = {"Claim": "claim", "Identity": "identity", "Observation": "observation"}
_CLASSES = {
    "FuelImporter",
    "FoodImporter",
    "ReserveCurrencyIssuer",
    "ForeignBorrowingReliant",
    "Economy",
    "Country",
}


def claims_dir() -> Path:
    return Path(__file__).resolve().parent / "claims"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=_n(datatype))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_n(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_n(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_n(XSD + "decimal"))
    return ox.Literal(str(value))


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


@dataclass
class Compiled:
    """The result of compiling claim files: quads per graph and an index of records."""

    quads: list[ox.Quad] = field(default_factory=list)
    claims: dict[str, Claim] = field(default_factory=dict)
    identities: dict[str, Identity] = field(default_factory=dict)
    observations: dict[str, Observation] = field(default_factory=dict)
    dominance: dict[str, Dominance] = field(default_factory=dict)
    conditions: dict[str, ConditionFact] = field(default_factory=dict)
    files: list[ClaimFile] = field(default_factory=list)
    # (document id, sentence index) -> record ids: each document has its own sentences
    citations: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    variables: set[VariableKey] = field(default_factory=set)


def ontology_quads(vocab: Vocabulary | None = None) -> list[ox.Quad]:
    """The TBox (tradekg.ttl) and the generated vocabulary, in the ontology graph."""
    vocab = vocab or load_vocabulary()
    g = _n(ONTOLOGY_GRAPH)
    ttl = ontology_path("tradekg.ttl").read_bytes()
    # The parser labels blank nodes (restrictions, disjointness lists) at random; relabel
    # them by order of appearance so that two builds give the same quads.
    salt = content_id(ttl.decode("utf-8"))[:8]
    labels: dict[str, ox.BlankNode] = {}

    def stable(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
        if isinstance(term, ox.BlankNode):
            if term.value not in labels:
                labels[term.value] = ox.BlankNode(f"tk{salt}b{len(labels)}")
            return labels[term.value]
        return term

    quads = [
        ox.Quad(stable(t.subject), t.predicate, stable(t.object), g)
        for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)
    ]
    for s, p, o in vocabulary_triples(vocab):
        if isinstance(o, Lit):
            obj: ox.NamedNode | ox.Literal = (
                ox.Literal(o.value, datatype=_n(o.datatype)) if o.datatype else _en(o.value)
            )
        elif isinstance(o, str) and o.startswith("http"):
            obj = _n(o)
        else:
            obj = ox.Literal(str(o))
        quads.append(ox.Quad(_n(s), _n(p), obj, g))
    return quads


class _Compiler:
    def __init__(self, vocab: Vocabulary, sources: str | None) -> None:
        self.vocab = vocab
        self.sources = sources
        self.out = Compiled()
        self._var_done: set[VariableKey] = set()

    # ------------------------------------------------------------------ helpers
    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str, graph: str) -> None:
        obj = _n(o) if isinstance(o, str) else o
        self.out.quads.append(ox.Quad(_n(s), _n(p), obj, _n(graph)))

    def err(
        self, cls: type[ClaimError], f: ClaimFile, rec_line: int, rid: str, msg: str, fix: str
    ) -> ClaimError:
        return cls(msg, file=f.path, line=rec_line or None, claim=rid, fix=fix)

    def variable(self, f: ClaimFile, line: int, rid: str, text: str, graph: str) -> str:
        key = VariableKey.parse(text)
        try:
            self.vocab.check_key(key)
        except ValueError as exc:
            raise self.err(
                UnknownTerm,
                f,
                line,
                rid,
                str(exc),
                "use a code defined in ontology/vocab.yaml or add the term there",
            ) from exc
        iri = key.iri
        self.out.variables.add(key)
        if key in self._var_done:
            return iri
        self._var_done.add(key)
        label, alts, inverses, definition = self.vocab.variable_labels(key)
        self.add(iri, RDF + "type", TK + "Variable", graph)
        self.add(iri, TK + "key", _lit(key.key), graph)
        self.add(iri, RDFS + "label", _en(label), graph)
        self.add(iri, SKOS + "definition", _en(definition), graph)
        for a in alts:
            self.add(iri, SKOS + "altLabel", _en(a), graph)
        for a in inverses:
            self.add(iri, TK + "inverseLabel", _en(a), graph)
        for part, kind, code in (
            ("economy", "economy", key.economy),
            ("counterpart", "economy", key.counterpart),
            ("item", "item", key.item),
            ("product", "product", key.product),
            ("measure", "measure", key.measure),
        ):
            self.add(iri, TK + part, term_iri(kind, code), graph)
        return iri

    def evidence(
        self,
        f: ClaimFile,
        doc: Document,
        subject: str,
        rid: str,
        line: int,
        quote: str,
        offset: int | None,
        graph: str,
    ) -> None:
        text = doc.text
        if offset is not None:
            if text[offset : offset + len(quote)] != quote:
                found = text.find(quote)
                hint = (
                    f"the quote is at offset {found}"
                    if found >= 0
                    else "the quote is not in the document verbatim (check curly quotes, "
                    "non-breaking spaces and ** markup)"
                )
                raise self.err(
                    QuoteNotFound,
                    f,
                    line,
                    rid,
                    f"quote not at its offset {offset}",
                    f"{hint}; fix 'offset'",
                )
            start = offset
        else:
            start = text.find(quote)
            if start < 0:
                raise self.err(
                    QuoteNotFound,
                    f,
                    line,
                    rid,
                    f"quote not found verbatim in {doc.doc_id}: {quote[:60]!r}",
                    "copy the quote exactly from kg/sources (curly apostrophes, "
                    "non-breaking spaces and ** markup included)",
                )
            if text.find(quote, start + 1) >= 0:
                raise self.err(
                    QuoteNotFound,
                    f,
                    line,
                    rid,
                    "quote occurs more than once in the document",
                    f"add 'offset: {start}' (or the later occurrence) to the record",
                )
        end = start + len(quote)
        sent = doc.sentence_of(start, end)
        if sent is None:
            raise self.err(
                QuoteNotFound,
                f,
                line,
                rid,
                "quote spans more than one sentence",
                "quote at most one sentence; split the record",
            )
        self.out.citations.setdefault((doc.doc_id, sent.index), []).append(rid)
        ann = subject + "/evidence"
        target = ann + "/target"
        qsel = ann + "/quote"
        psel = ann + "/position"
        self.add(subject, PROV + "wasDerivedFrom", doc.iri, graph)
        self.add(subject, TK + "section", _lit(doc.section_at(start).title), graph)
        self.add(subject, TK + "sentence", _n(f"{doc.iri}#{sent.sid}"), graph)
        self.add(ann, RDF + "type", OA + "Annotation", graph)
        self.add(ann, OA + "motivatedBy", OA + "describing", graph)
        self.add(ann, OA + "hasBody", subject, graph)
        self.add(ann, OA + "hasTarget", target, graph)
        self.add(subject, TK + "evidence", ann, graph)
        self.add(target, OA + "hasSource", doc.iri, graph)
        self.add(target, OA + "hasSelector", qsel, graph)
        self.add(target, OA + "hasSelector", psel, graph)
        self.add(qsel, RDF + "type", OA + "TextQuoteSelector", graph)
        self.add(qsel, OA + "exact", _lit(quote), graph)
        self.add(qsel, OA + "prefix", _lit(text[max(0, start - 32) : start]), graph)
        self.add(qsel, OA + "suffix", _lit(text[end : end + 32]), graph)
        self.add(psel, RDF + "type", OA + "TextPositionSelector", graph)
        self.add(psel, OA + "start", _lit(start), graph)
        self.add(psel, OA + "end", _lit(end), graph)
        self.add(subject, TK + "quote", _lit(quote), graph)

    def known(
        self, table: Collection[str], code: str, what: str, f: ClaimFile, line: int, rid: str
    ) -> None:
        if code not in table:
            raise self.err(
                UnknownTerm,
                f,
                line,
                rid,
                f"unknown {what} {code!r}",
                f"use one of: {', '.join(sorted(table))} (ontology/vocab.yaml)",
            )

    # ------------------------------------------------------------------ records
    def claim(self, f: ClaimFile, doc: Document, c: Claim, graph: str) -> None:
        iri = f"{DATA}claim/{c.id}"
        if c.sign is None:
            raise self.err(
                ClaimError,
                f,
                c.line,
                c.id,
                "missing sign",
                "add 'sign: 1' (cause and effect move together) or 'sign: -1'",
            )
        if (c.cause is None) == (c.event is None):
            raise self.err(
                ClaimError,
                f,
                c.line,
                c.id,
                "a claim needs exactly one of cause/event",
                "give 'cause: ECO/CP/ITEM' for a causal claim or 'event: CODE' for a shock",
            )
        # Every claim states its directions, so the sign is checked for every claim: a sign
        # alone can be flipped by a slip and nothing would notice.
        missing = [
            f
            for f, v in (
                ("cause_change", c.cause_change if c.cause else "event"),
                ("effect_change", c.effect_change),
            )
            if v is None
        ]
        if missing:
            raise self.err(
                ClaimError,
                f,
                c.line,
                c.id,
                f"missing {' and '.join(missing)}: the directions the sentence "
                "states are needed to check the sign",
                "add 'cause_change:' / 'effect_change:' (increase or decrease) as "
                "the quote words them (a widening deficit is the balance decreasing)",
            )
        if c.cause_change and c.effect_change:
            implied = 1 if c.cause_change == c.effect_change else -1
            if implied != c.sign:
                raise self.err(
                    ClaimError,
                    f,
                    c.line,
                    c.id,
                    f"sign {c.sign:+d} disagrees with the wording: cause "
                    f"{c.cause_change}s and effect {c.effect_change}s "
                    f"(sign {implied:+d})",
                    "fix 'sign' or the wording fields; remember inverse labels "
                    "(a deficit widening is the balance decreasing)",
                )
        if c.event and c.effect_change:
            implied = 1 if c.effect_change == "increase" else -1
            if implied != c.sign:
                raise self.err(
                    ClaimError,
                    f,
                    c.line,
                    c.id,
                    f"event shock sign {c.sign:+d} disagrees with effect_change {c.effect_change}",
                    "fix 'sign' or 'effect_change'",
                )
        kind = "EventShock" if c.event else ("GeneralMechanism" if c.general else "CausalClaim")
        self.add(iri, RDF + "type", TK + kind, graph)
        if kind == "GeneralMechanism":
            self.add(iri, RDF + "type", TK + "CausalClaim", graph)
        self.add(iri, RDFS + "label", _lit(c.id), graph)
        self.add(iri, TK + "claimId", _lit(c.id), graph)
        if c.cause:
            self.add(iri, TK + "cause", self.variable(f, c.line, c.id, c.cause, graph), graph)
        if c.event:
            self.known(self.vocab.events, c.event, "event", f, c.line, c.id)
            self.add(iri, TK + "event", term_iri("event", c.event), graph)
        self.add(iri, TK + "effect", self.variable(f, c.line, c.id, c.effect, graph), graph)
        self.add(iri, TK + "sign", _lit(int(c.sign)), graph)
        self.add(
            iri,
            TK + "horizon",
            TK + {"short": "ShortRun", "long": "LongRun", "any": "AnyHorizon"}[c.horizon],
            graph,
        )
        if c.valid_from is not None:
            self.add(iri, TK + "validFrom", _lit(int(c.valid_from)), graph)
        if c.valid_to is not None:
            self.add(iri, TK + "validTo", _lit(int(c.valid_to)), graph)
        self.add(iri, TK + "confidence", _lit(float(c.strength)), graph)
        for fld, value in (("hedge", c.hedge), ("wording", c.wording), ("note", c.note)):
            if value:
                self.add(iri, TK + fld, _lit(value), graph)
        for fld, flag in (("ceterisParibus", c.ceteris_paribus), ("inputShare", c.input_share)):
            if flag:
                self.add(iri, TK + fld, _lit(True), graph)
        for fld, value in (("causeChange", c.cause_change), ("effectChange", c.effect_change)):
            if value:
                self.add(iri, TK + fld, TK + value.capitalize(), graph)
        for eco in c.scope:
            self.known(self.vocab.economies, eco, "economy", f, c.line, c.id)
            self.add(iri, TK + "scope", term_iri("economy", eco), graph)
        for prop, role in (("scopeRole", c.scope_role), ("scopeRoleY", c.scope_role_y)):
            if role:
                self.add(iri, TK + prop, self.role_iri(f, c, role), graph)
        for cond in c.condition:
            self.known(self.vocab.conditions, cond, "condition", f, c.line, c.id)
            self.add(iri, TK + "condition", term_iri("condition", cond), graph)
        if c.condition:
            self.add(iri, TK + "ifConditionFails", _lit(c.if_condition_fails), graph)
        self.evidence(f, doc, iri, c.id, c.line, c.quote, c.offset, graph)

    def role_iri(self, f: ClaimFile, c: Claim, role: str) -> str:
        if role in _CLASSES:
            return TK + role
        self.known(set(self.vocab.roles) | _CLASSES, role, "role or class", f, c.line, c.id)
        return term_iri("role", role)

    def identity(self, f: ClaimFile, doc: Document, i: Identity, graph: str) -> None:
        iri = f"{DATA}identity/{i.id}"
        self.add(iri, RDF + "type", TK + "Identity", graph)
        self.add(iri, RDFS + "label", _lit(i.statement), graph)
        self.add(iri, TK + "claimId", _lit(i.id), graph)
        self.add(iri, TK + "target", self.variable(f, i.line, i.id, i.target, graph), graph)
        if i.partial:
            self.add(iri, TK + "partialSum", _lit(True), graph)
        if i.scope_role:
            self.known(
                set(self.vocab.roles) | _CLASSES, i.scope_role, "role or class", f, i.line, i.id
            )
            role = TK + i.scope_role if i.scope_role in _CLASSES else term_iri("role", i.scope_role)
            self.add(iri, TK + "scopeRole", role, graph)
        for n, t in enumerate(i.terms):
            term = f"{iri}/term/{n}"
            self.add(iri, TK + "term", term, graph)
            self.add(term, RDF + "type", TK + "IdentityTerm", graph)
            var = self.variable(f, i.line, i.id, t.variable, graph)
            self.add(term, TK + "variable", var, graph)
            self.add(term, TK + "coefficient", _lit(int(t.coefficient)), graph)
        self.evidence(f, doc, iri, i.id, i.line, i.quote, i.offset, graph)

    def observation(self, f: ClaimFile, doc: Document, o: Observation, graph: str) -> None:
        iri = f"{DATA}observation/{o.id}"
        if (
            o.kind in {"level", "change", "pct_change", "share", "count", "rank", "sign"}
            and o.value is None
        ):
            raise self.err(
                ClaimError,
                f,
                o.line,
                o.id,
                f"a {o.kind} observation needs a value",
                "add 'value:' (signed, in the variable's up-direction)",
            )
        if o.kind in {"movement", "change", "pct_change"}:
            implied = None
            if o.value is not None and o.value != 0:
                implied = "increase" if o.value > 0 else "decrease"
            if o.direction is None and implied is None:
                raise self.err(
                    ClaimError,
                    f,
                    o.line,
                    o.id,
                    "a movement needs a direction",
                    "add 'direction: increase' or 'direction: decrease'",
                )
            if o.direction and implied and o.direction != implied:
                raise self.err(
                    ClaimError,
                    f,
                    o.line,
                    o.id,
                    f"direction {o.direction} disagrees with the value {o.value}",
                    "values are signed in the variable's up-direction: a deficit "
                    "narrowing is a positive change of the balance",
                )
        self.add(iri, RDF + "type", QB + "Observation", graph)
        # one Data Cube data set per kind (the kind is a data-set attribute)
        self.add(iri, QB + "dataSet", f"{DATA}dataset/{o.kind}", graph)
        self.add(iri, TK + "claimId", _lit(o.id), graph)
        self.add(iri, TK + "variable", self.variable(f, o.line, o.id, o.variable, graph), graph)
        self.add(iri, TK + "kind", _lit(o.kind), graph)
        if o.value is not None:
            self.add(iri, TK + "value", _lit(float(o.value)), graph)
        direction = o.direction
        if direction is None and o.kind in {"change", "pct_change"} and o.value:
            direction = "increase" if o.value > 0 else "decrease"
        if direction:
            self.add(iri, TK + "direction", TK + direction.capitalize(), graph)
        if o.unit:
            self.add(iri, TK + "unit", _lit(o.unit), graph)
        # basis is a dimension of the cube, so every observation has one
        self.add(iri, TK + "basis", _lit(o.basis or "unstated"), graph)
        y0, y1 = o.years()
        self.add(iri, TK + "period", _lit(o.period), graph)
        # Years as xsd:integer: xsd:gYear is outside the OWL 2 datatype map.
        self.add(iri, TK + "periodStart", _lit(int(y0)), graph)
        self.add(iri, TK + "periodEnd", _lit(int(y1)), graph)
        if o.period_inherited:
            self.add(iri, TK + "periodInherited", _lit(True), graph)
            if o.context_quote:
                if o.context_quote not in doc.text:
                    raise self.err(
                        QuoteNotFound,
                        f,
                        o.line,
                        o.id,
                        "context_quote not found verbatim in the document",
                        "copy the sentence that states the period exactly",
                    )
                self.add(iri, TK + "contextQuote", _lit(o.context_quote), graph)
        if o.note:
            self.add(iri, TK + "note", _lit(o.note), graph)
        self.evidence(f, doc, iri, o.id, o.line, o.quote, o.offset, graph)

    def dominance(self, f: ClaimFile, doc: Document, d: Dominance, graph: str) -> None:
        iri = f"{DATA}dominance/{d.id}"
        self.add(iri, RDF + "type", TK + "DominanceClaim", graph)
        self.add(iri, TK + "claimId", _lit(d.id), graph)
        for prop, ids in (("dominates", d.dominant), ("dominated", d.over)):
            for cid in ids:
                self.add(iri, TK + prop, f"{DATA}claim/{cid}", graph)
        self.evidence(f, doc, iri, d.id, d.line, d.quote, d.offset, graph)

    def condition_fact(self, f: ClaimFile, doc: Document, c: ConditionFact, graph: str) -> None:
        self.known(self.vocab.economies, c.economy, "economy", f, c.line, c.id)
        self.known(self.vocab.conditions, c.condition, "condition", f, c.line, c.id)
        iri = f"{DATA}conditionfact/{c.economy}/{c.condition}"
        self.add(iri, RDF + "type", TK + "ConditionFact", graph)
        self.add(iri, TK + "claimId", _lit(c.id), graph)
        self.add(iri, TK + "aboutEconomy", term_iri("economy", c.economy), graph)
        self.add(iri, TK + "aboutCondition", term_iri("condition", c.condition), graph)
        self.add(iri, TK + "status", TK + c.status.capitalize(), graph)
        self.evidence(f, doc, iri, c.id, c.line, c.quote, c.offset, graph)


def compile_files(
    paths: Iterable[str | Path] | None = None,
    *,
    sources: str | None = None,
    vocab: Vocabulary | None = None,
) -> Compiled:
    """Load, validate and compile claim files (default: kg/claims/*.yaml).

    Raises a ClaimError subclass naming file, line and record for the first problem.
    """
    vocab = vocab or load_vocabulary()
    files = sorted(Path(p) for p in (paths or claims_dir().glob("*.yaml")))
    comp = _Compiler(vocab, sources)
    seen: dict[str, str] = {}
    loaded = [load_claim_file(p) for p in files]
    for f in loaded:
        try:
            doc = load_document(f.document, sources)
        except FileNotFoundError as exc:
            raise ClaimError(
                f"unknown document {f.document!r}",
                file=f.path,
                line=1,
                fix="name a document in kg/sources (without .txt)",
            ) from exc
        graph = doc.graph
        comp.out.files.append(f)
        comp.add(doc.iri, RDF + "type", PROV + "Entity", graph)
        comp.add(doc.iri, DCT + "title", _lit(doc.title), graph)
        # xsd:dateTime: xsd:date is outside the OWL 2 datatype map
        comp.add(doc.iri, DCT + "date", _lit(f"{doc.date}T00:00:00", XSD + "dateTime"), graph)
        if f.background:
            # knowledge from outside the report: typed, with its own source, never the report's
            comp.add(doc.iri, RDF + "type", TK + "BackgroundSource", graph)
            comp.add(doc.iri, DCT + "source", _lit(f.background), graph)
            for rec in (*f.claims, *f.identities, *f.observations):
                comp.add(
                    f"{DATA}{_KIND_PATH[type(rec).__name__]}/{rec.id}",
                    RDF + "type",
                    TK + "Background",
                    graph,
                )
        for group in (f.claims, f.identities, f.observations, f.dominance, f.conditions):
            for rec in group:
                if rec.id in seen:
                    raise ClaimError(
                        f"duplicate id {rec.id!r} (also in {seen[rec.id]})",
                        file=f.path,
                        line=rec.line,
                        claim=rec.id,
                        fix="give every record a unique id",
                    )
                seen[rec.id] = f.path
        # each record kind: its compiler method and the index it is kept in
        kinds: list[tuple[Any, Any, dict[str, Any]]] = [
            (f.claims, comp.claim, comp.out.claims),
            (f.identities, comp.identity, comp.out.identities),
            (f.observations, comp.observation, comp.out.observations),
            (f.dominance, comp.dominance, comp.out.dominance),
            (f.conditions, comp.condition_fact, comp.out.conditions),
        ]
        for records, compile_record, index in kinds:
            for rec in records:
                compile_record(f, doc, rec, graph)
                index[rec.id] = rec
    _check_references(comp.out)
    return comp.out


def _check_references(out: Compiled) -> None:
    """Cross-record links must name records that exist."""
    by_file = {r.id: f for f in out.files for r in (*f.claims, *f.dominance)}
    for c in out.claims.values():
        for ref in (*c.elaborates, *([c.instance_of] if c.instance_of else [])):
            if ref not in out.claims:
                f = by_file[c.id]
                raise ClaimError(
                    f"links to unknown claim {ref!r}",
                    file=f.path,
                    line=c.line,
                    claim=c.id,
                    fix="name the id of a claim in kg/claims",
                )
    for d in out.dominance.values():
        for ref in (*d.dominant, *d.over):
            if ref not in out.claims:
                f = by_file[d.id]
                raise ClaimError(
                    f"dominance names unknown claim {ref!r}",
                    file=f.path,
                    line=d.line,
                    claim=d.id,
                    fix="name the id of a claim",
                )


def iter_link_quads(out: Compiled) -> Iterator[ox.Quad]:
    """Elaboration and instance links, emitted after all claims are known."""
    for f in out.files:
        g = load_document(f.document).graph
        for c in f.claims:
            for ref in c.elaborates:
                yield ox.Quad(
                    _n(f"{DATA}claim/{c.id}"),
                    _n(TK + "elaborates"),
                    _n(f"{DATA}claim/{ref}"),
                    _n(g),
                )
            if c.instance_of:
                yield ox.Quad(
                    _n(f"{DATA}claim/{c.id}"),
                    _n(TK + "instanceOf"),
                    _n(f"{DATA}claim/{c.instance_of}"),
                    _n(g),
                )
