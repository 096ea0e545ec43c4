"""Property tests (hypothesis): sign algebra, why/whatif duality, horizons, conditions,
contradictions, and the result types' JSON schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build_memory
from kg.store import OxigraphStore
from rules import contradictions, projection, whatif, why
from rules.materialize import post_load
from rules.results import WhatIfResult, WhyResult, result_schemas

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "good"
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _variables(store: OxigraphStore, economy: str) -> list[str]:
    g = projection(store).graph
    return sorted(
        n
        for n, d in g.nodes(data=True)
        if d.get("kind") == "variable" and d.get("economy") == economy and g.in_degree(n) > 0
    )


@pytest.fixture(scope="module")
def jpn_vars(reasoned: OxigraphStore) -> list[str]:
    return _variables(reasoned, "JPN") + _variables(reasoned, "USA")


@given(data=st.data())
@SLOW
def test_chain_sign_is_product_of_steps(
    reasoned: OxigraphStore, jpn_vars: list[str], data: st.DataObject
) -> None:
    var = data.draw(st.sampled_from(jpn_vars))
    change = data.draw(st.sampled_from(["increase", "decrease"]))
    r = why(reasoned, var, change)
    for e in r.explanations:
        product = 1
        for s in e.steps:
            product *= s.sign
        assert product == e.sign
        # every step's change follows from the previous one and its sign
        for s in e.steps:
            if s.cause.change is not None:
                same = s.cause.change == s.effect.change
                assert same == (s.sign > 0)
        assert e.steps[-1].effect.change == change
        for a, b in zip(e.steps, e.steps[1:], strict=False):
            assert a.effect.iri == b.cause.iri and a.effect.change == b.cause.change


def _absorbed(store: OxigraphStore, summary: Any, detail: Any) -> bool:
    """Is ``summary`` a chain through a summary claim whose elaboration ``detail`` spells out
    (same root, same end)? whatif counts the two once and keeps the detail (chains.py
    ``_drop_elaborated``); why may find only the summary within its bound."""
    if (summary.steps[0].cause.iri, summary.steps[-1].effect.iri) != (
        detail.steps[0].cause.iri,
        detail.steps[-1].effect.iri,
    ):
        return False
    elaborated: set[str] = set()
    for s in summary.steps:
        for claim in {s.claim, s.instance_of} - {None}:
            rows = store.select(f"SELECT ?o WHERE {{ <{claim}> tk:elaborates ?o }}")
            elaborated |= {str(r["o"]) for r in rows}
    return bool(elaborated & {x for s in detail.steps for x in (s.claim, s.instance_of)})


@given(data=st.data())
@SLOW
def test_why_whatif_duality(
    reasoned: OxigraphStore, jpn_vars: list[str], data: st.DataObject
) -> None:
    """Every chain why returns for E is a chain whatif returns from its root to E."""
    var = data.draw(st.sampled_from(jpn_vars))
    change = data.draw(st.sampled_from(["increase", "decrease"]))
    r = why(reasoned, var, change, limit=5)
    for e in r.explanations:
        root = e.steps[0].cause
        root_change = root.change or "increase"  # an event "occurs"
        w = whatif(reasoned, root.iri, root_change, limit=10_000)
        effect = next((x for x in w.effects if x.variable.iri == r.query.variable), None)
        assert effect is not None, e.summary
        wanted = [(s.cause.iri, s.effect.iri, s.claim) for s in e.steps]
        chains = effect.chains + effect.competing
        if len(chains) < 5:  # whatif shows at most five chains per side
            assert any(
                [(s.cause.iri, s.effect.iri, s.claim) for s in c.steps] == wanted
                or _absorbed(reasoned, e, c)
                for c in chains
            ), e.summary
        assert any(c.steps[-1].effect.change == change for c in chains)


@given(
    horizon=st.sampled_from(["short", "long"]),
    economy=st.sampled_from(["JPN", "USA", "CHN", "KOR", "DEU"]),
)
@SLOW
def test_horizon_filter_never_mixes(reasoned: OxigraphStore, horizon: str, economy: str) -> None:
    other = "long" if horizon == "short" else "short"
    r = whatif(reasoned, f"{economy}/WLD/currencyValue", "decrease", horizon=horizon)
    for eff in r.effects:
        for c in eff.chains + eff.competing:
            assert all(s.horizon != other for s in c.steps)
    r2 = whatif(reasoned, f"{economy}/WLD/currencyValue", "decrease")
    for eff in r2.effects:
        for c in eff.chains + eff.competing:
            assert {s.horizon for s in c.steps} != {"short", "long"} - {"any"} or len(
                {s.horizon for s in c.steps} - {"any"}
            ) <= 1


def test_condition_fails_drops_or_reverses(tmp_path: Path) -> None:
    """A failing condition drops a step, or reverses it where the claim says so;
    'unknown' keeps it and marks the chain conditional."""
    store, _ = build_memory([GOOD / "conditions-fail.yaml"], post_load=post_load, check=False)
    r = why(store, "JPN/WLD/imports/HS27", "increase")
    claims = {s.claim.rsplit("/claim/", 1)[1] for e in r.explanations for s in e.steps}
    assert "yen-raises-energy-bill-dropped" not in claims
    rev = [
        e
        for e in r.explanations
        if any(s.claim.endswith("yen-raises-energy-bill-reversed") for s in e.steps)
    ]
    # stated +1 (exports up → energy imports up); reversed, a fall in exports raises them
    steps = [s for e in rev for s in e.steps if s.claim.endswith("-reversed")]
    assert steps and all(s.reversed_by_condition and s.sign == -1 for s in steps)
    assert all(s.cause.change == "decrease" and s.effect.change == "increase" for s in steps)
    unknown = [
        e
        for e in r.explanations
        if any(s.claim.endswith("nuclear-fuel-imports-unknown") for s in e.steps)
    ]
    assert unknown and all(e.conditional for e in unknown)


def test_contradictions_are_reconciled(reasoned: OxigraphStore) -> None:
    r = contradictions(reasoned)
    by_pair = {(c.cause.key, c.effect.key): c for c in r.contradictions}
    jc = by_pair[("USA/WLD/currencyValue/total/value", "USA/WLD/goodsBalance/total/value")]
    assert "horizon" in jc.reconciled_by
    jp = by_pair[("JPN/WLD/currencyValue/total/value", "JPN/WLD/goodsBalance/total/value")]
    assert "condition" in jp.reconciled_by
    assert all(c.explanation == "unreconciled" or c.reconciled_by for c in r.contradictions)


def test_projection_rebuilt_only_when_store_changes(reasoned: OxigraphStore) -> None:
    a = projection(reasoned)
    assert projection(reasoned) is a
    store, _ = build_memory(check=False)
    before = projection(store)
    store.update('INSERT DATA { GRAPH <urn:x-test:notes> { <urn:a> <urn:b> "c" } }')
    assert projection(store) is not before


def test_result_schemas_are_checked_in() -> None:
    for name, schema in result_schemas().items():
        path = ROOT / "docs" / "schema" / f"{name}.json"
        assert json.loads(path.read_text(encoding="utf-8")) == schema, (
            f"{path} is stale: regenerate it (see docs/propagation.md)"
        )


def test_results_round_trip_through_json(reasoned: OxigraphStore) -> None:
    r = why(reasoned, "JPN/WLD/goodsBalance", "decrease", period="2022")
    assert WhyResult.model_validate_json(r.model_dump_json()) == r
    w = whatif(reasoned, "JPN/WLD/currencyValue", "decrease")
    assert WhatIfResult.model_validate_json(w.model_dump_json()) == w


def test_answers_do_not_depend_on_store_row_order(reasoned: OxigraphStore, tmp_path: Path) -> None:
    """The same quads loaded in another order, in memory or on disk, give the same JSON."""
    import random

    quads = list(reasoned.quads())
    random.Random(7).shuffle(quads)  # noqa: S311 - an order, not a secret
    memory = OxigraphStore()
    memory.add_quads(quads)
    disk = OxigraphStore(tmp_path / "store")
    disk.add_quads(quads)
    for other in (memory, disk):
        assert (
            why(other, "JPN/WLD/goodsBalance", "decrease", period="2022").model_dump_json()
            == why(reasoned, "JPN/WLD/goodsBalance", "decrease", period="2022").model_dump_json()
        )
        assert (
            whatif(other, "JPN/WLD/currencyValue", "decrease").model_dump_json()
            == whatif(reasoned, "JPN/WLD/currencyValue", "decrease").model_dump_json()
        )
