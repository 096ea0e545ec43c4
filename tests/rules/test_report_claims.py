"""Goldens for causes and effects the report states that the graph lacked (sentence audit of
issue #12): each added claim asserted on a what-if verdict or a why cause, with its quote."""

from __future__ import annotations

from kg.store import OxigraphStore
from rules import whatif, why
from tests.rules.verdicts import claim_id as _claim_id
from tests.rules.verdicts import effect as _effect
from tests.rules.verdicts import quotes as _quotes
from tests.rules.verdicts import uses as _uses

FOREIGN_BUYS = "JPN/WLD/portfolioInvestment/total/value"
EME_FX = "EME/WLD/currencyValue/total/value"
EME_IN = "EME/WLD/capitalInflows/total/value"
TUR_YIELD = "TUR/WLD/bondYield/total/rate"
EME_STRESS = "EME/WLD/financialStress/total/value"
X_IN = "X/WLD/capitalInflows/total/value"


def test_japans_surplus_is_recycled_into_foreign_bonds(reasoned: OxigraphStore) -> None:
    """ "surplus nations (e.g., China, Japan) recycling export earnings into bonds": Japan's
    overall surplus, not only its surplus with the U.S., buys foreign bonds; the sentence
    names no issuer, so no path runs from it to the dollar."""
    r = whatif(reasoned, "JPN/WLD/goodsBalance", "increase")
    buys = _effect(r, FOREIGN_BUYS)
    assert buys.direction == "increase"
    assert buys.variable.label == "Japan's net portfolio investment abroad"
    assert all(_uses(c, "surplus-recycling-export-earnings") for c in buys.chains)
    assert "recycling export earnings into bonds" in _quotes(buys.chains)
    assert "USA/WLD/currencyValue/total/value" not in {e.variable.key for e in r.effects}
    w = why(reasoned, FOREIGN_BUYS, "increase")
    assert w.explanations
    assert w.explanations[0].steps[0].cause.key == "JPN/WLD/goodsBalance/total/value"
    # China is a surplus nation too; the U.S. is not
    assert (
        _effect(
            whatif(reasoned, "CHN/WLD/goodsBalance", "increase"),
            "CHN/WLD/portfolioInvestment/total/value",
        ).direction
        == "increase"
    )
    usa = whatif(reasoned, "USA/WLD/goodsBalance", "increase")
    assert "USA/WLD/portfolioInvestment/total/value" not in {e.variable.key for e in usa.effects}


def test_fed_hikes_weaken_em_currencies_through_capital_flight(reasoned: OxigraphStore) -> None:
    """ "Fed rate hikes attract capital, stressing emerging markets" and "Higher bond yields
    draw foreign capital, strengthening the currency": the capital that leaves emerging
    markets takes their currencies down (the region is not a Country, so the step is stated
    for it)."""
    r = whatif(reasoned, "USA/WLD/policyRate/total/rate", "increase")
    assert _effect(r, EME_IN).direction == "decrease"
    fx = _effect(r, EME_FX)
    assert fx.direction == "decrease"
    via_capital = [c for c in fx.chains if _uses(c, "em-capital-flows-currency")]
    assert via_capital
    assert "Fed rate hikes attract capital, stressing emerging markets" in _quotes(via_capital)
    assert "strengthening the currency" in _quotes(via_capital)
    # why: the drain is spelled out through the capital the hikes attract to the U.S.
    # (capital-attracted-drains-emerging-markets), which the one-step drain elaborates
    w = why(reasoned, EME_FX, "decrease")
    assert any(
        _uses(e, "em-capital-flows-currency")
        and _uses(e, "fed-hikes-attract-capital")
        and _uses(e, "capital-attracted-drains-emerging-markets")
        for e in w.explanations
    )
    assert not any(_uses(e, "fed-hikes-drain-emerging-markets") for e in w.explanations)


