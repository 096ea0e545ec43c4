"""SPARQL results written row by row, checking the row cap and timeout before a byte is sent.

pyoxigraph's own serialisers consume the result in Rust, with no hook to count rows
or to stop at a deadline; these writers produce the same bytes (a test compares them)
and raise instead of truncating.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from api.errors import NotAcceptable, QueryTimeout, ResultTooLarge
from api.protocol.negotiate import Format

__all__ = [
    "Limits",
    "Term",
    "serialize_boolean",
    "serialize_graph",
    "serialize_native",
    "serialize_solutions",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+\Z")
_TSV_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"})
_CHECK_EVERY = 256


@dataclass(frozen=True)
class Limits:
    """How many rows a result may have, and the monotonic time by which it must be written."""

    row_cap: int
    deadline: float
    timeout: float

    def rows(self, items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``items``; raise ResultTooLarge past the cap, QueryTimeout past the deadline."""
        for n, item in enumerate(items, 1):
            if n > self.row_cap:
                raise ResultTooLarge(
                    f"the result has more than {self.row_cap} rows (the server's row cap); "
                    "add LIMIT/OFFSET to page through it, or narrow the query"
                )
            if n % _CHECK_EVERY == 0:
                self.check_time()
            yield item
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeout(
                f"the query ran longer than {self.timeout:g} s (the server's "
                "query timeout); narrow it or add LIMIT"
            )


# --- SPARQL 1.1 Query Results JSON -------------------------------------------------------


def _json_term(t: Term) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
            if t.direction is not None:
                out["its:dir"] = str(t.direction)
        elif t.datatype.value != _XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(t.subject),
            "predicate": _json_term(t.predicate),
            "object": _json_term(t.object),
        },
    }


def _write_json(variables: list[str], rows: Iterable[tuple[Term | None, ...]]) -> bytes:
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- SPARQL Query Results XML ------------------------------------------------------------


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _xml_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{_esc(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{_esc(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            attrs = f' xml:lang="{_esc(t.language)}"'
            if t.direction is not None:
                attrs += (
                    f' its:dir="{t.direction}" xmlns:its="http://www.w3.org/2005/11/its"'
                    ' its:version="2.0"'
                )
        elif t.datatype.value != _XSD_STRING:
            attrs = f' datatype="{_esc(t.datatype.value)}"'
        else:
            attrs = ""
        return f"<literal{attrs}>{_esc(t.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(t.subject)}</subject>"
        f"<predicate>{_xml_term(t.predicate)}</predicate>"
        f"<object>{_xml_term(t.object)}</object></triple>"
    )


def _write_xml(variables: list[str], rows: Iterable[tuple[Term | None, ...]]) -> bytes:
    parts = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts.extend(f'<variable name="{_esc(v)}"/>' for v in variables)
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        parts.extend(
            f'<binding name="{_esc(v)}">{_xml_term(t)}</binding>'
            for v, t in zip(variables, row, strict=True)
            if t is not None
        )
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode("utf-8")


# --- SPARQL 1.1 Query Results CSV and TSV ------------------------------------------------


def _csv_value(t: Term) -> str:
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return f"{_csv_value(t.subject)} {_csv_value(t.predicate)} {_csv_value(t.object)}"
    return t.value


def _csv_field(t: Term | None) -> str:
    if t is None:
        return ""
    v = _csv_value(t)
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def _write_csv(variables: list[str], rows: Iterable[tuple[Term | None, ...]]) -> bytes:
    lines = [",".join(variables)]
    lines.extend(",".join(_csv_field(t) for t in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_quote(text: str) -> str:
    return '"' + text.translate(_TSV_ESCAPES) + '"'


def _tsv_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return f"<<( {_tsv_term(t.subject)} {_tsv_term(t.predicate)} {_tsv_term(t.object)} )>>"
    if t.language:
        direction = f"--{t.direction}" if t.direction is not None else ""
        return f"{_tsv_quote(t.value)}@{t.language}{direction}"
    dt = t.datatype.value
    # Turtle's short forms, where the lexical form allows them.
    if (
        (dt == XSD + "integer" and _INTEGER.match(t.value))
        or (dt == XSD + "decimal" and _DECIMAL.match(t.value))
        or (dt == XSD + "double" and _DOUBLE.match(t.value))
        or (dt == XSD + "boolean" and t.value in ("true", "false"))
    ):
        return t.value
    if dt == _XSD_STRING:
        return _tsv_quote(t.value)
    return f"{_tsv_quote(t.value)}^^<{dt}>"


def _write_tsv(variables: list[str], rows: Iterable[tuple[Term | None, ...]]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else _tsv_term(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
_NATIVE_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def serialize_solutions(result: ox.QuerySolutions, fmt: Format, limits: Limits) -> bytes:
    """Write a SELECT result in ``fmt`` (a SOLUTION_FORMATS entry), within ``limits``.

    Raises ResultTooLarge or QueryTimeout before anything is returned.
    """
    variables = [v.value for v in result.variables]
    rows: list[tuple[Term | None, ...]] = [tuple(sol) for sol in limits.rows(result)]
    body = _WRITERS[fmt.name](variables, rows)
    limits.check_time()
    return body


def serialize_native(result: ox.QuerySolutions, fmt: Format) -> bytes:
    """Write a SELECT result with pyoxigraph's own writer: no row cap, no deadline checks.

    For results already bounded (a LIMIT under the row cap) in a process that is killed
    at its deadline.
    """
    out = result.serialize(format=_NATIVE_FORMATS[fmt.name])
    return out if isinstance(out, bytes) else b""


def serialize_boolean(result: ox.QueryBoolean, fmt: Format) -> bytes:
    """Write an ASK result in ``fmt``."""
    out = result.serialize(format=_NATIVE_FORMATS[fmt.name])
    return out if isinstance(out, bytes) else b""


def serialize_graph(
    result: ox.QueryTriples | list[ox.Triple],
    fmt: Format,
    limits: Limits,
    *,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """Write a CONSTRUCT/DESCRIBE result in ``fmt`` (a GRAPH_FORMATS entry), within ``limits``.

    Raises NotAcceptable when ``fmt`` cannot carry the result (JSON-LD and triple terms).
    """
    triples = list(limits.rows(result))
    try:
        out = ox.serialize(
            triples, format=fmt.rdf, prefixes=prefixes if fmt.name == "turtle" else None
        )
    except OSError as exc:  # pyoxigraph's serialisers report what they cannot write so
        raise NotAcceptable(
            f"the result cannot be written as {fmt.media_type}: {exc}; "
            "ask for text/turtle or application/n-triples"
        ) from exc
    limits.check_time()
    return out if isinstance(out, bytes) else b""
