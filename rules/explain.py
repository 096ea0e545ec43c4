"""Compatibility re-exports: the causal queries now live one module per concept.

The semantics are written down in docs/propagation.md; the search core is in
rules/chains.py, net effects in rules/net.py, one module per query (why, whatif, paths,
loops, contradictions, premise).
"""

from __future__ import annotations

from rules.args import _check_horizon, _key_fields, _resolve_variable, _sign_of
from rules.assemble import _as_chain, _explanation, _steps, _summary, _term
from rules.chains import (
    CONDITIONAL_FACTOR,
    LENGTH_DECAY,
    MAX_CHAINS,
    MAX_DEPTH,
    Dom,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Edge,
    _Filter,
    _prefer_causal,
    _score,
)
from rules.contradictions import contradictions
from rules.loops import loops
from rules.net import _net, _root_net
from rules.observations import Obs, Observations, observations, parse_period
from rules.paths import paths
from rules.premise import premise
from rules.whatif import whatif
from rules.why import OUTWEIGHED_FACTOR, why

__all__ = [
    "CONDITIONAL_FACTOR",
    "LENGTH_DECAY",
    "MAX_CHAINS",
    "MAX_DEPTH",
    "OUTWEIGHED_FACTOR",
    "Dom",
    "Obs",
    "Observations",
    "_Chain",
    "_Edge",
    "_Filter",
    "_as_chain",
    "_chain_from",
    "_check_horizon",
    "_drop_elaborated",
    "_explanation",
    "_key_fields",
    "_net",
    "_prefer_causal",
    "_resolve_variable",
    "_root_net",
    "_score",
    "_sign_of",
    "_steps",
    "_summary",
    "_term",
    "contradictions",
    "loops",
    "observations",
    "parse_period",
    "paths",
    "premise",
    "whatif",
    "why",
]
