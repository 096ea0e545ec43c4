"""The store interface and its pyoxigraph implementation (on disk or in memory)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = [
    "OxigraphStore",
    "Store",
    "default_store_path",
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
# The same prefixes as a mapping: handed to the parser rather than prepended to the text,
# so a syntax error's line and column are those of the query the caller wrote.
PREFIX_MAP: dict[str, str] = {
    line.split()[1].rstrip(":"): line.split()[2].strip("<>") for line in PREFIXES.splitlines()
}


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


def _where(exc: SyntaxError) -> str:
    """The parser's message with its position as 'at line L, column C'.

    >>> _where(SyntaxError("error at 2:17: expected one of ABS, AVG"))
    'at line 2, column 17: expected one of ABS, AVG'
    """
    m = re.match(r"error at (\d+):(\d+): ?", str(exc))
    if m is None:
        return f": {exc}"
    return f"at line {m[1]}, column {m[2]}: {str(exc)[m.end():]}"


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
            return self._store.query(sparql, prefixes=PREFIX_MAP, **kwargs)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error {_where(exc)}") from exc

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
            self._store.update(sparql, prefixes=PREFIX_MAP)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL Update syntax error {_where(exc)}") from exc
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
