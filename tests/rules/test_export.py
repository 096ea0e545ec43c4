"""Exports (rules.export): each format loads back in the tool that reads it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib

import rules
from kg.store import OxigraphStore
from rules.errors import QueryError
from rules.export import (
    FORMATS,
    export,
    format_for,
    neighbourhood,
    resolve_node,
    safe_graph,
    write_export,
)

YEN = "https://w3id.org/tradekg/id/var/JPN/WLD/currencyValue/total/value"
ENERGY = "https://w3id.org/tradekg/id/var/JPN/WLD/imports/HS27/value"
CLAIM = "https://w3id.org/tradekg/id/claim/yen-energy-import-bill"
TK = rdflib.Namespace("https://w3id.org/tradekg/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")


def _load_graph(data: bytes, fmt: str) -> nx.MultiDiGraph:
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    elif fmt == "gexf":
        g = nx.read_gexf(io.BytesIO(data))
    else:
        g = nx.cytoscape_graph(json.loads(data))
    assert g.is_directed()
    return nx.MultiDiGraph(g)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape-json"])
@pytest.mark.parametrize("around", [None, "value of the yen"])
def test_graph_formats_load_back(reasoned: OxigraphStore, fmt: str, around: str | None) -> None:
    want = (
        rules.projection(reasoned).graph
        if around is None
        else neighbourhood(reasoned, around, depth=2)
    )
    g = _load_graph(export(reasoned, fmt, around=around, depth=2), fmt)
    assert g.number_of_nodes() == want.number_of_nodes()
    assert g.number_of_edges() == want.number_of_edges()
    assert {str(n) for n in g.nodes} == {str(n) for n in want.nodes}
    assert g.nodes[YEN]["label"] == "value of the yen"
    edges = [d for _, _, d in g.edges(YEN, data=True) if d.get("claim") == CLAIM]
    assert len(edges) == 1
    edge = edges[0]
    assert int(edge["sign"]) == -1
    assert edge["quote"].startswith("The yen’s depreciation")
    assert "DollarDenominatedImports:holds" in edge["conditions"]
    assert edge["label"] == "− yen-energy-import-bill"


def test_graph_attributes_are_plain(reasoned: OxigraphStore) -> None:
    g = safe_graph(rules.projection(reasoned).graph)
    allowed = (str, int, float, bool)
    for _, d in g.nodes(data=True):
        assert all(isinstance(v, allowed) for v in d.values()), d
    for _, _, d in g.edges(data=True):
        assert all(isinstance(v, allowed) for v in d.values()), d


def test_turtle_whole_and_around(reasoned: OxigraphStore) -> None:
    whole = rdflib.Graph().parse(data=export(reasoned, "turtle").decode("utf-8"), format="turtle")
    part = rdflib.Graph().parse(
        data=export(reasoned, "turtle", around="value of the yen", depth=1).decode("utf-8"),
        format="turtle",
    )
    assert 0 < len(part) < len(whole)
    claim = rdflib.URIRef(CLAIM)
    for g in (whole, part):
        assert (claim, TK.cause, rdflib.URIRef(YEN)) in g
        quote = g.value(claim, TK.quote)
        assert quote is not None and str(quote).startswith("The yen’s depreciation")
        # the evidence travels with the claim: W3C Web Annotation selector and exact text
        selectors = list(g.objects(None, OA.exact))
        assert any(str(s) == str(quote) for s in selectors)
    # a claim far from the yen is left out of its neighbourhood
    far = {
        s for s in whole.subjects(TK.cause, None) if "/var/ARG/" in str(whole.value(s, TK.cause))
    }
    assert far and not any((s, None, None) in part for s in far)


def test_nquads_keeps_graphs(reasoned: OxigraphStore) -> None:
    for around in (None, "JPN/WLD/currencyValue/total/value"):
        ds = rdflib.Dataset()
        ds.parse(data=export(reasoned, "nquads", around=around, depth=1).decode(), format="nquads")
        names = {str(c.identifier) for c in ds.graphs()}
        assert any("/graph/document/" in n for n in names)
        assert any(n.endswith("/graph/inferred") for n in names)
        assert len(list(ds.quads((rdflib.URIRef(CLAIM), None, None, None)))) > 5


def test_neighbourhood_goes_both_ways(reasoned: OxigraphStore) -> None:
    g = neighbourhood(reasoned, YEN, depth=1)
    proj = rules.projection(reasoned).graph
    assert set(g) == {YEN} | set(proj.successors(YEN)) | set(proj.predecessors(YEN))
    assert ENERGY in g
    assert list(neighbourhood(reasoned, YEN, depth=0)) == [YEN]
    assert len(neighbourhood(reasoned, YEN, depth=2)) > len(g)


def test_resolve_node(reasoned: OxigraphStore) -> None:
    g = rules.projection(reasoned).graph
    assert resolve_node(g, YEN) == YEN
    assert resolve_node(g, "JPN/WLD/currencyValue/total/value") == YEN
    assert resolve_node(g, "JPN/WLD/currencyValue") == YEN
    assert resolve_node(g, "Value of the Yen") == YEN
    with pytest.raises(QueryError, match="no variable"):
        resolve_node(g, "the moon")
    with pytest.raises(QueryError, match="matches"):
        resolve_node(g, "JPN/WLD/imports")


def test_bad_input(reasoned: OxigraphStore, tmp_path: Path) -> None:
    with pytest.raises(QueryError):
        export(reasoned, "xlsx")
    with pytest.raises(QueryError):
        export(reasoned, "graphml", around=YEN, depth=-1)
    with pytest.raises(QueryError):
        format_for(tmp_path / "x.txt")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("g.graphml", "graphml"),
        ("g.gexf", "gexf"),
        ("g.cyjs", "cytoscape-json"),
        ("g.ttl", "turtle"),
        ("g.nq", "nquads"),
    ],
)
def test_write_export_by_suffix(
    reasoned: OxigraphStore, tmp_path: Path, name: str, fmt: str
) -> None:
    assert format_for(name) == fmt and fmt in FORMATS
    p = write_export(reasoned, tmp_path / name, around=YEN, depth=1)
    assert p.read_bytes() == export(reasoned, fmt, around=YEN, depth=1)
