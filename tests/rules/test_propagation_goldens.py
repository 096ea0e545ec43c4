"""Goldens for the propagation rules of docs/propagation.md found by the ambiguity audit
(bench/sweep_ambiguous.py): parts and wholes, ceteris paribus at the chain's end, partial
sums in general answers, why by horizon and by period. Each asserts a verdict and the
report's sentence behind it."""

from __future__ import annotations

import importlib

import pytest

from kg.store import OxigraphStore
from rules import whatif, why
from rules.chains import parts
from rules.projection import projection
from rules.results import Chain, Explanation
from tests.rules.verdicts import claim_ids as _claims
from tests.rules.verdicts import effect as _effect
from tests.rules.verdicts import quotes as _quotes

X_IMPORTS = "X/WLD/imports/total/value"
X_BAL = "X/WLD/goodsBalance/total/value"
X_CUR = "X/WLD/currencyValue/total/value"
X_IN = "X/WLD/capitalInflows/total/value"
X_BONDS = "X/WLD/foreignBondDemand/total/value"


def _keys(c: Chain) -> list[str]:
    return [c.steps[0].cause.key or ""] + [s.effect.key or "" for s in c.steps]


def _node(store: OxigraphStore, key: str) -> str:
    g = projection(store).graph
    return next(n for n, d in g.nodes(data=True) if d.get("key") == key)


# ---------------------------------------------------------------- parts and wholes
def test_parts_and_wholes_follow_the_ontology(reasoned: OxigraphStore) -> None:
    """BPM6 partOf and narrower products/counterparts make parts; the BoP equilibrium,
    the inflows equality and partial sums do not."""
    pw = parts(projection(reasoned).graph)

    def whole(part: str, agg: str) -> bool:
        return _node(reasoned, agg) in pw.wholes.get(_node(reasoned, part), frozenset())

    assert whole("JPN/WLD/imports/HS27/value", "JPN/WLD/imports/total/value")
    assert whole("JPN/WLD/imports/HS27/value", "JPN/WLD/goodsBalance/total/value")
    assert whole("JPN/WLD/imports/total/value", "JPN/WLD/currentAccount/total/value")
    assert whole("JPN/USA/goodsBalance/total/value", "JPN/WLD/goodsBalance/total/value")
    assert whole(X_IMPORTS, X_BAL)
    # the financial account is the counterpart of the current account, not its container
    assert not whole("JPN/WLD/currentAccount/total/value", "JPN/WLD/financialAccount/total/value")
    assert not whole("USA/WLD/foreignBondDemand/total/value", "USA/WLD/capitalInflows/total/value")
    assert not whole("JPN/WLD/goodsBalance/total/value", "JPN/WLD/imports/total/value")


def test_weaker_currency_may_increase_import_costs_in_general(reasoned: OxigraphStore) -> None:
    """'A weaker currency can boost exports (improving trade balance) but may increase
    import costs.' Chains that read imports back off the goods balance (J-curve → less
    financing needed → fewer imports sustained) are imports moving because imports moved:
    they no longer make the verdict ambiguous."""
    imports = _effect(whatif(reasoned, "X/WLD/currencyValue", "decrease"), X_IMPORTS)
    assert imports.direction == "increase"
    assert imports.decided_by == "conditional"
    assert "but may increase import costs" in _quotes(imports.chains)
    assert "whether DollarDenominatedImports holds" in imports.what_would_decide
    for c in imports.chains + imports.competing:
        assert X_BAL not in _keys(c)[:-1], c.summary
    # the same rule for why: no explanation of the imports passes through their balance
    r = why(reasoned, "X/WLD/imports", "increase")
    assert r.explanations
    for e in [*r.explanations, *r.outweighed]:
        assert X_BAL not in [s.cause.key for s in e.steps], e.summary


def test_japan_import_bills_not_read_off_the_balance(reasoned: OxigraphStore) -> None:
    """A chain to Japan's energy import bill never passes through the goods balance or the
    imports that contain it."""
    r = whatif(reasoned, "JPN/WLD/currencyValue", "decrease", limit=100)
    energy = _effect(r, "JPN/WLD/imports/HS27/value")
    assert energy.direction == "increase"
    assert "energy" in _quotes(energy.chains)
    wholes = {"JPN/WLD/imports/total/value", "JPN/WLD/goodsBalance/total/value"}
    for c in energy.chains + energy.competing:
        assert not wholes & set(_keys(c)[:-1]), c.summary


# ---------------------------------------------------------------- who buys, in general
def test_foreign_bond_demand_strengthens_the_currency_in_general(
    reasoned: OxigraphStore,
) -> None:
    """'Foreign demand for sovereign bonds strengthens the issuer's currency': the
    demand-driven fall in yields (→ less capital drawn → weaker currency) holds other
    things equal and does not make it ambiguous; the purchases are inflows."""
    r = whatif(reasoned, "X/WLD/foreignBondDemand", "increase")
    cur = _effect(r, X_CUR)
    assert cur.direction == "increase"
    assert "Foreign demand for sovereign bonds strengthens the issuer" in _quotes(cur.chains)
    cp = [c for c in cur.competing if "yields-draw-capital" in _claims(c)]
    assert cp and all(c.dominated for c in cp)
    inflows = _effect(r, X_IN)
    assert inflows.direction == "increase"
    assert "Foreign capital inflows (e.g., purchases of U.S. Treasuries)" in _quotes(inflows.chains)
    assert not any("yields-draw-capital" in _claims(c) for c in inflows.chains)