def test_fed_hikes_stress_emerging_markets_through_the_capital_they_attract(
    reasoned: OxigraphStore,
) -> None:
    """ "Fed rate hikes attract capital, stressing emerging markets": the stress is explained
    by the capital drawn to the U.S. away from the emerging markets, and the one-step
    summary (rate → stress) counts once, inside that chain."""
    w = why(reasoned, EME_STRESS, "increase")
    first = w.explanations[0]
    assert [s.cause.key for s in first.steps] == [
        "USA/WLD/policyRate/total/rate",
        "USA/WLD/capitalInflows/total/value",
        "EME/WLD/capitalInflows/total/value",
    ]
    assert _uses(first, "fed-hikes-attract-capital")
    assert _uses(first, "capital-attracted-stresses-emerging-markets")
    assert "Fed rate hikes attract capital, stressing emerging markets" in _quotes([first])
    assert not any(
        [_claim_id(s.claim) for s in e.steps] == ["fed-hikes-stress-emerging-markets"]
        for e in w.explanations
    )
    stress = _effect(whatif(reasoned, "USA/WLD/policyRate/total/rate", "increase"), EME_STRESS)
    assert stress.direction == "increase"
    assert any(_uses(c, "capital-attracted-stresses-emerging-markets") for c in stress.chains)


def test_lenders_withdrawing_raise_a_reliant_economys_borrowing_costs(
    reasoned: OxigraphStore,
) -> None:
    """ "Prolonged deficits may lead to vulnerability if foreign investors withdraw, raising
    borrowing costs": for an economy reliant on foreign lenders (Argentina) capital leaving
    raises its bond yields and takes the peso down; in general, capital flight is a cause
    of soaring borrowing costs."""
    r = whatif(reasoned, "ARG/WLD/capitalInflows", "decrease")
    yld = _effect(r, "ARG/WLD/bondYield/total/rate")
    assert yld.direction == "increase"
    assert any(_uses(c, "reliant-lenders-withdraw-raises-borrowing-costs") for c in yld.chains)
    assert "if foreign investors withdraw, raising borrowing costs" in _quotes(yld.chains)
    assert _effect(r, "ARG/WLD/currencyValue/total/value").direction == "decrease"
    w = why(reasoned, "X/WLD/bondYield", "increase")
    assert any(
        s.cause.key == X_IN
        and s.cause.change == "decrease"
        and _uses(e, "reliant-lenders-withdraw-raises-borrowing-costs")
        for e in w.explanations
        for s in e.steps
    )
    # the U.S. is no borrowing-reliant economy: its inflows keep their own claims
    us = _effect(
        whatif(reasoned, "USA/WLD/capitalInflows", "decrease"), "USA/WLD/bondYield/total/rate"
    )
    assert not any(
        _uses(c, "reliant-lenders-withdraw-raises-borrowing-costs")
        for c in us.chains + us.competing
    )


def test_germany_and_china_invest_their_surpluses_in_deficit_nations_bonds(
    reasoned: OxigraphStore,
) -> None:
    """ "Surplus nations (China, Germany) invest in deficit nations' bonds": each one's overall
    surplus buys the bonds of the deficit nation the report names (the U.S.); a shrinking
    German surplus means fewer purchases."""
    for economy, claim, change in (
        ("DEU", "germany-invests-surplus-in-deficit-bonds", "decrease"),
        ("CHN", "china-invests-surplus-in-deficit-bonds", "increase"),
    ):
        r = whatif(reasoned, f"{economy}/WLD/goodsBalance", change)
        buys = _effect(r, f"{economy}/USA/bondPurchases/total/value")
        assert buys.direction == change
        assert any(_uses(c, claim) for c in buys.chains)
        assert "invest in deficit nations’ bonds" in _quotes(buys.chains)
        assert _effect(r, "USA/WLD/foreignBondDemand/total/value").direction == change


def test_foreign_investors_withdrawing_from_a_borrowing_reliant_economy(
    reasoned: OxigraphStore,
) -> None:
    """ "if foreign investors withdraw, raising borrowing costs or triggering currency
    depreciation", for an economy reliant on foreign borrowing (Turkey)."""
    r = whatif(reasoned, "TUR/WLD/foreignBondDemand", "decrease")
    yld = _effect(r, TUR_YIELD)
    assert yld.direction == "increase"
    assert any(_uses(c, "reliant-withdrawal-raises-borrowing-costs") for c in yld.chains)
    assert "if foreign investors withdraw, raising borrowing costs" in _quotes(yld.chains)
    lira = _effect(r, "TUR/WLD/currencyValue/total/value")
    assert lira.direction == "decrease"
    assert any(_uses(c, "reliant-withdrawal-triggers-depreciation") for c in lira.chains)


