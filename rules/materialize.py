"""Materialisation after a build: OWL classification, SPARQL rules to a fixpoint, labels."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from kg.compile import INFERENCE_GRAPH
from kg.store import OxigraphStore
from ontology.keys import DATA, TK, VariableKey
from ontology.vocab import load_vocabulary
from rules.ruleset import Rule, load_rules, run_rules

__all__ = [
    "CLASSIFIER_RULE",
    "LABEL_RULE",
    "classify_into",
    "label_variables",
    "post_load",
    "record_build",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
CLASSIFIER_RULE = "owl-classification"
LABEL_RULE = "label-variables"
_G = ox.NamedNode(INFERENCE_GRAPH)
# Steps of a build that are code, not rules/*.rq, but leave tk:ruleId on what they derive.
_BUILTIN_RULES = (CLASSIFIER_RULE, LABEL_RULE)


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, _G)


def classify_into(store: OxigraphStore, *, force_fallback: bool = False) -> dict[str, Any]:
    """Classify economies with HermiT (OWL RL fallback without Java) into the inference graph.

    Each inferred type gets a derivation record: tk:ruleId "owl-classification", the
    reasoner used, and the economy as premise, so one query answers why it holds.
    """
    from kg.owl import classify

    pairs, reasoner = _run_classifier(classify, store, force_fallback)
    quads: list[ox.Quad] = []
    for individual, cls in pairs:
        quads.append(_q(individual, RDF_TYPE, ox.NamedNode(cls)))
        local = cls.rsplit("#", 1)[-1]
        code = individual.rstrip("/").rsplit("/", 1)[-1]
        d = f"https://w3id.org/tradekg/id/derivation/{CLASSIFIER_RULE}/{code}/{local}"
        quads += [
            _q(d, RDF_TYPE, ox.NamedNode(TK + "Derivation")),
            _q(d, TK + "ruleId", ox.Literal(CLASSIFIER_RULE)),
            _q(d, TK + "reasoner", ox.Literal(reasoner)),
            _q(d, TK + "derivedSubject", ox.NamedNode(individual)),
            _q(d, TK + "derivedPredicate", ox.NamedNode(RDF_TYPE)),
            _q(d, TK + "derivedObject", ox.NamedNode(cls)),
            _q(d, PROV + "wasDerivedFrom", ox.NamedNode(individual)),
            _q(d, PROV + "wasDerivedFrom", ox.NamedNode(cls)),
        ]
    store.add_quads(quads)
    return {"classified": len(pairs), "reasoner": reasoner}


def _run_classifier(
    classify: Any, store: OxigraphStore, force_fallback: bool
) -> tuple[list[tuple[str, str]], str]:
    from kg.owl import java_available

    if force_fallback:
        return list(classify(store, engine="owlrl")), "owlrl"
    # engine=None lets kg.owl choose, and warn (OwlFallbackWarning) when Java is missing.
    engine = "hermit" if java_available() else "owlrl"
    return list(classify(store, engine=None)), engine


def label_variables(store: OxigraphStore) -> int:
    """Give every rule-minted variable the labels the loader would give it (same key function)."""
    vocab = load_vocabulary()
    rows = store.select(
        "SELECT ?v ?k WHERE { ?v a tk:Variable ; tk:key ?k . "
        "FILTER NOT EXISTS { ?v rdfs:label ?l } }"
    )
    quads: list[ox.Quad] = []
    for row in rows:
        key = VariableKey.parse(row["k"])
        label, alts, inverses, definition = vocab.variable_labels(key)
        v = row["v"]
        quads.append(_q(v, RDFS_LABEL, ox.Literal(label, language="en")))
        quads.append(_q(v, SKOS + "definition", ox.Literal(definition, language="en")))
        quads += [_q(v, SKOS + "altLabel", ox.Literal(a, language="en")) for a in alts]
        quads += [_q(v, TK + "inverseLabel", ox.Literal(a, language="en")) for a in inverses]
        quads.append(_q(v, TK + "labelRuleId", ox.Literal(LABEL_RULE)))
    store.add_quads(quads)
    return len(rows)


_REASONERS = {
    "hermit": "HermiT OWL 2 DL reasoner (through owlready2)",
    "owlrl": "owlrl, the OWL 2 RL closure in Python",
}


def record_build(
    store: OxigraphStore, *, started: datetime, ended: datetime, reasoner: str, rules: list[Rule]
) -> str:
    """Describe this reasoning run as a ``prov:Activity`` in the inference graph: when it
    started and ended, the rules it used (each a ``tk:Rule``, a ``prov:Plan``) and the
    reasoner it was associated with. Returns the activity's IRI.
    """
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    act = f"{DATA}build/{stamp}"
    agent = f"{DATA}agent/{reasoner}"
    when = "http://www.w3.org/2001/XMLSchema#dateTime"

    def ts(d: datetime) -> ox.Literal:
        return ox.Literal(d.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), datatype=ox.NamedNode(when))

    quads = [
        _q(act, RDF_TYPE, ox.NamedNode(PROV + "Activity")),
        _q(act, RDF_TYPE, ox.NamedNode(TK + "Build")),
        _q(
            act,
            RDFS_LABEL,
            ox.Literal(f"tradekg build reasoning at {ts(started).value}", language="en"),
        ),
        _q(act, PROV + "startedAtTime", ts(started)),
        _q(act, PROV + "endedAtTime", ts(ended)),
        _q(act, PROV + "wasAssociatedWith", ox.NamedNode(agent)),
        _q(act, TK + "reasoner", ox.Literal(reasoner)),
        _q(act, PROV + "generated", ox.NamedNode(INFERENCE_GRAPH)),
        _q(agent, RDF_TYPE, ox.NamedNode(PROV + "SoftwareAgent")),
        _q(agent, RDFS_LABEL, ox.Literal(_REASONERS.get(reasoner, reasoner), language="en")),
    ]
    used = [(r.iri, r.rule_id) for r in rules] + [(f"{DATA}rule/{r}", r) for r in _BUILTIN_RULES]
    for iri, rid in used:
        quads += [
            _q(act, PROV + "used", ox.NamedNode(iri)),
            _q(iri, RDF_TYPE, ox.NamedNode(TK + "Rule")),
            _q(iri, RDFS_LABEL, ox.Literal(rid)),
            _q(iri, TK + "ruleId", ox.Literal(rid)),
        ]
    store.add_quads(quads)
    return act


def post_load(store: OxigraphStore, *, force_fallback: bool = False) -> dict[str, object]:
    """Classification, then the SPARQL rules to a fixpoint, then labels; return counts.

    The run is recorded as a ``prov:Activity`` (:func:`record_build`).
    """
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    classified = classify_into(store, force_fallback=force_fallback)
    t1 = time.perf_counter()
    rules = load_rules()
    counts = run_rules(store, rules)
    labelled = label_variables(store)
    t2 = time.perf_counter()
    record_build(
        store,
        started=started,
        ended=datetime.now(UTC),
        reasoner=str(classified["reasoner"]),
        rules=rules,
    )
    return {
        "reasoner": classified["reasoner"],
        "classified": classified["classified"],
        "derived_quads": sum(counts.values()),
        "labelled_variables": labelled,
        "classification_s": round(t1 - t0, 2),
        "rules_s": round(t2 - t1, 3),
    }
