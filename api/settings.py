"""The one settings class of the HTTP layer, read from TRADEKG_* environment variables or flags."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Server settings. Every field can be set as ``TRADEKG_<NAME>`` (e.g. ``TRADEKG_PORT=8080``).

    >>> Settings(port=9000, allow_remote="http://a/sparql, http://b/*").allow_remote
    ('http://a/sparql', 'http://b/*')
    """

    model_config = SettingsConfigDict(env_prefix="TRADEKG_", extra="ignore")

    host: str = Field(default="127.0.0.1", description="Interface to bind.")
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port.")
    store: str | None = Field(
        default=None,
        description="Store directory, default $TRADEKG_STORE, else ./.tradekg/store; or the "
        "URL of a SPARQL 1.1 query endpoint (http://host:7878/query) to serve a remote store.",
    )
    update_url: str | None = Field(
        default=None,
        description="With an endpoint store: its SPARQL Update endpoint (default: the query "
        "URL with /query replaced by /update, else the query URL itself).",
    )
    no_bundled: bool = Field(
        default=False,
        description="Serve the store as it is, without building the bundled graph; every "
        "graph is then writable through /update.",
    )
    update_token: SecretStr | None = Field(
        default=None, description="Bearer token for /update; unset = SPARQL Update is off."
    )
    query_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a query may run (503 after)."
    )
    row_cap: int = Field(
        default=100_000, ge=1, description="Most rows or triples a result may have (413 after)."
    )
    allow_remote: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Endpoints SERVICE and LOAD may reach (comma-separated; a trailing * "
        "matches a prefix). Empty = the server never makes outbound requests.",
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Origins a web page may call the API from (comma-separated; * = any). "
        "Empty = no CORS headers, so browsers keep other origins out.",
    )
    query_workers: int = Field(
        default=4,
        ge=1,
        description="Queries that may run at once (worker processes for "
        "/sparql, in each HTTP process; thread slots for /update and each explanation "
        "endpoint); more wait.",
    )
    http_workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="HTTP processes on the port (api.fleet): one owns the store and answers "
        "everything, the others answer SPARQL queries and forward the rest to it. Default: "
        "one per core, at most 8; always 1 for an in-memory or remote store. Each process "
        "has its own query workers.",
    )
    queue_limit: int = Field(
        default=64,
        ge=0,
        description="Requests that may wait for a worker; past it, 503 with Retry-After.",
    )
    queue_wait: float = Field(
        default=5.0, ge=0, description="Seconds a request may wait for a worker (503 after)."
    )
    worker_memory_mb: int = Field(
        default=2048,
        ge=1024,
        description="Address-space cap of each query worker process "
        "(RLIMIT_AS); a query past it is stopped with 503. A worker with the store open "
        "already maps about 500 MB.",
    )
    access_log: bool = Field(
        default=True,
        description="Log a line per request (uvicorn's access log); off saves about a "
        "tenth of a small query's cost.",
    )
    max_query_bytes: int = Field(
        default=1_000_000, ge=1, description="Longest query accepted (400 after)."
    )
    max_update_bytes: int = Field(
        default=64_000_000, ge=1, description="Longest update accepted (400 after)."
    )
    max_nesting: int = Field(
        default=128,
        ge=1,
        le=512,
        description="Deepest bracket nesting accepted in a query "
        "or update (400 after); the engine's parser overflows its stack near 1,500.",
    )
    max_operators: int = Field(
        default=2000,
        ge=1,
        le=4000,
        description="Most operators, UNIONs, OPTIONALs, FILTERs "
        "and path steps in a query or update (400 after); the engine overflows near 8,000.",
    )

    @field_validator("allow_remote", "cors_origins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return value

    @field_validator("store", mode="before")
    @classmethod
    def _store_text(cls, value: object) -> object:
        return str(value) if isinstance(value, PurePath) else value

    @field_validator("update_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if value == "" else value

    def token(self) -> str | None:
        """The update token in clear, or None when updates are off."""
        return self.update_token.get_secret_value() if self.update_token else None
