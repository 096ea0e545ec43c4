"""Feedback loops: reinforcing, balancing or accounting."""

from __future__ import annotations

import heapq
import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, cast

import networkx as nx

from kg.store import Store
from rules.args import (
    _key_fields,
    _resolve_variable,
)
from rules.assemble import (
    _steps,
    _term,
)
from rules.chains import (
    CONDITIONAL_FACTOR,
    LENGTH_DECAY,
    _chain_from,
    _Edge,
)
from rules.projection import Projection, projection
from rules.results import (
    Loop,
    LoopsResult,
    ResolvedQuery,
    ResultCode,
)
from rules.search import Cut

__all__ = ["loops"]

MAX_CYCLES = 2000
SEARCH_BUDGET = 200_000


def loops(
    store: Store,
    *,
    involving: str | None = None,
    economy: str | None = None,
    max_length: int = 8,
    question: str | None = None,
    max_cycles: int = MAX_CYCLES,
) -> LoopsResult:
    """Feedback loops: reinforcing (sign +), balancing (sign −) or accounting (closed only
    through an identity). Each loop is reported once, not re-entered; readings of the same
    cycle of variables with the same polarity through other parallel claims are folded
    into one entry (``variants``).

    With ``involving``, only cycles through that variable are searched, from it, shortest
    first; at most ``max_cycles`` cycles of variables are examined (``truncated`` says
    when more exist)."""
    proj = projection(store)
    g = proj.graph
    focus = None
    if involving:
        focus = involving if involving in g else _resolve_variable(proj, involving)
    # loops of economies, or of the general mechanisms when the focus is a role slot
    general = bool(focus and g.nodes[focus].get("economy") in ("X", "Y"))
    simple = _simple(proj, general)
    cut = Cut()
    message = None
    # the variables each cycle is reported from (the focus; else its first node in order)
    starts: set[str] = set()
    if focus:
        cycles: Iterable[list[str]] = []
        if focus in simple:
            cycles = list(
                itertools.islice(
                    _cycles_through(simple, focus, max_length, max_cycles, cut), max_cycles + 1
                )
            )
            starts = {focus}
            if not cycles:
                # a variable on no cycle that moves one that is (exports → goods balance):
                # the loops its move feeds into, said as such
                near = sorted(simple.successors(focus))
                cycles = [
                    c
                    for n in near
                    for c in itertools.islice(
                        _cycles_through(simple, n, max_length, max_cycles, cut), max_cycles + 1
                    )
                ]
                if cycles:
                    starts = {c[0] for c in cycles}
                    message = (
                        f"No loop runs through {proj.label(focus)}; shown are the loops through "
                        "what it moves directly: "
                        + ", ".join(proj.label(n) for n in near if n in starts)
                    )
    else:
        cycles = itertools.islice(nx.simple_cycles(simple, length_bound=max_length), max_cycles + 1)
    found: list[Loop] = []
    stated: dict[int, int] = {}  # loop index -> steps whose sentence names a feedback loop
    seen: set[frozenset[str]] = set()
    cores: dict[tuple[Any, ...], int] = {}
    for n_cycle, cycle in enumerate(cycles):
        if n_cycle >= max_cycles:
            cut.add(f"more than {max_cycles} cycles of variables: the rest were not examined")
            break
        # report each loop from a fixed starting point: the focus, else its first node in order
        start = next((i for i, n in enumerate(cycle) if n in starts), cycle.index(min(cycle)))
        cycle = cycle[start:] + cycle[:start]
        if economy and not any(g.nodes[n].get("economy") == economy for n in cycle):
            continue
        for edges in _cycle_edges(g, cycle):
            sig = frozenset(e.data["claim"] + e.u for e in edges)
            if sig in seen:
                continue
            seen.add(sig)
            ch = _chain_from(edges, 1)
            if ch is None or all(e.data["kind"] == "identity" for e in edges):
                continue  # an equality read both ways is not a feedback loop
            stated[len(found)] = sum(_states_loop(e.data) for e in edges)
            has_identity = any(e.data["kind"] == "identity" for e in edges)
            sign_pol = "reinforcing" if ch.sign > 0 else "balancing"
            pol = "accounting" if has_identity else sign_pol
            core = (tuple(cycle), pol, sign_pol)
            if core in cores:
                i = cores[core]
                found[i] = found[i].model_copy(update={"variants": found[i].variants + 1})
                continue
            cores[core] = len(found)
            found.append(
                Loop(
                    polarity=pol,
                    sign_polarity=sign_pol,  # type: ignore[arg-type]
                    variables=[_term(proj, n, None) for n in cycle],
                    steps=_steps(proj, ch),
                    conditions=ch.conditions,
                    summary=" → ".join(proj.label(n) for n in [*cycle, cycle[0]])
                    + f" ({pol}{', ' + sign_pol + ' in sign' if has_identity else ''})",
                )
            )
    order = sorted(
        range(len(found)),
        key=lambda i: (
            found[i].polarity == "accounting",
            -stated[i],
            -_loop_strength(found[i]),
            len(found[i].steps),
            found[i].summary,
        ),
    )
    found = [found[i] for i in order]
    fields = _key_fields(proj, focus) if focus else {"economy": economy}
    q = ResolvedQuery(
        intent="loops",
        variable=focus,
        variable_label=proj.label(focus) if focus else None,
        question=question,
        **fields,
    )
    return LoopsResult(
        result_code=ResultCode.FOUND if found else ResultCode.NO_PATHS,
        query=q,
        loops=found,
        truncated=cut.truncated,
        cut=cut.reasons,
        message=message,
    )


