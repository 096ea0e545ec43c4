"""Property tests of the search core (hypothesis): on random small signed graphs the
best-first k-best chains equal those of a brute-force enumeration, net effects equal
brute force, loops through a focus equal a filtered global cycle enumeration."""

from __future__ import annotations

from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.chains import _backward, _Chain, _chain_from, _Filter, _forward, _prefer_causal, _score
from rules.loops import _cycles_through
from rules.net import _net, _overall, _root_net, net_classes, net_of_classes
from rules.observations import Observations
from rules.projection import Projection
from rules.search import Cut, forward_best, in_steps
from rules.why import _search

FAST = settings(max_examples=150, deadline=None)
NODES = [f"n{i}" for i in range(7)]
OBS = Observations()
ANY = _Filter(None, None)


@st.composite
def graphs(draw: st.DrawFn, identities: bool = True) -> nx.MultiDiGraph:
    """Random signed multigraphs in the projection's attribute contract."""
    g = nx.MultiDiGraph()
    for n in NODES:
        # BoP items on some nodes: parts and wholes (imports ⊂ goods balance ⊂ current
        # account) constrain every search and the reference enumerations alike
        item = draw(
            st.sampled_from([None, None, "imports", "exports", "goodsBalance", "currentAccount"])
        )
        g.add_node(
            n,
            kind="variable",
            label=n,
            key=n,
            item=item,
            economy="E",
            counterpart="WLD",
            product="total",
            measure="value",
        )
    n_edges = draw(st.integers(1, 16))
    for i in range(n_edges):
        u, v = draw(st.sampled_from(NODES)), draw(st.sampled_from(NODES))
        if u == v:
            continue
        kind = "identity" if identities and draw(st.integers(0, 5)) == 0 else "causal"
        status = draw(st.sampled_from([None, None, None, "unknown", "fails", "holds"]))
        conds = () if status is None else (("C", status, ""),)
        g.add_edge(
            u,
            v,
            key=f"c{i}",
            kind=kind,
            sign=draw(st.sampled_from([1, -1])),
            horizon="any"
            if kind == "identity"
            else draw(st.sampled_from(["any", "any", "short", "long"])),
            valid_from=None,
            valid_to=None,
            conditions=conds,
            if_fails=draw(st.sampled_from(["drop", "reverse"])),
            confidence=1.0 if kind == "identity" else draw(st.sampled_from([0.5, 0.6, 0.9, 1.0])),
            elaborates=(),
            dominates=(),
            dominated_by=(),
            claims=(f"c{i}",),
            claim=f"c{i}",
            quote="q",
            section="s",
            document="d",
            rule_ids=(),
            instance_of=None,
        )
    return g


def _sig(c: _Chain) -> tuple[Any, ...]:
    return (tuple(c.nodes), tuple(c.signs), c.horizon)


def _brute_why(proj: Projection, target: str, want: int) -> list[_Chain]:
    """The documented why pipeline over every admissible chain (exhaustive)."""
    chains = []
    for path in _backward(proj.graph, target, ANY):
        ch = _chain_from(path, 1)
        if ch is not None:
            ch.root_change = want * ch.sign
            chains.append(ch)
    longer = {(*c.nodes[i:], c.horizon) for c in chains for i in range(1, len(c.nodes) - 1)}
    chains = [c for c in chains if (*c.nodes, c.horizon) not in longer]
    chains = _prefer_causal(chains)
    best: dict[tuple[Any, ...], _Chain] = {}
    for ch in chains:
        _score(ch, OBS, None)
        if _sig(ch) not in best or best[_sig(ch)].score < ch.score:
            best[_sig(ch)] = ch
    return sorted(best.values(), key=lambda c: -c.score)


def _brute_net(
    proj: Projection,
    root: str,
    rc: int,
    target: str,
    *,
    lasting: bool = True,
    horizon: str | None = None,
) -> tuple[str, str]:
    """The net effect over every chain: the lasting effect (short-run chains decide only
    where nothing else reaches, docs/propagation.md) or, ``lasting=False``, agreement of
    all chains' directions (what the dynamic programme computes); with ``horizon``, the
    net effect in that run (chains of the other run left out)."""
    flt = _Filter(horizon, None) if horizon else ANY
    chains = [
        c
        for p in _forward(proj.graph, root, flt)
        if p[-1].v == target and (c := _chain_from(p, rc)) is not None
    ]
    if not chains:
        return "ambiguous", "unresolved"
    d, by, *_ = _overall(chains, set(), horizon) if lasting else _net(chains, set())
    return d, by


