"""Diagrams (rules.present.diagrams): Graphviz SVG, matplotlib drawings, the CLI's --svg/export."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
import pytest
from typer.testing import CliRunner

import rules
from api import cli
from kg.build import build_memory
from kg.store import OxigraphStore
from rules.materialize import post_load
from rules.present import diagrams
from rules.present.diagrams import (
    GraphvizUnavailable,
    diagram_graph,
    dot_available,
    dot_source,
    draw,
    interactive,
    svg_of,
)
from rules.present.palette import GREEN, RED
from rules.results import LoopsResult, WhatIfResult, WhyResult

matplotlib.use("Agg")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# CI installs Graphviz (.ci/run); elsewhere the SVG tests need it too, or are skipped
needs_dot = pytest.mark.skipif(
    not dot_available() and not os.environ.get("CI"),
    reason="Graphviz's dot is not installed (apt-get install graphviz)",
)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s, _ = build_memory(post_load=post_load)
    return s


@pytest.fixture(scope="module")
def why(store: OxigraphStore) -> WhyResult:
    r = rules.ask(store, "why did Japan's trade deficit widen in 2022?")
    assert isinstance(r, WhyResult)
    return r


def _groups(svg: bytes, cls: str) -> list[ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 - our own dot output
    return [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").split()[:1] == [cls]]


def _text(g: ET.Element) -> str:
    return " ".join(t.text or "" for t in g.iter(f"{SVG}text"))


def _tooltips(g: ET.Element) -> list[str]:
    return [a.get(f"{XLINK}title") or "" for a in g.iter(f"{SVG}a")]


@needs_dot
def test_why_svg_has_the_dag(why: WhyResult) -> None:
    svg = svg_of(why)
    g = diagram_graph(why)
    nodes, edges = _groups(svg, "node"), _groups(svg, "edge")
    assert len(nodes) == g.number_of_nodes() == len(why.dag.nodes)
    assert len(edges) == g.number_of_edges()
    texts = " ".join(_text(n).replace(" ", "") for n in nodes)
    for label in why.dag.nodes.values():
        assert label.replace(" ", "")[:10] in texts
    target = next(n for n in nodes if n.get("id") == f"node:{why.query.variable}")
    assert "Japan's goods" in _text(target) and "falls" in _text(target)
    # sign by colour, claim by label, quote as tooltip
    by_claim = {e.get("id", "").split(":", 2)[2]: e for e in edges}
    yen = by_claim["yen-energy-import-bill"]
    assert "negative" in (yen.get("class") or "")
    assert any(p.get("stroke") == RED for p in yen.iter(f"{SVG}path"))
    assert "yen-energy-import-bill" in _text(yen).replace(" ", "")
    assert any("The yen’s depreciation" in t for t in _tooltips(yen))
    positive = [e for e in edges if "positive" in (e.get("class") or "")]
    assert positive and all(
        any(p.get("stroke") == GREEN for p in e.iter(f"{SVG}path")) for e in positive
    )
    identity = [e for e in edges if (e.get("class") or "").split()[1:2] == ["identity"]]
    assert identity and all(
        any(p.get("stroke-dasharray") for p in e.iter(f"{SVG}path")) for e in identity
    )


@needs_dot
def test_whatif_and_loops_svg(store: OxigraphStore) -> None:
    w = rules.ask(store, "what if the yen falls?")
    assert isinstance(w, WhatIfResult)
    svg = svg_of(w)
    nodes = _groups(svg, "node")
    ambiguous = [e.variable.label for e in w.effects if e.direction == "ambiguous"]
    assert ambiguous
    assert any("ambiguous" in _text(n) for n in nodes)
    shock = next(n for n in nodes if n.get("id") == f"node:{w.query.variable}")
    assert "falls" in _text(shock)
    lp = rules.ask(store, "which feedback loops involve the dollar?")
    assert isinstance(lp, LoopsResult) and lp.loops
    svg = svg_of(lp)
    labels = {t.label for loop in lp.loops for t in loop.variables}
    assert len(_groups(svg, "node")) >= len(labels)
    assert "feedback loops" in svg.decode("utf-8")


@needs_dot
def test_paths_and_projection_subgraph(store: OxigraphStore) -> None:
    from rules.export import neighbourhood

    yen = "https://w3id.org/tradekg/id/var/JPN/WLD/currencyValue/total/value"
    bal = "https://w3id.org/tradekg/id/var/JPN/WLD/goodsBalance/total/value"
    p = rules.paths(store, yen, bal)
    assert p.paths
    assert _groups(svg_of(p), "edge")
    sub = neighbourhood(store, yen, depth=1)
    svg = svg_of(sub)
    shown = {e for e in sub.edges(keys=True) if not sub.edges[e].get("reverse")}
    assert len(_groups(svg, "node")) == sub.number_of_nodes()
    assert len(_groups(svg, "edge")) == len(shown)


@needs_dot
def test_dot_escapes_quotes_and_backslashes() -> None:
    g = nx.MultiDiGraph()
    g.add_node("urn:a", label='the "yen" \\ weak', kind="variable")
    g.add_node("urn:e", label="an event", kind="event")
    g.add_edge("urn:e", "urn:a", key="urn:c", sign=-1, kind="event", claim="urn:c", quote='"q"\\')
    src = dot_source(g)
    assert '\\"yen\\" \\\\ weak' in src
    svg = svg_of(g)
    node = next(n for n in _groups(svg, "node") if n.get("id") == "node:urn:a")
    assert '"yen"' in _text(node)
    assert any('“"q"\\”' in t for e in _groups(svg, "edge") for t in _tooltips(e))


def test_graphviz_missing_is_a_typed_error(why: WhyResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    with pytest.raises(GraphvizUnavailable) as info:
        svg_of(why)
    assert info.value.status == 503 and "graphviz" in str(info.value).lower()
    # the matplotlib drawing falls back to a networkx layout
    fig = draw(why)
    assert fig.axes and len(fig.axes[0].patches) >= diagram_graph(why).number_of_edges()


def test_unknown_result_type() -> None:
    with pytest.raises(TypeError):
        diagram_graph("why?")  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", ["networkx", pytest.param("dot", marks=needs_dot)])
def test_draw(why: WhyResult, layout: str, tmp_path: Path) -> None:
    fig = draw(why, layout=layout)
    g = diagram_graph(why)
    ax = fig.axes[0]
    # a box per node and an arrow per edge; every label drawn
    assert len(ax.patches) == g.number_of_nodes() + g.number_of_edges()
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "value of the yen" in texts and "Japan's goods balance" in texts
    out = tmp_path / "why.png"
    fig.savefig(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_interactive_view(why: WhyResult) -> None:
    pytest.importorskip("ipysigma")  # the notebooks' widget: a test extra
    widget = interactive(why)
    assert type(widget).__name__ == "Sigma"
    g = diagram_graph(why)
    assert str(widget).startswith("Sigma(") and f"{g.number_of_nodes()} nodes" in str(widget)


# ------------------------------------------------------------------------- CLI
@pytest.fixture
def runner(store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    def _open(path: Any) -> OxigraphStore:
        return store

    monkeypatch.setattr(cli, "_open", _open)
    return CliRunner()


@needs_dot
@pytest.mark.parametrize(
    ("command", "question"),
    [
        ("why", "why did Japan's trade deficit widen in 2022?"),
        ("whatif", "what if the yen falls?"),
        ("loops", "which feedback loops involve the dollar?"),
    ],
)
def test_cli_svg_writes_a_file(
    runner: CliRunner, tmp_path: Path, command: str, question: str
) -> None:
    out = tmp_path / f"{command}.svg"
    res = runner.invoke(cli.app, [command, question, "--svg", str(out)])
    assert res.exit_code == 0, res.output
    root = ET.fromstring(out.read_bytes())  # noqa: S314 - our own dot output
    assert root.tag == f"{SVG}svg"
    assert _groups(out.read_bytes(), "edge")


def test_cli_svg_without_graphviz_exits_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    res = runner.invoke(cli.app, ["why", "why did the yen fall?", "--svg", str(tmp_path / "x")])
    assert res.exit_code == 2


def test_cli_export(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "yen.gexf"
    res = runner.invoke(
        cli.app, ["export", "--around", "value of the yen", "--depth", "1", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert nx.read_gexf(out).number_of_nodes() > 1
    res = runner.invoke(
        cli.app,
        [
            "export",
            "-f",
            "cytoscape-json",
            "--around",
            "value of the yen",
            "--depth",
            "0",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["format"] == "cytoscape-json"
    assert len(json.loads(summary["data"])["elements"]["nodes"]) == 1
    res = runner.invoke(
        cli.app, ["export", "-f", "turtle", "--around", "value of the yen", "--depth", "0"]
    )
    assert res.exit_code == 0 and "@prefix tk:" in res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--around", "the moon"],
        ["export", "-f", "xlsx"],
        ["export", "-o", "graph.txt"],
        ["export", "--depth", "-1"],
        ["why"],
    ],
)
def test_cli_bad_input_exits_2(runner: CliRunner, args: list[str]) -> None:
    assert runner.invoke(cli.app, args).exit_code == 2


def test_cli_help_shows_an_example_per_command() -> None:
    res = CliRunner().invoke(cli.app, ["--help"], terminal_width=200)
    assert res.exit_code == 0
    names = [
        c.name or (c.callback.__name__ if c.callback else "") for c in cli.app.registered_commands
    ]
    assert "export" in names
    for name in names:
        assert f"tradekg {name}" in res.stdout, name
        sub = CliRunner().invoke(cli.app, [name, "--help"], terminal_width=200)
        assert "Example: tradekg " + name in sub.stdout, name