def test_withdrawal_for_reliant_economies_leaves_the_us_to_its_own_claims(
    reasoned: OxigraphStore,
) -> None:
    """The U.S. is a reserve-currency issuer, not 'reliant on foreign borrowing' in the
    report's sense: the reliant-economy reading is instantiated for Argentina and Turkey
    only, so no U.S. link is counted twice."""
    rows = reasoned.select(
        """SELECT ?code WHERE { ?i tk:instanceOf ?g ; tk:scope/tk:code ?code .
             ?g tk:claimId "reliant-withdrawal-raises-borrowing-costs" }"""
    )
    assert {str(r["code"]) for r in rows} == {"ARG", "TUR"}


def test_offshoring_makes_japan_a_hub_for_components(reasoned: OxigraphStore) -> None:
    """ "transforms Japan's role from a final exporter to a hub for high-value components":
    fewer direct exports, more component exports."""
    r = whatif(reasoned, "JPN/WLD/offshoring", "increase")
    comp = _effect(r, "JPN/WLD/exports/INTERMEDIATE/value")
    assert comp.direction == "increase"
    assert "a hub for high-value components" in _quotes(comp.chains)
    assert _effect(r, "JPN/WLD/exports/total/value").direction == "decrease"


def test_financial_services_chip_away_at_the_services_deficit(reasoned: OxigraphStore) -> None:
    """ "improve competitiveness in financial and digital services to chip away at the
    services deficit": financial services as well as digital ones."""
    r = whatif(reasoned, "JPN/WLD/servicesExports/SG", "increase")
    bal = _effect(r, "JPN/WLD/servicesBalance/total/value")
    assert bal.direction == "increase"
    assert "competitiveness in financial and digital services" in _quotes(bal.chains)


def test_a_confidence_shock_in_turkey_is_a_sell_off_by_foreign_investors(
    reasoned: OxigraphStore,
) -> None:
    """ "Loss of investor confidence can trigger ... bond sell-offs, particularly in less stable
    economies (e.g., Argentina, Turkey)": foreign investors sell, so Turkey's borrowing costs
    rise also through their withdrawal, with that sentence's quote."""
    r = whatif(reasoned, "TUR/WLD/investorConfidence", "decrease")
    demand = _effect(r, "TUR/WLD/foreignBondDemand/total/value")
    assert demand.direction == "decrease"
    assert "bond sell-offs" in _quotes(demand.chains)
    assert _effect(r, TUR_YIELD).direction == "increase"
    assert _effect(r, "TUR/WLD/currencyValue/total/value").direction == "decrease"
    w = why(reasoned, TUR_YIELD, "increase")
    withdrawn = [e for e in w.explanations if _uses(e, "turkey-confidence-bond-selloff")]
    assert withdrawn
    assert "if foreign investors withdraw, raising borrowing costs" in _quotes(withdrawn)


def test_the_us_deal_opens_japan_to_us_digital_services(reasoned: OxigraphStore) -> None:
    """ "For the U.S., the aim is to increase market access for its agricultural and
    potentially digital services exports": more U.S. digital services sold to Japan widen
    Japan's services deficit with the U.S."""
    r = whatif(reasoned, "https://w3id.org/tradekg/id/event/USJPN2025", "increase")
    imports = _effect(r, "JPN/USA/servicesImports/total/value")
    assert imports.direction == "increase"
    assert "potentially digital services exports" in _quotes(imports.chains)
    assert _effect(r, "JPN/USA/servicesBalance/total/value").direction == "decrease"
    exports = _effect(r, "USA/JPN/servicesExports/DIGITAL/value")
    assert exports.direction == "increase"


