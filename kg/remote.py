"""HTTP to a remote SPARQL 1.1 server, and a pyoxigraph-like facade over it for the API layer.

:class:`kg.store.SparqlStore` is the store; :class:`RemoteNative` is what its ``native``
gives, so that code written against ``pyoxigraph.Store`` (the HTTP routes: /health,
/id, /store, the projection's index reads) runs unchanged on a server. Results come
back as real pyoxigraph objects (``QuerySolutions``, ``QueryBoolean``, ``QueryTriples``),
parsed from the server's standard result formats.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import RemoteStoreError, StoreUnavailable

if TYPE_CHECKING:
    from kg.store import SparqlStore

__all__ = [
    "ACCEPT_ANY",
    "RemoteNative",
    "accept_for",
    "http_post",
    "parse_result",
    "prologue",
    "term_sparql",
]

# Solutions as SPARQL JSON (every server writes it), graphs as N-Triples, else what it has.
ACCEPT_ANY = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5, application/rdf+xml;q=0.4, */*;q=0.1"
)
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


def http_post(
    url: str,
    body: bytes,
    content_type: str,
    *,
    accept: str = "*/*",
    timeout: float,
    max_bytes: int | None = None,
) -> tuple[str, bytes]:
    """POST ``body`` to ``url``; return the answer's media type and body.

    Raises StoreUnavailable (naming the URL) when the server cannot be reached or does not
    answer within ``timeout`` seconds, RemoteStoreError with the server's status and
    message when it answers an error, and RemoteStoreError (status 413) when the answer
    is longer than ``max_bytes``.
    """
    req = urllib.request.Request(  # noqa: S310 - the URL is the configured endpoint
        url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(req, timeout=max(timeout, 0.001)) as resp:  # noqa: S310
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            data = resp.read() if max_bytes is None else resp.read(max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:
                raise RemoteStoreError(
                    f"the SPARQL endpoint {url} sent more than {max_bytes} bytes",
                    status=413,
                    detail=f"the result is over {max_bytes} bytes",
                )
            return ctype, bytes(data)
    except urllib.error.HTTPError as exc:
        detail = exc.read(4000).decode("utf-8", "replace").strip()
        detail = detail.split("\n\nSPARQL query:", 1)[0]  # Virtuoso echoes the whole text
        raise RemoteStoreError(
            f"the SPARQL endpoint {url} answered {exc.code}: {detail[:500]}",
            status=exc.code,
            detail=detail[:1000],
        ) from exc
    except TimeoutError as exc:
        raise StoreUnavailable(
            f"the SPARQL endpoint {url} did not answer within {timeout:.3g} s",
            fix="check that the server is running and not overloaded",
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError | socket.timeout):
            raise StoreUnavailable(
                f"the SPARQL endpoint {url} did not answer within {timeout:.3g} s",
                fix="check that the server is running and not overloaded",
            ) from exc
        raise StoreUnavailable(
            f"cannot reach the SPARQL endpoint {url}: {reason}",
            fix="check the URL and that the server is running",
        ) from exc


def _as_query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    # pyoxigraph builds QueryTriples only from a query: replay the graph through one.
    tmp = ox.Store()
    tmp.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    result = tmp.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)  # noqa: S101 - a CONSTRUCT gives triples
    return result


_BAD_LABEL = re.compile(r"[^A-Za-z0-9_]")


def _clean_json(body: bytes) -> bytes:
    """SPARQL JSON with every blank node label one pyoxigraph reads (Virtuoso writes
    ``nodeID://b123``), checked whole before anything is returned."""
    data = json.loads(body)
    for row in (data.get("results") or {}).get("bindings") or ():
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _BAD_LABEL.sub("_", term["value"])
    return json.dumps(data).encode("utf-8")


def parse_result(
    content_type: str, body: bytes
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """A server's answer to a query, as the pyoxigraph result the embedded store gives.

    Raises RemoteStoreError when the media type is none of the standard result formats
    or the body does not parse.
    """
    try:
        if content_type in _RESULT_FORMATS:
            fmt = _RESULT_FORMATS[content_type]
            if fmt == ox.QueryResultsFormat.JSON:
                body = _clean_json(body)
            return ox.parse_query_results(body, fmt)
        if content_type in _GRAPH_FORMATS:
            parsed = ox.parse(body, _GRAPH_FORMATS[content_type])
            return _as_query_triples(
                q if isinstance(q, ox.Triple) else q.triple  # type: ignore[union-attr]
                for q in parsed
            )
    except (SyntaxError, ValueError) as exc:
        raise RemoteStoreError(
            f"the SPARQL endpoint sent a {content_type} result that does not parse: {exc}",
            status=502,
        ) from exc
    raise RemoteStoreError(
        f"the SPARQL endpoint sent a result as {content_type or '(no type)'}, "
        "which is not a SPARQL result format",
        status=502,
    )


def prologue(prefixes: Mapping[str, str] | None, base_iri: str | None) -> str:
    """``BASE`` and ``PREFIX`` lines to put before a query or update sent to a server.

    A query's own PREFIX lines come after these and override them, as the embedded
    store's ``prefixes=`` argument does.
    """
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {k}: <{v}>" for k, v in (prefixes or {}).items()]
    return "\n".join(lines) + "\n" if lines else ""


_POSITION = re.compile(r"error at (\d+):(\d+): ?")
_VIRTUOSO_LINE = re.compile(r"(SPARQL compiler, line )(\d+)")
# The query form: the first keyword after the prologue (BASE, PREFIX, comments).
_FORM = re.compile(
    r"\A(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^:\s]*:\s*<[^>]*>)*(\w+)", re.IGNORECASE
)
_ACCEPT_SOLUTIONS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


def accept_for(query: str) -> str:
    """The Accept header for ``query``: solutions for SELECT/ASK, a graph format for
    CONSTRUCT/DESCRIBE (a server may otherwise write a graph as solutions, as Virtuoso
    does when SPARQL JSON is preferred)."""
    m = _FORM.match(query)
    form = m[1].upper() if m else ""
    if form in ("SELECT", "ASK"):
        return _ACCEPT_SOLUTIONS
    if form in ("CONSTRUCT", "DESCRIBE"):
        return _ACCEPT_GRAPH
    return ACCEPT_ANY


def _shifted(exc: RemoteStoreError, lines: int) -> RemoteStoreError:
    """``exc`` with an Oxigraph-style 'error at L:C' position made relative to the text the
    caller wrote (``lines`` lines of prologue were put before it)."""
    if exc.status != 400:
        return exc
    detail = exc.detail.split("\n\nSPARQL query:", 1)[0]  # Virtuoso echoes the whole text
    m = _POSITION.search(detail)
    if m is not None:
        line = max(int(m[1]) - lines, 1)
        detail = f"syntax error at line {line}, column {m[2]}: {detail[m.end() :]}"
    else:
        detail = _VIRTUOSO_LINE.sub(lambda v: f"{v[1]}{max(int(v[2]) - lines, 1)}", detail)
    return RemoteStoreError(str(exc).split("\n\nSPARQL query:", 1)[0], status=400, detail=detail)


def term_sparql(term: Any) -> str:
    """A pyoxigraph term in SPARQL syntax (blank nodes become variables: no server keeps
    the labels of another's blank nodes)."""
    if isinstance(term, ox.BlankNode):
        return f"?_b{term.value}"
    return str(term)


def _graph_names(graphs: Sequence[Any] | None) -> list[str]:
    return [g.value if isinstance(g, ox.NamedNode) else str(g) for g in graphs or ()]


class RemoteNative:
    """What ``pyoxigraph.Store`` offers the API layer, done over SPARQL 1.1 on ``store``.

    ``quads_for_pattern``, ``named_graphs`` and ``len`` read quads as the embedded store
    holds them: named graphs by ``GRAPH ?g``, and the default graph too where the
    server keeps it apart (Oxigraph, Fuseki); where the default graph is the union of
    all graphs (Virtuoso, GraphDB) only the named graphs are read.
    """

    def __init__(self, store: SparqlStore) -> None:
        self._store = store

    # ------------------------------------------------------------------ queries
    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Sequence[Any] | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run ``query`` on the server; raises SyntaxError when the server finds it malformed."""
        head = prologue(prefixes, base_iri)
        params: list[tuple[str, str]] = [("query", head + query)]
        if default_graph is not None or named_graphs is not None:
            dg = default_graph if isinstance(default_graph, list | tuple) else [default_graph]
            params += [("default-graph-uri", g) for g in _graph_names([d for d in dg if d])]
            params += [("named-graph-uri", g) for g in _graph_names(named_graphs)]
        elif use_default_graph_as_union:
            params += self._store.union_params()
        try:
            ctype, body = self._store.post_query(
                params, accept=accept_for(head + query), timeout=timeout, max_bytes=max_bytes
            )
        except RemoteStoreError as exc:
            raise _shifted(exc, head.count("\n")) from exc
        return parse_result(ctype, body)

    def update(
        self,
        update: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Run ``update`` on the server (as one request; atomic where the server makes it so)."""
        head = prologue(prefixes, base_iri)
        try:
            self._store.update_raw(head + update, timeout=timeout)
        except RemoteStoreError as exc:
            raise _shifted(exc, head.count("\n")) from exc

    def quads_for_pattern(
        self, subject: Any, predicate: Any, object: Any, graph_name: Any = None
    ) -> Iterator[ox.Quad]:
        s = term_sparql(subject) if subject is not None else "?s"
        p = term_sparql(predicate) if predicate is not None else "?p"
        o = term_sparql(object) if object is not None else "?o"
        pattern = f"{s} {p} {o}"
        if isinstance(graph_name, ox.DefaultGraph):
            if self._store.default_is_union():
                return iter(())
            where = f"{{ {pattern} }}"
        elif graph_name is not None:
            where = f"{{ GRAPH {term_sparql(graph_name)} {{ {pattern} }} }}"
        elif self._store.default_is_union():
            where = f"{{ GRAPH ?g {{ {pattern} }} }}"
        else:
            where = f"{{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
        res = self.query(f"SELECT ?s ?p ?o ?g WHERE {where}")
        assert isinstance(res, ox.QuerySolutions)  # noqa: S101 - a SELECT gives solutions
        out = []
        for sol in res:
            g = sol["g"] if sol["g"] is not None else graph_name
            out.append(
                ox.Quad(
                    sol["s"] if subject is None else subject,
                    sol["p"] if predicate is None else predicate,
                    sol["o"] if object is None else object,
                    g if g is not None else ox.DefaultGraph(),
                )
            )
        return iter(out)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return iter(ox.NamedNode(g) for g in self._store.graphs())

    def contains_named_graph(self, graph: Any) -> bool:
        return ox.NamedNode(str(graph.value)) in set(self.named_graphs())

    def __len__(self) -> int:
        return self._store.count(default_graph=True)

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    # ------------------------------------------------------------------ writes
    def add_graph(self, graph: ox.NamedNode) -> None:
        self._store.update_raw(f"CREATE SILENT GRAPH {graph}")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self._store.add_quads(quads)

    def add(self, quad: ox.Quad) -> None:
        self._store.add_quads([quad])

    def flush(self) -> None:
        """Nothing to flush: the server persists each request."""
