"""Graph checks: SHACL shapes, zero-row SPARQL ``*-violation.rq`` modelling rules, Data Cube ICs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.cube import cube_violations
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
    out: dict[Violation, None] = {}  # ordered and without repeats
    for name, query in violation_queries().items():
        for row in store.select(query):
            focus = str(row.get("focus", ""))
            out[Violation(name, focus, str(row.get("message", row)))] = None
    return list(out)


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
            nt = store.dump(format=ox.RdfFormat.N_TRIPLES, graphs=[g])
            data.parse(data=nt.decode("utf-8"), format="nt")
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
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


# The record id in the IRI of a statement or of its evidence nodes.
_RECORD_IRI = re.compile(
    r"^https://w3id\.org/tradekg/id/(?:claim|identity|observation|dominance)/([^/#]+)"
)


def record_id(focus: str) -> str | None:
    """The claim, identity, observation or dominance id a focus node belongs to, if any."""
    m = _RECORD_IRI.match(focus)
    return m.group(1) if m else None


def run_checks(
    store: OxigraphStore, *, records: Mapping[str, tuple[str, int]] | None = None
) -> None:
    """Raise ShaclViolation listing every broken shape or modelling rule.

    ``records`` maps record ids to (file, line): the error then names the file, line
    and id of the first record at fault.
    """
    cube = [Violation(*v) for v in cube_violations(store)]
    found = violations(store) + cube + shacl_violations(store)
    if found:
        lines = [f"{v.check}: {v.focus}: {v.message}" for v in found[:20]]
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        ids = [rid for v in found if (rid := record_id(v.focus))]
        located = [rid for rid in ids if records and rid in records]
        file, line = records[located[0]] if records and located else (None, None)
        first = located[0] if located else (ids[0] if ids else None)
        raise ShaclViolation(
            f"{len(found)} check(s) failed:\n  " + "\n  ".join(lines) + more,
            file=file,
            line=line or None,
            claim=first,
            fix="edit the named records in kg/claims (the claim id is the last part of the IRI)",
        )
