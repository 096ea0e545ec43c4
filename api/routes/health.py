"""``/health``: is the server up, which build it serves, and what the graph holds."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter
from pydantic import BaseModel, Field

import rules
from api.deps import SettingsDep, StoreDep
from kg.build import build_info
from kg.counts import count_graph
from kg.errors import KGError
from kg.store import LiveStore, OxigraphStore, SparqlStore
from ontology.keys import TK

__all__ = ["BuildInfo", "Counts", "Health", "counts_of", "router"]

router = APIRouter(tags=["health"])

ONTOLOGY_IRI = TK.rstrip("#")
_VERSION = (
    f"SELECT ?v WHERE {{ <{ONTOLOGY_IRI}> <http://www.w3.org/2002/07/owl#versionInfo> ?v }} LIMIT 1"
)


class Counts(BaseModel):
    """What the graph holds, as kg.counts defines it (the build and /claims say the same)."""

    claims: int = Field(description="Causal claims and event shocks: stated + derived.")
    stated: int = Field(
        description="Claims a claim file states, each quoting the source: "
        "specific + general + events."
    )
    specific: int = Field(description="Stated claims about named economies.")
    general: int = Field(
        description="Stated general mechanisms (for a role such as 'a fuel importer')."
    )
    events: int = Field(description="Stated event shocks.")
    derived: int = Field(
        description="Instances of general mechanisms derived by the rules, "
        "one per economy that plays the role."
    )
    identities: int = Field(description="Accounting identities stated (not claims).")
    identity_instances: int = Field(description="Identity instances derived per economy.")
    observations: int = Field(description="Observations (figures from the source).")


class BuildInfo(BaseModel):
    """The build the store comes from (its marker written by `tradekg build`)."""

    id: str = Field(description="A fresh id per build; changes when the store is rebuilt.")
    built_at: str = Field(description="When the build finished (UTC, ISO 8601).")
    seconds: float | None = Field(default=None, description="How long the build took.")
    reasoner: str | None = Field(default=None, description="hermit, or owlrl without Java.")


class Health(BaseModel):
    """The state of the server and its store."""

    status: str = Field(
        "ok",
        description="'ok', or 'degraded' when the store cannot take "
        "writes (e.g. the disk is full); reads still work.",
    )
    reason: str | None = Field(None, description="Why the status is degraded.")
    store_generation: str | None = Field(
        None,
        description="Token of the on-disk generation served; changes when the server "
        "switches to a new build.",
    )
    triples: int = Field(description="Quads in the store, all graphs.")
    claims: int = Field(description="Claims (stated + derived), as counts.claims.")
    counts: Counts = Field(description="The breakdown of what the graph holds.")
    build: BuildInfo | None = Field(
        default=None,
        description="The build served; null for a store no build made "
        "(--no-bundled, in memory) or one built before build ids.",
    )
    ontology_version: str = Field(description="owl:versionInfo of the ontology, or 'unknown'.")
    rules_version: str = Field(description="rules.__version__, or 'unknown'.")
    bundled: bool = Field(
        description="Whether the bundled graph is served (build graphs "
        "read-only); false with --no-bundled."
    )
    update_enabled: bool = Field(description="Whether /update is on (a token is configured).")


def _first(store: Any, query: str) -> str | None:
    """The lexical value of the first binding of the first row of a SELECT over the union."""
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QuerySolutions):
        for row in result:
            term = row[0]
            return term.value if isinstance(term, ox.Literal) else None
    return None


_cache: dict[str, Counts] = {}
_cache_lock = threading.Lock()


def counts_of(store: OxigraphStore) -> Counts:
    """The counts of ``store``, computed once per store generation."""
    gen = store.generation
    with _cache_lock:
        hit = _cache.get(gen)
    if hit is None:
        hit = Counts.model_validate(count_graph(store))
        with _cache_lock:
            _cache.clear()
            _cache[gen] = hit
    return hit


def _build(store: OxigraphStore) -> BuildInfo | None:
    if isinstance(store, SparqlStore):  # its build marker is a graph on the server
        info = store.build_info()
    else:
        info = build_info(store.path) if store.path is not None else None
    if not info or not info.get("build_id"):
        return None
    extra = info.get("extra")
    reasoner = extra.get("reasoner") if isinstance(extra, dict) else None
    seconds = info.get("seconds")
    return BuildInfo(
        id=str(info["build_id"]),
        built_at=str(info.get("built_at", "")),
        seconds=float(seconds) if isinstance(seconds, int | float) else None,
        reasoner=str(reasoner) if reasoner is not None else None,
    )


@router.get("/health", summary="Server and store status")
def health(store: StoreDep, settings: SettingsDep) -> Health:
    """Store size, the build served, the counts, and the versions of the ontology and rules.

    A store that cannot take writes (e.g. a full disk) reports 'degraded' with the reason;
    each call retries the failed write, so recovery needs no restart."""
    if isinstance(store, LiveStore):
        with contextlib.suppress(KGError, OSError):  # a failed retry keeps 'degraded'
            store.poll()
    degraded = getattr(store, "degraded", None)
    native = store.native
    counts = counts_of(store)
    v = _first(native, _VERSION)
    return Health(
        status="degraded" if degraded else "ok",
        reason=degraded,
        store_generation=store.token,
        triples=len(native),
        claims=counts.claims,
        counts=counts,
        build=_build(store),
        ontology_version=v if v is not None else "unknown",
        rules_version=str(getattr(rules, "__version__", "unknown")),
        bundled=not settings.no_bundled,
        update_enabled=settings.token() is not None,
    )
