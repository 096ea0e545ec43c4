"""What the graph holds, counted one way everywhere: the build, ``/health``, ``/claims``, ``/``.

A *claim* is a causal claim or an event shock. It is **stated** when a claim file says it
(it quotes the source) and **derived** when a rule instantiated a general mechanism for an
economy. Stated claims are **general** mechanisms (stated for a role pattern such as "a
fuel importer"), **events** (an event shock) or **specific** (about named economies).
Accounting **identities** and their per-economy **identity instances**, and the
**observations** (figures), are counted apart: they are not claims.
"""

from __future__ import annotations

from typing import Any, TypedDict

from kg.store import Store
from ontology.keys import TK

__all__ = ["CLAIM_COUNTS_QUERY", "ClaimCounts", "claim_category", "count_graph", "describe"]

_QB_OBSERVATION = "http://purl.org/linked-data/cube#Observation"


class ClaimCounts(TypedDict):
    """The breakdown; ``claims == stated + derived`` and
    ``stated == specific + general + events``."""

    claims: int
    stated: int
    specific: int
    general: int
    events: int
    derived: int
    identities: int
    identity_instances: int
    observations: int


def claim_category(*, derived: bool, general: bool, event: bool) -> str:
    """The one category of a claim: derived, general, events or specific.

    >>> claim_category(derived=True, general=False, event=False)
    'derived'
    >>> claim_category(derived=False, general=False, event=True)
    'events'
    """
    if derived:
        return "derived"
    if general:
        return "general"
    if event:
        return "events"
    return "specific"


# Each claim once, with the flags claim_category needs; the counts are summed in Python so
# that the same function classifies a claim here and in /claims.
# OPTIONAL and BIND rather than BIND(EXISTS …): the same answer, and Virtuoso (a remote
# store) cannot aggregate EXISTS. A flag is unbound when false.
CLAIM_COUNTS_QUERY = f"""
SELECT ?c (MAX(?d) AS ?derived) (MAX(?g) AS ?general) (MAX(?e) AS ?event) WHERE {{
  {{ ?c a <{TK}CausalClaim> }} UNION {{ ?c a <{TK}EventShock> BIND(true AS ?e) }}
  OPTIONAL {{ {{ ?c a <{TK}MechanismInstance> }} UNION {{ ?c <{TK}instanceOf> ?i }}
             BIND(true AS ?d) }}
  OPTIONAL {{ ?c a <{TK}GeneralMechanism> BIND(true AS ?g) }}
}} GROUP BY ?c"""

_OTHERS = f"""
SELECT
  (COUNT(DISTINCT ?i) AS ?identities) (COUNT(DISTINCT ?ii) AS ?instances)
  (COUNT(DISTINCT ?o) AS ?observations)
WHERE {{
  {{ ?i a <{TK}Identity> FILTER NOT EXISTS {{ ?i a <{TK}IdentityInstance> }} }}
  UNION {{ ?ii a <{TK}IdentityInstance> }}
  UNION {{ ?o a <{_QB_OBSERVATION}> }}
}}"""


def _flag(value: Any) -> bool:
    # true, or 1 where a server (Virtuoso) aggregates booleans as integers
    return value is True or str(value).lower() in ("true", "1")


def count_graph(store: Store) -> ClaimCounts:
    """Count what ``store`` holds, over all its graphs.

    >>> from kg.store import OxigraphStore
    >>> s = OxigraphStore()
    >>> s.update('INSERT DATA { <urn:a> a tk:CausalClaim . <urn:b> a tk:CausalClaim , '
    ...          'tk:MechanismInstance . <urn:e> a tk:EventShock }')
    >>> c = count_graph(s)
    >>> (c["claims"], c["stated"], c["specific"], c["events"], c["derived"])
    (3, 2, 1, 1, 1)
    """
    out = {"specific": 0, "general": 0, "events": 0, "derived": 0}
    for row in store.select(CLAIM_COUNTS_QUERY):
        out[
            claim_category(
                derived=_flag(row.get("derived")),
                general=_flag(row.get("general")),
                event=_flag(row.get("event")),
            )
        ] += 1
    others = (store.select(_OTHERS) or [{}])[0]
    stated = out["specific"] + out["general"] + out["events"]
    return ClaimCounts(
        claims=stated + out["derived"],
        stated=stated,
        specific=out["specific"],
        general=out["general"],
        events=out["events"],
        derived=out["derived"],
        identities=int(others.get("identities", 0)),
        identity_instances=int(others.get("instances", 0)),
        observations=int(others.get("observations", 0)),
    )


def describe(c: ClaimCounts) -> str:
    """One line a person reads, the same in the build output and on the landing page.

    >>> c = ClaimCounts(claims=5, stated=3, specific=1, general=1, events=1, derived=2,
    ...                 identities=1, identity_instances=2, observations=4)
    >>> for part in describe(c).split("; "): print(part)
    5 claims: 3 stated (1 specific, 1 general mechanisms, 1 event shocks) + 2 derived instances
    1 identities (+2 instances)
    4 observations
    """
    return (
        f"{c['claims']} claims: {c['stated']} stated ({c['specific']} specific, "
        f"{c['general']} general mechanisms, {c['events']} event shocks) + {c['derived']} "
        f"derived instances; {c['identities']} identities (+{c['identity_instances']} "
        f"instances); {c['observations']} observations"
    )
