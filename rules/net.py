"""Net effects: dominance between channels, then agreement of directions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rules.chains import (
    _NONE,
    DOMINANT_FACTOR,
    MAX_DEPTH,
    Dom,
    _Chain,
    _chain_from,
    _drop_elaborated,
    _Edge,
    _Filter,
    _prefer_causal,
    _score,
    parts,
)
from rules.observations import (
    Observations,
)
from rules.projection import Projection
from rules.search import Cut, Step, distances_to, out_steps, unusual_edges

__all__ = ["present_dominance"]


def _channels(ch: _Chain) -> set[tuple[str, str, int]]:
    return {(e.u, e.v, int(e.data["sign"])) for e in ch.edges}


def _dominated(ch: _Chain, rivals: Iterable[_Chain], dom: Dom) -> bool:
    """A chain is outweighed when it runs through a channel (cause, effect, sign) that an
    explicit dominance statement ranks below a channel a rival of the other net sign uses,
    for the cause direction the statement speaks of ("the yen's depreciation"); or when it
    passes a ceteris-paribus step against a stated effect (``blocked``).
    Channels, not single claims: a general instance on the same link is outweighed too."""
    if ch.blocked:
        return True
    if not dom:
        return False
    mine = _moves(ch)
    losing = {
        w for (w, lose, cause_change) in dom if lose in mine and cause_change in (0, mine[lose])
    }
    if not losing:
        return False
    return any(
        r.sign * r.root_change != ch.sign * ch.root_change and losing & _channels(r) for r in rivals
    )


def _moves(ch: _Chain) -> dict[tuple[str, str, int], int]:
    """Each channel of the chain and the change of its cause along the chain."""
    changes = ch.changes()
    return {(e.u, e.v, int(e.data["sign"])): changes[i] for i, e in enumerate(ch.edges)}


def _uses_dominant(ch: _Chain, dom: Dom) -> bool:
    """The chain runs through a channel a dominance statement names as the larger one."""
    mine = _moves(ch)
    return any(
        w in mine and cause_change in (0, mine[w])
        for (w, _lose, cause_change) in dom
        if cause_change != 0
    )


def present_dominance(proj: Projection, span: tuple[int, int] | None) -> tuple[Dom, list[str]]:
    """Dominance statements of an era open to the present, read for a move of their cause
    either way, when the question names no period or one within that era: a what-if about
    the present is answered in the report's current era. "The yen's depreciation … in
    practice … overwhelming any export gains" (2021–) compares the size of two channels of
    one cause; read linearly, a rise of the yen then lowers the import bills by more than
    it lowers export receipts. Returns the added channels and the assumption to state."""
    extra: Dom = set()
    notes: list[str] = []
    for win, lose in sorted(proj.dominance_claims):
        w, lo = proj.claim_info.get(win), proj.claim_info.get(lose)
        ends_w, ends_l = proj._ends.get(win), proj._ends.get(lose)
        if w is None or lo is None or ends_w is None or ends_l is None:
            continue
        change = ends_w[2]
        start, end = w["valid_from"], w["valid_to"]
        if change == 0 or start is None or end is not None:
            continue
        if span is not None and span[1] < start:
            continue
        extra.add(
            (
                (ends_w[0], ends_w[1], int(w["sign"])),
                (ends_l[0], ends_l[1], int(lo["sign"])),
                -int(change),
            )
        )
        note = (
            f"answered in the report's current era ({start}–): the dominance it states when "
            f"{proj.label(ends_w[0])} {'falls' if change < 0 else 'rises'} "
            f'("{w["quote"]}") is read for a {"rise" if change < 0 else "fall"} too'
        )
        if note not in notes:
            notes.append(note)
    return extra, notes


def _block_ceteris_paribus(by_target: dict[str, list[_Chain]], dom: Dom) -> None:
    """A ceteris-paribus step u → v (higher yields draw capital) never reverses what the
    chains from the same root that use no such step say of v, nor of the variable the
    chain ends in: mark the chains that would."""
    stated: dict[str, str] = {}

    def plain_net(w: str) -> str:
        if w not in stated:
            plain = [
                c
                for c in by_target.get(w, [])
                if not any(x.data.get("ceteris_paribus") for x in c.edges)
            ]
            plain = _prefer_causal(_drop_elaborated(plain)[0])
            stated[w] = _overall(plain, dom)[0] if plain else "ambiguous"
        return stated[w]

    for chains in by_target.values():
        for ch in chains:
            changes = ch.changes()
            for i, e in enumerate(ch.edges):
                if not e.data.get("ceteris_paribus"):
                    continue
                # the step's own effect, and where the chain ends (bond demand → yields ↓ →
                # capital ↓ → currency ↓ is no rival to bond demand → currency ↑)
                for at, w in ((i + 1, e.v), (len(ch.edges), ch.edges[-1].v)):
                    net = plain_net(w)
                    if (
                        net != "ambiguous"
                        and ("increase" if changes[at] > 0 else "decrease") != net
                    ):
                        ch.blocked = True
                        break
                if ch.blocked:
                    break


def _overall(
    chains: list[_Chain], dom: Dom, horizon: str | None = None
) -> tuple[str, str, list[_Chain], list[_Chain], list[str]]:
    """The lasting net effect: any-horizon and long-run chains decide it; short-run chains
    only when nothing else reaches the variable or the short run is asked for (they are
    labelled in ``by_horizon``)."""
    lasting = [c for c in chains if c.horizon != "short"]
    if horizon == "short" or not lasting or len(lasting) == len(chains):
        return _net(chains, dom)
    d, by, support, competing, decide = _net(lasting, dom)
    for c in chains:
        if c.horizon == "short":
            moved = "increase" if c.root_change * c.sign > 0 else "decrease"
            same = d != "ambiguous" and moved == d
            (support if same else competing).append(c)
    return d, by, support, competing, decide


def _rescore(
    chains: list[_Chain], dom: Dom, obs: Observations, span: tuple[int, int] | None
) -> None:
    """Two corrections the report itself asks for (docs/propagation.md, why 5): a channel
    it names as the larger one weighs more; a chain spelling out a summary claim it
    states scores at least what the summary's own chain scores."""
    for ch in chains:
        score = ch.score
        for summary in ch.summaries:
            _score(summary, obs, span)
            score = max(score, summary.score)
        if _uses_dominant(ch, dom):
            score *= DOMINANT_FACTOR
        ch.score = round(score, 4)


