"""The search core shared by why, whatif, paths and loops: bounded best-first k-best chains.

One algorithm, documented in docs/propagation.md ("Search"): chains are grown one step at a
time from the fixed end (the effect for why, the source for paths) in order of an upper
bound on the score of any chain that extends them. The bound is admissible: a step only
multiplies the score by a confidence ≤ 1 and the length decay ≤ 1, so a finished chain
popped from the queue scores at least as much as anything still queued, and chains come
out best first. Every admissible step into the effect is queued at the first expansion,
so no direct cause is dropped unseen; when the expansion budget runs out the caller is
told what was cut.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import heapq
import itertools
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import networkx as nx
import numpy as np

from rules.chains import (
    _NONE,
    CONDITIONAL_FACTOR,
    LENGTH_DECAY,
    MAX_DEPTH,
    _Edge,
    _Filter,
    _statuses,
    _step_sign,
    parts,
    shown_score,
)
from rules.observations import Observations
from rules.projection import Projection, save_with_projection

__all__ = [
    "DEFAULT_BUDGET",
    "Cut",
    "Step",
    "backward_best",
    "collector_paused",
    "distances_to",
    "edge_data",
    "forward_best",
    "identity_sources",
    "in_steps",
    "out_steps",
    "unusual_edges",
]

# heap pops per query: enough to exhaust the bundled graph many times over, small enough
# that a hub question on 10^6 edges answers in well under a second
DEFAULT_BUDGET = 20_000


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore its previous state.

    A search allocates tens of thousands of short-lived tuples that reference counting
    frees; none is cyclic garbage, yet each allocation counts towards the next young
    collection, which also walks everything the search still holds."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Cut:
    """Whether a limit cut a search, and what it cut (phrases for the result's ``cut``)."""

    truncated: bool = False
    reasons: list[str] = field(default_factory=list)
    expanded: int = 0

    def add(self, reason: str) -> None:
        self.truncated = True
        if reason not in self.reasons:
            self.reasons.append(reason)

    def merge(self, other: Cut) -> None:
        for r in other.reasons:
            self.add(r)


@dataclass(frozen=True)
class Step:
    """An admissible edge with what the search needs of it precomputed."""

    edge: _Edge
    sign: int  # effective sign (a failing condition may reverse it)
    unknown: bool  # carries a condition of unknown status: the chain is conditional
    horizon: str
    identity: bool
    factor: float  # the edge's confidence for causal steps, 1.0 for identities
    equality: bool


def _make(
    u: str, v: str, k: str, d: dict[str, Any], assume: tuple[tuple[str, str], ...] = ()
) -> Step | None:
    if d["conditions"]:
        res = _step_sign(d, assume)
        if res is None:
            return None  # a failing condition drops the step: no chain through it is valid
        sign = res[0]
        unknown = any(s == "unknown" for _c, s, _p in _statuses(d, assume))
    else:  # most edges: what _step_sign gives without conditions
        sign = int(d["sign"])
        unknown = False
    identity = d["kind"] == "identity"
    return Step(
        _Edge(u, v, k, d),
        sign,
        unknown,
        d["horizon"],
        identity,
        1.0 if identity else float(d["confidence"]),
        bool(d.get("equality")),
    )


def _adjacency(proj: Projection, flt: _Filter, way: str) -> dict[str, list[Step]]:
    # read on every step of every search: kept beside the LRU memo (at most a few filters,
    # each at most the size of the graph) rather than paying its bookkeeping per read
    memo = proj.__dict__.setdefault("_adjacency", {})
    key = (way, flt)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= 8:
            memo.pop(next(iter(memo)))
        hit = memo[key] = {}
    return hit  # type: ignore[no-any-return]


def in_steps(proj: Projection, node: str, flt: _Filter) -> list[Step]:
    """Admissible steps into ``node`` (reverse equality edges never explain)."""
    memo = _adjacency(proj, flt, "in")
    hit = memo.get(node)
    if hit is None:
        hit = []
        # the graph's plain dicts, in the order in_edges(node, keys=True, data=True) gives
        # (its views cost more than the steps they yield: a hub has 10^4 in-edges)
        for u, keyed in proj.graph._pred[node].items():
            for k, d in keyed.items():
                if (
                    not d.get("reverse")
                    and flt.admits(d)
                    and (s := _make(u, node, k, d, flt.assume))
                ):
                    hit.append(s)
        memo[node] = hit
    return hit


def identity_sources(proj: Projection, node: str, flt: _Filter) -> frozenset[str]:
    """The variables with an admissible identity step into ``node``; memoised (a hub has
    thousands of causal steps in and usually no identity among them)."""
    memo = cast(dict[str, frozenset[str]], _adjacency(proj, flt, "identity"))
    hit = memo.get(node)
    if hit is None:
        hit = memo[node] = frozenset(s.edge.u for s in in_steps(proj, node, flt) if s.identity)
    return hit


def out_steps(proj: Projection, node: str, flt: _Filter) -> list[Step]:
    """Admissible steps out of ``node``."""
    memo = _adjacency(proj, flt, "out")
    hit = memo.get(node)
    if hit is None:
        hit = []
        for v, keyed in proj.graph._succ[node].items():
            for k, d in keyed.items():
                if (
                    not d.get("reverse")
                    and flt.admits(d)
                    and (s := _make(node, v, k, d, flt.assume))
                ):
                    hit.append(s)
        memo[node] = hit
    return hit


class _Index:
    """The projection's edges as integer arrays, for walks over a whole cone of the graph
    (a hub's ancestry at 10^6 edges): built once per projection, masked per filter."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.nodes: list[str] = list(g)
        ids = {n: i for i, n in enumerate(self.nodes)}
        self.ids = ids
        src: list[int] = []
        dst: list[int] = []
        # edges with a horizon, an era, conditions or a reverse reading: few; the others
        # take the defaults below without being looked at twice
        special: list[tuple[int, dict[str, Any]]] = []
        for u, nbrs in g._succ.items():  # the plain dicts: views cost ~1 µs per edge
            iu = ids[u]
            for v, keyed in nbrs.items():
                iv = ids[v]
                for d in keyed.values():
                    if (
                        d["conditions"]
                        or d["horizon"] != "any"
                        or d["valid_from"] is not None
                        or d["valid_to"] is not None
                        or d.get("reverse")
                        or d.get("elaborates")
                        or d.get("ceteris_paribus")
                    ):
                        special.append((len(src), d))
                    src.append(iu)
                    dst.append(iv)
        m = len(src)
        # the edges that can make a net effect more than agreement of directions
        self.special = [d for _i, d in special]
        hz = np.zeros(m, dtype=np.int8)
        lo = np.full(m, -np.inf)
        hi = np.full(m, np.inf)
        ok = np.ones(m, dtype=bool)
        for i, d in special:
            h = d["horizon"]
            hz[i] = 1 if h == "short" else 2 if h == "long" else 0
            if d["valid_from"] is not None:
                lo[i] = d["valid_from"]
            if d["valid_to"] is not None:
                hi[i] = d["valid_to"]
            # what in_steps admits whatever the filter: no reverse equality edge, no step
            # a failing condition drops
            ok[i] = not d.get("reverse") and _step_sign(d) is not None
        dst_a = np.asarray(dst, dtype=np.int64)
        order = np.argsort(dst_a, kind="stable")
        self.pred = np.asarray(src, dtype=np.int64)[order]
        self.indptr = np.zeros(len(self.nodes) + 1, dtype=np.int64)
        np.cumsum(np.bincount(dst_a, minlength=len(self.nodes)), out=self.indptr[1:])
        self._hz = hz[order]
        self._lo = lo[order]
        self._hi = hi[order]
        self._ok = ok[order]
        self._masks: dict[_Filter, np.ndarray] = {}

    def mask(self, flt: _Filter) -> np.ndarray:
        """Which in-edges (in ``pred`` order) the filter admits (as :func:`in_steps`)."""
        hit = self._masks.get(flt)
        if hit is None:
            m = self._ok.copy()
            if flt.horizon == "short":
                m &= self._hz != 2
            elif flt.horizon == "long":
                m &= self._hz != 1
            if flt.span is not None:
                m &= (self._lo <= flt.span[1]) & (self._hi >= flt.span[0])
            hit = self._masks[flt] = m
        return hit


def _index_state(proj: Projection) -> tuple[Any, ...]:
    ix = _index(proj)
    arrays = (ix.pred, ix.indptr, ix._hz, ix._lo, ix._hi, ix._ok)
    return (ix.nodes, ix.special, *((a.tobytes(), a.dtype.str) for a in arrays))


def _index_restore(proj: Projection, state: tuple[Any, ...]) -> _Index:
    ix = _Index.__new__(_Index)
    ix.nodes, ix.special = state[0], state[1]
    ix.ids = {n: i for i, n in enumerate(ix.nodes)}
    ix.pred, ix.indptr, ix._hz, ix._lo, ix._hi, ix._ok = (
        np.frombuffer(data, dtype=np.dtype(dt)) for data, dt in state[2:]
    )
    ix._masks = {}
    return ix


# the index is a pass over every edge in Python (seconds at 10^6 edges): saved with the
# projection, so a process that reads a saved projection does not pay it on its first question
save_with_projection(
    "_index",
    hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    _index_state,
    _index_restore,
)


def edge_data(proj: Projection) -> Iterator[dict[str, Any]]:
    """Every edge's data dict, in the graph's order (the plain dicts, without views)."""
    for nbrs in proj.graph._succ.values():
        for keyed in nbrs.values():
            yield from keyed.values()


def unusual_edges(proj: Projection) -> list[dict[str, Any]]:
    """The data of every edge with conditions, a horizon, an era, an elaboration, a
    ceteris-paribus flag or a reverse reading (the rest are plain signed steps)."""
    return _index(proj).special


def _index(proj: Projection) -> _Index:
    hit = proj.__dict__.get("_index")
    if hit is None:
        hit = proj.__dict__["_index"] = _Index(proj.graph)
    return hit  # type: ignore[no-any-return]


def distances_to(
    proj: Projection, target: str, flt: _Filter, depth: int = MAX_DEPTH
) -> dict[str, int]:
    """Fewest admissible steps from each node to ``target`` (up to ``depth``); memoised.

    A breadth-first search level by level over integer arrays: a hub's ancestry within
    seven steps is most of a scale-free graph, too many nodes for a walk in Python."""
    key = ("distances_to", target, flt, depth)
    last = proj.__dict__.get("_last_distances")
    if last is not None and last[0] == key:
        # a why question asks for its target's table once per root it judges
        return last[1]  # type: ignore[no-any-return]
    hit = proj.cache.get(key)
    if hit is not None:
        proj.__dict__["_last_distances"] = (key, hit)
        return hit  # type: ignore[no-any-return]
    ix = _index(proj)
    mask = ix.mask(flt)
    dist = np.full(len(ix.nodes), -1, dtype=np.int16)
    t = ix.ids[target]
    dist[t] = 0
    frontier = np.asarray([t], dtype=np.int64)
    for level in range(1, depth + 1):
        starts = ix.indptr[frontier]
        counts = ix.indptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        edges = np.arange(total, dtype=np.int64) + offsets
        edges = edges[mask[edges]]
        # mark, not np.unique: a sort of ~10^6 predecessors per level costs more
        seen = np.zeros(len(ix.nodes), dtype=bool)
        seen[ix.pred[edges]] = True
        seen &= dist < 0
        preds = np.flatnonzero(seen)
        if preds.size == 0:
            break
        dist[preds] = level
        frontier = preds
    reached = np.flatnonzero(dist >= 0)
    out: Mapping[str, int]
    if reached.size * 8 < len(ix.nodes):
        # a small cone: a dict, not a table the size of the graph
        nodes = ix.nodes
        out = {nodes[i]: d for i, d in zip(reached.tolist(), dist[reached].tolist(), strict=True)}
    else:
        out = _Distances(ix.ids, ix.nodes, dist, reached)
    proj.cache[key] = out
    proj.__dict__["_last_distances"] = (key, out)
    return out  # type: ignore[return-value]


class _Distances(Mapping[str, int]):
    """Node -> distance over the BFS array (no dict of a whole cone built per question)."""

    def __init__(
        self, ids: dict[str, int], nodes: list[str], dist: np.ndarray, reached: np.ndarray
    ) -> None:
        self._ids = ids
        self._nodes = nodes
        self._dist: list[int] = dist.tolist()  # list items read faster than numpy scalars
        self._reached = reached
        self.cache_cost = len(nodes)  # what it holds, for the size-bounded memo

    def __getitem__(self, node: str) -> int:
        i = self._ids.get(node)
        if i is None or self._dist[i] < 0:
            raise KeyError(node)
        return self._dist[i]

    def get(self, node: str, default: Any = None) -> Any:  # type: ignore[override]
        i = self._ids.get(node)
        if i is None:
            return default
        d = self._dist[i]
        return default if d < 0 else d

    def __contains__(self, node: object) -> bool:
        i = self._ids.get(node)  # type: ignore[call-overload]
        return i is not None and self._dist[i] >= 0

    def __iter__(self) -> Iterator[str]:
        return (self._nodes[i] for i in self._reached.tolist())

    def __len__(self) -> int:
        return len(self._reached)


def distances_from(
    proj: Projection, source: str, flt: _Filter, depth: int = MAX_DEPTH
) -> dict[str, int]:
    """Fewest admissible steps from ``source`` to each node (up to ``depth``)."""
    dist = {source: 0}
    queue = deque([source])
    while queue:
        n = queue.popleft()
        if dist[n] >= depth:
            continue
        for s in out_steps(proj, n, flt):
            if s.edge.v not in dist:
                dist[s.edge.v] = dist[n] + 1
                queue.append(s.edge.v)
    return dist


@dataclass(frozen=True)
class _Partial:
    """A chain being grown; ``steps`` in chain order (root first)."""

    steps: tuple[Step, ...]
    nodes: frozenset[str]
    sign: int  # product of the steps' effective signs
    factor: float  # product of causal confidences
    causal: int
    unknown: bool
    horizon: str  # "any", "short" or "long"; a chain never mixes short and long
    agree: int
    disagree: int
    in_tail: bool  # only identities so far (from the effect backwards)


def _horizon(a: str, b: str) -> str | None:
    if a == "any":
        return b
    if b in ("any", a):
        return a
    return None


def base_score(factor: float, causal: int, unknown: bool) -> float:
    """The documented score before evidence: confidences × 0.85 per causal step beyond
    the first × 0.6 if conditional."""
    s = factor * LENGTH_DECAY ** max(0, causal - 1)
    return s * CONDITIONAL_FACTOR if unknown else s


def _evidence(obs: Observations, node: str, change: int, span: Any) -> tuple[int, int]:
    agree = disagree = 0
    for o in obs.movements(node, span):
        if (o.direction == "increase") == (change > 0):
            agree += 1
        else:
            disagree += 1
    return agree, disagree


def _bound(p: _Partial, headroom: int) -> float:
    # evidence can still add agreeing observations (at most 4 count), never remove any
    ev = (1.0 + 0.25 * min(p.agree + headroom, 4)) * (0.5**p.disagree)
    return base_score(p.factor, p.causal, p.unknown) * ev


_DONE, _OPEN, _LAZY = 0, 1, 2


def backward_best(
    proj: Projection,
    target: str,
    flt: _Filter,
    obs: Observations,
    want: int,
    *,
    final: Callable[[tuple[Step, ...]], bool],
    prune: Callable[[Step], bool] | None = None,
    budget: int = DEFAULT_BUDGET,
    cut: Cut | None = None,
    max_depth: int = MAX_DEPTH,
    span: Any = None,
) -> Iterator[tuple[float, tuple[Step, ...]]]:
    """Chains ending in ``target`` (which moves ``want``), best bound first.

    Yields ``(bound, steps)`` for every partial chain whose first step is causal, in
    non-increasing order of the bound on any chain grown from it; ``final(steps)`` says
    whether the chain itself is an answer (it is yielded only then, scored exactly by the
    caller). Identities form the tail of a chain. ``prune(step)`` excludes steps.
    """
    cut = cut if cut is not None else Cut()
    _wholes, holds = parts(proj.graph).maps()
    headroom = 4 if obs.by_variable else 0
    a0, d0 = _evidence(obs, target, want, span)
    start = _Partial((), frozenset([target]), 1, 1.0, 0, False, "any", a0, d0, True)
    counter = itertools.count(1)
    # entries (-bound, seq, kind, item): kind _DONE yields item (a _Partial), _OPEN expands
    # it, _LAZY is (parent, step, horizon, sign, agree, disagree), made a _Partial only
    # when popped: a hub's thousands of direct causes are queued as a few scalars each
    # and most are never materialised. The seq numbers are those of eager pushes, so
    # chains come out in exactly the same order.
    heap: list[tuple[float, int, int, Any]] = [(-_bound(start, headroom), 0, _OPEN, start)]
    while heap:
        neg, _seq, kind, item = heapq.heappop(heap)
        if kind == _DONE:
            yield -neg, item.steps
            continue
        if kind == _LAZY:
            parent, s, h, sign, a, d = item
            p = _Partial(
                (s, *parent.steps),
                parent.nodes | {s.edge.u},
                sign,
                parent.factor * s.factor,
                parent.causal + (not s.identity),
                parent.unknown or s.unknown,
                h,
                a,
                d,
                parent.in_tail and s.identity,
            )
        else:
            p = item
        cut.expanded += 1
        if cut.expanded > budget:
            cut.add(
                f"search budget of {budget} expansions reached: chains scoring below "
                f"{shown_score(-neg):.4f} were not examined"
            )
            return
        if p.steps and not p.steps[0].identity and final(p.steps):
            heapq.heappush(heap, (-_bound(p, 0), next(counter), _DONE, p))
        if len(p.steps) >= max_depth:
            continue
        node = p.steps[0].edge.u if p.steps else target
        children: list[tuple[float, int, int, Any]] = []
        for s in in_steps(proj, node, flt):
            u = s.edge.u
            if (
                u in p.nodes
                or (s.identity and not p.in_tail)
                or (bool(holds) and not holds.get(u, _NONE).isdisjoint(p.nodes))
            ):
                continue
            if prune is not None and prune(s):
                continue
            h = _horizon(p.horizon, s.horizon)
            if h is None:
                continue  # a short-run step and a long-run step do not compose
            sign = p.sign * s.sign
            a, d = _evidence(obs, u, want * sign, span) if headroom else (0, 0)
            a += p.agree
            d += p.disagree
            causal = p.causal + (not s.identity)
            score = base_score(p.factor * s.factor, causal, p.unknown or s.unknown)
            # _bound of the child, without making it
            bound = score * ((1.0 + 0.25 * min(a + headroom, 4)) * (0.5**d))
            children.append((-bound, next(counter), _LAZY, (p, s, h, sign, a, d)))
        if len(children) > len(heap):
            heap.extend(children)
            heapq.heapify(heap)
        else:
            for c in children:
                heapq.heappush(heap, c)


def forward_best(
    proj: Projection,
    source: str,
    target: str,
    flt: _Filter,
    obs: Observations,
    *,
    budget: int = DEFAULT_BUDGET,
    cut: Cut | None = None,
    max_depth: int = MAX_DEPTH,
    span: Any = None,
) -> Iterator[tuple[float, tuple[Step, ...]]]:
    """Chains from ``source`` (rising) to ``target``, best bound first; steps that cannot
    reach ``target`` within the remaining depth are never taken."""
    cut = cut if cut is not None else Cut()
    dist = distances_to(proj, target, flt, max_depth)
    if source not in dist:
        return
    wholes, _holds = parts(proj.graph).maps()
    headroom = 4 if obs.by_variable else 0
    a0, d0 = _evidence(obs, source, 1, span) if headroom else (0, 0)
    start = _Partial((), frozenset([source]), 1, 1.0, 0, False, "any", a0, d0, False)
    event = proj.graph.nodes[source].get("kind") == "event"
    counter = itertools.count()
    heap: list[tuple[float, int, bool, _Partial]] = [(-_bound(start, headroom), 0, False, start)]
    while heap:
        neg, _seq, done, p = heapq.heappop(heap)
        if done:
            yield -neg, p.steps
            continue
        cut.expanded += 1
        if cut.expanded > budget:
            cut.add(
                f"search budget of {budget} expansions reached: paths scoring below "
                f"{shown_score(-neg):.4f} were not examined"
            )
            return
        node = p.steps[-1].edge.v if p.steps else source
        if node == target:
            heapq.heappush(heap, (-_bound(p, 0), next(counter), True, p))
            continue
        left = max_depth - len(p.steps) - 1
        for s in out_steps(proj, node, flt):
            v = s.edge.v
            if (
                v in p.nodes
                or dist.get(v, max_depth + 1) > left
                or (bool(wholes) and not wholes.get(v, _NONE).isdisjoint(p.nodes))
            ):
                continue
            if p.in_tail and not s.identity:
                continue  # after an identity only identities
            if not p.steps and s.identity and event:
                continue
            h = _horizon(p.horizon, s.horizon)
            if h is None:
                continue
            sign = p.sign * s.sign
            a, d = _evidence(obs, v, sign, span) if headroom else (0, 0)
            q = _Partial(
                (*p.steps, s),
                p.nodes | {v},
                sign,
                p.factor * s.factor,
                p.causal + (not s.identity),
                p.unknown or s.unknown,
                h,
                p.agree + a,
                p.disagree + d,
                p.in_tail or s.identity,
            )
            heapq.heappush(heap, (-_bound(q, headroom), next(counter), False, q))


def simple_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The projection without parallel edges (for cycle searches)."""
    out = nx.DiGraph()
    out.add_edges_from((u, v) for u, v in g.edges())
    return out


def forward_paths(
    proj: Projection, source: str, flt: _Filter, budget: int, *, breadth_first: bool = False
) -> tuple[list[list[_Edge]], bool]:
    """Admissible simple paths from ``source`` (identity steps only at the end): ``(paths,
    complete)``. Depth first; breadth first (nearest effects first) when asked, which is
    what a caller wants once the depth-first walk has been cut by ``budget``. Memoised
    on the projection (size-bounded cache)."""
    key = ("forward_paths", source, flt, budget, breadth_first)
    hit = proj.cache.get(key)
    if hit is None:
        hit = proj.cache[key] = _forward_paths(proj, source, flt, budget, breadth_first)
    return hit  # type: ignore[no-any-return]


def _forward_paths(
    proj: Projection, source: str, flt: _Filter, budget: int, breadth_first: bool
) -> tuple[list[list[_Edge]], bool]:
    event = proj.graph.nodes[source].get("kind") == "event"
    wholes, _holds = parts(proj.graph).maps()
    out: list[list[_Edge]] = []
    start: tuple[str, tuple[_Edge, ...], bool] = (source, (), False)
    frontier: deque[tuple[str, tuple[_Edge, ...], bool]] = deque([start])
    while frontier:
        if len(out) >= budget:
            return out, False
        node, path, tail = frontier.popleft() if breadth_first else frontier.pop()
        if path:
            out.append(list(path))
        if len(path) >= MAX_DEPTH:
            continue
        visited = {source} | {e.v for e in path}
        for s in out_steps(proj, node, flt):
            if (
                s.edge.v in visited
                or (tail and not s.identity)
                or (bool(wholes) and not wholes.get(s.edge.v, _NONE).isdisjoint(visited))
            ):
                continue
            if not path and s.identity and event:
                continue
            frontier.append((s.edge.v, (*path, s.edge), tail or s.identity))
    return out, True
