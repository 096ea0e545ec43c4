"""What the golden tests read off an answer: an effect by key, the quotes and claims of
its chains."""

from __future__ import annotations

from collections.abc import Sequence

from rules.results import Chain, Effect, Explanation, WhatIfResult

__all__ = ["claim_id", "claim_ids", "effect", "quotes", "uses"]


def effect(r: WhatIfResult, key: str) -> Effect:
    """The effect on the variable ``key``; fails naming the keys affected when it is absent."""
    eff = {e.variable.key: e for e in r.effects}
    assert key in eff, f"{key} not affected; got {sorted(k or '' for k in eff)}"
    return eff[key]


def quotes(chains: Sequence[Chain | Explanation]) -> str:
    """Every step's quote, joined: a test looks for the report's sentence in it."""
    return " ".join(s.quote for c in chains for s in c.steps)


def claim_id(step_claim: str) -> str:
    """The claim's id in the claim files, from a step's claim IRI (instances add a suffix)."""
    return step_claim.rsplit("/claim/", 1)[-1].split("/")[0]


def claim_ids(c: Chain | Explanation) -> list[str]:
    """The ids of the claims a chain steps through, in order."""
    return [claim_id(s.claim) for s in c.steps]


def uses(c: Chain | Explanation, claim: str) -> bool:
    """True when the chain steps through the claim with this id."""
    return claim in claim_ids(c)
