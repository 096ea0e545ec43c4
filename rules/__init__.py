"""tradekg rules layer: OWL classification, SPARQL rules, projection and causal queries.

>>> from rules import ask  # ask(store, "why did Japan's trade deficit widen?")
"""

from rules.explain import contradictions, loops, paths, premise, whatif, why
from rules.present import render
from rules.projection import Projection, projection
from rules.questions import ask, parse_question

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
    "whatif",
    "why",
]

__version__ = "0.1.0"
