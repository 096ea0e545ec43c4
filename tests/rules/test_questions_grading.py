"""How the parser grades a movement: horizons named by the shock's aftermath, inverted
conditionals after a context sentence, adjectives on the phrase, faint rises and
quantity words that belong to the next noun. Worded apart from the question sets."""

from __future__ import annotations

import pytest

from kg.store import OxigraphStore
from rules import ask


@pytest.mark.parametrize(
    ("question", "horizon"),
    [
        (
            "In the immediate aftermath of a devaluation, what becomes of the trade balance?",
            "short",
        ),
        ("What does a weaker currency do to the trade balance on impact?", "short"),
        (
            "Before import volumes have had time to adjust, what does a depreciation do to "
            "the trade balance?",
            "short",
        ),
        (
            "Once export volumes adjust, what does a depreciation do to the trade balance?",
            "long",
        ),
        ("Over the long haul, what does a cheaper currency do to the trade balance?", "long"),
    ],
)
def test_the_aftermath_names_the_horizon(
    reasoned: OxigraphStore, question: str, horizon: str
) -> None:
    r = ask(reasoned, question, intent="whatif")
    assert r.query.horizon == horizon
    got = {e.variable.key: e.direction for e in r.effects}  # type: ignore[union-attr]
    # the J-curve: worse at first, better in the long run (if Marshall-Lerner holds)
    want = "decrease" if horizon == "short" else "increase"
    assert got["X/WLD/goodsBalance/total/value"] == want


def test_an_inverted_conditional_after_a_context_sentence_is_the_shock(
    reasoned: OxigraphStore,
) -> None:
    # "Should X rise" opens the hypothetical though a sentence comes before it; the
    # context sentence's "help" evaluates what it helps, not the yields it names
    q = ask(
        reasoned,
        "Some argue that higher Treasury yields will help pull in the money the deficit "
        "needs. Should yields climb, what follows for the dollar?",
        intent="whatif",
    ).query
    assert (q.economy, q.item, q.change) == ("USA", "bondYield", "increase")


def test_an_adjective_on_the_phrase_beats_an_evaluative_verb(reasoned: OxigraphStore) -> None:
    q = ask(
        reasoned, "Would higher American bond yields help fund the deficit?", intent="whatif"
    ).query
    assert (q.item, q.change) == ("bondYield", "increase")


@pytest.mark.parametrize(
    "question",
    [
        "Why is Japanese household spending hardly growing?",
        "Why are Japan's exports barely rising these days?",
    ],
)
def test_a_faint_rise_is_weakness(reasoned: OxigraphStore, question: str) -> None:
    assert ask(reasoned, question, intent="why").query.change == "decrease"


def test_a_quantity_word_belongs_to_the_next_noun(reasoned: OxigraphStore) -> None:
    # "less oil" is the oil's; the efficiency the country commits to rises
    q = ask(
        reasoned,
        "What if Japan gets serious about energy efficiency, burning less oil and gas?",
        intent="whatif",
    ).query
    assert (q.item, q.change) == ("energyEfficiency", "increase")
    # at the end of its clause the quantity word is the phrase's own
    q2 = ask(reasoned, "What if Japan's energy imports grow more?", intent="whatif").query
    assert (q2.item, q2.change) == ("imports", "increase")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # "money" an economy owns is its currency; unowned it names nothing
        (
            "What becomes of a nation's imports if its money gets dearer?",
            ("currencyValue", "increase"),
        ),
        ("Why might a country's money lose much of its value?", ("currencyValue", "decrease")),
        ("What if Japan's currency takes a dive?", ("currencyValue", "decrease")),
        # a separable phrasal verb around a long object
        (
            "What if Tokyo turns its idle nuclear power plants back on?",
            ("powerOutput", "increase"),
        ),
        ("What if more Japanese companies produce their goods abroad?", ("offshoring", "increase")),
        ("What if the dollar loses its reserve crown?", ("reserveStatus", "decrease")),
    ],
)
def test_names_of_everyday_english(
    reasoned: OxigraphStore, question: str, want: tuple[str, str]
) -> None:
    q = ask(reasoned, question, intent="whatif" if "What" in question[:5] else "why").query
    assert (q.item, q.change) == want


