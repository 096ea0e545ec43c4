"""FastAPI dependencies of the routers: the store, the settings, and the SPARQL query runner."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from api.protocol.runner import QueryRunner
from api.settings import Settings
from kg.store import OxigraphStore

__all__ = ["RunnerDep", "SettingsDep", "StoreDep", "get_runner", "get_settings", "get_store"]


async def get_settings(request: Request) -> Settings:
    # async, so FastAPI calls it on the event loop instead of hopping to a thread per request.
    return cast(Settings, request.app.state.settings)


async def get_store(request: Request) -> OxigraphStore:
    return cast(OxigraphStore, request.app.state.store)


async def get_runner(request: Request) -> QueryRunner:
    return cast(QueryRunner, request.app.state.runner)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[OxigraphStore, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
