"""OWL reasoning: HermiT (owlready2) consistency and classification, with an owlrl fallback."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

import pyoxigraph as ox

from kg.errors import OwlInconsistent, ReasonerError
from ontology.keys import ONTOLOGY_GRAPH

__all__ = [
    "Engine",
    "OwlFallbackWarning",
    "OwlReport",
    "OwlResult",
    "check_consistency",
    "classify",
    "java_available",
    "reason",
]

Engine = Literal["hermit", "owlrl"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
_ERRNS = "http://www.daml.org/2002/03/agents/agent-ont#"
# Graphs a build owns; user graphs in the store are not reasoned over.
_REASONED_GRAPHS = (
    ONTOLOGY_GRAPH,
    "https://w3id.org/tradekg/graph/document/",
    "https://w3id.org/tradekg/graph/inferred",
)
# Types every engine states and nobody asks for.
_TRIVIAL = frozenset(
    {
        OWL + "Thing",
        OWL + "NamedIndividual",
        OWL + "Class",
        OWL + "Restriction",
        "http://www.w3.org/2000/01/rdf-schema#Resource",
    }
)

# Classes that hold the individual through its told types and the told class hierarchy.
_TOLD_TYPES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?x ?c WHERE {
  ?x a/(rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)* ?c .
  FILTER (isIRI(?x) && isIRI(?c))
}
"""
# Individuals typed (through the told hierarchy) with two disjoint classes: the usual culprit.
_DISJOINT_CLASH = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?x ?c1 ?c2 WHERE {
  { ?c1 owl:disjointWith ?c2 }
  UNION { ?c2 owl:disjointWith ?c1 }
  UNION { ?d a owl:AllDisjointClasses ; owl:members ?l .
          ?l rdf:rest*/rdf:first ?c1 . ?l rdf:rest*/rdf:first ?c2 . FILTER (?c1 != ?c2) }
  ?x a/rdfs:subClassOf* ?c1 .
  ?x a/rdfs:subClassOf* ?c2 .
  FILTER (STR(?c1) < STR(?c2))
}
ORDER BY ?x ?c1 ?c2
"""


class OwlFallbackWarning(UserWarning):
    """HermiT could not run (no Java): the OWL RL closure of owlrl was used instead."""


class _QuadSource(Protocol):
    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]: ...
    def graphs(self) -> list[str]: ...


@dataclass(frozen=True)
class OwlReport:
    """Whether the ontology plus data is consistent, and which named classes are unsatisfiable.

    ``unsatisfiable`` is always empty under owlrl, which does not test class satisfiability.
    """

    consistent: bool
    unsatisfiable: list[str]
    message: str
    engine: Engine = "hermit"
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


@dataclass(frozen=True)
class OwlResult:
    """A reasoner run: the report and the inferred (individual, named class) pairs not told."""

    report: OwlReport
    classified: list[tuple[str, str]] = field(default_factory=list)


def java_available() -> bool:
    """True when a ``java`` executable is on PATH (HermiT needs Java 17)."""
    return shutil.which("java") is not None


def _triples(source: _QuadSource | Iterable[ox.Quad | ox.Triple]) -> list[ox.Triple]:
    if hasattr(source, "graphs") and hasattr(source, "quads"):
        graphs = [g for g in source.graphs() if g.startswith(_REASONED_GRAPHS)]
        return [q.triple for g in graphs for q in source.quads(g)]
    out: list[ox.Triple] = []
    for t in source:
        out.append(t.triple if isinstance(t, ox.Quad) else t)
    return out


def _memory_store(triples: Iterable[ox.Triple]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return result


def _told_types(store: ox.Store) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for sol in _select(store, _TOLD_TYPES):
        x, c = sol["x"], sol["c"]
        if isinstance(x, ox.NamedNode) and isinstance(c, ox.NamedNode):
            out.add((x.value, c.value))
    return out


def _individuals(store: ox.Store) -> set[str]:
    """IRIs with a told type that is not a schema type (the ABox)."""
    schema = {
        OWL + n
        for n in (
            "Class",
            "ObjectProperty",
            "DatatypeProperty",
            "AnnotationProperty",
            "Ontology",
            "Restriction",
            "FunctionalProperty",
            "AllDisjointClasses",
        )
    }
    schema.add("http://www.w3.org/2000/01/rdf-schema#Class")
    out: set[str] = set()
    kinds: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            kinds.setdefault(q.subject.value, set()).add(q.object.value)
    for s, types in kinds.items():
        if not types & schema:
            out.add(s)
    return out


def _explain(store: ox.Store) -> str:
    rows = []
    for sol in _select(store, _DISJOINT_CLASH):
        rows.append(
            f"{sol['x'].value} is both {sol['c1'].value} and {sol['c2'].value}, which are disjoint"
        )
    if not rows:
        return (
            "no told individual of two disjoint classes; look for functional properties "
            "with two values or a class restriction the data breaks"
        )
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    return "; ".join(rows[:5]) + more


def _new_types(
    told: set[tuple[str, str]], closed: set[tuple[str, str]], individuals: set[str]
) -> list[tuple[str, str]]:
    return sorted(
        (x, c)
        for x, c in closed - told
        if x in individuals and c not in _TRIVIAL and not c.startswith(OWL)
    )


# owlready2's Python classes cannot pun a property as an individual (tk:variable is also a
# qb:DimensionProperty), which OWL 2 DL allows; it says so on stderr for each such property.
_PUNNING_NOTE = "belongs to more than one entity types"


def _load_quietly(onto: object, data: bytes) -> None:
    """Load N-Triples into an owlready2 ontology, dropping its punning notes from stderr."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        onto.load(fileobj=io.BytesIO(data), format="ntriples")  # type: ignore[attr-defined]
    rest = [line for line in buf.getvalue().splitlines() if _PUNNING_NOTE not in line]
    if rest:
        print("\n".join(rest), file=sys.stderr)


