"""The store interface and its pyoxigraph implementation (on disk or in memory)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = [
    "OxigraphStore",
    "SparqlStore",
    "Store",
    "default_store_path",
    "is_endpoint",
    "open_any",
    "open_store",
    "term_value",
]

PREFIXES = """PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX tkd: <https://w3id.org/tradekg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@runtime_checkable
class Store(Protocol):
    """What the rest of tradekg needs of a store; a remote SPARQL 1.1 server can implement it.

    ``select`` returns rows of python values (str for IRIs and plain literals, int/float
    for numeric literals); ``query`` returns the engine's native result for the endpoint.
    """

    def select(self, sparql: str) -> list[dict[str, Any]]: ...
    def ask(self, sparql: str) -> bool: ...
    def update(self, sparql: str) -> None: ...
    def update_raw(self, sparql: str) -> None:
        """Run a complete SPARQL Update (its own prefixes) as one atomic operation."""
        ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...
    def count(self) -> int: ...
    def graphs(self) -> list[str]: ...
    @property
    def generation(self) -> str: ...


def term_value(term: Any) -> Any:
    """A pyoxigraph term as a python value (IRI -> str, numeric literal -> int/float)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def default_store_path() -> Path:
    """``$TRADEKG_STORE``, else ``./.tradekg/store``."""
    return Path(os.environ.get("TRADEKG_STORE", ".tradekg/store"))


class OxigraphStore:
    """A pyoxigraph store. ``path=None`` keeps it in memory.

    >>> s = OxigraphStore()
    >>> s.update('INSERT DATA { <urn:a> <urn:b> "c" }')
    >>> s.select('SELECT ?o WHERE { <urn:a> <urn:b> ?o }')
    [{'o': 'c'}]
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store at {self.path}: {exc}",
                             fix="check the path, or stop the process holding the store") from exc
        self._generation = 0

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for the SPARQL endpoint)."""
        return self._store

    @property
    def generation(self) -> str:
        """Changes whenever the store's content changes through this object."""
        return f"{id(self)}:{self._generation}"

    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run a SPARQL query (tradekg's prefixes are added); return pyoxigraph's result."""
        try:
            return self._store.query(PREFIXES + sparql, **kwargs)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc

    def select(self, sparql: str) -> list[dict[str, Any]]:
        res = self.query(sparql, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: term_value(sol[n]) for n in names if sol[n] is not None} for sol in res]

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql, use_default_graph_as_union=True))

    def construct(self, sparql: str) -> list[ox.Triple]:
        return list(self.query(sparql, use_default_graph_as_union=True))

    def update(self, sparql: str) -> None:
        try:
            self._store.update(PREFIXES + sparql)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL Update syntax error: {exc}") from exc
        self._generation += 1

    def update_raw(self, sparql: str) -> None:
        """Run a complete SPARQL Update (its own prefixes) as one atomic operation."""
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL Update syntax error: {exc}") from exc
        self._generation += 1

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._store.bulk_extend(quads)
        self._generation += 1

    def touch(self) -> None:
        """Mark the content as changed (after writing through ``native``): caches keyed on
        :attr:`generation` (projections, observations) rebuild."""
        self._generation += 1

    def clear_graph(self, graph: str) -> None:
        g = ox.NamedNode(graph)
        if g in set(self._store.named_graphs()):
            self._store.clear_graph(g)
            self._generation += 1

    def count(self) -> int:
        return len(self._store)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def dump(self, *, format: ox.RdfFormat = ox.RdfFormat.N_QUADS,
             graphs: Sequence[str] | None = None) -> bytes:
        if graphs is None:
            out = self._store.dump(format=format)
        else:
            out = b"".join(self._store.dump(format=format, from_graph=ox.NamedNode(g)) or b""
                           for g in graphs)
        return out if isinstance(out, bytes) else b""

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def to_rdflib(self) -> Any:
        """The whole store as an ``rdflib.Dataset`` (for notebooks and rdflib tools).

        >>> OxigraphStore().to_rdflib().__class__.__name__
        'Dataset'
        """
        import rdflib

        ds = rdflib.Dataset()
        data = self._store.dump(format=ox.RdfFormat.N_QUADS)
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> OxigraphStore:
    """Open the store at ``path`` (default: :func:`default_store_path`)."""
    return OxigraphStore(path if path is not None else default_store_path(), read_only=read_only)


def is_endpoint(location: str | Path | None) -> bool:
    """Whether ``location`` names a SPARQL endpoint (http:// or https://) and not a path."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


class SparqlStore:
    """A remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

    ``query_url`` is the SPARQL query endpoint; ``update_url`` the SPARQL Update endpoint
    (default: ``query_url`` with a final ``/query`` replaced by ``/update``); quads are
    sent as N-Quads to ``store_url`` (Graph Store Protocol, Oxigraph's ``/store``; default
    derived the same way) or, where there is none, as ``INSERT DATA``. Queries ask for the
    union of the named graphs as the default graph (``union-default-graph``, as the
    embedded store does); start Oxigraph with ``--union-default-graph`` for other clients.

    The generation counts writes made through this object; writes by other clients are
    not seen (restart the server process, or call :meth:`touch`).
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 300.0,
        union_default_graph: bool = True,
    ) -> None:
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        self.query_url = query_url
        self.update_url = update_url or (f"{base}/update" if base else query_url)
        self.store_url = store_url or (f"{base}/store" if base else None)
        self.timeout = timeout
        self.union_default_graph = union_default_graph
        self._generation = 0

    # ------------------------------------------------------------------ http
    def _post(self, url: str, body: bytes, content_type: str, accept: str = "*/*") -> bytes:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(  # noqa: S310 - the URL is the configured endpoint
            url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                return bytes(resp.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"SPARQL endpoint {url} answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {exc}",
                fix="check the URL and that the server is running",
            ) from exc

    def _results(self, sparql: str) -> dict[str, Any]:
        import json
        import urllib.parse

        params = {"query": PREFIXES + sparql}
        if self.union_default_graph:
            params["union-default-graph"] = ""
        body = urllib.parse.urlencode(params).encode("utf-8")
        raw = self._post(
            self.query_url,
            body,
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
        )
        return dict(json.loads(raw))

    @staticmethod
    def _value(binding: dict[str, Any]) -> Any:
        """A SPARQL JSON term as the python value the embedded store gives."""
        kind = binding["type"]
        if kind == "uri":
            return binding["value"]
        if kind == "bnode":
            return "_:" + binding["value"]
        dt = binding.get("datatype")
        if dt:
            return term_value(ox.Literal(binding["value"], datatype=ox.NamedNode(dt)))
        return binding["value"]

    # ------------------------------------------------------------------ Store protocol
    @property
    def generation(self) -> str:
        return f"{id(self)}:{self._generation}"

    def touch(self) -> None:
        self._generation += 1

    def select(self, sparql: str) -> list[dict[str, Any]]:
        res = self._results(sparql)
        return [{k: self._value(v) for k, v in row.items()} for row in res["results"]["bindings"]]

    def ask(self, sparql: str) -> bool:
        return bool(self._results(sparql).get("boolean"))

    def update(self, sparql: str) -> None:
        self.update_raw(PREFIXES + sparql)

    def update_raw(self, sparql: str) -> None:
        import urllib.parse

        body = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self._post(self.update_url, body, "application/x-www-form-urlencoded")
        self._generation += 1

    def add_quads(self, quads: Iterable[ox.Quad], batch: int = 200_000) -> None:
        chunk: list[ox.Quad] = []
        for q in quads:
            chunk.append(q)
            if len(chunk) >= batch:
                self._send(chunk)
                chunk = []
        if chunk:
            self._send(chunk)
        self._generation += 1

    def _send(self, quads: list[ox.Quad]) -> None:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        if self.store_url:
            self._post(self.store_url, data, "application/n-quads")
        else:
            self.update_raw("INSERT DATA {\n" + _as_trig_body(quads) + "\n}")

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"])

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows)

    def clear_graph(self, graph: str) -> None:
        self.update_raw(f"CLEAR SILENT GRAPH <{graph}>")

    def flush(self) -> None:
        """Nothing to flush: the server persists each request."""


def _as_trig_body(quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = str(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}" if g else body)
    return "\n".join(parts)


def open_any(
    location: str | Path | None = None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
) -> OxigraphStore | SparqlStore:
    """An embedded store at a path, or a :class:`SparqlStore` when ``location`` (or
    ``$TRADEKG_STORE``) is an ``http(s)://`` SPARQL query endpoint."""
    loc = location if location is not None else os.environ.get("TRADEKG_STORE")
    if is_endpoint(loc):
        return SparqlStore(str(loc), update_url=update_url or os.environ.get("TRADEKG_UPDATE_URL"))
    return open_store(location, read_only=read_only)
