"""Moved to :mod:`rules.present.diagrams`; this name is kept so that existing imports work."""

from rules.present.diagrams import (
    MAX_WIDTH_PX,
    DiagramError,
    GraphvizUnavailable,
    diagram_graph,
    dot_available,
    dot_source,
    draw,
    interactive,
    svg_of,
    svg_width_pt,
    write_svg,
)

__all__ = [
    "MAX_WIDTH_PX",
    "DiagramError",
    "GraphvizUnavailable",
    "diagram_graph",
    "dot_available",
    "dot_source",
    "draw",
    "interactive",
    "svg_of",
    "svg_width_pt",
    "write_svg",
]
