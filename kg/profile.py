"""OWL 2 DL profile check: the OWL API's OWL2DLProfile plus the OWL 2 datatype map."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ReasonerError

__all__ = ["OWL2_DATATYPES", "ProfileReport", "check_dl_profile", "datatype_violations"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

# OWL 2 Structural Specification, section 4 (the datatype map), with rdf:langString,
# which RDF 1.1 gives every language-tagged literal.
OWL2_DATATYPES = frozenset(
    [
        OWL + "real",
        OWL + "rational",
        RDF + "PlainLiteral",
        RDF + "XMLLiteral",
        RDF + "langString",
        RDFS + "Literal",
    ]
    + [
        XSD + n
        for n in (
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        )
    ]
)
_TYPE = ox.NamedNode(RDF + "type")


@dataclass(frozen=True)
class ProfileReport:
    """The outcome of an OWL 2 DL profile check; ``ok`` when ``violations`` is empty."""

    axioms: int
    violations: list[str]

    @property
    def ok(self) -> bool:
        return not self.violations


def datatype_violations(triples: Iterable[ox.Triple]) -> list[str]:
    """Literals whose datatype is outside the OWL 2 datatype map.

    A datatype declared ``rdfs:Datatype`` (an ISO code type) may type the value of an
    annotation property, which no reasoner interprets; anywhere else it is a violation,
    because HermiT refuses such a literal. (The OWL API's profile check lets an xsd:gYear
    value through, so this check is needed beside it.)
    """
    triples = list(triples)
    declared: set[str] = set()
    annotation: set[str] = set()
    for t in triples:
        s = t.subject
        if (
            t.predicate == _TYPE
            and isinstance(t.object, ox.NamedNode)
            and isinstance(s, ox.NamedNode)
        ):
            if t.object.value == RDFS + "Datatype":
                declared.add(s.value)
            elif t.object.value == OWL + "AnnotationProperty":
                annotation.add(s.value)
    out: set[str] = set()
    for t in triples:
        o = t.object
        if not isinstance(o, ox.Literal):
            continue
        dt = o.datatype.value
        if dt in OWL2_DATATYPES:
            continue
        if dt in declared and t.predicate.value in annotation:
            continue
        out.add(
            f"literal of datatype <{dt}> (not in the OWL 2 datatype map) as the value "
            f"of <{t.predicate.value}>"
        )
    return sorted(out)


def _hermit_jar() -> Path:
    import owlready2

    return Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"


def check_dl_profile(
    triples: Iterable[ox.Triple | ox.Quad], *, timeout: float = 300.0
) -> ProfileReport:
    """Check the triples (quads are merged into one graph) against the OWL 2 DL profile.

    Runs the OWL API's ``OWL2DLProfile`` (shipped inside owlready2's HermiT.jar) on an
    N-Triples copy, and :func:`datatype_violations`. Returns a :class:`ProfileReport`.
    Raises :class:`ReasonerError` when Java (17, with its compiler) is missing or fails.
    """
    java = shutil.which("java")
    if java is None:
        raise ReasonerError(
            "the OWL 2 DL profile check needs Java 17 on PATH",
            fix="install Java 17 (e.g. apt-get install openjdk-17-jdk-headless)",
        )
    merged = [t.triple if isinstance(t, ox.Quad) else t for t in triples]
    source = Path(str(resources.files("kg").joinpath("java/ProfileCheck.java")))
    with tempfile.TemporaryDirectory(prefix="tradekg-profile-") as tmp:
        data = Path(tmp) / "graph.nt"
        data.write_bytes(ox.serialize(merged, format=ox.RdfFormat.N_TRIPLES) or b"")
        # Java 11+ runs a single source file without a separate javac step.
        proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [java, "-cp", str(_hermit_jar()), str(source), str(data)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=tmp,
        )
    if proc.returncode != 0:
        raise ReasonerError(
            f"the OWL API profile check failed: {proc.stderr.strip()[-2000:]}",
            fix="check that Java 17 with its compiler (a JDK) is installed",
        )
    axioms = 0
    found: list[str] = []
    for line in proc.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "axioms":
            axioms = int(rest)
        elif kind == "violation":
            found.append(rest)
    return ProfileReport(axioms, sorted(set(found)) + datatype_violations(merged))