def test_japans_services_deficit_with_the_us_is_the_us_s_exports_to_japan(
    reasoned: OxigraphStore,
) -> None:
    """ "Japan typically runs a services deficit, as the U.S. exports financial, intellectual
    property, and travel services to Japan": the causes are the three kinds of U.S. exports
    the sentence names; the U.S.'s exports to Japan are Japan's imports from the U.S. (the
    bilateral mirror), so a rise of either widens the deficit."""
    w = why(reasoned, "JPN/USA/servicesBalance", "decrease")
    causes = {s.cause.key for e in w.explanations for s in e.steps}
    for kind in ("SG", "DIGITAL", "SD"):
        assert f"USA/JPN/servicesExports/{kind}/value" in causes
        # ... and, read in Japan's own accounts, its imports of each kind from the U.S.
        assert f"JPN/USA/servicesImports/{kind}/value" in causes
    assert "as the U.S. exports financial, intellectual property" in _quotes(w.explanations)
    r = whatif(reasoned, "USA/JPN/servicesExports", "increase")
    assert _effect(r, "JPN/USA/servicesImports/total/value").direction == "increase"
    assert _effect(r, "JPN/USA/servicesBalance/total/value").direction == "decrease"
    # read from Japan's side, the same flow widens it too
    back = whatif(reasoned, "JPN/USA/servicesImports", "increase")
    assert _effect(back, "JPN/USA/servicesBalance/total/value").direction == "decrease"
    # digital payments to the U.S. are part of Japan's digital imports (a partner's share
    # of the total), so they widen the digital deficit with the world as well
    digital = whatif(reasoned, "JPN/USA/servicesImports/DIGITAL", "increase")
    assert _effect(digital, "JPN/WLD/servicesBalance/DIGITAL/value").direction == "decrease"


def test_the_reports_loops_are_found_from_each_variable_on_them(reasoned: OxigraphStore) -> None:
    """The "cyclical feedback loop" (foreign demand for bonds → stronger dollar → wider
    deficit → more bonds sold) and China's "perpetuating the cycle" are found whichever
    of their variables the question names."""
    from rules import loops

    cyclical = {
        "USA/WLD/foreignBondDemand/total/value",
        "USA/WLD/currencyValue/total/value",
        "USA/WLD/goodsBalance/total/value",
    }
    for var in sorted(cyclical):
        found = [
            lp
            for lp in loops(reasoned, involving=var).loops
            if {t.key for t in lp.variables} == cyclical
            and any("cyclical feedback loop" in s.quote for s in lp.steps)
        ]
        assert found, var
        assert found[0].sign_polarity == "reinforcing"
    recycling = {"CHN/USA/goodsBalance/total/value", "CHN/USA/bondPurchases/total/value"}
    for var in sorted(recycling):
        found = [
            lp
            for lp in loops(reasoned, involving=var).loops
            if {t.key for t in lp.variables} == recycling
        ]
        assert found, var
        assert "perpetuating the cycle" in " ".join(s.quote for s in found[0].steps), var


def test_germany_and_china_recycle_their_overall_surplus_in_a_loop(
    reasoned: OxigraphStore,
) -> None:
    """ "Surplus nations (China, Germany) invest in deficit nations' bonds, sustaining trade
    flows": the overall surplus buys U.S. bonds, the purchases sustain the surplus with the
    U.S., which is part of the overall surplus — a reinforcing cycle found from either
    balance, closed by the bilateral sum (an accounting loop)."""
    from rules import loops

    for economy in ("DEU", "CHN"):
        cycle = {
            f"{economy}/WLD/goodsBalance/total/value",
            f"{economy}/USA/bondPurchases/total/value",
            f"{economy}/USA/goodsBalance/total/value",
        }
        for var in (f"{economy}/WLD/goodsBalance", f"{economy}/USA/bondPurchases"):
            found = [
                lp
                for lp in loops(reasoned, involving=var).loops
                if {t.key for t in lp.variables} == cycle
            ]
            assert found, (economy, var)
            assert found[0].sign_polarity == "reinforcing"
            assert found[0].polarity == "accounting"
            assert "invest in deficit nations’ bonds, sustaining trade flows" in " ".join(
                s.quote for s in found[0].steps
            )
