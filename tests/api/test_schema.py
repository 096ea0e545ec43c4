"""schemathesis over the OpenAPI schema of a running server: whatever it sends, never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

TOKEN = "schema-token"  # noqa: S105 - a throwaway server's


@schemathesis.serializer("application/sparql-query", "application/sparql-update")
def _sparql_text(ctx: object, value: object) -> bytes:
    """The SPARQL media types carry the query or update as UTF-8 text."""
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")


@pytest.fixture(scope="module")
def api_schema(start, store_factory, tmp_path_factory):  # type: ignore[no-untyped-def]
    built = store_factory(tmp_path_factory.mktemp("schema") / "store")
    srv = start(
        built.path,
        tmp_path_factory.mktemp("schema-log") / "server.log",
        TRADEKG_UPDATE_TOKEN=TOKEN,
        TRADEKG_QUERY_TIMEOUT="5",
    )
    return schemathesis.openapi.from_url(f"{srv.base}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.path == "/update" else None
    # A schema-valid string is rarely valid SPARQL, so 400s are expected: the checks are that
    # nothing is a 5xx, and that every status, content type and JSON body is as documented.
    # the checks are of statuses and bodies, not of latency (bench/ measures speed): a
    # generous timeout keeps a first question, answered while the server still warms its
    # tables on a busy machine, from failing as a dropped connection
    case.call_and_validate(
        headers=headers,
        timeout=60,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
