"""Presentation of results, one package for the CLI, the API and notebooks.

Text (:mod:`~rules.present.text`), HTML (:mod:`~rules.present.html`), diagrams
(:mod:`~rules.present.diagrams`: Graphviz SVG, matplotlib, ipysigma), one colour
palette (:mod:`~rules.present.palette`), and cutting a ranked result to a limit
(:mod:`~rules.present.limits`). The results (:mod:`rules.results`) know nothing of
rendering; in a notebook, importing this package makes them display as HTML.

>>> from rules.results import ResolvedQuery, WhyResult
>>> print(render(WhyResult(result_code="NO_PATHS", query=ResolvedQuery(intent="why"))))
NO_PATHS
query: intent=why
<BLANKLINE>
"""

from __future__ import annotations

import sys

from rules.present import palette
from rules.present.diagrams import (
    DiagramError,
    GraphvizUnavailable,
    diagram_graph,
    dot_available,
    draw,
    interactive,
    svg_of,
    write_svg,
)
from rules.present.html import Fragment, html_of, query_table, shorten, to_html
from rules.present.limits import RANKED, limited, ranked_items
from rules.present.text import render
from rules.results import (
    Chain,
    ContradictionsResult,
    Effect,
    Explanation,
    Loop,
    LoopsResult,
    PathsResult,
    PremiseCheck,
    Step,
    WhatIfResult,
    WhyResult,
)

__all__ = [
    "RANKED",
    "DiagramError",
    "Fragment",
    "GraphvizUnavailable",
    "diagram_graph",
    "dot_available",
    "draw",
    "enable_notebook_display",
    "html_of",
    "interactive",
    "limited",
    "palette",
    "query_table",
    "ranked_items",
    "render",
    "shorten",
    "svg_of",
    "to_html",
    "write_svg",
]

# The types html_of renders; others fall back to their text repr in a notebook.
_DISPLAYED = (
    WhyResult,
    WhatIfResult,
    LoopsResult,
    PathsResult,
    ContradictionsResult,
    Explanation,
    Chain,
    Effect,
    Loop,
    Step,
    PremiseCheck,
)


def enable_notebook_display() -> bool:
    """Show results as HTML in the running IPython (Jupyter) session; False outside one.

    Registered with IPython's display formatter rather than as a method of the results,
    so that :mod:`rules.results` stays free of rendering code.
    """
    ipython = sys.modules.get("IPython")  # never imported here: it takes half a second
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    for cls in _DISPLAYED:
        formatter.for_type(cls, html_of)
    return True


enable_notebook_display()
