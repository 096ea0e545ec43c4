"""Units of the protocol machinery: the remote-access scanner, the update guard, Accept parsing."""

from __future__ import annotations

import pytest

from api.errors import MalformedQuery, ReadOnlyGraph, RemoteAccessRefused
from api.protocol.guard import check_remote, check_update_graphs, is_allowed, scan
from api.protocol.negotiate import GRAPH_FORMATS, SOLUTION_FORMATS, choose, parse_accept
from api.protocol.runner import PREFIXES
from kg.build import is_build_graph


@pytest.mark.parametrize(
    ("text", "service", "load"),
    [
        ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ["http://a/"], []),
        ("SELECT * { SeRvIcE SiLeNt <http://a/> {} }", ["http://a/"], []),
        ("SELECT * { SERVICE ?x {} }", [None], []),
        ("PREFIX e: <http://e/> SELECT * { SERVICE e:sparql {} }", ["http://e/sparql"], []),
        ("SELECT * { SERVICE e:sparql {} }", [None], []),  # unknown prefix: unresolvable
        ("BASE <http://b/x/> SELECT * { SERVICE <../s> {} }", ["http://b/s"], []),
        ("PREFIX : <http://e/> SELECT * { SERVICE:x {} }", ["http://e/x"], []),
        ("SELECT * { ?s ?p ?o.SERVICE<http://a/>{} }", ["http://a/"], []),
        ("LOAD <http://a/x> INTO GRAPH <urn:g>", [], ["http://a/x"]),
        ("LOAD SILENT <http://a/x>", [], ["http://a/x"]),
        ("INSERT DATA { <urn:a> <urn:b> 'LOAD <http://a/>' }", [], []),
        ('SELECT * { ?s ?p """SERVICE <http://a/> {}""" }', [], []),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://a/> {}", [], []),
        ("SELECT ?service ?load { ?service ?load ex:service }", [], []),
        # Conservative on purpose: "service:p" could be read as SERVICE + ":p", so it is refused.
        ("PREFIX service: <urn:s:> SELECT * { ?s service:p ?o }", [None], []),
        ("PREFIX service: <urn:s:> SELECT * { ?s ?p ?o }", [], []),
        ("SELECT * { ?s <http://a/SERVICE> ?o }", [], []),
        ('SELECT * { ?s ?p "x"@service }', [], []),
        # A local name escape (\#) is not a comment; what follows on the line is still read.
        (
            r"PREFIX e: <urn:e:> SELECT * { ?s ?p e:a\#b . SERVICE <http://a/> {} }",
            ["http://a/"],
            [],
        ),
        (r"SELECT * { ?s ?p 'it\'s' . SERVICE <http://a/> {} }", ["http://a/"], []),
    ],
)
def test_scan_finds_remote_targets(
    text: str, service: list[str | None], load: list[str | None]
) -> None:
    found = scan(text, prefixes=PREFIXES)
    assert found.service == service
    assert found.load == load


@pytest.mark.parametrize(
    ("text", "has_from"),
    [
        ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * from<urn:g> { ?s ?p ?o }", True),
        ("SELECT ?from { ?from ?p 'FROM <urn:g>' }", False),
        ("SELECT * { ?s <urn:FROM> ?o }", False),
    ],
)
def test_scan_finds_dataset_clauses(text: str, has_from: bool) -> None:
    assert scan(text).has_from is has_from


def test_check_remote() -> None:
    check_remote(scan("SELECT * { ?s ?p ?o }"), [])
    check_remote(scan("SELECT * { SERVICE <http://a/sparql> {} }"), ["http://a/sparql"])
    check_remote(scan("SELECT * { SERVICE <http://a/x/y> {} }"), ["http://a/x/*"])
    with pytest.raises(RemoteAccessRefused, match="SSRF"):
        check_remote(scan("SELECT * { SERVICE <http://a/sparql2> {} }"), ["http://a/sparql"])
    with pytest.raises(RemoteAccessRefused, match="constant IRI"):
        check_remote(scan("SELECT * { SERVICE ?e {} }"), ["http://a/*"])
    assert not is_allowed("http://a.evil/", ["http://a"])


def _guard(text: str, *, exist: bool = True) -> None:
    check_update_graphs(text, is_protected=is_build_graph, protected_exist=exist, prefixes=PREFIXES)


def test_update_guard_allows_user_graphs() -> None:
    _guard(
        "INSERT DATA { GRAPH <urn:mine> { <urn:a> <urn:b> 1 } } ; CLEAR DEFAULT ; "
        "COPY <https://w3id.org/tradekg/graph/ontology> TO <urn:mine> ; "
        "INSERT { ?c <urn:seen> 1 } WHERE { GRAPH ?g { ?c a tk:CausalClaim } }"
    )


def test_update_guard_wildcards_only_matter_when_build_graphs_exist() -> None:
    for text in ("CLEAR ALL", "DROP NAMED", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"):
        with pytest.raises(ReadOnlyGraph):
            _guard(text)
        _guard(text, exist=False)


def test_update_guard_names_the_graph_and_the_fix() -> None:
    with pytest.raises(ReadOnlyGraph) as err:
        _guard("DROP GRAPH <https://w3id.org/tradekg/graph/document/report>")
    assert "<https://w3id.org/tradekg/graph/document/report>" in err.value.detail
    assert "kg/claims/*.yaml" in err.value.detail and "tradekg build" in err.value.detail


def test_update_guard_undeclared_graph_prefix_is_a_400() -> None:
    with pytest.raises(MalformedQuery, match="undeclared prefix"):
        _guard("INSERT DATA { GRAPH nope:g { <urn:a> <urn:b> 1 } }")
    _guard("INSERT DATA { <urn:a> <urn:b> nope:c }")  # not a graph name: the engine's to judge


@pytest.mark.parametrize(
    ("accept", "solutions", "graph"),
    [
        ("", "json", "turtle"),
        ("*/*", "json", "turtle"),
        ("application/*", "json", "turtle"),  # via application/turtle
        ("application/json", "json", "jsonld"),
        ("application/xml", "xml", "rdfxml"),
        ("text/plain", None, None),
        ("text/csv, text/turtle", "csv", "turtle"),
        ("text/csv;q=0.1, text/tab-separated-values;q=0.2", "tsv", None),
        ("application/sparql-results+json; charset=utf-8", "json", None),
        ("garbage, , ;q=1, text/csv;q=oops, text/csv;q=0.3", "csv", None),
        ("TEXT/CSV", "csv", None),
        ("*/*;q=0", None, None),
    ],
)
def test_choose(accept: str, solutions: str | None, graph: str | None) -> None:
    ranges = parse_accept(accept)
    s = choose(ranges, SOLUTION_FORMATS)
    g = choose(ranges, GRAPH_FORMATS)
    assert (s.name if s else None) == solutions
    assert (g.name if g else None) == graph