def _run_hermit(
    triples: list[ox.Triple], told: set[tuple[str, str]], individuals: set[str], explain: ox.Store
) -> OwlResult:
    import owlready2

    t0 = time.perf_counter()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    world = owlready2.World()
    try:
        onto = world.get_ontology("https://w3id.org/tradekg/reasoning/input")
        _load_quietly(onto, data)
        try:
            # Every literal is of the OWL 2 datatype map, so HermiT runs without
            # ignore_unsupported_datatypes (which would hide a datatype it cannot check).
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            report = OwlReport(
                False,
                [],
                "HermiT: the ontology plus data is inconsistent: " + _explain(explain),
                "hermit",
                round(time.perf_counter() - t0, 3),
            )
            return OwlResult(report)
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(
                f"HermiT failed: {exc}", fix="install Java 17, or pass engine='owlrl'"
            ) from exc
        nothing = OWL + "Nothing"
        unsat = sorted(
            c.iri for c in world.inconsistent_classes() if getattr(c, "iri", nothing) != nothing
        )
        out = io.BytesIO()
        world.save(out, format="ntriples")
    finally:
        world.close()
    closed = _told_types(_memory_store(ox.parse(out.getvalue(), format=ox.RdfFormat.N_TRIPLES)))
    message = (
        "HermiT: consistent, no unsatisfiable class"
        if not unsat
        else f"HermiT: consistent, but {len(unsat)} unsatisfiable class(es): {', '.join(unsat)}"
    )
    report = OwlReport(True, unsat, message, "hermit", round(time.perf_counter() - t0, 3))
    return OwlResult(report, _new_types(told, closed, individuals))


def _run_owlrl(
    triples: list[ox.Triple], told: set[tuple[str, str]], individuals: set[str]
) -> OwlResult:
    import owlrl
    import rdflib

    t0 = time.perf_counter()
    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data.decode("utf-8"), format="nt")
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(graph)
    errors = sorted(str(m) for m in graph.objects(None, rdflib.URIRef(_ERRNS + "error")))
    seconds = round(time.perf_counter() - t0, 3)
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        return OwlResult(
            OwlReport(
                False,
                [],
                "owlrl: the ontology plus data is inconsistent: " + "; ".join(errors[:5]) + more,
                "owlrl",
                seconds,
            )
        )
    closed = {
        (str(s), str(o))
        for s, o in graph.subject_objects(rdflib.RDF.type)
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)
    }
    report = OwlReport(
        True,
        [],
        "owlrl: consistent under OWL RL (class satisfiability is not tested without HermiT)",
        "owlrl",
        seconds,
    )
    return OwlResult(report, _new_types(told, closed, individuals))


def reason(
    source: _QuadSource | Iterable[ox.Quad | ox.Triple], *, engine: Engine | None = None
) -> OwlResult:
    """Reason over the ontology and document graphs of a store (or over the given quads).

    ``engine=None`` runs HermiT, or owlrl with an :class:`OwlFallbackWarning` when
    Java is missing; ``engine="owlrl"`` forces the fallback. Returns an
    :class:`OwlResult`; an inconsistent input is a result (``report.consistent``
    false), not an exception. Raises :class:`ReasonerError` when HermiT fails to run.
    """
    if engine is None:
        if java_available():
            engine = "hermit"
        else:
            warnings.warn(
                "java not found: HermiT cannot run; using the OWL RL closure of "
                "owlrl (slower, no class satisfiability)",
                OwlFallbackWarning,
                stacklevel=2,
            )
            engine = "owlrl"
    elif engine == "hermit" and not java_available():
        raise ReasonerError(
            "engine='hermit' needs Java 17 on PATH",
            fix="install Java 17 (e.g. apt-get install openjdk-17-jre-headless) "
            "or pass engine='owlrl'",
        )
    triples = _triples(source)
    told_store = _memory_store(triples)
    told = _told_types(told_store)
    individuals = _individuals(told_store)
    if engine == "hermit":
        return _run_hermit(triples, told, individuals, told_store)
    return _run_owlrl(triples, told, individuals)


def check_consistency(
    source: _QuadSource | Iterable[ox.Quad | ox.Triple], *, engine: Engine | None = None
) -> OwlReport:
    """Is the ontology plus data consistent, and which named classes are unsatisfiable?

    Returns an :class:`OwlReport`; its message names individuals of two disjoint
    classes when that is why the graph is inconsistent.
    """
    return reason(source, engine=engine).report


def classify(
    source: _QuadSource | Iterable[ox.Quad | ox.Triple], *, engine: Engine | None = None
) -> list[tuple[str, str]]:
    """Sorted (individual IRI, named class IRI) pairs the reasoner infers beyond the told
    types and the told class hierarchy — e.g. Japan a tk:FuelImporter.

    Raises :class:`OwlInconsistent` when the graph is inconsistent (nothing can be classified).
    """
    result = reason(source, engine=engine)
    if not result.report.consistent:
        raise OwlInconsistent(
            result.report.message,
            fix="remove one of the clashing types, or the fact that implies it",
        )
    return result.classified