def test_unowned_money_is_no_currency(reasoned: OxigraphStore) -> None:
    from rules import parse_question

    p = parse_question(reasoned, "Why is money pouring into America?")
    assert not any("currencyValue" in g[0].target for g in p.mentions)


def test_world_food_prices_reach_a_food_importer(reasoned: OxigraphStore) -> None:
    # a general mechanism on a world price instantiates per food importer (Japan)
    r = ask(reasoned, "What if world food prices jump?", intent="whatif")
    assert (r.query.item, r.query.product, r.query.change) == ("worldPrice", "FOOD", "increase")
    got = {e.variable.key: e.direction for e in r.effects}  # type: ignore[union-attr]
    assert got["JPN/WLD/imports/FOOD/value"] == "increase"
    assert got["JPN/WLD/goodsBalance/total/value"] == "decrease"


def test_investors_own_their_money(reasoned: OxigraphStore) -> None:
    # "their money" is the investors' capital, not a currency
    q = ask(
        reasoned,
        "What if overseas investors pull their money out of a country with big deficits?",
        intent="whatif",
    ).query
    assert (q.item, q.change) == ("capitalInflows", "decrease")


def test_one_quantity_named_twice_is_no_holder(reasoned: OxigraphStore) -> None:
    # "its dominance as the reserve currency": both phrases name the reserve role
    q = ask(
        reasoned,
        "What if the greenback gave up its dominance as the reserve currency?",
        intent="whatif",
    ).query
    assert (q.item, q.change) == ("reserveStatus", "decrease")
    # ... while "the yen as …" is the holder of the standing named after "as"
    q2 = ask(
        reasoned,
        "What if the world stops seeing the dollar as the reserve currency?",
        intent="whatif",
    ).query
    assert q2.item == "reserveStatus"


def test_pressure_on_a_quantity_is_worse_for_it(reasoned: OxigraphStore) -> None:
    q = ask(
        reasoned,
        "Why have debt-sustainability pressures in emerging economies intensified?",
        intent="why",
    ).query
    assert (q.economy, q.item, q.change) == ("EME", "debtBurden", "increase")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("Why did Washington and Tokyo keep fighting over trade?", ("tradeFriction", "increase")),
        ("Why is Japan's goods trade in the hole?", ("goodsBalance", "decrease")),
        (
            "Why are emerging markets finding their dollar debt harder to service?",
            ("debtBurden", "increase"),
        ),
        ("What is behind the boom in inbound tourism to Japan?", ("servicesExports", "increase")),
        (
            "Why is money from around the world pouring into the U.S.?",
            ("capitalInflows", "increase"),
        ),
    ],
)
def test_idioms_and_names_of_markets(
    reasoned: OxigraphStore, question: str, want: tuple[str, str]
) -> None:
    q = ask(reasoned, question, intent="why").query
    assert (q.item, q.change) == want


