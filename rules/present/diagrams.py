"""Diagrams of results: Graphviz SVG for the CLI and the API, matplotlib drawings for notebooks.

Nodes are variables (filled by the way they move: green up, red down, amber ambiguous)
and events (blue); edges are claims, green for + (same direction) and red for −
(opposite), dashed for accounting identities, labelled with sign and claim id, and the
quote as tooltip. SVG needs Graphviz's ``dot`` (Debian package ``graphviz``); the
matplotlib drawing uses ``dot`` for the layout when it is there and networkx otherwise.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("a", "b", key="c", sign=-1, kind="causal", claim="c", quote="q")
'c'
>>> "->" in dot_source(g)
True
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import networkx as nx
import pydot

from rules.errors import RulesError
from rules.present.palette import EVENT_FILL, FILL, GREEN, RED, sign_colour
from rules.results import (
    Chain,
    Effect,
    Explanation,
    Loop,
    LoopsResult,
    PathsResult,
    Step,
    WhatIfResult,
    WhyResult,
)

__all__ = [
    "MAX_WIDTH_PX",
    "DiagramError",
    "GraphvizUnavailable",
    "diagram_graph",
    "dot_available",
    "dot_graph",
    "dot_source",
    "draw",
    "interactive",
    "svg_of",
    "svg_width_pt",
    "write_svg",
]

ARROW = {"increase": "↑ rises", "decrease": "↓ falls", "ambiguous": "↕ ambiguous"}
_TIMEOUT = 60
_WRAP = 24

Diagrammable = (
    WhyResult | WhatIfResult | LoopsResult | PathsResult | Explanation | Chain | Effect | Loop
)


class DiagramError(RulesError):
    """Graphviz failed to lay out a diagram (the DOT source it was given is in the log)."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "diagram_failed"


class GraphvizUnavailable(DiagramError):
    """Graphviz's ``dot`` is not installed (Debian: ``apt-get install graphviz``)."""

    status: ClassVar[int] = 503
    code: ClassVar[str] = "graphviz_unavailable"


def dot_available() -> bool:
    """True when Graphviz's ``dot`` is on the PATH."""
    return shutil.which("dot") is not None


# ------------------------------------------------------------------ result -> graph
def _claim_id(claim: str) -> str:
    for marker in ("/claim/", "/identity/", "/id/"):
        if marker in claim:
            return claim.split(marker, 1)[1]
    return claim.rstrip("/").rsplit("/", 1)[-1]


def _add_node(g: nx.MultiDiGraph, iri: str, label: str, kind: str, change: str | None) -> None:
    if iri not in g:
        g.add_node(iri, label=label, kind=kind, change=change, role=None)
        return
    d = g.nodes[iri]
    if kind == "event":
        d["kind"] = "event"
    if change and d.get("change") not in (None, change):
        d["change"] = "ambiguous"
    elif change:
        d["change"] = change


def _add_steps(g: nx.MultiDiGraph, steps: Iterable[Step], *, changes: bool = True) -> None:
    for s in steps:
        ckind = "event" if s.kind == "event" else "variable"
        _add_node(g, s.cause.iri, s.cause.label, ckind, s.cause.change if changes else None)
        _add_node(g, s.effect.iri, s.effect.label, "variable", s.effect.change if changes else None)
        if g.has_edge(s.cause.iri, s.effect.iri, key=s.claim):
            continue
        g.add_edge(
            s.cause.iri,
            s.effect.iri,
            key=s.claim,
            sign=s.sign,
            kind=s.kind,
            claim=s.claim,
            claims=tuple(s.claims),
            quote=s.quote,
            section=s.source.section,
            horizon=s.horizon,
            conditions="; ".join(f"{c.condition}: {c.status}" for c in s.conditions),
        )


