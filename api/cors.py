"""CORS for the API: off unless origins are configured, so a notebook page elsewhere can query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

__all__ = ["add_cors", "cors_options"]

# What the SPARQL, Graph Store and JSON endpoints use; Authorization carries the update token.
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]
HEADERS = ["Accept", "Authorization", "Content-Type"]


def add_cors(app: FastAPI, origins: Sequence[str]) -> None:
    """Answer preflights and add ``Access-Control-Allow-Origin`` for ``origins`` (``*`` = any).

    No credentials mode: the update token travels in ``Authorization``, which a preflight
    allows explicitly, so cookies are never needed.
    """
    app.add_middleware(CORSMiddleware, **cors_options(origins))


def cors_options(origins: Sequence[str]) -> dict[str, Any]:
    """The CORSMiddleware arguments of :func:`add_cors` (a reader process wraps its own
    SPARQL answers with the same)."""
    return {
        "allow_origins": list(origins),
        "allow_methods": METHODS,
        "allow_headers": HEADERS,
        "expose_headers": ["Location", "Content-Type", "Vary"],
        "allow_credentials": False,
        "max_age": 600,
    }