def test_parking_money_in_treasuries_is_buying_them(reasoned: OxigraphStore) -> None:
    q = ask(reasoned, "Why does Beijing park its surplus in Treasuries?", intent="why").query
    assert (q.economy, q.item) == ("CHN", "bondPurchases")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # ending an activity the phrase names by its gerund is its fall
        ("What if Tokyo quits buying U.S. Treasuries?", ("bondPurchases", "decrease")),
        ("What if Japan ceased importing coal?", ("imports", "decrease")),
        # "smashed" is a fall; smashing a record is a new high
        ("What if EM FX gets smashed?", ("currencyValue", "decrease")),
        ("What if Japanese car exports smash their record?", ("exports", "increase")),
    ],
)
def test_endings_and_smashes(reasoned: OxigraphStore, question: str, want: tuple[str, str]) -> None:
    q = ask(reasoned, question, intent="whatif").query
    assert (q.item, q.change) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb and particle around the phrase outrank an adjective on it
        (
            "What if a typhoon takes the newly restarted reactors offline?",
            "whatif",
            ("powerOutput", "NUCLEAR", "decrease"),
        ),
        # "offshore wind" is a power source, not production moved abroad
        (
            "What if Japan builds far more offshore wind?",
            "whatif",
            ("powerOutput", "RENEWABLE", "increase"),
        ),
        # leaving an easing is a tightening; leaving rates unchanged is no move
        (
            "What if the Bank of Japan leaves its ultra-loose policy behind?",
            "whatif",
            ("policyRate", "total", "increase"),
        ),
        # a rise at a slow pace is weakness
        ("Why are Japan's exports growing so slowly?", "why", ("exports", "total", "decrease")),
    ],
)
def test_verbs_around_the_phrase_and_pace(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.item, q.product, q.change) == want


def test_leaving_rates_unchanged_is_no_move(reasoned: OxigraphStore) -> None:
    from rules import parse_question
    from rules.questions import _direction

    p = parse_question(reasoned, "What if the Fed leaves interest rates unchanged?")
    assert all(_direction(p, g[0]) is None for g in p.mentions)


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        ("Why is the peso in freefall?", "why", ("currencyValue", "total", "decrease")),
        (
            "Why has appetite for Treasuries stayed so steady?",
            "why",
            ("foreignBondDemand", "total", "increase"),
        ),
        (
            "Why must Japan ship in so much rice and soybeans?",
            "why",
            ("imports", "FOOD", "increase"),
        ),
        (
            "Why are the debts of developing countries getting heavier?",
            "why",
            ("debtBurden", "total", "increase"),
        ),
        ("What if the inbound boom fades?", "whatif", ("servicesExports", "SD", "decrease")),
        ("What if the yen snaps back?", "whatif", ("currencyValue", "total", "increase")),
        (
            "Why do the yields of Argentine government bonds jump?",
            "why",
            ("bondYield", "total", "increase"),
        ),
        (
            "What would a big push on renewables do to Japan's fuel imports?",
            "whatif",
            ("powerOutput", "RENEWABLE", "increase"),
        ),
    ],
)
def test_words_of_a_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.item, q.product, q.change) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # codes written in lower case, and the shorthand of notes ("bal", "svcs", "px")
        ("jpn trade bal sinking, why?", "why", ("JPN", "goodsBalance", "decrease")),
        ("kr svcs bal worse — why", "why", ("KOR", "servicesBalance", "decrease")),
        (
            "cn ccy weakens, what happens to cn exports?",
            "whatif",
            ("CHN", "currencyValue", "decrease"),
        ),
        # "us" before a name in a note is the U.S.; the pronoun stays a pronoun
        ("us yields up: what for usd?", "whatif", ("USA", "bondYield", "increase")),
        (
            "what does it mean for us if the yen falls?",
            "whatif",
            ("JPN", "currencyValue", "decrease"),
        ),
        # an arrow: what stands before it is the shock, what follows a consequence
        ("lng px surge => jp trade bal?", "whatif", ("WLD", "worldPrice", "increase")),
        (
            "jpy slump → exports, import bill?",
            "whatif",
            ("JPN", "currencyValue", "decrease"),
        ),
        # a ticker is a price of its base currency in its quote currency: USDKRW up is the
        # won down, USD/JPY down the yen up
        ("usdkrw rallies -> korean exports?", "whatif", ("KOR", "currencyValue", "decrease")),
        (
            "USD/JPY slides, what happens to Japan's imports?",
            "whatif",
            ("JPN", "currencyValue", "increase"),
        ),
        # a slash between two names lists them
        (
            "korea/taiwan chip producers gain ground -> japanese electronics exports?",
            "whatif",
            ("JPN", "competitorStrength", "increase"),
        ),
    ],
)
def test_terse_notes(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item, q.change) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a comparison set off by commas names an economy compared with, not asked about
        ("Like China, why does Germany run such a big surplus?", "why", ("DEU", "goodsBalance")),
        (
            "Why is China, unlike Germany, buying so many Treasuries?",
            "why",
            ("CHN", "bondPurchases"),
        ),
    ],
)
def test_a_comparison_names_no_subject(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item) == want