def _net(chains: list[_Chain], dom: Dom) -> tuple[str, str, list[_Chain], list[_Chain], list[str]]:
    """(direction, decided_by, supporting, competing, what_would_decide) for chains to one
    variable, all starting from the same change of the same root."""
    live = [c for c in chains if not _dominated(c, chains, dom)]
    live_ids = {id(c) for c in live}  # identity, not deep dataclass equality: O(n)
    beaten = [c for c in chains if id(c) not in live_ids]
    firm = [c for c in live if not any(n.status == "unknown" for n in c.conditions)]
    firm_ids = {id(c) for c in firm}
    cond = [c for c in live if id(c) not in firm_ids]
    decide: list[str] = []

    def direction(cs: list[_Chain]) -> set[int]:
        return {c.root_change * c.sign for c in cs}

    dirs = direction(firm)
    if len(dirs) == 1:
        d = dirs.pop()
        rivals = [c for c in cond if c.root_change * c.sign != d]
        for c in rivals:
            decide += [
                f"whether {n.condition} holds" for n in c.conditions if n.status == "unknown"
            ]
        by = "dominance" if beaten else "single-direction"
        return (
            ("increase" if d > 0 else "decrease"),
            by,
            [c for c in live if id(c) not in {id(r) for r in rivals}],
            beaten + rivals,
            sorted(set(decide)),
        )
    if not firm and cond:
        cdirs = direction(cond)
        if len(cdirs) == 1:
            d = cdirs.pop()
            decide += [
                f"whether {n.condition} holds"
                for c in cond
                for n in c.conditions
                if n.status == "unknown"
            ]
            return (
                ("increase" if d > 0 else "decrease"),
                "conditional",
                cond,
                beaten,
                sorted(set(decide)),
            )
    pos = [c for c in live if c.root_change * c.sign > 0]
    neg = [c for c in live if c.root_change * c.sign < 0]
    decide += [
        f"whether {n.condition} holds" for c in live for n in c.conditions if n.status == "unknown"
    ]
    decide.append("a statement of which channel is larger (dominance), or observed figures")
    return "ambiguous", "unresolved", pos, neg + beaten, sorted(set(decide))


