"""Graph checks: SHACL shapes and zero-row SPARQL ``*-violation.rq`` modelling rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import ShaclViolation
from kg.store import OxigraphStore
from ontology.vocab import ontology_path

__all__ = ["Violation", "run_checks", "shacl_violations", "violation_queries", "violations"]


@dataclass(frozen=True)
class Violation:
    check: str
    focus: str
    message: str


def violation_queries() -> dict[str, str]:
    """``{name: query}`` for every ``ontology/checks/*-violation.rq``."""
    base = ontology_path("checks")
    files = sorted(Path(base).glob("*-violation.rq"))
    return {p.stem: p.read_text(encoding="utf-8") for p in files}


def violations(store: OxigraphStore) -> list[Violation]:
    """Rows of every violation query: each row is one broken modelling rule."""
    out: list[Violation] = []
    for name, query in violation_queries().items():
        for row in store.select(query):
            focus = str(row.get("focus", ""))
            out.append(Violation(name, focus, str(row.get("message", row))))
    return out


def shacl_violations(store: OxigraphStore) -> list[Violation]:
    """Validate the document graphs against ``ontology/shapes/*.ttl`` with pyshacl."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    for p in sorted(Path(ontology_path("shapes")).glob("*.ttl")):
        shapes.parse(p, format="turtle")
    data = rdflib.Graph()
    for g in store.graphs():
        if "/graph/document/" in g or g.endswith("/inferred"):
            data.parse(data=store.dump(graphs=[g]).decode("utf-8"), format="nquads")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               allow_warnings=True)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for res in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        sev = report.value(res, sh.resultSeverity)
        if sev != sh.Violation:
            continue
        focus = report.value(res, sh.focusNode)
        msg = report.value(res, sh.resultMessage)
        path = report.value(res, sh.resultPath)
        out.append(Violation("shacl", str(focus), f"{msg} (path {path})"))
    return out


def run_checks(store: OxigraphStore) -> None:
    """Raise ShaclViolation listing every broken shape or modelling rule."""
    found = violations(store) + shacl_violations(store)
    if found:
        lines = [f"{v.check}: {v.focus}: {v.message}" for v in found[:20]]
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise ShaclViolation(
            f"{len(found)} check(s) failed:\n  " + "\n  ".join(lines) + more,
            fix="edit the named records in kg/claims (the claim id is the last part of the IRI)",
        )