def test_a_participle_clause_is_no_focus(reasoned: OxigraphStore) -> None:
    # ", having held firm for a decade," describes the currency; "slump" is its movement
    q = ask(
        reasoned,
        "Why would a nation's money, having held firm for a decade, slump all of a sudden?",
        intent="why",
    ).query
    assert (q.item, q.change) == ("currencyValue", "decrease")


def test_a_bare_why_asks_about_the_statement_before_it(reasoned: OxigraphStore) -> None:
    # "why so large?" names nothing: it asks about the deficit; the guess after it is a cause
    q = ask(reasoned, "japan energy deficit huge, why so large? weak yen?", intent="why").query
    assert (q.economy, q.item, q.change) == ("JPN", "goodsBalance", "decrease")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("Why is the won so feeble these days?", ("KOR", "currencyValue", "decrease")),
        (
            "What if Beijing curtails its buying of US government bonds?",
            ("CHN", "bondPurchases", "decrease"),
        ),
        (
            "What if Japanese carmakers keep moving production abroad?",
            ("JPN", "offshoring", "increase"),
        ),
    ],
)
def test_words_of_a_fourth_round(
    reasoned: OxigraphStore, question: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent="whatif" if question.startswith("What") else "why").query
    assert (q.economy, q.item, q.change) == want


def test_shorthand_is_no_english_word() -> None:
    """A shorthand spelt out must not be a word of its own ("bal", never "ball")."""
    from lemminflect import getAllLemmas

    from rules.questions import _ABBREVIATIONS

    assert [w for w in _ABBREVIATIONS if getAllLemmas(w)] == []


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # a pronoun's verb moves the phrase it refers back to
        (
            "The lira has a long history. Why did it plunge again?",
            ("TUR", "currencyValue", "decrease"),
        ),
        ("Consider the won. Why does it keep strengthening?", ("KOR", "currencyValue", "increase")),
        # buying is a standing position, as holding is: asked why, it is there
        ("Why is Germany buying so many Treasuries?", ("DEU", "bondPurchases", "increase")),
        # ... and, negated, it stops
        ("Why isn't Germany buying Treasuries any more?", ("DEU", "bondPurchases", "decrease")),
    ],
)
def test_what_a_why_question_refers_back_to(
    reasoned: OxigraphStore, question: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent="why").query
    assert (q.economy, q.item, q.change) == want


def test_a_currency_standing_as_reserve_is_its_reserve_status(reasoned: OxigraphStore) -> None:
    q = ask(
        reasoned, "What if the greenback's standing as a reserve currency wanes?", intent="whatif"
    ).query
    assert (q.economy, q.item, q.change) == ("USA", "reserveStatus", "decrease")


def test_a_negated_purchase_stops(reasoned: OxigraphStore) -> None:
    q = ask(reasoned, "What if Berlin no longer buys American bonds?", intent="whatif").query
    assert (q.economy, q.item, q.change) == ("DEU", "bondPurchases", "decrease")


def test_what_follows_an_arrow_is_never_the_shock(reasoned: OxigraphStore) -> None:
    # the balance before the arrow moves no way: the parser asks, rather than shock the yen
    r = ask(reasoned, "jp goods bal => jpy lower?", intent="whatif")
    assert r.query.item != "currencyValue"
    assert str(r.result_code).endswith("NOT_UNDERSTOOD")
