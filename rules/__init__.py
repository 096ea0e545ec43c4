"""tradekg rules layer: OWL classification, SPARQL rules, projection and causal queries.

>>> from rules import ask  # ask(store, "why did Japan's trade deficit widen?")
"""

from rules.contradictions import contradictions
from rules.named import loops, paths, premise, whatif, why
from rules.present import render
from rules.projection import Projection, projection
from rules.questions import ask, parse_question
from rules.resolve import resolve

__all__ = [
    "Projection",
    "__version__",
    "ask",
    "contradictions",
    "loops",
    "parse_question",
    "paths",
    "premise",
    "projection",
    "render",
    "resolve",
    "whatif",
    "why",
]

__version__ = "0.1.0"
