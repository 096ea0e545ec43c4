"""Guards on SPARQL text: remote fetches (SERVICE, LOAD) and writes to build graphs.

pyoxigraph follows ``SERVICE`` and ``LOAD`` over HTTP and has no switch to stop it,
so the text is scanned before it reaches the engine. The scanner is deliberately
conservative: it strips strings, IRIs and comments the way the SPARQL grammar
does and then treats any bare word SERVICE or LOAD as the keyword, even where
the engine might read it as part of a name. A false alarm is a clear 400; a miss
would be a request to an arbitrary host. FROM / FROM NAMED / USING / WITH and the
protocol's graph IRIs name local graphs only; pyoxigraph never dereferences them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from api.errors import MalformedQuery, ReadOnlyGraph, RemoteAccessRefused

__all__ = [
    "Scan",
    "check_remote",
    "check_update_graphs",
    "is_allowed",
    "scan",
]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<run>(?:[\w.:%\-\u00B7]|\\[_~.\-!$&'()*+,;=/?\#@%])+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # iri, var, word, pname, other
    text: str


@dataclass
class Scan:
    """What the scanner found: remote targets (None = not a constant IRI) and dataset clauses."""

    service: list[str | None] = field(default_factory=list)
    load: list[str | None] = field(default_factory=list)
    has_from: bool = False


def _tokens(text: str) -> Iterable[_Tok]:
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment", "string", "lang"):
            continue
        value = m.group()
        if kind == "iri":
            yield _Tok("iri", value[1:-1])
        elif kind == "var":
            yield _Tok("var", value)
        elif kind == "run":
            # Split at dots: "?o.SERVICE<x>" is a triple's end and then a keyword.
            for piece in value.split("."):
                if not piece:
                    continue
                head, colon, _ = piece.partition(":")
                if colon and head.upper() in ("SERVICE", "LOAD", "FROM"):
                    # "SERVICE:x" is read by the engine as SERVICE followed by ":x".
                    yield _Tok("word", head)
                    yield _Tok("pname", piece[len(head):])
                elif colon:
                    yield _Tok("pname", piece)
                else:
                    yield _Tok("word", piece)
        else:
            yield _Tok("other", value)


def scan(text: str, *, prefixes: Mapping[str, str] | None = None) -> Scan:
    """Find the SERVICE and LOAD targets and whether there is a FROM clause.

    >>> s = scan('SELECT * FROM <urn:g> { SERVICE <http://x/s> { ?a ?b "SERVICE <y>" } }')
    >>> s.service, s.has_from
    (['http://x/s'], True)
    >>> scan("LOAD SILENT ex:f", prefixes={"ex": "http://x/"}).load
    ['http://x/f']
    """
    toks = list(_tokens(text))
    ns: dict[str, str] = dict(prefixes or {})
    base: str | None = None
    out = Scan()

    def resolve(tok: _Tok | None) -> str | None:
        if tok is None:
            return None
        if tok.kind == "iri":
            return urljoin(base, tok.text) if base else tok.text
        if tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefix in ns:
                return ns[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    i = 0
    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word == "PREFIX":
            # The name may have been split ("service:" -> word + ":"), so join up to the IRI.
            j = i + 1
            while j < len(toks) and j <= i + 3 and toks[j].kind != "iri":
                j += 1
            if j < len(toks) and toks[j].kind == "iri":
                name = "".join(t.text for t in toks[i + 1:j])
                iri = resolve(toks[j])
                if name.endswith(":") and iri is not None:
                    ns[name[:-1]] = iri
                i = j + 1
                continue
        if word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = resolve(nxt)
            i += 2
            continue
        if word in ("SERVICE", "LOAD"):
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
                j += 1
            target = resolve(toks[j] if j < len(toks) else None)
            (out.service if word == "SERVICE" else out.load).append(target)
        elif word == "FROM":
            out.has_from = True
        i += 1
    return out


def is_allowed(iri: str, allow: Sequence[str]) -> bool:
    """True when the allow-list names ``iri`` exactly, or by a prefix entry ending in ``*``.

    >>> is_allowed("http://a/sparql", ["http://a/*"]), is_allowed("http://b/", ["http://a/"])
    (True, False)
    """
    for entry in allow:
        if entry.endswith("*"):
            if iri.startswith(entry[:-1]):
                return True
        elif iri == entry:
            return True
    return False


def check_remote(found: Scan, allow: Sequence[str]) -> None:
    """Raise RemoteAccessRefused unless every SERVICE and LOAD target is allow-listed."""
    for keyword, targets in (("SERVICE", found.service), ("LOAD", found.load)):
        for target in targets:
            if target is None:
                raise RemoteAccessRefused(
                    f"{keyword} needs a constant IRI here (a variable or unresolvable name "
                    "could reach any host); this server makes no outbound requests unless "
                    "TRADEKG_ALLOW_REMOTE names the endpoint")
            if not is_allowed(target, allow):
                raise RemoteAccessRefused(
                    f"{keyword} <{target}> refused: this server makes no outbound requests "
                    "(SSRF guard); an operator can allow an endpoint with TRADEKG_ALLOW_REMOTE")


# --- updates: which graphs would change -------------------------------------------------

def _read_only(graph: str) -> ReadOnlyGraph:
    return ReadOnlyGraph(
        f"graph <{graph}> is built from the claim files and is read-only over HTTP: edit "
        "kg/claims/*.yaml and run `tradekg build`; write your own data to another named "
        "graph (it survives rebuilds)")


def _all_graphs(what: str) -> ReadOnlyGraph:
    return ReadOnlyGraph(
        f"{what} could change graphs built from the claim files, which are read-only over "
        "HTTP: name the graph to change with a constant IRI outside "
        "https://w3id.org/tradekg/graph/; to change claims, edit kg/claims/*.yaml and run "
        "`tradekg build`")


_UNANALYSABLE = ("the update parses, but the guard that keeps claim-built graphs read-only "
                 "cannot analyse it (rdflib's parser says: ")


def _parse_update(text: str, prefixes: Mapping[str, str]) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        return translateUpdate(parseUpdate(text), initNs=dict(prefixes))
    except ParseException as exc:
        raise MalformedQuery(_UNANALYSABLE + str(exc) + ")") from exc
    except Exception as exc:  # rdflib raises bare Exception, e.g. for an unknown prefix
        raise MalformedQuery(_UNANALYSABLE + str(exc) + ")") from exc


def _field(value: Any, key: str) -> Any:
    # rdflib's CompValue.get returns the key itself when it is missing; ask the dict.
    return dict.get(value, key)


def check_update_graphs(text: str, *, is_protected: Callable[[str], bool],
                        protected_exist: bool, prefixes: Mapping[str, str]) -> None:
    """Raise ReadOnlyGraph if the update could write to a graph ``is_protected`` names.

    Templates with ``GRAPH ?g`` and ``CLEAR/DROP ALL|NAMED`` are refused while any
    protected graph exists, since they could reach one. Raises MalformedQuery when
    the update cannot be parsed for analysis.
    """
    from rdflib.term import URIRef, Variable

    def target(term: Any, what: str) -> None:
        if isinstance(term, Variable):
            if protected_exist:
                raise _all_graphs(f"{what} with GRAPH ?{term}")
        elif isinstance(term, URIRef) and is_protected(str(term)):
            raise _read_only(str(term))

    def templates(clause: Any, default: Any, what: str) -> None:
        if clause is None:
            return
        for g in (_field(clause, "quads") or {}):
            target(g, what)
        if _field(clause, "triples") and default is not None:
            target(default, what)

    for op in _parse_update(text, prefixes).algebra:
        name = op.name
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            templates(op, None, name)
        elif name == "Modify":
            with_graph = _field(op, "withClause")
            templates(_field(op, "delete"), with_graph, "DELETE")
            templates(_field(op, "insert"), with_graph, "INSERT")
        elif name in ("Clear", "Drop", "Create", "Load"):
            g = _field(op, "graphiri")
            if g in ("ALL", "NAMED"):
                if protected_exist:
                    raise _all_graphs(f"{name.upper()} {g}")
            elif g is not None and g != "DEFAULT":
                target(g, name.upper())
        elif name in ("Add", "Copy", "Move"):
            source, dest = _field(op, "graph")
            target(dest, name.upper())
            if name == "Move":
                target(source, "MOVE")