# a sentence that names a feedback loop states the loop its steps form
_STATED_LOOP = re.compile(r"\b(feedback loop|cycle|cyclical)\b", re.IGNORECASE)


def _loop_strength(lp: Loop) -> float:
    """Product of the causal steps' confidences, as a chain's score without evidence."""
    score = 1.0
    causal = [s for s in lp.steps if s.kind != "identity"]
    for s in causal:
        score *= s.confidence
    score *= LENGTH_DECAY ** max(0, len(causal) - 1)
    if any(c.status == "unknown" for c in lp.conditions):
        score *= CONDITIONAL_FACTOR
    return score


def _states_loop(d: dict[str, Any]) -> bool:
    """One of the edge's claims quotes a sentence that names a feedback loop."""
    return any(_STATED_LOOP.search(q) for q in d.get("quotes", (d["quote"],)))


def _edge_rank(d: dict[str, Any]) -> tuple[int, float, str]:
    """Among parallel edges of one sign: a stated-loop sentence first, then confidence."""
    return (-int(_states_loop(d)), -float(d["confidence"]), d["claim"])


def _simple(proj: Projection, general: bool) -> nx.DiGraph:
    """The projection as a simple digraph: economies' edges, or the general mechanisms'."""
    hit = proj.cache.get(("simple", general))
    if hit is None:
        hit = nx.DiGraph()
        hit.add_edges_from(
            (u, v) for u, v, d in proj.graph.edges(data=True) if bool(d.get("general")) == general
        )
        proj.cache[("simple", general)] = hit
    return cast(nx.DiGraph, hit)


def _cycles_through(
    g: nx.DiGraph, focus: str, max_length: int, max_cycles: int, cut: Cut
) -> Iterator[list[str]]:
    """Simple cycles through ``focus`` (as node lists starting there), shortest first:
    best-first over paths from the focus, ordered by the length of the shortest way back."""
    back = {focus: 0}
    queue = deque([focus])
    while queue:
        n = queue.popleft()
        if back[n] < max_length:
            for u in g.predecessors(n):
                if u not in back:
                    back[u] = back[n] + 1
                    queue.append(u)
    counter = itertools.count()
    heap: list[tuple[int, int, tuple[str, ...], bool]] = [(back.get(focus, 0), 0, (focus,), False)]
    pops = 0
    while heap:
        length, _seq, path, done = heapq.heappop(heap)
        if done:
            yield list(path)
            continue
        pops += 1
        if pops > SEARCH_BUDGET:
            cut.add(
                f"cycle search budget of {SEARCH_BUDGET} expansions reached: cycles "
                f"longer than {length - 1} steps may be missing"
            )
            return
        for v in g.successors(path[-1]):
            if v == focus:
                heapq.heappush(heap, (len(path), next(counter), path, True))
            elif v not in path and len(path) + back.get(v, max_length + 1) <= max_length:
                heapq.heappush(heap, (len(path) + back[v], next(counter), (*path, v), False))


def _cycle_edges(g: nx.MultiDiGraph, cycle: list[str]) -> Iterator[list[_Edge]]:
    """One edge list per combination of parallel edges with distinct signs (bounded)."""
    options: list[list[_Edge]] = []
    for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
        by_sign: dict[tuple[int, str], _Edge] = {}
        for k, d in sorted(g.get_edge_data(a, b).items(), key=lambda kv: _edge_rank(kv[1])):
            by_sign.setdefault((int(d["sign"]), d["kind"]), _Edge(a, b, k, d))
        options.append(list(by_sign.values()))
    count = 1
    for o in options:
        count *= len(o)
    if count > 16:
        options = [o[:1] for o in options]
    yield from _product(options)


def _product(options: list[list[_Edge]]) -> Iterator[list[_Edge]]:
    if not options:
        yield []
        return
    for head in options[0]:
        for tail in _product(options[1:]):
            yield [head, *tail]