def test_wider_deficit_sells_bonds_and_draws_inflows_in_general(reasoned: OxigraphStore) -> None:
    """'Countries like the U.S. rely on foreign investment in sovereign bonds to fund
    deficits': a wider deficit sells more bonds to foreigners, which are inflows, and
    strengthens the currency (the report's cyclical feedback loop)."""
    r = whatif(reasoned, "X/WLD/goodsBalance", "decrease")
    bonds = _effect(r, X_BONDS)
    assert bonds.direction == "increase"
    assert "rely on foreign investment in sovereign bonds to fund deficits" in _quotes(bonds.chains)
    assert _effect(r, X_IN).direction == "increase"
    cur = _effect(r, X_CUR)
    assert cur.direction == "increase"
    assert "potentially exacerbating trade deficits in a cyclical feedback loop" in _quotes(
        cur.chains
    )


# ---------------------------------------------------------------- why, by horizon
def test_depreciation_first_worsens_the_balance_in_why(reasoned: OxigraphStore) -> None:
    """'Currency depreciation may initially worsen trade deficits before improving them':
    the short-run worsening explains a fall of the balance; it is judged against its
    root's short-run net effect, not outweighed by the long-run improvement."""
    r = why(reasoned, "X/WLD/goodsBalance", "decrease")
    short = [
        e
        for e in r.explanations
        if e.horizon == "short"
        and any(
            s.claim.endswith("/j-curve-short-run") and s.cause.change == "decrease" for s in e.steps
        )
    ]
    assert short
    assert "may initially worsen trade deficits" in _quotes(short)  # type: ignore[arg-type]


# ---------------------------------------------------------------- why, by period
def _dated(e: Chain | Explanation, dated_quotes: frozenset[str] = frozenset()) -> bool:
    """The chain steps through a dated claim or spells out a dated summary claim."""
    return any(s.valid_from is not None or s.valid_to is not None for s in e.steps) or bool(
        dated_quotes & set(getattr(e, "elaborated_summaries", []))
    )


def _dated_quotes(store: OxigraphStore) -> frozenset[str]:
    return frozenset(
        d["quote"]
        for d in projection(store).claim_info.values()
        if d["valid_from"] is not None or d["valid_to"] is not None
    )


def test_a_named_period_ranks_the_claims_dated_to_it_first(reasoned: OxigraphStore) -> None:
    """A why-question that names a period is answered first by the claims the report dates
    to it: for 2021-2024, the yen's fall through the energy and food import bills ("in
    practice massively inflated the cost of dollar-denominated energy and food imports"),
    ahead of any undated mechanism."""
    r = why(reasoned, "JPN/WLD/goodsBalance", "decrease", period="2021-2024")
    dated = _dated_quotes(reasoned)
    flags = [_dated(e, dated) for e in r.explanations]
    assert flags[0]
    assert flags == sorted(flags, reverse=True)  # every dated chain before every undated one
    first = {_claims(e)[0] for e in r.explanations[:2]}
    assert first == {"yen-energy-import-bill", "yen-food-import-bill"}
    assert "massively inflated the cost of dollar-denominated energy" in _quotes(r.explanations[:2])
    # "demographic decline" is dated by the summary it spells out (the report's 2021- drivers)
    demography = [
        e for e in r.explanations if e.steps[0].cause.key == "JPN/WLD/population/total/value"
    ]
    assert demography and all(_dated(e, dated) and not _dated(e) for e in demography)
    # without a period, score alone orders the chains
    plain = why(reasoned, "JPN/WLD/goodsBalance", "decrease")
    scores = [e.score for e in plain.explanations]
    assert scores == sorted(scores, reverse=True)


def test_the_search_goes_on_while_a_dated_chain_could_enter_the_answer(
    reasoned: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The surpluses of 1980-2010: the electronics chain the report dates to that era
    ("chronic surplus") scores below undated ones, so a search that stopped at the
    undated bound would miss it; the dated bound keeps it going (searches of the bundled
    graph run to the end, so the test lets them stop at once)."""
    engine = importlib.import_module("rules.why")
    monkeypatch.setattr(engine, "EXHAUST", 0)
    r = why(reasoned, "JPN/WLD/goodsBalance", "increase", period="1980-2010", limit=3)
    assert all(_dated(e) for e in r.explanations[:2])
    assert any("electronics-chronic-surplus" in _claims(e) for e in r.explanations)
    assert max(e.score for e in r.explanations if not _dated(e)) > min(
        e.score for e in r.explanations if _dated(e)
    )
    # the same search stopped at the undated bound misses it
    monkeypatch.setattr(engine, "_dated_reach", lambda *_a: False)
    cut = why(reasoned, "JPN/WLD/goodsBalance", "increase", period="1980-2010", limit=3)
    assert not any("electronics-chronic-surplus" in _claims(e) for e in cut.explanations)
