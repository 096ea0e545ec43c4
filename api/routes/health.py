"""``/health``: is the server up, how big is the store, and which ontology and rules it runs."""

from __future__ import annotations

import contextlib
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter
from pydantic import BaseModel, Field

import rules
from api.deps import SettingsDep, StoreDep
from kg.errors import KGError
from kg.store import LiveStore
from ontology.keys import TK

__all__ = ["Health", "router"]

router = APIRouter(tags=["health"])

ONTOLOGY_IRI = TK.rstrip("#")
_CLAIMS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{TK}CausalClaim> }}"
_VERSION = (f"SELECT ?v WHERE {{ <{ONTOLOGY_IRI}> "
            "<http://www.w3.org/2002/07/owl#versionInfo> ?v } LIMIT 1")


class Health(BaseModel):
    """The state of the server and its store."""

    status: str = Field("ok", description="'ok', or 'degraded' when the store cannot take "
                                          "writes (e.g. the disk is full); reads still work.")
    reason: str | None = Field(None, description="Why the status is degraded.")
    store_generation: str | None = Field(
        None, description="Token of the on-disk generation served; changes when the server "
                          "switches to a new build.")
    triples: int = Field(description="Quads in the store, all graphs.")
    claims: int = Field(description="Causal claims (instances of tk:CausalClaim), all graphs.")
    ontology_version: str = Field(description="owl:versionInfo of the ontology, or 'unknown'.")
    rules_version: str = Field(description="rules.__version__, or 'unknown'.")
    bundled: bool = Field(description="Whether the bundled graph is served (build graphs "
                                      "read-only); false with --no-bundled.")
    update_enabled: bool = Field(description="Whether /update is on (a token is configured).")


def _first(store: Any, query: str) -> str | None:
    """The lexical value of the first binding of the first row of a SELECT over the union."""
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QuerySolutions):
        for row in result:
            term = row[0]
            return term.value if isinstance(term, ox.Literal) else None
    return None


@router.get("/health", summary="Server and store status")
def health(store: StoreDep, settings: SettingsDep) -> Health:
    """Store size, claim count, and the versions of the ontology and of the rules."""
    if isinstance(store, LiveStore):
        with contextlib.suppress(KGError, OSError):  # a failed retry keeps 'degraded'
            store.poll()  # retries a write after a full disk: recovery needs no restart
    degraded = getattr(store, "degraded", None)
    native = store.native
    n = _first(native, _CLAIMS)
    v = _first(native, _VERSION)
    return Health(status="degraded" if degraded else "ok", reason=degraded,
                  store_generation=store.token, triples=len(native),
                  claims=int(n) if n is not None else 0,
                  ontology_version=v if v is not None else "unknown",
                  rules_version=str(getattr(rules, "__version__", "unknown")),
                  bundled=not settings.no_bundled, update_enabled=settings.token() is not None)