def diagram_graph(result: Diagrammable | nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The nodes and edges a diagram of ``result`` shows, as a networkx MultiDiGraph.

    Node attributes: ``label``, ``kind`` (variable/event), ``change`` (increase,
    decrease, ambiguous or None), ``role`` (target, shock or None). Edge attributes:
    ``sign``, ``kind``, ``claim``, ``quote``, ``section``, ``horizon``, ``conditions``.
    A projection subgraph (``rules.projection(store).graph`` or a part of it) is
    accepted as it is. Raises TypeError for anything else.
    """
    g = nx.MultiDiGraph()
    if isinstance(result, nx.MultiDiGraph):
        return _from_projection(result)
    if isinstance(result, WhyResult):
        for e in result.explanations:
            _add_steps(g, e.steps)
        if result.query.variable and result.query.variable in g:
            g.nodes[result.query.variable]["role"] = "target"
        g.graph["title"] = _title(
            "why", result.query.variable_label, result.query.change, result.query.period
        )
    elif isinstance(result, WhatIfResult):
        for eff in result.effects:
            _add_steps(g, (s for c in eff.chains + eff.competing for s in c.steps), changes=False)
        for eff in result.effects:
            if eff.variable.iri in g:
                g.nodes[eff.variable.iri]["change"] = eff.direction
        src = result.query.variable
        if src and src in g:
            g.nodes[src]["role"] = "shock"
            g.nodes[src]["change"] = result.query.change
        g.graph["title"] = _title("what if", result.query.variable_label, result.query.change)
    elif isinstance(result, LoopsResult):
        for lp in result.loops:
            _add_steps(g, lp.steps, changes=False)
        g.graph["title"] = f"feedback loops ({len(result.loops)})" + (
            f" involving {result.query.variable_label}" if result.query.variable_label else ""
        )
    elif isinstance(result, PathsResult):
        for c in result.paths:
            _add_steps(g, c.steps)
        g.graph["title"] = f"paths ({len(result.paths)})"
    elif isinstance(result, Explanation | Chain):
        _add_steps(g, result.steps)
        g.graph["title"] = result.summary
    elif isinstance(result, Effect):
        for c in result.chains + result.competing:
            _add_steps(g, c.steps)  # a node the chains move both ways comes out ambiguous
        if result.variable.iri in g:
            g.nodes[result.variable.iri]["change"] = result.direction
            g.nodes[result.variable.iri]["role"] = "target"
        g.graph["title"] = f"{result.variable.label}: {result.direction}"
    elif isinstance(result, Loop):
        _add_steps(g, result.steps, changes=False)
        g.graph["title"] = f"{result.polarity} loop"
    else:
        raise TypeError(f"cannot draw {type(result).__name__}")
    return g


def _from_projection(src: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph.update(src.graph)
    for n, d in src.nodes(data=True):
        g.add_node(
            n,
            label=str(d.get("label", n)),
            kind=d.get("kind", "variable"),
            change=d.get("change"),
            role=d.get("role"),
        )
    for u, v, k, d in src.edges(keys=True, data=True):
        if d.get("reverse"):
            continue  # the backward edge of an equality only closes loops
        conds = d.get("conditions") or ()
        g.add_edge(
            u,
            v,
            key=k,
            sign=int(d.get("sign", 1)),
            kind=d.get("kind", "causal"),
            claim=str(d.get("claim", k)),
            quote=str(d.get("quote", "")),
            section=str(d.get("section", "")),
            horizon=d.get("horizon", "any"),
            conditions=conds
            if isinstance(conds, str)
            else "; ".join(f"{c[0]}: {c[1]}" for c in conds),
        )
    return g


def _title(kind: str, label: str | None, change: str | None, period: str | None = None) -> str:
    words = {"increase": "rises", "decrease": "falls"}
    out = f"{kind}: {label or '?'}"
    if change:
        out += f" {words.get(change, change)}"
    if period:
        out += f" ({period})"
    return out


# ------------------------------------------------------------------ graph -> DOT / SVG
def _esc(text: str) -> str:
    r"""Text as a Graphviz escString (pydot adds the quotes): backslashes kept, lines as \n.

    >>> _esc("a\\b\nc")
    'a\\\\b\\nc'
    """
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _wrap(text: str, width: int = _WRAP) -> str:
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _node_text(d: dict[str, Any]) -> str:
    text = _wrap(str(d.get("label", "")))
    change = d.get("change")
    if change in ARROW:
        text += "\n" + ARROW[change]
    return text


def dot_graph(
    result: Diagrammable | nx.MultiDiGraph, *, rankdir: str = "LR", max_width: float | None = None
) -> pydot.Dot:
    """The Graphviz graph (a ``pydot.Dot``) of a diagram of ``result``.

    Node ``n<i>`` is the i-th node of :func:`diagram_graph`; edge ids read
    ``edge:<i>:<claim>``. ``max_width`` (inches): Graphviz scales the drawing down to fit.
    """
    g = diagram_graph(result)
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    dot = pydot.Dot(
        "tradekg",
        graph_type="digraph",
        rankdir=rankdir,
        fontname="Helvetica",
        fontsize="11",
        labelloc="t",
        nodesep="0.25",
        ranksep="0.5",
        label=_esc(str(g.graph.get("title", ""))),
    )
    if max_width:
        dot.set("size", f"{max_width:.2f},1000")
    dot.set_node_defaults(
        shape="box",
        style="rounded,filled",
        fontname="Helvetica",
        fontsize="10",
        color="#8c959f",
        margin="0.12,0.06",
    )
    dot.set_edge_defaults(fontname="Helvetica", fontsize="8", arrowsize="0.7")
    for n, d in g.nodes(data=True):
        event = d.get("kind") == "event"
        attrs: dict[str, Any] = {
            "label": _esc(_node_text(d)),
            "tooltip": _esc(f"{d.get('label', n)}\n{n}"),
            "fillcolor": EVENT_FILL if event else FILL.get(d.get("change"), "#ffffff"),
            "id": _esc(f"node:{n}"),
            "class": "event" if event else "variable",
        }
        if event:
            attrs["shape"] = "note"
        if d.get("role") == "target":
            attrs |= {"penwidth": "2.4", "color": "#24292f"}
        elif d.get("role") == "shock":
            attrs |= {"peripheries": "2", "color": "#24292f"}
        dot.add_node(pydot.Node(ids[n], **attrs))
    for i, (u, v, _k, d) in enumerate(g.edges(keys=True, data=True)):
        sign = int(d.get("sign", 1))
        colour = sign_colour(sign)
        claim = _claim_id(str(d.get("claim", "")))
        tip = f"“{d.get('quote', '')}” — {d.get('section', '')} [{claim}]"
        if d.get("conditions"):
            tip += f" (if {d['conditions']})"
        attrs = {  # same type as the node's
            "color": colour,
            "fontcolor": colour,
            "label": _esc(_edge_label(d)),
            "tooltip": _esc(tip),
            "labeltooltip": _esc(tip),
            "id": _esc(f"edge:{i}:{claim}"),
            "class": f"{d.get('kind', 'causal')} {'positive' if sign > 0 else 'negative'}",
            "penwidth": "1.6",
        }
        if d.get("kind") == "identity":
            attrs["style"] = "dashed"
        dot.add_edge(pydot.Edge(ids[u], ids[v], **attrs))
    return dot


def dot_source(
    result: Diagrammable | nx.MultiDiGraph, *, rankdir: str = "LR", max_width: float | None = None
) -> str:
    """The Graphviz DOT text of a diagram of ``result`` (see :func:`dot_graph`)."""
    return str(dot_graph(result, rankdir=rankdir, max_width=max_width).to_string())


def _dot(source: str, fmt: str) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizUnavailable(
            "Graphviz's dot is not installed: apt-get install graphviz (Debian/Ubuntu)"
        )
    try:
        # a fixed executable and fixed arguments; the DOT text goes in on stdin
        proc = subprocess.run(  # noqa: S603
            [exe, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(f"dot took longer than {_TIMEOUT} s") from exc
    if proc.returncode != 0:
        raise DiagramError(f"dot failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


# A 1400 px browser window, less scroll bar and margins; SVG sizes are in points (4/3 px).
MAX_WIDTH_PX = 1360
_MAX_WIDTH_PT = MAX_WIDTH_PX * 3 / 4


def svg_width_pt(svg: bytes) -> float:
    """The width of an SVG that Graphviz wrote, in points.

    >>> svg_width_pt(b'<svg width="1100pt" height="131pt"')
    1100.0
    """
    m = re.search(rb'<svg[^>]*\swidth="([0-9.]+)pt"', svg)
    if m is None:
        raise DiagramError("dot wrote an SVG without a width in points")
    return float(m.group(1))


def svg_of(result: Diagrammable | nx.MultiDiGraph) -> bytes:
    """The diagram of ``result`` as SVG bytes (for ``Accept: image/svg+xml``), at most
    ``MAX_WIDTH_PX`` wide: left to right when that fits, else top to bottom (a long
    chain), else the narrower of the two scaled down to fit.

    Raises GraphvizUnavailable without ``dot``, DiagramError if ``dot`` fails, and
    TypeError for a result type that has no diagram.
    """
    best: tuple[float, str] | None = None
    for rankdir in ("LR", "TB"):
        svg = _dot(dot_source(result, rankdir=rankdir), "svg")
        width = svg_width_pt(svg)
        if width <= _MAX_WIDTH_PT:
            return svg
        if best is None or width < best[0]:
            best = (width, rankdir)
    assert best is not None  # noqa: S101 - the loop ran
    return _dot(dot_source(result, rankdir=best[1], max_width=_MAX_WIDTH_PT / 72), "svg")


def write_svg(result: Diagrammable | nx.MultiDiGraph, path: str | Path) -> Path:
    """Write :func:`svg_of` to ``path`` and return the path."""
    p = Path(path)
    p.write_bytes(svg_of(result))
    return p


# ------------------------------------------------------------------ matplotlib
class _Layout:
    """Node boxes and edge splines (inches) of a drawing, from dot or from networkx."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.nodes: dict[Any, tuple[float, float, float, float]] = {}
        # per edge (u, v, key): spline control points, label text and label position
        self.edges: dict[tuple[Any, Any, Any], tuple[list[tuple[float, float]], str, Any]] = {}


def _edge_label(d: dict[str, Any]) -> str:
    sign = int(d.get("sign", 1))
    label = f"{'+' if sign > 0 else '−'} {_wrap(_claim_id(str(d.get('claim', ''))), 22)}"
    if d.get("horizon") not in (None, "any"):
        label += f"\n({d['horizon']} run)"
    return label


def _points(value: object) -> list[tuple[float, float]]:
    """Graphviz points ("x,y x,y …", in points) as inches; an arrowhead's "e,x,y" is left out.

    >>> _points('"e,144,0 72,72 108,36"')
    [(1.0, 1.0), (1.5, 0.5)]
    """
    out = []
    for part in str(value or "").strip('"').replace("\\\n", "").split():
        if part.startswith(("e,", "s,")):
            continue
        x, y = part.split(",")[:2]
        out.append((float(x) / 72, float(y) / 72))
    return out


def _dot_layout(g: nx.MultiDiGraph) -> _Layout:
    """The layout Graphviz gives (the same as the SVG's), read back through pydot."""
    ids = {f"n{i}": n for i, n in enumerate(g.nodes)}
    edges = list(g.edges(keys=True))
    laid = pydot.graph_from_dot_data(_dot(dot_source(g), "dot").decode("utf-8"))
    if not laid:
        raise DiagramError("dot gave a layout pydot cannot read")
    graph = laid[0]
    bb = next((n.get("bb") for n in graph.get_node("graph") if n.get("bb")), None)
    if bb is None:
        raise DiagramError("dot gave a layout without a bounding box")
    _x0, _y0, x1, y1 = (float(v) / 72 for v in str(bb).strip('"').split(","))
    out = _Layout(x1, y1)
    for node in graph.get_nodes():
        name = node.get_name().strip('"')
        if name in ids and node.get("pos"):
            ((x, y),) = _points(node.get("pos"))
            out.nodes[ids[name]] = (
                x,
                y,
                float(str(node.get("width")).strip('"')),
                float(str(node.get("height")).strip('"')),
            )
    for edge in graph.get_edges():
        # dot_graph numbers the edges in the order of diagram_graph: edge:<i>:<claim>
        m = re.match(r'"?edge:(\d+):', str(edge.get("id") or ""))
        if m is None or int(m.group(1)) >= len(edges):
            continue
        key = edges[int(m.group(1))]
        lp = _points(edge.get("lp")) if edge.get("lp") else []
        out.edges[key] = (
            _points(edge.get("pos")),
            _edge_label(g.edges[key]),
            lp[0] if lp else None,
        )
    return out


def _nx_layout(g: nx.MultiDiGraph) -> _Layout:
    """A layered (acyclic) or force-directed layout when Graphviz is missing."""
    if nx.is_directed_acyclic_graph(g) and len(g):
        layer = {n: i for i, gen in enumerate(nx.topological_generations(g)) for n in gen}
        h = nx.DiGraph()
        h.add_nodes_from((n, {"layer": layer[n]}) for n in g.nodes)
        raw = nx.multipartite_layout(h, subset_key="layer", align="vertical")
        depth = max(layer.values()) + 1
        tallest = max(list(layer.values()).count(i) for i in range(depth))
        w, hgt = 2.8 * depth, 0.85 * tallest + 0.8
    else:
        raw = nx.kamada_kawai_layout(nx.Graph(g)) if len(g) > 2 else nx.circular_layout(g)
        w = hgt = max(4.0, 2.2 * len(g) ** 0.5)
    xs = [float(p[0]) for p in raw.values()] or [0.0]
    ys = [float(p[1]) for p in raw.values()] or [0.0]
    sx = (max(xs) - min(xs)) or 1.0
    sy = (max(ys) - min(ys)) or 1.0
    out = _Layout(w, hgt)
    for n, p in raw.items():
        lines = _node_text(g.nodes[n]).count("\n") + 1
        out.nodes[n] = (
            1.2 + (float(p[0]) - min(xs)) / sx * (w - 2.4),
            0.5 + (float(p[1]) - min(ys)) / sy * (hgt - 1.0),
            2.0,
            0.18 * lines + 0.12,
        )
    for u, v, k, d in g.edges(keys=True, data=True):
        a, b = out.nodes[u][:2], out.nodes[v][:2]
        a = _clip([b, a], out.nodes[u])  # leave the source box where the line crosses it
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        out.edges[(u, v, k)] = ([a, b], "+" if int(d.get("sign", 1)) > 0 else "−", mid)
    return out


def _clip(
    points: list[tuple[float, float]], box: tuple[float, float, float, float]
) -> tuple[float, float]:
    """The point where the segment from ``points[-2]`` to the box centre meets the box."""
    (x0, y0), (x, y, w, h) = points[-2], box
    dx, dy = x - x0, y - y0
    ts = []
    if dx:
        ts.append(abs((w / 2) / dx))
    if dy:
        ts.append(abs((h / 2) / dy))
    t = min(ts) if ts else 0.0
    return (x - dx * t, y - dy * t)


def draw(
    result: Diagrammable | nx.MultiDiGraph,
    *,
    ax: Any = None,
    layout: str = "auto",
    scale: float = 1.0,
) -> Any:
    """Draw a diagram of ``result`` with matplotlib and return the Figure.

    For notebooks: the figure is saved in the notebook as a PNG, so the picture shows
    wherever the notebook is read. ``layout`` is "dot" (Graphviz's layout, the same as
    the SVG's), "networkx" or "auto" (dot if installed). ``scale`` enlarges or shrinks
    the figure; pass ``ax`` to draw into existing axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MPath

    g = diagram_graph(result)
    use_dot = layout == "dot" or (layout == "auto" and dot_available())
    lay = _dot_layout(g) if use_dot else _nx_layout(g)
    title = str(g.graph.get("title", ""))
    if ax is None:
        fig = plt.figure(figsize=(max(3.0, lay.width * scale), (lay.height + 0.5) * scale))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    else:
        fig = ax.figure
    ax.set_axis_off()
    ax.set_xlim(-0.05, lay.width + 0.05)
    ax.set_ylim(-0.05, lay.height + 0.45)
    font = 8.5 * scale
    for n, d in g.nodes(data=True):
        x, y, w, h = lay.nodes[n]
        event = d.get("kind") == "event"
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=EVENT_FILL if event else FILL.get(d.get("change"), "#ffffff"),
                edgecolor="#24292f" if d.get("role") else "#8c959f",
                linewidth=2.2 if d.get("role") else 0.8,
                zorder=3,
            )
        )
        ax.text(x, y, _node_text(d), ha="center", va="center", fontsize=font, zorder=4)
    for (u, v, k), (points, label, lpos) in lay.edges.items():
        d = g.edges[u, v, k]
        sign = int(d.get("sign", 1))
        colour = GREEN if sign > 0 else RED
        pts = [*points[:-1], _clip(points, lay.nodes[v])] if len(points) >= 2 else points
        codes = [MPath.MOVETO] + [
            MPath.CURVE4 if use_dot and len(pts) % 3 == 1 else MPath.LINETO
        ] * (len(pts) - 1)
        ax.add_patch(
            FancyArrowPatch(
                path=MPath(pts, codes),
                arrowstyle="-|>",
                mutation_scale=9 * scale,
                color=colour,
                linewidth=1.2,
                linestyle="--" if d.get("kind") == "identity" else "-",
                zorder=2,
            )
        )
        if lpos is not None:
            ax.text(
                lpos[0],
                lpos[1],
                label,
                color=colour,
                fontsize=6.5 * scale,
                ha="center",
                va="center",
                zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.05",
                    "facecolor": "white",
                    "edgecolor": "none",
                    "alpha": 0.8,
                },
            )
    if title:
        ax.text(
            lay.width / 2, lay.height + 0.22, title, ha="center", va="center", fontsize=10 * scale
        )
    return fig


def interactive(result: Diagrammable | nx.MultiDiGraph, *, height: int = 500) -> Any:
    """An interactive view (an ipysigma widget) of a result or a projection subgraph.

    Same colours as the SVG; the layout is dot's when Graphviz is there. Hover a node or
    an edge for its label; an edge's label is its sign, claim and quote. Needs the
    ``ipysigma`` package (raises ImportError without it); in a saved notebook a widget
    shows only where widgets run, so pair it with :func:`draw`.
    """
    from ipysigma import Sigma

    g = diagram_graph(result)
    lay = _dot_layout(g) if dot_available() else _nx_layout(g)
    view = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        event = d.get("kind") == "event"
        view.add_node(
            str(n),
            label=str(d.get("label", n)) + (f" ({d['change']})" if d.get("change") else ""),
            color=EVENT_FILL if event else FILL.get(d.get("change"), "#ffffff"),
            border="#24292f" if d.get("role") else "#8c959f",
            kind=str(d.get("kind", "variable")),
        )
    for u, v, k, d in g.edges(keys=True, data=True):
        sign = int(d.get("sign", 1))
        view.add_edge(
            str(u),
            str(v),
            key=str(k),
            color=GREEN if sign > 0 else RED,
            label=f"{_edge_label(d)}: “{d.get('quote', '')}”".replace("\n", " "),
            kind=str(d.get("kind", "causal")),
        )
    positions = {str(n): {"x": x, "y": y} for n, (x, y, _w, _h) in lay.nodes.items()}
    return Sigma(
        view,
        height=height,
        layout=positions,
        raw_node_color="color",
        raw_node_border_color="border",
        default_node_border_size=2,
        raw_edge_color="color",
        node_label="label",
        edge_label="label",
        default_edge_type="arrow",
        default_node_size=8,
        show_all_labels=True,
        clickable_edges=True,
    )