def _by_horizon(chains: list[_Chain], dom: Dom) -> dict[str, str]:
    """The net direction in the short and in the long run, where some chain is dated so.
    A claim that names its horizon speaks for that horizon over a timeless claim on the
    same cause and effect ("a depreciation may initially worsen trade deficits" over "a
    depreciation aids the trade balance if Marshall-Lerner holds", in the short run)."""
    out: dict[str, str] = {}
    for h in ("short", "long"):
        sub = [c for c in chains if c.horizon in (h, "any")]
        if sub and any(c.horizon == h for c in sub):
            dated = {
                (c.edges[0].u, c.edges[0].v) for c in sub if c.horizon == h and len(c.edges) == 1
            }
            sub = [
                c
                for c in sub
                if not (
                    c.horizon == "any"
                    and len(c.edges) == 1
                    and (c.edges[0].u, c.edges[0].v) in dated
                )
            ]
            out[h] = _net(sub, dom)[0]
    return out


_State = tuple[str, int, bool, str, bool]  # node, sign, conditional, horizon, tail
# paths enumerated between one root and the effect before net_classes takes over
ENUMERATION_BUDGET = 2000
WITNESS_BUDGET = 50_000


def _root_net(
    proj: Projection,
    root: str,
    root_change: int,
    target: str,
    flt: _Filter,
    obs: Observations,
    cut: Cut | None = None,
    budget: int = ENUMERATION_BUDGET,
) -> tuple[str, str, set[tuple[Any, ...]]]:
    """Net direction of ``target`` when ``root`` changes, and the chains (nodes, signs)
    outweighed among them (dominance, ceteris paribus); memoised on the projection, in its
    size-bounded cache, with what it cut."""
    key = ("root_net", root, root_change, target, flt, budget)
    hit = proj.cache.get(key)
    if hit is None:
        inner = Cut()
        d, by, beaten = _root_net_uncached(proj, root, root_change, target, flt, obs, inner, budget)
        hit = (d, by, frozenset(beaten), tuple(inner.reasons))
        proj.cache[key] = hit
    if cut is not None:
        for reason in hit[3]:
            cut.add(reason)
    return hit[0], hit[1], set(hit[2])


def _judged_by_agreement(proj: Projection) -> bool:
    """Whether agreement of directions alone decides every net effect: no dominance
    statement, no elaboration, no ceteris-paribus step and no short-run edge (the lasting
    effect then equals the effect of all chains)."""
    hit = proj.cache.get(("agreement_only",))
    if hit is None:
        hit = not proj.dominance_channels and not any(
            d["elaborates"] or d.get("ceteris_paribus") or d.get("horizon") == "short"
            for d in unusual_edges(proj)  # a plain edge never sets any of these
        )
        proj.cache[("agreement_only",)] = hit
    return bool(hit)


def _chains_between(
    proj: Projection, root: str, root_change: int, target: str, flt: _Filter, budget: int
) -> tuple[list[_Chain], bool]:
    """The chains from ``root`` to ``target`` (at most ``budget``) and whether that is all."""
    chains: list[_Chain] = []
    for path in paths_between(proj, root, target, flt):
        if len(chains) >= budget:
            return chains, False
        ch = _chain_from(path, root_change, flt.assume)
        if ch is not None:
            chains.append(ch)
    return chains, True