@given(
    g=graphs(),
    target=st.sampled_from(NODES),
    want=st.sampled_from([1, -1]),
    limit=st.integers(1, 4),
)
@FAST
def test_k_best_why_chains_equal_brute_force(
    g: nx.MultiDiGraph, target: str, want: int, limit: int
) -> None:
    proj = Projection.from_graph(g)
    change = "increase" if want > 0 else "decrease"
    cut = Cut()
    kept, outweighed, _abs, direct = _search(proj, target, want, change, ANY, OBS, limit, cut)
    found = sorted(kept + [c for c, _ in outweighed], key=lambda c: -c.score)
    brute = _brute_why(proj, target, want)
    assert not cut.truncated or any("beyond" in r or "not searched" in r for r in cut.reasons)
    # every direct cause of the target is queued
    assert direct[0] == direct[1] == len({s.edge.u for s in in_steps(proj, target, ANY)})
    # the kept chains the search returns are the best kept chains of the brute force
    # (a short- or long-run chain is judged by its root's net effect in that run)
    brute_kept = [
        c
        for c in brute
        if _brute_net(
            proj,
            c.nodes[0],
            c.root_change,
            target,
            horizon=None if c.horizon == "any" else c.horizon,
        )[0]
        in ("ambiguous", change)
    ]
    kept.sort(key=lambda c: -c.score)
    k = min(limit, len(brute_kept))
    assert [c.score for c in kept[:k]] == [c.score for c in brute_kept[:k]]
    if len(brute_kept) > k:
        floor = brute_kept[k].score
        assert {_sig(c) for c in kept[:k] if c.score > floor} == {
            _sig(c) for c in brute_kept[:k] if c.score > floor
        }
    else:
        assert {_sig(c) for c in kept} == {_sig(c) for c in brute_kept}
    # nothing the search found is outside the brute-force set
    assert {_sig(c) for c in found} <= {_sig(c) for c in brute}


@given(
    g=graphs(),
    root=st.sampled_from(NODES),
    target=st.sampled_from(NODES),
    rc=st.sampled_from([1, -1]),
)
@FAST
def test_net_effect_equals_brute_force(g: nx.MultiDiGraph, root: str, target: str, rc: int) -> None:
    if root == target:
        return
    proj = Projection.from_graph(g)
    classes, exact = net_classes(proj, root, rc, target, ANY)
    assert exact
    agreement = _brute_net(proj, root, rc, target, lasting=False)
    assert net_of_classes(classes) == agreement
    # through _root_net: enumeration (small) applies the horizon rule; past the budget the
    # dynamic programme judges by agreement and says so
    assert _root_net(proj, root, rc, target, ANY, OBS)[:2] == _brute_net(proj, root, rc, target)
    cut = Cut()
    assert _root_net(proj, root, rc, target, ANY, OBS, cut, budget=0)[:2] == agreement
    # where chains exist and more rules than agreement could apply, the cut says so
    rules_apply = any(d["horizon"] == "short" for _u, _v, d in g.edges(data=True))
    assert cut.truncated or not classes or not rules_apply


@given(
    g=graphs(),
    source=st.sampled_from(NODES),
    target=st.sampled_from(NODES),
    limit=st.integers(1, 5),
)
@FAST
def test_k_best_paths_equal_brute_force(
    g: nx.MultiDiGraph, source: str, target: str, limit: int
) -> None:
    if source == target:
        return
    proj = Projection.from_graph(g)
    brute = [
        c
        for p in _forward(g, source, ANY)
        if p[-1].v == target and (c := _chain_from(p, 1)) is not None
    ]
    for c in brute:
        _score(c, OBS, None)
    brute.sort(key=lambda c: -c.score)
    got = []
    for _bound, steps in forward_best(proj, source, target, ANY, OBS):
        c = _chain_from([s.edge for s in steps], 1)
        assert c is not None
        _score(c, OBS, None)
        got.append(c)
        if len(got) == limit:
            break
    assert [c.score for c in got] == [c.score for c in brute[:limit]]


@given(g=graphs(), focus=st.sampled_from(NODES), length=st.integers(2, 6))
@FAST
def test_loops_through_focus_equal_global_cycles(
    g: nx.MultiDiGraph, focus: str, length: int
) -> None:
    simple = nx.DiGraph(g)
    expected = {
        tuple(c[c.index(focus) :] + c[: c.index(focus)])
        for c in nx.simple_cycles(simple, length_bound=length)
        if focus in c
    }
    cut = Cut()
    got = [tuple(c) for c in _cycles_through(g, focus, length, 10_000, cut)]
    assert len(got) == len(set(got))
    assert set(got) == expected
    assert [len(c) for c in got] == sorted(len(c) for c in got)  # shortest first
    assert not cut.truncated