def _root_net_uncached(
    proj: Projection,
    root: str,
    root_change: int,
    target: str,
    flt: _Filter,
    obs: Observations,
    cut: Cut | None = None,
    budget: int = ENUMERATION_BUDGET,
) -> tuple[str, str, set[tuple[Any, ...]]]:
    """Net direction of ``target`` when ``root`` changes, over every chain between them.

    Where the chains between them are few they are enumerated and judged as in whatif
    (ceteris paribus, dominance, elaboration, horizon, agreement); past ``budget`` the
    direction comes from :func:`net_classes`, which never enumerates them (those rules are
    then not applied, and the cut says so)."""
    if _judged_by_agreement(proj):
        # only agreement of directions decides: no need to list the chains
        classes, exact = net_classes(proj, root, root_change, target, flt)
        if cut is not None and not exact:
            cut.add(
                f"net effect of {proj.label(root)}: witness search budget reached, directions "
                "reachable only through a repeated variable were counted"
            )
        d, by = net_of_classes(classes)
        return d, by, set()
    chains, complete = _chains_between(proj, root, root_change, target, flt, budget)
    if complete:
        by_target: dict[str, list[_Chain]] = {target: chains}
        # a ceteris-paribus step into v never reverses what the plain chains from the same
        # root say of v: those chains are listed too
        for v in {e.v for ch in chains for e in ch.edges if e.data.get("ceteris_paribus")}:
            if v != target:
                more, whole = _chains_between(proj, root, root_change, v, flt, budget)
                by_target[v] = more
                if not whole and cut is not None:
                    cut.add(
                        f"more than {budget} chains from {proj.label(root)} to "
                        f"{proj.label(v)}: the ceteris-paribus check saw only those"
                    )
        _block_ceteris_paribus(by_target, proj.dominance_channels)
        chains, _ = _drop_elaborated(by_target[target])
        if not chains:
            return "ambiguous", "unresolved", set()
        d, by, *_ = _overall(chains, proj.dominance_channels, flt.horizon)
        beaten = {
            (tuple(c.nodes), tuple(c.signs))
            for c in chains
            if _dominated(c, chains, proj.dominance_channels)
        }
        return d, by, beaten
    classes, exact = net_classes(proj, root, root_change, target, flt)
    if cut is not None:
        cut.add(
            f"more than {budget} chains from {proj.label(root)}: its net effect is judged "
            "by agreement of directions only, without dominance, ceteris-paribus or "
            "horizon rules"
        )
    if cut is not None and not exact:
        cut.add(
            f"net effect of {proj.label(root)}: witness search budget reached, directions "
            "reachable only through a repeated variable were counted"
        )
    d, by = net_of_classes(classes)
    return d, by, set()


def net_of_classes(classes: set[tuple[int, bool]]) -> tuple[str, str]:
    """The net direction from the (direction, conditional?) pairs some chain realises."""
    firm = {d for d, unknown in classes if not unknown}
    cond = {d for d, unknown in classes if unknown}
    word = {1: "increase", -1: "decrease"}
    if len(firm) == 1:
        return word[firm.pop()], "single-direction"
    if not firm and len(cond) == 1:
        return word[cond.pop()], "conditional"
    return "ambiguous", "unresolved"


def _quick_witnesses(
    proj: Projection,
    root: str,
    root_change: int,
    target: str,
    flt: _Filter,
    dist: dict[str, int],
    event: bool,
    budget: int = 400,
) -> set[tuple[int, bool]]:
    """(direction, conditional?) pairs of the first simple chains a short depth-first walk
    finds, nearest-to-target steps first (enough to see most nets are ambiguous)."""
    found: set[tuple[int, bool]] = set()
    wholes, _holds = parts(proj.graph).maps()
    stack: list[tuple[str, int, bool, str, bool, frozenset[str], int]] = [
        (root, 1, False, "any", False, frozenset([root]), 0)
    ]
    pops = 0
    far = MAX_DEPTH + 1
    # one lookup per step (a hub's table is an array behind a Mapping: no dict per root)
    dget = dist.get
    while stack and pops < budget:
        node, sign, unknown, hz, tail, seen, depth = stack.pop()
        pops += 1
        if node == target:
            found.add((root_change * sign, unknown))
            if len({d for d, u in found if not u}) == 2:
                break
            continue
        left = MAX_DEPTH - depth - 1
        nxt = []
        for s in out_steps(proj, node, flt):
            v = s.edge.v
            dv = dget(v, far)
            if (
                dv > left
                or v in seen
                or (bool(wholes) and not wholes.get(v, _NONE).isdisjoint(seen))
            ):
                continue
            if (tail and not s.identity) or (depth == 0 and s.identity and event):
                continue
            h = s.horizon if hz == "any" else (hz if s.horizon in ("any", hz) else None)
            if h is None:
                continue
            nxt.append((dv, s, h))
        nxt.sort(key=lambda x: -x[0])  # the nearest to the target is popped first
        for _d, s, h in nxt:
            stack.append(
                (
                    s.edge.v,
                    sign * s.sign,
                    unknown or s.unknown,
                    h,
                    tail or s.identity,
                    seen | {s.edge.v},
                    depth + 1,
                )
            )
    return found


def paths_between(
    proj: Projection, source: str, target: str, flt: _Filter
) -> Iterator[list[_Edge]]:
    """Every admissible simple path from ``source`` to ``target`` (identity steps only at
    the end), depth first, never entering a node that cannot reach ``target`` in time."""
    dist = distances_to(proj, target, flt)
    if source not in dist:
        return
    event = proj.graph.nodes[source].get("kind") == "event"
    wholes, _holds = parts(proj.graph).maps()
    stack: list[tuple[str, tuple[Step, ...], frozenset[str], bool]] = [
        (source, (), frozenset([source]), False)
    ]
    while stack:
        node, path, seen, tail = stack.pop()
        if node == target:
            yield [s.edge for s in path]
            continue
        left = MAX_DEPTH - len(path) - 1
        for s in reversed(out_steps(proj, node, flt)):
            v = s.edge.v
            if (
                v in seen
                or dist.get(v, MAX_DEPTH + 1) > left
                or (bool(wholes) and not wholes.get(v, _NONE).isdisjoint(seen))
            ):
                continue
            if (tail and not s.identity) or (not path and s.identity and event):
                continue
            stack.append((v, (*path, s), seen | {v}, tail or s.identity))


def net_classes(
    proj: Projection,
    root: str,
    root_change: int,
    target: str,
    flt: _Filter,
    budget: int = WITNESS_BUDGET,
) -> tuple[set[tuple[int, bool]], bool]:
    """The (direction of ``target``, conditional?) pairs realised by some chain from
    ``root``, without enumerating the chains: ``(classes, exact)``.

    A dynamic programme over states (node, sign, conditional, horizon, identity tail) by
    depth gives the pairs realised by *walks* of at most MAX_DEPTH steps — a superset, as
    a walk may repeat a variable. Each pair is then confirmed by a depth-first search for
    a simple path that realises it, which only enters states the programme says can still
    finish in that pair. Pairs no walk realises are never searched for. If the witness
    budget runs out, unconfirmed pairs are kept and ``exact`` is False.
    """
    g = proj.graph
    dist = distances_to(proj, target, flt)
    if root not in dist:
        return set(), True
    event = g.nodes[root].get("kind") == "event"
    quick = _quick_witnesses(proj, root, root_change, target, flt, dist, event)
    if {d for d, unknown in quick if not unknown} == {1, -1}:
        return quick, True  # firm chains both ways: ambiguous whatever else exists
    # can[(state, depth_left)] -> pairs reachable at the target; computed backwards lazily
    memo: dict[tuple[_State, int], frozenset[tuple[int, bool]]] = {}

    def succ(st: _State, first: bool) -> Iterator[tuple[Step, _State]]:
        node, sign, unknown, hz, tail = st
        for s in out_steps(proj, node, flt):
            if tail and not s.identity:
                continue
            if first and s.identity and event:
                continue
            h = s.horizon if hz == "any" else (hz if s.horizon in ("any", hz) else None)
            if h is None:
                continue
            yield s, (s.edge.v, sign * s.sign, unknown or s.unknown, h, tail or s.identity)

    def reach(st: _State, left: int, first: bool) -> frozenset[tuple[int, bool]]:
        key = (st, left if not first else -left)
        hit = memo.get(key)
        if hit is not None:
            return hit
        if st[0] == target:
            out = frozenset([(root_change * st[1], st[2])])
        else:
            acc: set[tuple[int, bool]] = set()
            for s, nxt in succ(st, first):
                if dist.get(s.edge.v, MAX_DEPTH + 1) <= left - 1:
                    acc |= reach(nxt, left - 1, False)
            out = frozenset(acc)
        memo[key] = out
        return out

    start: _State = (root, 1, False, "any", False)
    walk = reach(start, MAX_DEPTH, True)
    wholes, _holds = parts(g).maps()
    found: set[tuple[int, bool]] = set()
    steps_left = [budget]

    def witness(
        st: _State, left: int, first: bool, seen: frozenset[str], want: set[tuple[int, bool]]
    ) -> None:
        if steps_left[0] <= 0 or not want - found:
            return
        steps_left[0] -= 1
        if st[0] == target:
            found.add((root_change * st[1], st[2]))
            return
        for s, nxt in succ(st, first):
            v = s.edge.v
            if (
                v in seen
                or dist.get(v, MAX_DEPTH + 1) > left - 1
                or (bool(wholes) and not wholes.get(v, _NONE).isdisjoint(seen))
            ):
                continue
            if not (reach(nxt, left - 1, False) & (want - found)):
                continue
            witness(nxt, left - 1, False, seen | {v}, want)

    witness(start, MAX_DEPTH, True, frozenset([root]), set(walk))
    if steps_left[0] <= 0 and found != walk:
        return set(walk), False
    return found, True
