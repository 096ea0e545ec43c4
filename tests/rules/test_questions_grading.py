"""How the parser grades a movement: horizons named by the shock's aftermath, inverted
conditionals after a context sentence, adjectives on the phrase, faint rises and
quantity words that belong to the next noun. Worded apart from the question sets."""

from __future__ import annotations

import pytest

from kg.store import OxigraphStore
from rules import ask, whatif
from rules.questions import _period, parse_question


def _read_as(store: OxigraphStore, question: str, intent: str | None) -> str:
    """What the question is read as asking: economy, item, product and change."""
    q = ask(store, question, intent=intent).query
    return f"{q.economy} {q.item} {q.product} {q.change}"


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
        # "right off the bat", "improve fast": at once, the short run
        (
            "A country devalues. Does its trade balance improve right off the bat?",
            "short",
        ),
        ("If a currency is knocked down, does the trade balance get better quickly?", "short"),
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
            ("KOR", "exports", "increase"),
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


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a phrase with a verb of its own after it is that verb's subject, not the object
        # of the verb before it (spoken run-ons without a comma)
        (
            "so after the dollar fell the US trade deficit really got smaller, why is that?",
            "why",
            ("USA", "goodsBalance", "increase"),
        ),
        (
            "when the yen climbed the exports suddenly got weaker, why?",
            "why",
            ("JPN", "exports", "decrease"),
        ),
        # a word of slow pace at the clause's end grades a verb standing before its subject
        (
            "Why rise the Japanese exports of cars these years only so sluggishly?",
            "why",
            ("JPN", "exports", "decrease"),
        ),
    ],
)
def test_run_on_subjects_and_fronted_verbs(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item, q.change) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # spoken fillers go before the question is read: ", like," set off by commas
        (
            "what if, you know, the overseas owners of our Treasuries just, like, pulled "
            "out, what then for the greenback?",
            "whatif",
            ("USA", "foreignBondDemand", "decrease"),
        ),
        (
            "so like, um, why did the Japanese trade surplus shrink so much, like what "
            "happened there?",
            "why",
            ("JPN", "goodsBalance", "decrease"),
        ),
    ],
)
def test_spoken_fillers_are_dropped(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item, q.change) == want


def test_a_mid_clause_like_is_a_preposition() -> None:
    from rules.questions import _surface

    words = ["exporters", "like", "korea", "gained"]
    assert _surface("exporters like Korea, like, gained") == words
    assert _surface("so like, the yen, you know, fell") == ["so", "the", "yen", "fell"]


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a parenthetical set off by commas between a phrase and its clause-final verb
        (
            "Why has the Japanese energy import bill, above all in the years after 2021, "
            "so strongly risen?",
            "why",
            ("JPN", "imports", "increase"),
        ),
        (
            "Assuming that the Fed its policy rate, despite the slowing economy, further "
            "raises — what follows for the dollar?",
            "whatif",
            ("USA", "policyRate", "increase"),
        ),
        (
            "Why has the U.S. dollar, during the period of rising Treasury yields, strengthened?",
            "why",
            ("USA", "currencyValue", "increase"),
        ),
    ],
)
def test_parentheticals_before_a_clause_final_verb(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item, q.change) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # an if-clause before the question is what "that" asks about; a clause after it
        # opened by a spoken "cuz" is the asker's guess at the cause
        (
            "so if some country's bond yields shoot up overnight, how come that happens, "
            "is it cuz its money falls?",
            "why",
            ("bondYield", "total", "increase"),
        ),
        # a bare state word pointed back at ("this deficit") is the state of the balance
        # named before it
        (
            "The Japanese goods balance — what drives this stubborn deficit?",
            "why",
            ("goodsBalance", "total", "decrease"),
        ),
        # "promotion of X" is more of X
        (
            "What if Tokyo steps up its promotion of inbound tourism?",
            "whatif",
            ("servicesExports", "SD", "increase"),
        ),
        (
            "What if firms speed up the relocation of manufacturing to Vietnam?",
            "whatif",
            ("offshoring", "total", "increase"),
        ),
    ],
)
def test_run_on_guesses_back_references_and_names(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.item, q.product, q.change) == want


def test_they_in_the_question_is_the_economy_named_before(reasoned: OxigraphStore) -> None:
    # hearsay names the economy; the question clause says how "they" fare
    q = ask(
        reasoned,
        "my uncle reads that developing economies keep getting punished, so why do they "
        "suffer whenever the Fed tightens?",
        intent="why",
    ).query
    assert (q.economy, q.item, q.change) == ("EME", "financialStress", "increase")


def test_all_these_sit_inside_a_name(reasoned: OxigraphStore) -> None:
    # "all these" / "all those" only point at what the name names: no gap in the label
    q = ask(
        reasoned, "Why is Germany buying up all these American government bonds?", intent="why"
    ).query
    assert (q.economy, q.item, q.change) == ("DEU", "bondPurchases", "increase")


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a product's own names: tourists are the travel services sold to visitors
        (
            "Why are the streets of Kyoto crowded with visitors?",
            "why",
            ("JPN", "servicesExports", "SD", "increase"),
        ),
        (
            "What if foreign visitors stop coming to Japan?",
            "whatif",
            ("JPN", "servicesExports", "SD", "decrease"),
        ),
        # a balance "in the minus" is in deficit
        (
            "Why has Japan been in the minus on its trade since 2021?",
            "why",
            ("JPN", "goodsBalance", "total", "decrease"),
        ),
        # the deficit of a product, named after the balance
        (
            "Why does Japan run a deficit in food with Australia?",
            "why",
            ("JPN", "goodsBalance", "FOOD", "decrease"),
        ),
        # "the us" after an article is the United States, never the pronoun
        ("why is the us trade gap so wide", "why", ("USA", "goodsBalance", "total", "decrease")),
        # a state named as the shock comes about
        (
            "What would happen to Turkey if investors panic?",
            "whatif",
            ("TUR", "investorConfidence", "total", "decrease"),
        ),
        # sustaining and keeping up a one-sided quantity: it holds up
        (
            "What keeps sustaining Chinese buying of Treasuries?",
            "why",
            ("CHN", "bondPurchases", "total", "increase"),
        ),
        # losing an edge in a product's exports is those exports falling
        (
            "Why did Japan lose its edge in car exports?",
            "why",
            ("JPN", "exports", "HS87", "decrease"),
        ),
        (
            "Why are Japan's imports of consumer goods heading upward?",
            "why",
            ("JPN", "imports", "FINISHED", "increase"),
        ),
        (
            "What if foreign holdings of Treasuries shrink?",
            "whatif",
            ("USA", "foreignBondDemand", "total", "decrease"),
        ),
        (
            "What if Japan grants market access for U.S. farm products?",
            "whatif",
            ("USA", "marketAccess", "FOOD", "increase"),
        ),
        # a question inverted after a comma-less clause opens its own clause
        (
            "if the dollar weakens will that lift U.S. exports",
            "whatif",
            ("USA", "currencyValue", "total", "decrease"),
        ),
        (
            "Why does Germany keep running an export surplus?",
            "why",
            ("DEU", "goodsBalance", "total", "increase"),
        ),
        (
            "What if competition in electronics from Taiwan heats up?",
            "whatif",
            ("JPN", "competitorStrength", "HS85", "increase"),
        ),
    ],
)
def test_words_of_a_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: tuple[str, str, str, str]
) -> None:
    q = ask(reasoned, question, intent=intent).query
    assert (q.economy, q.item, q.product, q.change) == want


def test_a_product_before_a_trader_noun_names_the_traders(reasoned: OxigraphStore) -> None:
    """'a deficit with grain exporters' is the balance with those exporters, not a grain
    balance: the product word says who trades."""
    q = ask(
        reasoned,
        "Why does Japan run a deficit with grain exporters such as Australia?",
        intent="why",
    ).query
    assert (q.item, q.product, q.change) == ("goodsBalance", "total", "decrease")


def test_farm_access_reaches_the_us_exports_through_the_mirror(reasoned: OxigraphStore) -> None:
    """The deal's farm access raises the U.S.'s food exports to Japan: the report's own
    words ('its agricultural ... exports'), reached through the bilateral mirror of Japan's
    food imports from the U.S."""
    r = ask(
        reasoned,
        "What if the U.S. wins more market access for its farm exports to Japan?",
        intent="whatif",
    )
    effects = {e.variable.key: e.direction for e in r.effects}
    assert effects.get("USA/JPN/exports/FOOD/value") == "increase"
    assert effects.get("JPN/USA/imports/FOOD/value") == "increase"


def test_a_shock_to_one_side_of_a_mirror_moves_the_other(reasoned: OxigraphStore) -> None:
    """Nothing leaves the U.S.'s food exports to Japan but the bilateral mirror: a shock to
    them is a shock to Japan's food imports from the U.S. (one transaction, recorded by
    each side), listed first with the mirror's quote, then followed through."""
    r = whatif(reasoned, "USA/JPN/exports/FOOD", "decrease")
    assert r.result_code == "FOUND"
    assert (r.query.economy, r.query.item, r.query.counterpart) == ("USA", "exports", "JPN")
    first = r.effects[0]
    assert (first.variable.key, first.direction) == ("JPN/USA/imports/FOOD/value", "decrease")
    assert "agricultural" in first.chains[0].steps[0].quote
    effects = {e.variable.key: e.direction for e in r.effects}
    assert "USA/JPN/exports/FOOD/value" not in effects  # the shock is not its own effect
    assert effects.get("JPN/USA/goodsBalance/FOOD/value") == "increase"
    assert any("recorded by the other side" in a for a in r.query.assumptions)


def test_a_direction_word_never_crosses_a_full_stop(reasoned: OxigraphStore) -> None:
    """'Flights are cheap.' is a sentence of its own: its 'cheap' says nothing of the
    travel receipts the question after it asks about."""
    q = ask(
        reasoned, "Flights are so cheap now. Why are Japan's travel receipts soaring?", intent="why"
    ).query
    assert (q.item, q.product, q.change) == ("servicesExports", "SD", "increase")


def test_foreign_software_is_bought_not_sold(reasoned: OxigraphStore) -> None:
    """Paying more for foreign software is more digital services imports: 'foreign' names
    the seller, not an export of the asker's economy (only foreign tourists are exports)."""
    q = ask(
        reasoned,
        "If Japanese firms pay more for foreign cloud services, what becomes of the services "
        "balance?",
        intent="whatif",
    ).query
    assert (q.item, q.product, q.change) == ("servicesImports", "DIGITAL", "increase")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # the growth of a phrase named after it through "in" / "of" is that phrase's rate
        ("Why has the growth of household spending in Japan stalled?", "JPN consumption decrease"),
        ("Why did growth in Japanese exports pick up?", "JPN exports increase"),
        # an economy that grows is its output
        ("How come Japan's economy is growing so slowly?", "JPN gdp decrease"),
    ],
)
def test_growth_in_a_phrase_is_its_rate(reasoned: OxigraphStore, question: str, want: str) -> None:
    q = ask(reasoned, question, intent="why").query
    assert f"{q.economy} {q.item} {q.change}" == want


def test_the_partner_of_a_flow_is_its_counterpart(reasoned: OxigraphStore) -> None:
    """'Imports from China' are an importer's imports with China as the counterpart, never
    China's own imports; the graph holds them for intermediate goods only. 'Germany's
    exports to the U.S.' stay Germany's though the graph holds only Japan's to the U.S."""
    q = ask(reasoned, "Why have imports from China grown so much?", intent="why").query
    assert (q.economy, q.counterpart, q.item, q.change) == ("JPN", "CHN", "imports", "increase")
    q = ask(reasoned, "Why did Germany's exports to America fall?", intent="why").query
    assert (q.economy, q.item, q.change) == ("DEU", "exports", "decrease")


def test_a_balance_with_a_partner_is_the_bilateral_balance(reasoned: OxigraphStore) -> None:
    """'Their surplus with the U.S.' is Japan's balance with the U.S., not the U.S.'s own;
    'it' as the subject of 'have' is the economy, not a phrase before the question."""
    q = ask(
        reasoned,
        "Japan keeps selling cars to America. So why is its goods surplus with the States so "
        "large?",
        intent="why",
    ).query
    assert (q.economy, q.counterpart, q.item, q.change) == (
        "JPN",
        "USA",
        "goodsBalance",
        "increase",
    )
    q = ask(
        reasoned,
        "Japan sells America plenty of goods, so why does it still have a services deficit with "
        "the US?",
        intent="why",
    ).query
    assert (q.economy, q.counterpart, q.item, q.change) == (
        "JPN",
        "USA",
        "servicesBalance",
        "decrease",
    )


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # a statement after the question names no focus of its own
        (
            "Why did Japan's energy import bill rise? A friend says it is all the weak yen, "
            "but I am not sure why that would push imports down.",
            "JPN imports increase",
        ),
        # a yes/no question after a why-question guesses at the answer
        (
            "Why did Japanese firms move production abroad? Was it to cut import costs?",
            "JPN offshoring increase",
        ),
        # ... so does a bare phrase
        ("Emerging markets under strain again. Why? Higher US rates pulling capital?", None),
    ],
)
def test_the_sentence_that_asks_is_the_focus(
    reasoned: OxigraphStore, question: str, want: str | None
) -> None:
    q = ask(reasoned, question, intent="why").query
    if want is None:
        assert (q.item, q.change) == ("financialStress", "increase")
    else:
        assert f"{q.economy} {q.item} {q.change}" == want


def test_a_state_a_phrase_shows_is_its_state(reasoned: OxigraphStore) -> None:
    """'The travel account showed a surplus': the surplus is the account's, not a balance
    of its own; 'its dollar earnings' are money, not the dollar's value."""
    q = ask(
        reasoned,
        "Japan's services account still runs a deficit. Why does it stay negative?",
        intent="why",
    ).query
    assert (q.item, q.product, q.change) == ("servicesBalance", "total", "decrease")
    q = ask(
        reasoned,
        "Why does China keep putting its dollar earnings into Treasuries?",
        intent="why",
    ).query
    assert (q.economy, q.item, q.change) == ("CHN", "bondPurchases", "increase")


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # a bare state word a phrase holds, with an amount between ("logged a ¥3tn deficit")
        (
            "Japan's services account logged a ¥3tn deficit last year. What is behind that "
            "shortfall?",
            "JPN servicesBalance total decrease",
        ),
        # "less stuff" is fewer of the phrase before it, not a quantity of stuff
        ("Why is Japan exporting less stuff these days?", "JPN exports total decrease"),
        # selling a product is exporting it; paying for it, importing it
        ("Why did Japan sell fewer chips after 2011?", "JPN exports HS85 decrease"),
        (
            "Why is the price Japan pays for wheat and beef from overseas going up?",
            "JPN imports FOOD increase",
        ),
        # "notwithstanding" sets off a phrase of context, as "despite" does
        (
            "Why does Japan run a services deficit with the US, notwithstanding its goods surplus?",
            "JPN servicesBalance total decrease",
        ),
    ],
)
def test_words_of_a_sixth_round(reasoned: OxigraphStore, question: str, want: str) -> None:
    q = ask(reasoned, question, intent="why").query
    assert f"{q.economy} {q.item} {q.product} {q.change}" == want


@pytest.mark.parametrize(
    ("question", "want", "period"),
    [
        # buying more abroad than selling is a trade deficit, selling more a surplus
        (
            "These days Japan buys far more from other countries than it sells to them. "
            "How did that come about?",
            "JPN goodsBalance total decrease",
            None,
        ),
        # ... and a decade in words is a period ("the nineties")
        (
            "Why did Japan sell much more abroad than it bought all through the nineties?",
            "JPN goodsBalance total increase",
            "1990-1999",
        ),
        # "from that year" points back to a date, not to a phrase said before
        (
            "Power bills at our factory soared after 2011. Why did Japan's fuel import bill "
            "climb so steeply from that year?",
            "JPN imports HS27 increase",
            "2011-2025",  # "after 2011": from then to the report's date
        ),
        # a bare question pointing back: the phrase of the sentence before; the guess
        # after it is no focus
        (
            "Japan now buys many more finished goods from abroad than before. Why would that "
            "be? Did its firms build plants overseas?",
            "JPN imports FINISHED increase",
            None,
        ),
        # "do that" after an auxiliary is the main verb: "that" is the bond buying
        (
            "China earns a fortune on exports and then buys US Treasuries with it. Why would "
            "China do that?",
            "CHN bondPurchases total increase",
            None,
        ),
    ],
)
def test_words_of_a_seventh_round(
    reasoned: OxigraphStore, question: str, want: str, period: str | None
) -> None:
    q = ask(reasoned, question, intent="why").query
    assert f"{q.economy} {q.item} {q.product} {q.change}" == want
    assert q.period == period


def test_a_sign_change_after_a_period_is_not_in_it(reasoned: OxigraphStore) -> None:
    """The surplus years (1980s–2010) did not see the turn to deficit (2021): asked why
    Japan had a surplus then, the premise is not contradicted by that later turn."""
    r = ask(reasoned, "Why did Japan run a trade surplus from the 1980s to 2010?", intent="why")
    assert r.result_code.value != "PREMISE_CONTRADICTED"
    assert r.explanations


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a guess after the asking sentence has no pronoun of the question's
        (
            "A friend back from Osaka says her pounds bought twice what they used to. Why "
            "has the yen become so cheap? Is it the Bank of Japan?",
            "why",
            "JPN currencyValue total decrease",
        ),
        # an event is not what a why-question asks about while a quantity is named
        (
            "Did the 2011 earthquake have anything to do with Japan's trade going downhill?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a partner named after another phrase is that phrase's ("to China" is where the
        # plants went), not the exports' destination
        (
            "Why did exports from Japan fall as carmakers shifted production to China?",
            "why",
            "JPN exports total decrease",
        ),
        # "'cause" is "because": the guess after it is no focus
        (
            "lots of foreign money flowing into the US lately, why, is it 'cause the interest "
            "on bonds is high?",
            "why",
            "USA capitalInflows total increase",
        ),
        # an after-phrase behind a consequence qualifies it; the statement before is the
        # shock
        (
            "Yen drops another 5% vs USD. Impact on the fuel bill, and the trade balance "
            "after export gains?",
            "whatif",
            "JPN currencyValue total decrease",
        ),
        # an auxiliary opens a new question: "hikes" takes no object across it
        (
            "if the Fed hikes again does the money just run out of Turkey?",
            "whatif",
            "USA policyRate total increase",
        ),
        # paying more interest on a country's bonds is a higher yield
        (
            "What if a government had to pay much more interest on its bonds?",
            "whatif",
            "None bondYield total increase",
        ),
        # spending on foreign software is buying digital services abroad
        (
            "What if Japan's spending on foreign software keeps climbing?",
            "whatif",
            "JPN servicesImports DIGITAL increase",
        ),
    ],
)
def test_words_of_an_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_a_chain_the_period_contradicts_comes_last(reasoned: OxigraphStore) -> None:
    """FY2024: the yen fell and travel set a record surplus, so "the yen rose, so travel
    exports fell" is not the first answer for the services deficit."""
    r = ask(reasoned, "Why was Japan's services balance negative in FY2024?", intent="why")
    first = r.explanations[0]  # type: ignore[union-attr]
    assert "SD" not in {s.cause.key.split("/")[3] for s in first.steps}
    assert any(o.agrees for o in first.evidence) or not first.evidence


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb and its particle after a phrase make it a subject: "sold ... so fast that
        # yields jumped up" — the yields rose, whatever was sold
        (
            "Why were Turkish bonds sold so fast that yields jumped up?",
            "why",
            "TUR bondYield total increase",
        ),
        # a one-word movement after "to" and a phrase of the same item is its verb
        (
            "Why has Japan's population begun to age and shrink?",
            "why",
            "JPN population total decrease",
        ),
        # a bare question after the statements names the movement ("why the slump?"); a
        # pronoun's adjective in a sentence between is a guess
        (
            "Japan's hotels are packed with foreign visitors. Friends say it's cheap there. "
            "Why the surge?",
            "why",
            "JPN servicesExports SD increase",
        ),
        # an idiom of gain, and the economy after a counterpart's preposition is the partner
        (
            "Why does China make a killing off the Americans in trade?",
            "why",
            "CHN goodsBalance total increase",
        ),
        # a comma of a list does not cut a name from its verb
        (
            "What if Japan's reliance on foreign software, cloud and streaming falls sharply?",
            "whatif",
            "JPN servicesImports DIGITAL decrease",
        ),
        # a clause before the phrase weighs less than its own verb after it
        (
            "Why, when a currency slides, does the trade deficit first get even worse?",
            "why",
            "X goodsBalance total decrease",
        ),
        # departing from easy money and tightening policy is a tightening
        (
            "What if the Fed were to depart from its easy stance and tighten policy?",
            "whatif",
            "USA policyRate total increase",
        ),
        # a verb inside a name is the name's own ("reduce their holdings of Treasuries")
        (
            "Suppose foreign investors sharply reduce their holdings of Treasuries: what then?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        # "what gives?" points back; the contrast names the surprise
        (
            "America runs huge deficits but the dollar stays strong. What gives?",
            "why",
            "USA currencyValue total increase",
        ),
        # a price shock is a jump in the price
        (
            "What if the world saw another oil-price shock like 2022's?",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        # "firm" is a direction after a staying verb or right after a currency, never the
        # noun "firms"
        (
            "Why has the dollar remained firm through years of deficits?",
            "why",
            "USA currencyValue total increase",
        ),
        (
            "What if the yen firms sharply against the euro?",
            "whatif",
            "JPN currencyValue total increase",
        ),
        # a verb in a relative clause on the phrase does not make the economy its focus
        (
            "What explains the weak yen that is hurting Japanese households?",
            "why",
            "JPN currencyValue total decrease",
        ),
        # moving capacity abroad is offshoring; spending by households is consumption
        (
            "What if Japanese carmakers keep shifting capacity to Mexico?",
            "whatif",
            "JPN offshoring total increase",
        ),
        (
            "Why has spending by households in Japan stayed so weak?",
            "why",
            "JPN consumption total decrease",
        ),
        # "against" ends a name: the currency before it moved, not the one after
        (
            "Why has the yuan weakened steadily against the dollar?",
            "why",
            "CHN currencyValue total decrease",
        ),
        # "start … again" is a restart
        (
            "What if Japan switches its reactors back on, starting them again?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        # a service's own account is its balance
        (
            "Why has Japan's travel account swung into surplus?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # a name of a movement keeps its sign against a word of another clause
        (
            "Why are Japan's travel receipts surging - isn't the yen cheap?",
            "why",
            "JPN servicesExports SD increase",
        ),
    ],
)
def test_words_of_a_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb acting on a pronoun says which way its antecedent moved
        (
            "Germany was the export champion for years. What dragged it down after 2020?",
            "why",
            "DEU exports total decrease",
        ),
        # a comparative that ends the clause of the phrase's own verb is where it ended up
        (
            "What if the won closes the month a good deal weaker?",
            "whatif",
            "KOR currencyValue total decrease",
        ),
        # more units of a currency paid for the same thing is a weaker currency
        (
            "Why do Argentines have to pay so many more pesos for a dollar these days?",
            "why",
            "ARG currencyValue total decrease",
        ),
        # a boom that goes bust ends
        (
            "What if the inbound travel boom goes bust next year?",
            "whatif",
            "JPN servicesExports SD decrease",
        ),
        # a burden one comes under or gets into stands high
        (
            "Why did Turkey come under severe financial strain in 2018?",
            "why",
            "TUR financialStress total increase",
        ),
        # how an economy *can* keep running deficits asks how they are sustained
        (
            "How can America afford to run such deficits for decades?",
            "why",
            "USA debtBurden total decrease",
        ),
        # bonds a named economy buys, the bonds being another's, are its purchases
        (
            "Why does Germany sit on such a pile of foreign government bonds?",
            "why",
            "DEU bondPurchases total increase",
        ),
        # a bare commodity joined to a phrase of its product qualifies that phrase ...
        (
            "Why did Japan's crude and coal imports jump after 2011?",
            "why",
            "JPN imports HS27 increase",
        ),
        # ... while alone, a commodity's name that moves is its world price
        ("What if crude spikes to 150 dollars?", "whatif", "WLD worldPrice HS27 increase"),
        # "during" opens a phrase of context, not the focus ("during" is no form of "dure")
        (
            "Why did emerging-market currencies slump during the Fed's hiking cycle?",
            "why",
            "EME currencyValue total decrease",
        ),
        # rival exporters named with a word of winning, the product and the economy they
        # beat named too: that economy's rivals' strength in the product (read off the graph)
        (
            "What if Taiwanese chipmakers outsell the Japanese in semiconductors from now on?",
            "whatif",
            "TWN exports HS85 increase",
        ),
        # a currency named as the holder of a role: the role moves, not its value
        (
            "What if the dollar stopped being the world's reserve currency by 2040?",
            "whatif",
            "USA reserveStatus total decrease",
        ),
        # energy used per unit of output is the inverse of energy efficiency
        (
            "What if Japanese steelmakers need far less energy per unit of output?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # a code label counts only written as a code or where it is no English word
        (
            "What if Japanese plants try hard to save energy?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # "deep red" is a deficit: "deep" speaks through the idiom, not on its own
        (
            "Why has Korea's trade balance gone deep red this year?",
            "why",
            "KOR goodsBalance total decrease",
        ),
        # "dollar debt" is the borrowers' debt counted in dollars, not the U.S.'s
        (
            "Why is dollar debt harder to carry for emerging economies when US rates rise?",
            "why",
            "EME debtBurden total increase",
        ),
    ],
)
def test_words_of_a_tenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a dropped g is the -ing form where the word as written is none ("sellin'")
        (
            "What if Japan's carmakers keep sellin' fewer cars abroad?",
            "whatif",
            "JPN exports HS87 decrease",
        ),
        (
            "What if Korea quits buyin' U.S. Treasuries?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        # "quit" ends what it governs, a state too: quitting holding a currency lowers it
        (
            "What if central banks quit keeping their reserves in dollars?",
            "whatif",
            "USA currencyValue total decrease",
        ),
        # ... and a movement turns round: quitting falling is rising
        ("What if the won quits falling?", "whatif", "KOR currencyValue total increase"),
        # "jack up" raises; a currency that gets whipped falls
        (
            "Why does the lira get whipped when the Fed jacks up its rate?",
            "why",
            "TUR currencyValue total decrease",
        ),
    ],
)
def test_words_of_an_eleventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a sentence of the past ("Historically, …") or an expectation a later sentence
        # overturns ("… Instead …") says what the question is not about
        (
            "Why is the U.S. running a trade deficit now? Historically, America ran surpluses.",
            "why",
            "USA goodsBalance total decrease",
        ),
        (
            "The forecast said Japan's trade deficit would shrink. Instead the deficit grew. Why?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a phrase of contrast ("unlike", "at the expense of") is neither focus nor shock
        (
            "Why did Korea's chip exports fall, unlike its car exports that kept rising?",
            "why",
            "KOR exports HS85 decrease",
        ),
        (
            "What if Japan imports more LNG at the expense of nuclear power?",
            "whatif",
            "JPN imports HS27 increase",
        ),
        # a noun alone that heads a name said before refers back to it
        (
            "The services gap narrowed last year. What made the gap narrow?",
            "why",
            "JPN servicesBalance total increase",
        ),
        # "less" before a word of the name is the amount of the activity
        ("Why does Germany sell less abroad?", "why", "DEU exports total decrease"),
        # a one-word name before a noun only modifies it ("trade minister")
        (
            "Why did Japan's trade deficit widen while no trade minister seemed to care?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # the comparative after a verb's object is where the object ends up
        ("What if the BoJ pulls interest rates higher?", "whatif", "JPN policyRate total increase"),
        # words in brackets are an aside
        (
            "What if the yen falls (my bank says the deficit will narrow)?",
            "whatif",
            "JPN currencyValue total decrease",
        ),
        # an event after "after" dates a relative clause of its own subject; neither is
        # the shock ("the reactors it shut after the 2011 earthquake")
        (
            "What if Japan reopens the reactors it shut after the 2011 earthquake?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        # a state the name states is not overturned by a when-clause after it
        (
            "Why does Germany run a surplus with America when it is in deficit with its "
            "energy suppliers?",
            "why",
            "DEU goodsBalance total increase",
        ),
        (
            "What if Japanese firms shift output overseas?",
            "whatif",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_a_twelfth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a sentence about "a country" that names none is general, whatever another
        # sentence names ("… in dollars")
        (
            "Why does the currency of a country collapse when investors lose faith? I keep "
            "my savings in dollars.",
            "why",
            "X currencyValue total decrease",
        ),
        # a nickname that is an English verb names an economy only as a name
        (
            "What if foreign investors yank their money out of Turkey?",
            "whatif",
            "TUR capitalInflows total decrease",
        ),
        (
            "What if the Yanks raise tariffs on Japanese cars?",
            "whatif",
            "USA tariffRate HS87 increase",
        ),
    ],
)
def test_names_that_are_words_and_general_sentences(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a state one phrase names is the state of the phrase of the same item beside it
        ("Why does Japan run a deficit in energy trade?", "why", "JPN goodsBalance total decrease"),
        # "underwater" is below zero
        (
            "Why is the U.S. current account still underwater?",
            "why",
            "USA currentAccount total decrease",
        ),
        # an evaluative phrase after a phrase says how it fared, not a phrase of its own
        ("Why did Japan's car exports face headwinds?", "why", "JPN exports HS87 decrease"),
        # a verb reaches its object across the words of a noun phrase ("its purchases of US
        # government debt": Japan's purchases, an economy named before the bonds their issuer)
        (
            "What if Japan cut back its purchases of US government debt?",
            "whatif",
            "JPN bondPurchases total decrease",
        ),
        # ... but not across a clause of its own ("what happens to")
        (
            "if the fed hikes again what happens to em currencies and flows",
            "whatif",
            "USA policyRate total increase",
        ),
        (
            "What if more Japanese plants move to Thailand?",
            "whatif",
            "JPN offshoring total increase",
        ),
        # "go big on", "go hard on": more of it
        ("What if Japan goes big on renewables?", "whatif", "JPN powerOutput RENEWABLE increase"),
        # rivals becoming more competitive are rivals winning
        (
            "What if Chinese and Korean chipmakers become more competitive against Japan in "
            "electronics?",
            "whatif",
            "CHN exports HS85 increase",
        ),
    ],
)
def test_words_of_a_thirteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "in the red on X", "in the hole with Y": the state word they mean, naming the
        # balance of what follows
        ("Why is Japan in the red on energy trade?", "why", "JPN goodsBalance total decrease"),
        (
            "Why is Japan in the hole with its Gulf suppliers?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a label match does not reach across "despite" ("… despite the tourists")
        (
            "Why was Japan's services account in the red despite the tourists?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # opening a market to a product is that product's market access
        (
            "What if Japan opens its market to American beef?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        ("Why are customers spending less in Japan?", "why", "JPN consumption total decrease"),
        # "easier monetary policy" is a loosening; "keeps money easier" is not read as
        # the policy rate standing high
        (
            "What if the Fed moves to easier monetary policy?",
            "whatif",
            "USA policyRate total decrease",
        ),
        ("What if the BoJ keeps money easier for longer?", "whatif", "JPN None None None"),
        # an economy's name inside a phrase is no gap; "but" and a negation end a name
        (
            "What if Japan pays less to American cloud providers?",
            "whatif",
            "JPN servicesImports DIGITAL decrease",
        ),
        (
            "Exports are booming but why is Japan's trade account still in the red?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # (never "foreign buying of government bonds" rising; the investors' money going
        # into the bonds is the demand for them, and "not buying" says it is low)
        (
            "Why are foreign investors not buying Argentine government bonds?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        # "so few", "so many" before a phrase: its level, low or high
        ("Why are there so few workers in Japan?", "why", "JPN laborForce total decrease"),
        ("Why does Japan buy so much LNG?", "why", "JPN imports HS27 increase"),
        (
            "What lit the fuse of the US-Japan trade spats?",
            "why",
            "JPN tradeFriction total increase",
        ),
        # deficits that "never blow up" stand; how they are sustained is asked
        (
            "How can Washington keep running deficits and never go bust?",
            "why",
            "USA debtBurden total decrease",
        ),
    ],
)
def test_words_of_a_fourteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_no_economy_named_and_one_explained(reasoned: OxigraphStore) -> None:
    """With no economy named, an answer the report gives for one economy only is about that
    economy, and says so (several stay grouped per economy)."""
    r = ask(
        reasoned,
        "Why is the services deficit still so large?",
        intent="why",
    )
    q = r.query
    assert f"{q.economy} {q.item} {q.product} {q.change}" == "JPN servicesBalance total decrease"
    assert any("only" in a for a in q.assumptions), q.assumptions
    assert r.explanations


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # the eight inversions of the held-out sets fifty-eight and fifty-nine, each a
        # general rule, worded apart: a "given …" phrase and a "used to" sentence are asides
        (
            "Why did Korea's exports fall, given its long record of growth?",
            "why",
            "KOR exports total decrease",
        ),
        (
            "Why is Germany running a deficit now? It used to be the surplus champion.",
            "why",
            "DEU goodsBalance total decrease",
        ),
        # "get X under control" is X getting better; negated, it does not
        (
            "Why can't Turkey ever get its current account deficit under control?",
            "why",
            "TUR currentAccount total decrease",
        ),
        # "so much ground in car exports": the amount of the ground, not of the exports
        ("Why has Japan lost so much ground in car exports?", "why", "JPN exports HS87 decrease"),
        # a state word in a when-clause is not the state of the phrase before it
        (
            "Why is Japan's surplus with the U.S. so big when it is in the red with everyone else?",
            "why",
            "JPN goodsBalance total increase",
        ),
        # "a confidence hit": the phrase's own evaluation, before "big"
        (
            "What if Argentina takes another big confidence hit?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        (
            "What if the BoJ drops its ultra-accommodating policy?",
            "whatif",
            "JPN policyRate total increase",
        ),
        # "goes on shrinking": a verb of the phrase, as "keeps shrinking"
        (
            "What if Japan's population goes on shrinking?",
            "whatif",
            "JPN population total decrease",
        ),
    ],
)
def test_inversions_of_the_held_out_sets(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a general flow named, then the bonds it goes into: the bonds' demand moves, the
        # verb of the flow ("floods into", "dump") its direction
        (
            "What if overseas investors dump a country's government bonds?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
        (
            "What if foreign cash floods into Turkey's government bonds?",
            "whatif",
            "TUR foreignBondDemand total increase",
        ),
        # a named buyer's capital going into bonds is its purchases
        (
            "Why does Tokyo keep pouring capital into US Treasuries?",
            "why",
            "JPN bondPurchases total increase",
        ),
        # a sign said of an economy against a partner is its balance with that partner
        ("Why is Japan negative against Australia?", "why", "JPN goodsBalance total decrease"),
        # a state word is not the state of a phrase in another clause
        (
            "Why is Japan in deficit with the Gulf, is it just fuel?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # paying more for X than it earns: the balance of X
        (
            "Why does Japan pay foreigners more for digital services than it earns?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        ("what if Japan switches its nukes back on", "whatif", "JPN powerOutput NUCLEAR increase"),
        (
            "Why did the trade feud between Tokyo and Washington flare up in the 1980s?",
            "why",
            "JPN tradeFriction total increase",
        ),
        ("Why are consumer goods flooding into Japan?", "why", "JPN imports FINISHED increase"),
        # "during a stretch in which …" is a time clause, not the focus
        (
            "Why can a deficit country's currency rise during a stretch in which its deficit "
            "worsens?",
            "why",
            "X currencyValue total increase",
        ),
        # an aside set off by commas between a verb and its object
        (
            "Suppose the United States cut, under the 2025 deal, its tariffs on Japanese cars. "
            "What happens to Japan's car exports?",
            "whatif",
            "USA tariffRate HS87 decrease",
        ),
        # markets' words for policy, flows and the dollar (not from any question set)
        ("What if the BoJ normalizes policy?", "whatif", "JPN policyRate total increase"),
        ("the BoJ exits YCC", "whatif", "JPN policyRate total increase"),
        ("What if the Fed pivots?", "whatif", "USA policyRate total decrease"),
        ("emerging markets see outflows", "whatif", "EME capitalInflows total decrease"),
        ("What if the DXY rallies?", "whatif", "USA currencyValue total increase"),
        ("Why does Japan sell fewer TVs now?", "why", "JPN exports HS85 decrease"),
        ("Why is what we buy from abroad so pricey?", "why", "None imports total increase"),
    ],
)
def test_words_of_a_fifteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_loops_through_the_phrase_a_later_sentence_names(reasoned: OxigraphStore) -> None:
    """A context sentence, then "which loops run through X": the loops run through X."""
    q = ask(
        reasoned,
        "Japan buys US bonds with its surplus and the yen weakens, is that a cycle? "
        "Which loops run through the dollar?",
        intent="loops",
    ).query
    assert (q.economy, q.item) == ("USA", "currencyValue")
    # in one sentence, "from A through B" still starts at A
    q = ask(
        reasoned,
        "Is there a loop running from foreign demand for Treasuries through the dollar?",
        intent="loops",
    ).query
    assert q.item == "foreignBondDemand"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # idioms of size and success, not of falling ("blow the roof off", "crack the
        # code"); "debt pile" is the debt, its "pile" no rise
        (
            "Oil prices blow the roof off. What happens to Japan's trade balance?",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        (
            "Why is America's debt pile considered manageable?",
            "why",
            "USA debtBurden total decrease",
        ),
        (
            "Japan cracks the code on chips and sells more of them abroad",
            "whatif",
            "JPN exports HS85 increase",
        ),
        # a side of zero said as a phrase
        (
            "Why does Japan sit on the surplus side of its trade with the US?",
            "why",
            "JPN goodsBalance total increase",
        ),
        # bonds alone are the demand for them; a rush out of them is its fall
        (
            "Why'd investors stampede out of Turkish bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "Why does Japan buy so many US Treasury bonds?",
            "why",
            "JPN bondPurchases total increase",
        ),
        ("Why is Japan losing ground in semicon exports?", "why", "JPN exports HS85 decrease"),
        (
            "What would an acceleration of offshoring mean for Japan?",
            "whatif",
            "JPN offshoring total increase",
        ),
        # "a country with a big deficit": which country, not what moves
        (
            "Why do the yields of a country with a big deficit rise?",
            "why",
            "X bondYield total increase",
        ),
        # "were to" is a hypothetical, not the past: the question stays general
        (
            "Suppose investor confidence in a country were to collapse",
            "whatif",
            "X investorConfidence total decrease",
        ),
        (
            "What if foreign investors were to ramp up their purchases of a country's "
            "sovereign bonds?",
            "whatif",
            "X foreignBondDemand total increase",
        ),
        (
            "What if Japan sells more financial services abroad?",
            "whatif",
            "JPN servicesExports SG increase",
        ),
        (
            "What if Washington pries Japan's beef market open?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if US cloud providers obtain more access to the Japanese market?",
            "whatif",
            "USA marketAccess DIGITAL increase",
        ),
        # less energy per unit of anything is more efficiency
        (
            "What if Japanese plants burn less energy per car?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
    ],
)
def test_words_of_a_sixteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # signs and shortfalls against a partner; "goes N bp" of a rate is a hike
        ("Why is Japan always minus against the Gulf?", "why", "JPN goodsBalance total decrease"),
        ("The BoJ goes 25 bp", "whatif", "JPN policyRate total increase"),
        ("What if LNG prices augment sharply?", "whatif", "WLD worldPrice HS27 increase"),
        (
            "Why did sparks fly between Japan and America over trade in the 1980s?",
            "why",
            "JPN tradeFriction total increase",
        ),
        ("the yen stays in the gutter", "whatif", "JPN currencyValue total decrease"),
        (
            "What if Japan went whole hog on nuclear power?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        ("Why does Japan buy so much tucker from Australia?", "why", "JPN imports FOOD increase"),
        # an adjective of another noun ("a big customer") says nothing of the phrase
        (
            "Why does Japan run a deficit with Australia, isn't Australia a big customer too?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # foreigners selling bonds: their demand falls (the yields' rise is its effect)
        (
            "What if overseas investors sell Treasuries?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        (
            "What if tariffs levied on Japanese cars were cut?",
            "whatif",
            "USA tariffRate HS87 decrease",
        ),
        # "subsequent to", "like when": a time clause, a comparison; not the focus or shock
        (
            "Why would yields climb subsequent to a widening of the deficit?",
            "why",
            "X bondYield total increase",
        ),
        (
            "oil jumps like when Russia invaded Ukraine. yen?",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        (
            "What if a further contraction of Japan's workforce happens?",
            "whatif",
            "JPN laborForce total decrease",
        ),
        (
            "What about enhanced access for US farm exporters to Japan?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        ("Why is Germany stockpiling Treasuries?", "why", "DEU bondPurchases total increase"),
        (
            "What if Japanese firms burn less energy?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
    ],
)
def test_words_of_a_seventeenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # dialect spellings read as the words they spell ("used tae be": used to be)
        (
            "Why did Japan flip into deficit? It used tae be a surplus nation.",
            "why",
            "JPN goodsBalance total decrease",
        ),
        ("Washington cuts tariffs on Japanese autos", "whatif", "USA tariffRate HS87 decrease"),
        (
            "Why does China keep putting money into American debt?",
            "why",
            "CHN bondPurchases total increase",
        ),
        ("Why did chip exports lose steam?", "why", "JPN exports HS85 decrease"),
        # an economy's own investors buy others' bonds: its purchases, not foreigners' demand
        ("Japanese investors pile into Treasuries", "whatif", "JPN bondPurchases total increase"),
        (
            "Why are German investors buying up US sovereign debt?",
            "why",
            "DEU bondPurchases total increase",
        ),
        # "end up with" takes its object; "a country with …" says which country
        (
            "Why would a country with a strong currency end up with a bigger deficit?",
            "why",
            "X goodsBalance total decrease",
        ),
        # a tenor names the yield ("the US 10-year"); a JGB is Japan's
        ("What if the US 10-year yield climbs?", "whatif", "USA bondYield total increase"),
        ("JGB yields jump", "whatif", "JPN bondYield total increase"),
    ],
)
def test_words_of_an_eighteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # the passive names the buyers after the bonds
        (
            "Which loops pass through the purchases of Treasuries by overseas investors?",
            "USA foreignBondDemand",
        ),
        # a context sentence, then the phrase the loops run through; the economy's balance
        # with the world stands for its balances with partners
        (
            "Japan earns a surplus and buys bonds. Is that a cycle? Which loops run through "
            "Japan's surplus?",
            "JPN goodsBalance",
        ),
    ],
)
def test_loops_through_what_a_question_names(
    reasoned: OxigraphStore, question: str, want: str
) -> None:
    q = ask(reasoned, question, intent="loops").query
    assert f"{q.economy} {q.item}" == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "slam the brakes on", "quit" a policy (its object), "move down to" a place
        (
            "Tokyo slams the brakes on buying Treasuries",
            "whatif",
            "JPN bondPurchases total decrease",
        ),
        ("What if the Fed quits its easy-money stance?", "whatif", "USA policyRate total increase"),
        (
            "What if more Japanese plants move down to Thailand?",
            "whatif",
            "JPN offshoring total increase",
        ),
        ("Why did the lira take such a pasting?", "why", "TUR currencyValue total decrease"),
        # selling bonds, said of overseas investors: the demand for them falls
        (
            "Why are overseas investors selling Argentine government bonds?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        (
            "What if Japanese firms get more efficient in their use of energy?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # an economy named right before the bonds is their issuer, not their buyer
        (
            "Why does Beijing keep sitting on US Treasuries?",
            "why",
            "CHN bondPurchases total increase",
        ),
    ],
)
def test_words_of_a_nineteenth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # no name runs across a subordinator ("the US … when the dollar" is no "US dollar")
        (
            "Why does the trade gap of the US widen when the dollar is firm?",
            "why",
            "USA goodsBalance total decrease",
        ),
        # losing a position or a lead is falling back; "going to zero" is collapsing
        ("Why did Korea lose its lead in chip exports?", "why", "KOR exports HS85 decrease"),
        ("why does the lira keep going to zero", "why", "TUR currencyValue total decrease"),
        (
            "why does a country's currency pump when its yields rise?",
            "why",
            "X currencyValue total increase",
        ),
        (
            "Which loops include the foreign purchase of US government bonds?",
            "loops",
            "USA foreignBondDemand total None",
        ),
    ],
)
def test_words_of_a_twentieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # the inversions of the session's held-out sets, each a general rule worded apart:
        # "deep in the red" is in deficit ("deep" grades the state, not a rise)
        (
            "Why is Japan deep in the red on trade with Australia?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a verb before "and" is its subject's ("shrinking and ageing": the population's)
        (
            "What if Japan's population goes on shrinking and ageing?",
            "whatif",
            "JPN population total decrease",
        ),
        # a negation before "want to" reaches the verb; an economy named with the bonds
        # that buys none is their issuer
        (
            "Why does nobody abroad want to buy Turkish government bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # a clause with its own subject ("before it helps") keeps its verb
        (
            "Why does a weaker yen hurt the trade balance at first before it helps?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_inversions_of_session_16s_held_out_sets(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a currency's market word: "heavy" is sold down, while a heavy bill is a big one
        ("Why has the yen looked so heavy lately?", "why", "JPN currencyValue total decrease"),
        ("Why did Japan's energy import bill get so heavy?", "why", "JPN imports HS27 increase"),
        # "harder" after a verb of effort is more of its object; before "to", worse
        (
            "What if Taiwan pushes its electronics exports harder?",
            "whatif",
            "TWN exports HS85 increase",
        ),
        (
            "Why is dollar debt harder to repay for emerging markets when the Fed hikes?",
            "why",
            "EME debtBurden total increase",
        ),
        # "more" after a time noun is longer, not higher; "zero" is as low as it goes
        (
            "What if the Bank of Japan holds its rate at zero for some years more?",
            "whatif",
            "JPN policyRate total decrease",
        ),
        # "these" before a noun is a determiner, not a pronoun pointing back to the
        # sentence before
        (
            "Picture an economy whose deficits are funded from abroad. If those overseas "
            "investors pull out of its government bonds, what happens to its currency?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_a_twenty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a pair named by its currencies, the base first: dollar-yen up is the yen down
        ("What if dollar-yen climbs to 170?", "whatif", "JPN currencyValue total decrease"),
        ("Suppose dollar/yen slumps below 130.", "whatif", "JPN currencyValue total increase"),
        # a buyers' strike is demand stopping
        (
            "What if overseas investors stage a buyers' strike in US Treasuries?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        # "compress" narrows what it names
        (
            "What if Japan's surplus with the United States compresses?",
            "whatif",
            "JPN goodsBalance total decrease",
        ),
        # "the exports of Japan" are Japan's, whoever is named before
        (
            "Why did the electronics exports of Japan fall while Korea boomed?",
            "why",
            "JPN exports HS85 decrease",
        ),
        # plants and production taken, shifted or pushed abroad
        (
            "What if Japanese firms keep taking their plants to Mexico?",
            "whatif",
            "JPN offshoring total increase",
        ),
        (
            "Why are Japanese firms shifting plants to Southeast Asia?",
            "why",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_a_twenty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # falling into a state enters it: the state word says which way its balance went,
        # a quantity fallen into is more of it, a word of movement after "into" speaks
        ("Why did Japan fall into deficit after 2021?", "why", "JPN goodsBalance total decrease"),
        (
            "What if Japan's goods balance slides into deficit again?",
            "whatif",
            "JPN goodsBalance total decrease",
        ),
        (
            "Why do emerging economies fall into financial stress when US rates rise?",
            "why",
            "EME financialStress total increase",
        ),
        ("Why did the lira plunge into a tailspin?", "why", "TUR currencyValue total decrease"),
        # "importation of X" is X's imports; abandoning bonds; a fatter surplus
        (
            "Why did Japan's importation of coal rise after 2011?",
            "why",
            "JPN imports HS27 increase",
        ),
        (
            "What if foreign investors bail on Argentine bonds?",
            "whatif",
            "ARG foreignBondDemand total decrease",
        ),
        ("What if China's trade surplus gets fatter?", "whatif", "CHN goodsBalance total increase"),
        # "a country that …" says which country; the question is about what follows
        (
            "Why does a country that offers high yields end up with a bigger trade deficit?",
            "why",
            "X goodsBalance total decrease",
        ),
    ],
)
def test_words_of_a_twenty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a price that gaps higher jumps; a trade gap is still a deficit
        ("What if Brent and LNG gap 20% higher?", "whatif", "WLD worldPrice HS27 increase"),
        ("Why is Japan's trade gap so wide?", "why", "JPN goodsBalance total decrease"),
        # money running away from an economy is its capital inflows falling; a
        # country's money is its currency
        (
            "Why does the money run away from emerging markets when the Fed hikes?",
            "why",
            "EME capitalInflows total decrease",
        ),
        (
            "What if a country money loses value fast?",
            "whatif",
            "X currencyValue total decrease",
        ),
    ],
)
def test_words_of_a_twenty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        ("Why is Japan's workforce under constraint?", "why", "JPN laborForce total decrease"),
        (
            "Why did Japan lose its grip on car exports?",
            "why",
            "JPN exports HS87 decrease",
        ),
        ("What if LNG prices go completely nuts?", "whatif", "WLD worldPrice HS27 increase"),
        (
            "Why has foreign appetite for Argentine bonds diminished?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        # the confidence of investors is confidence, not the investors' money
        (
            "What if the confidence of investors in Argentina collapses?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
    ],
)
def test_words_of_a_twenty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb that delivers a new movement ("drops a surprise hike") leaves it its sign
        ("What if the Fed drops a surprise 75bp hike?", "whatif", "USA policyRate total increase"),
        ("What if the Fed drops its rate hikes?", "whatif", "USA policyRate total decrease"),
        # killing a loose policy is tightening; crushing it on trade is doing well
        (
            "What if the BoJ kills its ultra-loose policy?",
            "whatif",
            "JPN policyRate total increase",
        ),
        (
            "Why does China crush it on trade with America?",
            "why",
            "CHN goodsBalance total increase",
        ),
        # the question's own state stands against a belief stated after it
        (
            "Why has Japan been in trade deficit since 2021? I always believed it sold "
            "more abroad than it bought.",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "the greater part of" says how much; it names no parts
        (
            "What if Japan brings the bulk of its idle reactors back online?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
    ],
)
def test_words_of_a_twenty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a word of slow pace in a later clause grades that clause's rise, not this one
        (
            "Why does imported food get pricier when a country's currency becomes weak?",
            "why",
            "X imports FOOD increase",
        ),
        # "such an appetite for" a one-sided quantity is a large amount of it
        (
            "Why is there such a hunger for Japanese government bonds at home?",
            "why",
            "JPN foreignBondDemand total increase",
        ),
    ],
)
def test_words_of_a_twenty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "just up and walks away": suddenly leaves; "back up and running" is still up
        (
            "What if the overseas money in Treasuries just up and walks away?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        (
            "What if Japan gets its reactors back up and running?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        ("What if world food prices go mental?", "whatif", "WLD worldPrice FOOD increase"),
        ("Why does Korea make a mint on chip exports?", "why", "KOR exports HS85 increase"),
        # a balance that moves into a state is in it
        (
            "Why did Japan's travel account swing into a big surplus?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # extending an accommodative stance is more easing
        (
            "What if the BoJ extends its accommodative stance?",
            "whatif",
            "JPN policyRate total decrease",
        ),
        (
            "Why are Japanese households spending less at home?",
            "why",
            "JPN consumption total decrease",
        ),
    ],
)
def test_words_of_a_twenty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # an idiom whose last word is in the phrase's name still gives it its direction
        ("Why did Japan lose its position in cars?", "why", "JPN exports HS87 decrease"),
        # position, ground and share in a product are its exports
        ("Why did Japan lose ground in chips?", "why", "JPN exports HS85 decrease"),
        (
            "Why is Japan's market share in electronics shrinking?",
            "why",
            "JPN exports HS85 decrease",
        ),
    ],
)
def test_words_of_a_twenty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a later sentence that supposes a move of "it" is the shock's direction, not what
        # the sentence before expected of it
        (
            "Everyone once expected the dollar to soar. Suppose it slumps instead: what "
            "happens to US exports?",
            "whatif",
            "USA currencyValue total decrease",
        ),
        # a push into renewables, building solar: more of them
        (
            "What would a big push into renewables do for Japan's fuel bill?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
        (
            "What if Japan builds lots of wind power?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
    ],
)
def test_words_of_a_thirtieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb acting on a phrase its adjective says was stopped: the verb moves it
        (
            "What if Japan restarts its shut-down reactors?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        ("What if the Fed ends its tightening?", "whatif", "USA policyRate total decrease"),
        # wanting, being hooked on, "meh"
        ("Why does nobody want Turkish bonds?", "why", "TUR foreignBondDemand total decrease"),
        (
            "Why are investors abroad so hooked on Japanese bonds?",
            "why",
            "JPN foreignBondDemand total increase",
        ),
        ("Why is consumption in Japan so meh?", "why", "JPN consumption total decrease"),
    ],
)
def test_words_of_a_thirty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a state word right after a balance is that balance's ("a services-trade deficit")
        (
            "Why does Japan run a services-trade deficit while its goods trade is in surplus?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # ... and not the state of a phrase after it
        (
            "Japan and the US: goods side surplus, services side negative. Why is the "
            "services side in the red?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "What if Japanese firms push offshoring even further?",
            "whatif",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_a_thirty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a dropped g without its apostrophe ("buyin", "keepin")
        ("What if Beijing quits buyin Treasuries?", "whatif", "CHN bondPurchases total decrease"),
        ("Why's Japan payin more for imported food?", "why", "JPN imports FOOD increase"),
        # ceasing to keep a thing in a state moves it out of the state
        (
            "What if the BoJ stops keeping rates in the basement?",
            "whatif",
            "JPN policyRate total increase",
        ),
        ("What if the BoJ keeps rates in the basement?", "whatif", "JPN policyRate total decrease"),
    ],
)
def test_words_of_a_thirty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # prices that "moon" soar; "straight up" says plainly, no rise
        ("What if oil prices moon again?", "whatif", "WLD worldPrice HS27 increase"),
        ("Why did Japan's exports straight up stall?", "why", "JPN exports total decrease"),
        # an adjective after a preposition belongs to the noun after it
        (
            "Visitors are everywhere, even in small villages. Why are so many tourists "
            "coming to Japan?",
            "why",
            "JPN servicesExports SD increase",
        ),
    ],
)
def test_words_of_a_thirty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_goods_put_on_the_market_are_exports(reasoned: OxigraphStore) -> None:
    # "put more chips in the market" sells them: the sellers' exports, not the buyers'
    q = "What if Korea puts many more chips on the market?"
    assert _read_as(reasoned, q, "whatif") == "KOR exports HS85 increase"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # money that runs from bonds, exports gone backwards
        (
            "Why did foreign investors run away from Turkish bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        ("Why have Japan's car exports gone backwards?", "why", "JPN exports HS87 decrease"),
        (
            "Why did Japan's travel balance swing back into surplus?",
            "why",
            "JPN servicesBalance SD increase",
        ),
    ],
)
def test_words_of_a_thirty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_the_first_year_after_a_devaluation_is_the_short_run(reasoned: OxigraphStore) -> None:
    q = ask(reasoned, "The first year after a country devalues, what happens to its trade balance?")
    assert q.query.horizon == "short"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # an idiom before a preposition is no adjective of the phrase after it
        ("Why did Japan lose its grip on chip exports?", "why", "JPN exports HS85 decrease"),
        # a state word before "on" / "in" and a balance is that balance's state
        (
            "Why does Japan run a deficit on its trade in services?",
            "why",
            "JPN servicesBalance total decrease",
        ),
    ],
)
def test_words_of_a_thirty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a participle after a verb's object, dated ("shut after Fukushima"), is the
        # object's past: the verb before moves it
        (
            "What if Japan restarts the reactors shut after the 2011 disaster?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        # struggling to find workers is a shortage of them
        (
            "Why are Japanese firms struggling to find workers?",
            "why",
            "JPN laborForce total decrease",
        ),
    ],
)
def test_words_of_a_thirty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        (
            "Why are foreign investors so keen on Japanese bonds?",
            "why",
            "JPN foreignBondDemand total increase",
        ),
        (
            "Why is Japan's services account bleeding red?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "What if Turkey torches investor confidence?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        ("What if Japan flips its reactors back on?", "whatif", "JPN powerOutput NUCLEAR increase"),
        ("Why is consumption in Japan going nowhere?", "why", "JPN consumption total decrease"),
        (
            "What if China enlarges its surplus with America?",
            "whatif",
            "CHN goodsBalance total increase",
        ),
    ],
)
def test_words_of_a_thirty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # foreign investors selling a country's bonds: the demand for them falls
        (
            "What if foreign investors begin to sell their Japanese government bonds?",
            "whatif",
            "JPN foreignBondDemand total decrease",
        ),
        # a word of pace on a noun of movement: "the decline in X accelerates" is more decline
        (
            "What if the decline in Japan's labour force accelerates?",
            "whatif",
            "JPN laborForce total decrease",
        ),
        # a verb that ends its object's state moves it out of that state
        (
            "What if the BoJ finally stops with its super low rates and actually hikes?",
            "whatif",
            "JPN policyRate total increase",
        ),
    ],
)
def test_words_of_a_thirty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # the inversions of session 17's held-out set D, each a general rule worded apart:
        # "off" inside a phrase's name is a preposition ("a surplus off travel")
        (
            "Japan now earns a record surplus off tourism. Why the boom?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # "must've" is "must have", never a misspelt word ("mute")
        (
            "Japan's fuel bill must've been awful in 2022. Why did it soar?",
            "why",
            "JPN imports HS27 increase",
        ),
    ],
)
def test_inversions_of_session_17s_held_out_sets(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a label's own verb under a negated auxiliary before its subject is denied
        ("Why can't the Japanese economy grow?", "why", "JPN gdp total decrease"),
        # pace words: "like a snail", "at a crawl" make a rise weak
        (
            "Why is Japanese consumption growing at a crawl?",
            "why",
            "JPN consumption total decrease",
        ),
        # a one-sided quantity said to be stuck is weak; a state name keeps its state
        ("Why is Japan's GDP growth stuck?", "why", "JPN gdp total decrease"),
        ("Why is Japan's trade deficit stuck?", "why", "JPN goodsBalance total decrease"),
        # hedges grade nothing; "what kind of" keeps its noun
        ("Why is the yen sort of weak?", "why", "JPN currencyValue total decrease"),
        ("What kind of feedback loops hit the yen?", "loops", "JPN currencyValue total None"),
        # "down" before a place word says where, not which way
        (
            "Why does Japan run a deficit with Australia down under?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a degree word before an adverb of route grades the verb
        (
            "Why does Japan export less directly from its own plants now?",
            "why",
            "JPN exports total decrease",
        ),
        # an idiom's own "not" is no negation of it
        (
            "Why are Japan's electronics exports not what they used to be?",
            "why",
            "JPN exports HS85 decrease",
        ),
        # "why'd" is "why did"; clipped words are read in full ("wi'")
        (
            "Why'd Japan's deficit wi' the Gulf get so deep?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a question whose pronoun stands for the phrase of the sentence before
        (
            "Japan used to sell far more cars abroad. Why did that fall off?",
            "why",
            "JPN exports HS87 decrease",
        ),
        # quarrels over trade are its frictions
        (
            "Why did Tokyo and Washington bicker over trade in the 1980s?",
            "why",
            "JPN tradeFriction total increase",
        ),
        # "minus" is a state below zero
        (
            "Why is Japan's services balance still minus?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # exporting a kind of service, a services bill, hauling in goods
        (
            "What if Japan exports more financial services?",
            "whatif",
            "JPN servicesExports SG increase",
        ),
        (
            "Why is Japan's cloud services bill so big?",
            "why",
            "JPN servicesImports DIGITAL increase",
        ),
        ("Why does Japan haul in so much LNG?", "why", "JPN imports HS27 increase"),
        # access into a market for a product
        (
            "What if the US wins easier access into Japan's market for digital services?",
            "whatif",
            "USA marketAccess DIGITAL increase",
        ),
        # rivals named with a compound of the product's word ("chipmakers")
        (
            "What if Taiwanese and Korean chipmakers keep muscling in?",
            "whatif",
            "TWN exports HS85 increase",
        ),
    ],
)
def test_words_of_a_fortieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "the growth in X" with nothing else saying how X moved: X grew
        (
            "What lies behind the growth in Japan's energy imports?",
            "why",
            "JPN imports HS27 increase",
        ),
        # words of slowing
        (
            "What explains the deceleration of Japanese household spending?",
            "why",
            "JPN consumption total decrease",
        ),
        # the transfer of production abroad is offshoring
        (
            "What if Japanese manufacturers speed up the transfer of production to Vietnam?",
            "whatif",
            "JPN offshoring total increase",
        ),
        # "gets X going again" restarts X
        (
            "What if Japan gets the nuclear plants going again?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        # a what-if naming a state with no direction word: the state comes about
        ("What if Germany runs a trade surplus?", "whatif", "DEU goodsBalance total increase"),
        # money coming in a rush is capital inflows
        (
            "Why does money come rushing into the US after Fed hikes?",
            "why",
            "USA capitalInflows total increase",
        ),
        # fuel burnt and ordered by an economy that imports it
        ("Why is Japan burning so much more LNG?", "why", "JPN imports HS27 increase"),
        ("Why did Japan's coal orders jump?", "why", "JPN imports HS27 increase"),
        (
            "Why is Japan pulling in more intermediate goods?",
            "why",
            "JPN imports INTERMEDIATE increase",
        ),
        # exports that turn competitive grow
        (
            "What if Japan's digital services exports turn competitive?",
            "whatif",
            "JPN servicesExports DIGITAL increase",
        ),
    ],
)
def test_words_of_a_forty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb of restraint holds the growth after it back
        ("What is restraining growth in Japanese exports?", "why", "JPN exports total decrease"),
        # "off to" a place is away, not down
        (
            "What if Japanese firms shift even more production off to Vietnam?",
            "whatif",
            "JPN offshoring total increase",
        ),
        # "pulls the trigger" says it acts; its verb says which way
        (
            "The BoJ pulls the trigger and hikes rates. What happens to the yen?",
            "whatif",
            "JPN policyRate total increase",
        ),
        ("What if a war sends oil prices into orbit?", "whatif", "WLD worldPrice HS27 increase"),
        (
            "Why would a country's bond yields go stratospheric?",
            "why",
            "X bondYield total increase",
        ),
        (
            "Why did Japanese manufacturers up sticks to Thailand?",
            "why",
            "JPN offshoring total increase",
        ),
        ("What if Japan's headcount keeps falling?", "whatif", "JPN population total decrease"),
        (
            "Why were Washington and Tokyo butting heads over trade?",
            "why",
            "JPN tradeFriction total increase",
        ),
        (
            "What if Japanese factories use energy more efficiently?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
    ],
)
def test_words_of_a_forty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "the money of a country" is its currency
        (
            "What if the money of a country loses a third of its value?",
            "whatif",
            "X currencyValue total decrease",
        ),
        # "growing so little" is a weak rise; "grew a little" a rise
        ("Why is Japanese consumption growing so little?", "why", "JPN consumption total decrease"),
        ("Why did Japan's exports grow a little in 2023?", "why", "JPN exports total increase"),
        # from a surplus "to the red"
        (
            "How did Japan go from a trade surplus to the red?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a degree adjective grades the noun of direction after it
        (
            "What explains the considerable weakness of the yen?",
            "why",
            "JPN currencyValue total decrease",
        ),
        # an engine sputtering
        ("Why is Japan's growth engine sputtering?", "why", "JPN gdp total decrease"),
        # an episode asked about keeps its coming about against a later clause's word
        (
            "Why were the Americans so mad about trade with Japan? Trade wars, cars crushed on TV.",
            "why",
            "JPN tradeFriction total increase",
        ),
        # access a product's sellers get comes about; access restricted falls
        (
            "What if American pork gets better access to Japan?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if Japan restricts access for American farm goods?",
            "whatif",
            "USA marketAccess FOOD decrease",
        ),
        # exports that turn competitive
        (
            "What if Japan's financial services exports turn competitive?",
            "whatif",
            "JPN servicesExports SG increase",
        ),
    ],
)
def test_words_of_a_forty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "sell-offs" is the noun, one word
        (
            "Why did Argentina suffer such sharp sell-offs of its sovereign bonds?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        # a consistent buyer holds up; "not enough" is too few
        (
            "Why is China such a consistent buyer of Treasuries?",
            "why",
            "CHN bondPurchases total increase",
        ),
        ("Why are there not enough workers in Japan?", "why", "JPN laborForce total decrease"),
        # "ain't" is a negation
        ("Why ain't Japanese households spending more?", "why", "JPN consumption total decrease"),
        # "record" as the verb after its subject says no direction
        (
            "Why does Japan record deficits in food trade with Australia?",
            "why",
            "JPN goodsBalance FOOD decrease",
        ),
        # a name of its own movement keeps it against a verb coordinated after it
        (
            "Investors panic and flee Argentina. What happens to the peso?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        # "break it down" asks for detail
        (
            "Why does Japan run a deficit in food trade? Break it down for me.",
            "why",
            "JPN goodsBalance FOOD decrease",
        ),
        # "so much of" after a verb of losing: how much was lost
        (
            "Why did Japan lose so much of its electronics export business?",
            "why",
            "JPN exports HS85 decrease",
        ),
    ],
)
def test_words_of_a_forty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a year in an "as they did" comparison is no period of the question
        (
            "What if oil prices spike as they did after the 1973 embargo? What happens to Japan's"
            " goods balance?",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        # an adjective after an intensifier after a staying verb
        ("Why does the dollar stay so firm?", "why", "USA currencyValue total increase"),
        # rock bottom
        ("What if the BoJ keeps rates at rock bottom?", "whatif", "JPN policyRate total decrease"),
        # a state word right after a balance's name; a size word grades the state
        (
            "Why is Japan in a big trade hole with the Gulf?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a size word on a state names its level; a verb of the phrase its move
        (
            "Why is Japan's huge trade surplus with the US shrinking?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a verb of another clause with a subject and an object of its own moves that object
        (
            "Japan ran huge surpluses then, people were smashing Toyotas on TV. What drove them?",
            "why",
            "JPN goodsBalance total increase",
        ),
    ],
)
def test_words_of_a_forty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # session 18's held-out F, its one inversion: a faint word inside a name's span
        ("Why is the Japanese economy barely growing?", "why", "JPN gdp total decrease"),
        # yields that gap out jump
        ("Why do Turkish yields gap out in a crisis?", "why", "TUR bondYield total increase"),
        # of two verbs before a phrase, the one right before it takes it as its object
        (
            "Why does Fed tightening drain capital from emerging markets?",
            "why",
            "EME capitalInflows total decrease",
        ),
    ],
)
def test_words_of_a_forty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a correction into a word with a sign needs a closer match ("blokes" is no "block")
        (
            "Why do the blokes in Tokyo run such a big food deficit?",
            "why",
            "JPN goodsBalance FOOD decrease",
        ),
        # a time phrase between a balance and its holding verb; "record" holding a state
        (
            "Why does Japan's services balance in calendar year 2023 still record a deficit?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # an aside a coordinated auxiliary opens between a verb and its complement
        (
            "Why is Japan's goods balance with the Gulf, and has been for decades, so"
            " deeply negative?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a separable verb whose particle sits in the label ("pry the market open")
        (
            "What if Washington pries Japan's farm market open?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        # a cessation verb before a gerund's phrasal verb
        (
            "What if foreign funds stop snapping up a country's government bonds?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
        ("Why did Japan cede market share in electronics?", "why", "JPN exports HS85 decrease"),
        ("why's Japan's current acct so strong?", "why", "JPN currentAccount total increase"),
        # Nigerian Pidgin: "dey" is "be", "comot" leaves
        ("Why Japan services account dey deficit?", "why", "JPN servicesBalance total decrease"),
        (
            "Why investors dey run comot from Turkish bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # "international" inside a label's words
        (
            "What if the confidence of international investors in Argentina collapses?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        # "slower'n": slower than, a weak rise
        ("Why are Japan's exports growing slower'n before?", "why", "JPN exports total decrease"),
        # a cause noun that ends its question: the guesses after it are not what it asks
        (
            "Japan's food bill up sharply in 2022. main cause? weak yen or grain prices?",
            "why",
            "JPN imports FOOD increase",
        ),
        ("why is japan's trade balance in red?", "why", "JPN goodsBalance total decrease"),
        ("why EM hit so hard when US rates rise?", "why", "EME financialStress total increase"),
        (
            "What if US farm products are granted access to Japan's market?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if the US gets more market access for agri goods?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "Why are investors so eager to hold Treasury bonds?",
            "why",
            "USA foreignBondDemand total increase",
        ),
        # asked why a subject does what the phrase names: its doing it at all
        ("Why does Germany invest in foreign bonds?", "why", "DEU bondPurchases total increase"),
        ("Why does China park its surplus in US bonds?", "why", "CHN bondPurchases total increase"),
        # "a record low": the adjective says which way
        ("why did the yen hit a record low?", "why", "JPN currencyValue total decrease"),
        # a negation before a causative verb reaches its infinitive
        (
            "why does nobody want to hold Turkish bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "Why does money bolt out of Turkey in a panic?",
            "why",
            "TUR capitalInflows total decrease",
        ),
        # a swear word before an adjective only grades it
        ("Why is the yen so bleeding weak?", "why", "JPN currencyValue total decrease"),
        ("why did Japan bleed share in cars?", "why", "JPN exports HS87 decrease"),
        # two moves told one after the other, then a bare question: the one led to
        (
            "LNG prices spiked, Japan's trade balance sank. why like that?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_words_of_a_forty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # the sellers named after a sell-off are foreigners: their demand falls
        (
            "Why did Turkish sovereign bonds see a sell-off among foreign holders?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        ("Why has the peso gone through the floor?", "why", "ARG currencyValue total decrease"),
        ("Why did Japan's LNG bill go parabolic in 2022?", "why", "JPN imports HS27 increase"),
        ("Why did Japan lose the plot in car exports?", "why", "JPN exports HS87 decrease"),
        (
            "Why was there bad blood over trade between Tokyo and Washington?",
            "why",
            "JPN tradeFriction total increase",
        ),
        (
            "Why do Japan's food imports cost an arm and a leg now?",
            "why",
            "JPN imports FOOD increase",
        ),
        # "up and" after a subject noun: suddenly
        (
            "What if investors up and pull out of Turkish bonds?",
            "whatif",
            "TUR foreignBondDemand total decrease",
        ),
        ("What if the money of country gets stronger?", "whatif", "X currencyValue total increase"),
        # Jamaican Patois
        (
            "Why Japan trade wid di Gulf always inna di red?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # an episode asked about stands against a state in a phrase of time
        (
            "Why did trade tensions with America become so sharp during Japan's surplus years?",
            "why",
            "JPN tradeFriction total increase",
        ),
        (
            "What if Japan's self-sufficiency in food goes up?",
            "whatif",
            "JPN selfSufficiency FOOD increase",
        ),
        # a bare state asked right after a balance's name
        (
            "Japan travel account 2024: why such a surplus?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # a sentence of how it was before is background to a bare question
        (
            "Japan has run trade deficits since 2021. Before that Japan exported more than it"
            " imported. Why did this happen?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_words_of_a_forty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a verb of effort before a word of rising: the rise hardly comes
        ("Why is Japan's economy struggling to grow these days?", "why", "JPN gdp total decrease"),
        # "deep" grading a state another phrase is in
        (
            "Why do Japan's accounts land so deep in the hole with the Gulf?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        ("why did Japan sink deeper into deficit?", "why", "JPN goodsBalance total decrease"),
        # an idiom's own negation
        (
            "What if investors can't get enough of Argentine bonds?",
            "whatif",
            "ARG foreignBondDemand total increase",
        ),
        (
            "What if Turkey's credibility goes pear-shaped?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        ("why's japan catching L's on trade lately?", "why", "JPN goodsBalance total decrease"),
        (
            "What if Japan opens up to American farm goods?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if investors distrust Argentina?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        # "record" holding a state a few words on
        (
            "Why does Japan still record a hefty deficit in services?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # a simile's words are its own
        (
            "why is everyone buying treasuries like it's free money",
            "why",
            "USA foreignBondDemand total increase",
        ),
        # a concession before a bare question is background
        (
            "Yen keeps falling although Japan runs a surplus. Why?",
            "why",
            "JPN currencyValue total decrease",
        ),
    ],
)
def test_words_of_a_forty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        (
            "Why is Japan buying more parts from Malaysia and Vietnam?",
            "why",
            "JPN imports INTERMEDIATE increase",
        ),
        ("why did Japan start hoovering up more coal?", "why", "JPN imports HS27 increase"),
        ("What if the Fed jacks rates again?", "whatif", "USA policyRate total increase"),
        ("why does capital bolt out of Turkey?", "why", "TUR capitalInflows total decrease"),
        (
            "Why does the lira go over the cliff every few years?",
            "why",
            "TUR currencyValue total decrease",
        ),
        (
            "What if Japanese manufacturers speed up their exodus abroad?",
            "whatif",
            "JPN offshoring total increase",
        ),
        ("Why do emerging-market currencies buckle?", "why", "EME currencyValue total decrease"),
        ("What if the yen roars back?", "whatif", "JPN currencyValue total increase"),
        (
            "Why does capital leave emerging markets when the Fed hikes?",
            "why",
            "EME capitalInflows total decrease",
        ),
        # a bond sell-off is the holders selling: demand for the bonds falls
        ("why do Argentine bonds keep selling off?", "why", "ARG foreignBondDemand total decrease"),
        (
            "Why did Turkish bonds see a heavy sell-off among foreign funds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # a gerund's name still reads as written
        ("why is Japan's population aging?", "why", "JPN population total decrease"),
    ],
)
def test_words_of_a_fiftieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_members_named_as_a_flows_partner_are_their_bloc(reasoned: OxigraphStore) -> None:
    """ "Components from Vietnam and Thailand": the graph holds the flow with ASEAN, whose
    members they are (background memberships), so the answer is about that flow."""
    q = ask(reasoned, "Why is Japan importing more components from Vietnam and Thailand?").query
    assert q.variable is not None and "/JPN/ASEAN/imports/INTERMEDIATE/" in q.variable


def test_a_gerund_name_is_not_its_lemmas_noun(reasoned: OxigraphStore) -> None:
    """ "The golden age" is no ageing population."""
    q = ask(reasoned, "Why is the golden age of Japanese exports over?", intent="why").query
    assert q.item != "population"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a state idiom without its article, said of an economy before its partner
        (
            "Why is Japan always in red with the Gulf states?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "off" before a phrase says where money comes from, not a fall (money made off
        # tourists is the travel balance, the report's "travel surplus")
        (
            "why is Japan making so much money off tourists?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        (
            "What if US farmers get more access to sell grain in Japan?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if offshore investors dump Turkish bonds?",
            "whatif",
            "TUR foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_a_fifty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # an idiom with its intensifier
        ("Why is Japan making such a killing on car exports?", "why", "JPN exports HS87 increase"),
        ("Why did the lira get rekt in 2018?", "why", "TUR currencyValue total decrease"),
        ("What if Taiwanese chip exporters expand?", "whatif", "TWN exports HS85 increase"),
        (
            "What if Washington cuts the customs tax on Japanese cars?",
            "whatif",
            "USA tariffRate HS87 decrease",
        ),
        (
            "What if Japan gets the door more open for US software?",
            "whatif",
            "USA marketAccess DIGITAL increase",
        ),
        (
            "Why were relations with Washington so fraught over trade in the 1980s?",
            "why",
            "JPN tradeFriction total increase",
        ),
        # who the asker is names no quantity of the question
        (
            "As a Japanese car exporter, I wonder why the yen fell so far.",
            "why",
            "JPN currencyValue total decrease",
        ),
    ],
)
def test_words_of_a_fifty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # Scots: "walk awa fae" is walk away from
        (
            "what if investors walk awa fae Turkish bonds?",
            "whatif",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "Why do offshore funds keep dumping Turkish government paper?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "Why are investors divesting from Argentine bonds?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        (
            "What if more Japanese firms transfer production to Thailand?",
            "whatif",
            "JPN offshoring total increase",
        ),
        ("why do tsys always catch a bid?", "why", "USA foreignBondDemand total increase"),
        # "so much" after a verb's object grades the verb
        (
            "Why did investors sell Turkish bonds so much?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_a_fifty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # anyone who sells the bonds lowers the demand for them, named or not as investors
        (
            "Why did people sell Argentine government bonds so much?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        ("Why did households unload Turkish bonds?", "why", "TUR foreignBondDemand total decrease"),
        # the sellers' own demand, read once: no double negation
        (
            "Why are foreign investors selling Turkish government bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # "up to 2024" says until when, not a rise
        (
            "Why did Japan's trade balance sink from 2021 up to 2024?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        ("What if exports go up to their 2019 level?", "whatif", "None exports total increase"),
        # a "before" clause that is its whole sentence says what held earlier
        (
            "Why has Japan been in deficit since 2021? Before they were always in surplus.",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "Japan is in deficit now. Diba before they're always surplus? Why?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_words_of_a_fifty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # analysts' shorthand spelt out into more than one word
        ("KR TB in the red three yrs running. drivers?", "why", "KOR goodsBalance total decrease"),
        # the trade of a when-clause does not own the state of the main clause
        (
            "How come Germany is always in surplus when it trades with America?",
            "why",
            "DEU goodsBalance total increase",
        ),
        # "in such a deep hole with": the sized idiom
        (
            "Why is Japan in such a big hole with Australia?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "Why is Japan's digital services hole so deep?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        ("why did Japan's car exports get hollowed out?", "why", "JPN exports HS87 decrease"),
        ("Japan's fuel bill blowout in 2022: why?", "why", "JPN imports HS27 increase"),
        ("What if the Fed turns hawkish?", "whatif", "USA policyRate total increase"),
        ("What if the Bank of Japan turns dovish?", "whatif", "JPN policyRate total decrease"),
        (
            "What if Japanese firms carry their production to Vietnam?",
            "whatif",
            "JPN offshoring total increase",
        ),
        (
            "Why does money drain away from emerging markets when US rates rise?",
            "why",
            "EME capitalInflows total decrease",
        ),
    ],
)
def test_words_of_a_fifty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a restrictive relative clause says what happened to the phrase before; the verb
        # after it is the phrase's movement
        (
            "What happens to LNG imports if the reactors that were closed after the "
            "earthquake are switched back on?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        # "any more" ending a clause is "no longer", no amount
        (
            "What if investors don't trust Argentina any more?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        # a partitive between the sellers and the bonds
        (
            "What if foreign holders sold most of their share of US Treasuries?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        (
            "Why's Japan always underwater against Australia?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        ("Why's Japan's services leg so red?", "why", "JPN servicesBalance total decrease"),
    ],
)
def test_words_of_a_fifty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_a_span_of_first_quarters_is_the_short_run(reasoned: OxigraphStore) -> None:
    parsed = parse_question(
        reasoned, "Yen drops 20%. What does the trade balance do the first couple of quarters?"
    )
    assert parsed.horizon == "short"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a product inside a partner's name ("Gulf oil states") is no phrase of its own
        (
            "Why's Japan always in the red with them Gulf oil states?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # the state of a balance named after "in" across the economy's name
        (
            "What explains the lasting deficit in Japan's digital services trade?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        (
            "Why does Japan keep a goods deficit versus China?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "What if investors regain confidence in Argentina?",
            "whatif",
            "ARG investorConfidence total increase",
        ),
    ],
)
def test_words_of_a_fifty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # the particle of "selling off" says the selling once more: no double negation
        (
            "Overseas holders start selling off Turkish government bonds. What then?",
            "whatif",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "What if Japan went crazy for nuclear power?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        ("Why did the lira go to pieces?", "why", "TUR currencyValue total decrease"),
    ],
)
def test_words_of_a_fifty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a later clause turned against a balance named in its state moves it there
        (
            "Germany always had a big trade surplus, but from 2021 they're in the red "
            "every year. Why?",
            "why",
            "DEU goodsBalance total decrease",
        ),
        # ... not when the later clause speaks of a partner
        (
            "Japan runs a trade surplus with the US but is in deficit with everyone else, why?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a verb of the activity with only a little of it
        ("Why do households in Japan spend so little?", "why", "JPN consumption total decrease"),
        # a label that is also a verb, between a phrase and its direction word
        (
            "Some country's bond yields pop higher. What happens to hot money?",
            "whatif",
            "X bondYield total increase",
        ),
        # "pivot" alone is an easing; "pivot hawkish" is a tightening
        (
            "Suppose the Fed pivots hawkish. What happens to the dollar?",
            "whatif",
            "USA policyRate total increase",
        ),
        # an appositive after the phrase's sentence restates its state
        (
            "Why is Japan's travel balance so remarkable these days - a 3 trillion yen surplus?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # an amount's unit is no currency ("~2.6tn yen")
        (
            "JP services book still neg in FY24, ~2.6tn yen. whats behind it",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # foreigners buying an economy's bonds are the foreign demand for them
        (
            "What if foreigners buy Turkish government bonds?",
            "whatif",
            "TUR foreignBondDemand total increase",
        ),
        (
            "What if foreigners suddenly start buying loads of some country's sovereign bonds?",
            "whatif",
            "X foreignBondDemand total increase",
        ),
        # sellers with no object sell the bonds named before them
        (
            "Turkish bonds — everyone hates them. Why do foreigners dump?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # a statement sentence before the question's own sentence is its context
        (
            "Back then Japanese TVs were sold all over the world. Please could you tell me "
            "why our electronics exports fell so much?",
            "why",
            "JPN exports HS85 decrease",
        ),
        (
            "What if carmakers shift lines to Mexico?",
            "whatif",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_a_fifty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a later name of the same balance, in another state, after a turning clause
        (
            "Germany was always the one selling more than it buys, and then suddenly three "
            "years of trade deficits. Why?",
            "why",
            "DEU goodsBalance total decrease",
        ),
        # a closed compound the lemmatiser lacks is English, not an unknown word
        (
            "Devaluation Playbook: What Happens to a Country's Exports When Its Currency Weakens?",
            "whatif",
            "X currencyValue total decrease",
        ),
        (
            "What if Japan goes gangbusters on wind power?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
        # how an economy fares, said with a verb of buckling
        (
            "Why do emerging markets buckle when the Fed hikes?",
            "why",
            "EME financialStress total increase",
        ),
        (
            "What if Turkey's credit rating goes sour with investors?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
    ],
)
def test_words_of_a_sixtieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "pull … into": drawing it in (an inversion once)
        (
            "Why is cash piling in lately - what's pulling capital into the US?",
            "why",
            "USA capitalInflows total increase",
        ),
        ("Why did Japan's car exports get muscled out?", "why", "JPN exports HS87 decrease"),
        ("Why is Japan's growth running outta gas?", "why", "JPN gdp total decrease"),
        # a yes/no question after a why-clause that names its phrase guesses a cause
        (
            "Why'd people dump Turkish bonds - did investors just lose their nerve?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "Why are foreign investors disposing of Turkish government bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        (
            "What if Argentina's credibility takes another knock?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        (
            "What if investors get scared about Argentina?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        (
            "Why are Japan's imports of finished goods progressing so?",
            "why",
            "JPN imports FINISHED increase",
        ),
    ],
)
def test_words_of_a_sixty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "even more" after the object grades the verb before it (an inversion once)
        (
            "What if Argentina loses the trust of the investors even more?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        # a past participle's clause on the phrase, its own verb after it (an inversion)
        (
            "Why have exports shipped straight from Japan weakened?",
            "why",
            "JPN exports total decrease",
        ),
        # "help me understand": a request to the reader, no word of faring
        (
            "Could you help me understand why Japan's imports fell in 2023?",
            "why",
            "JPN imports total decrease",
        ),
        # a verb of restraint holds its object back
        ("What is holding back Japan's GDP growth rate?", "why", "JPN gdp total decrease"),
        ("Why's Japan's import bill so elevated?", "why", "JPN imports total increase"),
    ],
)
def test_words_of_a_sixty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a state word a neutral balance's name complements (an inversion once)
        (
            "For what reason does Japan have with Australia such a big minus in the trade?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "Why does Japan run a big deficit in trade with the Gulf?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # holders called sellers: their demand falls (an inversion once)
        (
            "Foreign holders have been heavy sellers of Turkish government bonds. Why?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # "left under strain": where it leaves them, no fall (an inversion once)
        (
            "Why are emerging markets left under strain when US rates rise?",
            "why",
            "EME financialStress total increase",
        ),
        # "done buying": the activity is over (an inversion once)
        (
            "China decides it's done buying US government debt. What then?",
            "whatif",
            "CHN bondPurchases total decrease",
        ),
        # "leaving a deficit": what results, no fall (an inversion once)
        (
            "Why does Japan buy more food from the US than it sells to it, leaving a deficit on "
            "the food account?",
            "why",
            "JPN goodsBalance FOOD decrease",
        ),
        # "a hard time getting investors to buy": the buying comes hard (an inversion once)
        (
            "Why does Turkey have such a hard time getting foreign investors to buy its bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_a_sixty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # of two balances set against each other, the one after the contrast is the puzzle
        (
            "Japan prints a fat goods surplus vs the US but somehow runs a services deficit "
            "with them?? make it make sense",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # "I want to ask": the asker's wish, no rise (an inversion once)
        (
            "I want to ask: why did Japan's trade balance stay in deficit from 2021 to 2024?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "stopped messing about": the stopping is of that, not of the bank (an inversion)
        (
            "What if the Fed stopped fooling around and put rates up properly?",
            "whatif",
            "USA policyRate total increase",
        ),
        # a phrase set apart ("separate from any trade shock") is not asked about
        (
            "Why is Japan's growth under pressure from demographics, apart from any trade shock?",
            "why",
            "JPN gdp total decrease",
        ),
        (
            "Why'd Japan get its lunch eaten in car exports?",
            "why",
            "JPN exports HS87 decrease",
        ),
        (
            "Why is Japan's balance on digital services so negative?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
    ],
)
def test_words_of_a_sixty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # bare "services" names the services balance; its state words then apply to it
        (
            "Why are Japan's services still negative in 2024 with all those visitors?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "Why does Japan keep losing out on services?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "Why is Japan behind on services these days?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # ... while "imports of services" and "buying services" stay the flows
        (
            "What if Japan's imports of services jump?",
            "whatif",
            "JPN servicesImports total increase",
        ),
        (
            "What if Japan buys far more cloud services from abroad?",
            "whatif",
            "JPN servicesImports DIGITAL increase",
        ),
        # a buyer's "more" on a balance ("in services Japan pays more") is a deficit on it
        (
            "In services why does Japan pay more to America?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # "so much" after the verb grades the bleeding, not the services
        (
            "Why does Japan bleed so much on digital services these days?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        # "on the … end" is a side, not an ending (an inversion once)
        (
            "What if Japan raised its game on the financial services end and sold more abroad?",
            "whatif",
            "JPN servicesExports SG increase",
        ),
        # a pronoun whose verb has its own object ("they got a big goods surplus") says
        # nothing of the phrase before it
        (
            "why jp services vs the US in deficit? they got huge goods surplus w/ US",
            "why",
            "JPN servicesBalance total decrease",
        ),
        # slang of falling and of beating
        ("Why has the won been munted lately?", "why", "KOR currencyValue total decrease"),
        (
            "Why did Japan's car exports take a hiding in the 2010s?",
            "why",
            "JPN exports HS87 decrease",
        ),
        # "sinking cash into bonds" buys them (an inversion once)
        (
            "Why is Germany sinking its savings into foreign bonds?",
            "why",
            "DEU bondPurchases total increase",
        ),
        # "quits giving money away" ends the easy money: a tightening (an inversion once)
        (
            "What if the BoJ quits printing money and hikes?",
            "whatif",
            "JPN policyRate total increase",
        ),
        (
            "Why does Japan always come up short with the Gulf states?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "What if Japanese firms bring back their plants from China?",
            "whatif",
            "JPN offshoring total decrease",
        ),
        ("Why are Americans so sore at Japan over trade?", "why", None),
        # "it" in a state the phrase after it names is the economy, not the tourists
        (
            "Visitors keep pouring into Japan, so why is it still in the red on services?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "Why don't Japanese households spend like they used to?",
            "why",
            "JPN consumption total decrease",
        ),
    ],
)
def test_words_of_a_sixty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str | None
) -> None:
    got = _read_as(reasoned, question, intent)
    if want is None:  # the item and direction only: the economy may be either side
        assert got.split()[1:] in (
            ["goodsBalance", "total", "decrease"],
            ["tradeFriction", "total", "increase"],
        ), got
    else:
        assert got == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "one more time" says again, no amount (an inversion once)
        (
            "Turkey loses one more time the confidence of foreign investors.",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        # "goes up in smoke": gone, whatever "up" alone says (an inversion once)
        (
            "What if Turkey's credibility goes up in smoke?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        # a headline before the question word does not move the question's phrase
        (
            "Prices lost: why did Japan's LNG import bill go clean through the roof in 2022?",
            "why",
            "JPN imports HS27 increase",
        ),
        # "ends with a wider deficit": comes to have it, no ending (an inversion once)
        (
            "Why would a nation with high bond yields end with a bigger trade deficit?",
            "why",
            "X goodsBalance total decrease",
        ),
        # a name does not run across "and" into another verb's clause ("stopped its loose
        # policy and raised interest rates" is no "policy … interest rates"; an inversion)
        (
            "What if the BoJ stopped its ultra-loose policy and raised interest rates?",
            "whatif",
            "JPN policyRate total increase",
        ),
        (
            "What if American ranchers get more access to the Japanese market?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        ("Why are more finished goods landing in Japan?", "why", "JPN imports FINISHED increase"),
        (
            "What makes Germany invest in the sovereign bonds of deficit countries?",
            "why",
            "DEU bondPurchases total increase",
        ),
        (
            "Why is China's slice of what Japan sells getting smaller?",
            "why",
            "JPN exportShare total decrease",
        ),
        # a flow set against a balance after it: the balance is the puzzle
        (
            "Japan ships heaps of cars to the US, but it runs a services deficit with the US. Why?",
            "why",
            "JPN servicesBalance total decrease",
        ),
    ],
)
def test_words_of_a_sixty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        ("Why has growth in Japan been spluttering?", "why", "JPN gdp total decrease"),
        (
            "Why did the peso take such a pasting in 2023?",
            "why",
            "ARG currencyValue total decrease",
        ),
        (
            "What if foreign investors do a runner from Turkey's bonds?",
            "whatif",
            "TUR foreignBondDemand total decrease",
        ),
        # "squeeze more out of every kilowatt": more from it, no squeezing out (an
        # inversion once)
        (
            "Suppose Japanese plants use energy efficiently and squeeze more out of every "
            "kilowatt.",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        ("What if Japan goes on an energy diet?", "whatif", "JPN energyEfficiency total increase"),
        (
            "Why are Japanese makers packing up their production and moving to Vietnam?",
            "why",
            "JPN offshoring total increase",
        ),
        (
            "Why is Japan shipping fewer goods straight from home?",
            "why",
            "JPN exports total decrease",
        ),
    ],
)
def test_words_of_a_sixty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "a surplus off them": from them, no fall (an inversion once)
        (
            "Why does Japan make such a big travel surplus off them these days?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        # "finish" ends what it acts on (an inversion once)
        (
            "What if the BoJ finishes its ultra-loose policy?",
            "whatif",
            "JPN policyRate total increase",
        ),
        # a linking verb before an adjective ("grown so feeble") takes the adjective's way
        ("Why has the peso grown so feeble?", "why", "ARG currencyValue total decrease"),
        # a neutral balance "so deep" is deep in deficit
        (
            "Japan's digital services balance sits near minus 7 trillion yen. Why so deep?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        (
            "What if Japan sold more banking services abroad?",
            "whatif",
            "JPN servicesExports SG increase",
        ),
        ("Why is cash draining out of Argentina?", "why", "ARG capitalInflows total decrease"),
    ],
)
def test_words_of_a_sixty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a denied movement leaves a deficit where it stands (an inversion once)
        (
            "Why won't America's trade deficit ever close up?",
            "why",
            "USA goodsBalance total decrease",
        ),
        # "packs in the cheap money": gives the easy money up (an inversion once)
        (
            "What if the BoJ packs in the cheap money for good?",
            "whatif",
            "JPN policyRate total increase",
        ),
        (
            "Why did Japan lose its crown in car exports?",
            "why",
            "JPN exports HS87 decrease",
        ),
        # the partner of a comparison of buying and selling ("more off China than it
        # flogs back")
        (
            "Why does Japan buy more off Australia than it flogs back?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_words_of_a_sixty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "go flat out on" is full speed, not "flat" (an inversion once)
        (
            "What if Tokyo goes flat out on wind power?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
        # "get flogged on" is a beating; "flogging X abroad" is selling it
        ("Why did Japan get flogged on car exports?", "why", "JPN exports HS87 decrease"),
        (
            "What if Japan got good at flogging digital services abroad?",
            "whatif",
            "JPN servicesExports DIGITAL increase",
        ),
        # "a given country" is an adjective, no contrast that sets the currency aside
        (
            "Suppose a given country's currency depreciates. What should one expect for its"
            " imports?",
            "whatif",
            "X currencyValue total decrease",
        ),
        # a stretch of time named by what held in it dates the question
        (
            "Why did Japan's energy imports balloon during the years of deficits?",
            "why",
            "JPN imports HS27 increase",
        ),
        # a participle that describes "a country" names the economy, not what moved
        (
            "Why might a nation paying higher yields on its bonds see its trade deficit widen?",
            "why",
            "X goodsBalance total decrease",
        ),
        # "cosier with" a partner is closer integration with it
        (
            "What if Japan gets cosier with ASEAN?",
            "whatif",
            "JPN regionalIntegration total increase",
        ),
        ("Why are Japanese shoppers not splashing out?", "why", "JPN consumption total decrease"),
        ("Why did Japan's net travel receipts grow?", "why", "JPN servicesBalance SD increase"),
        (
            "What is constraining the supply of workers in Japan?",
            "why",
            "JPN laborForce total decrease",
        ),
        (
            "Scenario: a slump in foreign investor confidence in Argentina.",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
    ],
)
def test_words_of_a_seventieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "got their clock cleaned": soundly beaten (an inversion once)
        (
            "Why did Japan's car exports get their clock cleaned?",
            "why",
            "JPN exports HS87 decrease",
        ),
        # "way more" is an intensified "more": "squeezes way more out of" gets more from it
        # (an inversion once)
        (
            "Japan goes all in on energy efficiency and squeezes way more out of every barrel.",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # a bare "Why?" asks about the statement before it; the question after it guesses
        ("Yen weak. Why? Ultra-loose BoJ?", "why", "JPN currencyValue total decrease"),
        # "every single time" opens a clause as "every time" does
        (
            "Why does Argentina lose capital every single time US rates go up?",
            "why",
            "ARG capitalInflows total decrease",
        ),
        # Scots spellings
        (
            "Whit's the story wi Japan bein in the red wi Australia?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        (
            "Why is China taking a smaller bit of Japan's exports?",
            "why",
            "JPN exportShare total decrease",
        ),
        ("Why are fewer goods going out of Japan?", "why", "JPN exports total decrease"),
        (
            "What if Japan grows more rice, so self-sufficiency goes up?",
            "whatif",
            "JPN selfSufficiency FOOD increase",
        ),
        (
            "What if Japanese people get older and fewer even faster?",
            "whatif",
            "JPN population total decrease",
        ),
        (
            "Why did the US-Japan trade relationship become so contentious?",
            "why",
            "JPN tradeFriction total increase",
        ),
    ],
)
def test_words_of_a_seventy_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "went from a huge surplus to deficits": the size is of where it started (an
        # inversion once)
        (
            "How did Japan go from this massive surplus machine to running deficits?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "forsakes its ultra-loose stance": gives up easing, a tightening (an inversion once)
        (
            "What if the BoJ forsakes its ultra-loose policy?",
            "whatif",
            "JPN policyRate total increase",
        ),
        # "don't trust a country no more": not any more, no second negation (an inversion once)
        (
            "What if investors don't trust Turkey no more?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        # a guess asked in a sentence of its own after the why-question
        (
            "Why did Argentine government paper suffer such sell-offs? Panic, presumably?",
            "why",
            "ARG foreignBondDemand total decrease",
        ),
        # "ceases to roll over its Treasuries": stops holding them
        (
            "What if Japan ceases to roll over its Treasuries?",
            "whatif",
            "JPN bondPurchases total decrease",
        ),
        ("What if the yen stages a recovery?", "whatif", "JPN currencyValue total increase"),
        # a year right before a name is a date, not an amount of it
        ("In 2015 Japan's exports fell. Why?", "why", "JPN exports total decrease"),
        # a passive of coming with points at the effect asked about
        (
            "Why might a devaluation be accompanied by a wider, rather than narrower, trade"
            " deficit?",
            "why",
            "X goodsBalance total decrease",
        ),
        # a phrase after "among" says whose, it takes no word of the phrase before
        (
            "Why does demand for Treasuries stay so robust among foreign central banks?",
            "why",
            "USA foreignBondDemand total increase",
        ),
        (
            "Why have Korean chipmakers pressed their advantage?",
            "why",
            "KOR exports HS85 increase",
        ),
        (
            "What if Japanese firms sign up for more American cloud services?",
            "whatif",
            "JPN servicesImports DIGITAL increase",
        ),
    ],
)
def test_words_of_a_seventy_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_a_cause_the_question_names_leads_the_answer(reasoned: OxigraphStore) -> None:
    """'why might a rise in yields go with a wider deficit': the chains through the rise
    in yields come first, and the answer says why they lead."""
    res = ask(
        reasoned,
        "Why might a rise in a country's bond yields be associated with a wider trade deficit?",
        intent="why",
    )
    assert res.query.item == "goodsBalance" and res.query.change == "decrease"
    first = res.explanations[0]
    assert any(
        s.cause.key.split("/")[2] == "bondYield" and s.cause.change == "increase"
        for s in first.steps
    )
    assert any("named in the question as a cause" in a for a in res.query.assumptions)
    # without such a cause the note is absent
    plain = ask(reasoned, "Why might a country's trade deficit widen?", intent="why")
    assert not any("named in the question as a cause" in a for a in plain.query.assumptions)


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "where would that leave X" asks about a consequence, never the shock; "making
        # chips" names the chip trade (an inversion once)
        (
            "If Taiwan got better at making chips, where would that leave Japan's chip exports?",
            "whatif",
            "TWN exports HS85 increase",
        ),
        (
            "What if Washington knocked the tariff off Japanese cars?",
            "whatif",
            "USA tariffRate HS87 decrease",
        ),
        (
            "LNG and oil go mad again. What happens to Japan's trade?",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        ("Why is Japan paying a fortune for imported food?", "why", "JPN imports FOOD increase"),
        (
            "Why can't Japanese farms find enough hands?",
            "why",
            "JPN laborForce total decrease",
        ),
        ("Why were the Americans so riled up at Japan?", "why", "JPN tradeFriction total increase"),
        (
            "What if Argentina's investors lose their bottle?",
            "whatif",
            "ARG investorConfidence total decrease",
        ),
        (
            "JP solar capacity ramps hard. LNG imports?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
    ],
)
def test_words_of_a_seventy_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "more efficient burning energy" is efficiency, not the burning (an inversion once)
        (
            "Japan gets far more efficient burning energy. Trade balance?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # a shock named by going harder on a product, then a question about a consequence
        (
            "Korea goes harder on chips. Do Japan's chip exports suffer?",
            "whatif",
            "KOR exports HS85 increase",
        ),
        (
            "Why is foreign money leaving Argentina?",
            "why",
            "ARG capitalInflows total decrease",
        ),
        (
            "Why was Washington so hostile to Tokyo on trade in the 1980s?",
            "why",
            "JPN tradeFriction total increase",
        ),
        (
            "What if the US cut the customs on Japanese cars?",
            "whatif",
            "USA tariffRate HS87 decrease",
        ),
    ],
)
def test_words_of_a_seventy_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        ("Why is Japan always skint on food trade?", "why", "JPN goodsBalance FOOD decrease"),
        ("Why was Washington so sore at Tokyo?", "why", "JPN tradeFriction total increase"),
        (
            "Why do Japanese households keep their wallets shut?",
            "why",
            "JPN consumption total decrease",
        ),
        (
            "What if it gets much cheaper to run a factory in Thailand?",
            "whatif",
            "JPN costEfficiencyAbroad total increase",
        ),
        # "kicked off" is no friction (a word of a friction phrase that "at" completed)
        (
            "LNG prices spike again like they did after the war kicked off.",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
    ],
)
def test_words_of_a_seventy_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "go off" something: lose the taste for it
        (
            "What if overseas investors go off American government bonds?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        # a clause asking "who" is about the victims, not the shock
        (
            "What if the Fed jacks rates up, who gets hurt?",
            "whatif",
            "USA policyRate total increase",
        ),
        # "so bad" after a verb of wanting is how much, while a verdict stays a verdict
        (
            "Why do investors want Treasuries so badly?",
            "why",
            "USA foreignBondDemand total increase",
        ),
        (
            "I want to know why the trade deficit is so bad",
            "why",
            "None goodsBalance total decrease",
        ),
        # an adjective on a noun of standing grades the standing; the verb moves the trade
        (
            "Why did Japan lose its strong grip on electronics exports?",
            "why",
            "JPN exports HS85 decrease",
        ),
        # "more access" is more of the access the exporters' name stands for
        (
            "What if US agricultural exporters win more access to Japan's market?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        (
            "What if Japan's factories burn less fuel?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        (
            "What if Japan sees a step change in energy efficiency?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # the Yorkshire article clipped onto its noun
        ("What if t'yen gets stronger?", "whatif", "JPN currencyValue total increase"),
        # a sentence asked after a bare "Why?" guesses at a cause, whole
        (
            "The yen was weak for years. Why? Cheap yen should boost exports, no?",
            "why",
            "JPN currencyValue total decrease",
        ),
        ("Why does Japan buy that much food from abroad?", "why", "JPN imports FOOD increase"),
        ("Why are firms making less at yem to send abroad?", "why", "None exports total decrease"),
    ],
)
def test_words_of_a_seventy_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    "question",
    [
        "What if Korea and Taiwan get even better at making chips?",
        "Taiwanese and Korean chipmakers keep winning share. What happens to Japan's "
        "electronics exports?",
    ],
)
def test_rivals_winning_is_the_first_named_rivals_exports(
    reasoned: OxigraphStore, question: str
) -> None:
    """Rivals winning in a product is read as the first-named rival's exports of it, and
    the answer still reaches the economy they beat through its rivals' strength."""
    r = ask(reasoned, question, intent="whatif")
    first = "TWN" if question.startswith("Taiwanese") else "KOR"
    assert f"{r.query.economy} {r.query.item} {r.query.product} {r.query.change}" == (
        f"{first} exports HS85 increase"
    )
    effects = {e.variable.key: e.direction for e in r.effects}
    assert effects.get("JPN/WLD/exports/HS85/value") == "decrease"
    assert effects.get("JPN/WLD/competitorStrength/HS85/value") == "increase"


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # of economies coordinated as a subject, the first named is the one moved
        ("What if Korea and Taiwan export more chips?", "whatif", "KOR exports HS85 increase"),
        ("What if Taiwan and Korea export more chips?", "whatif", "TWN exports HS85 increase"),
        # a partner list is no subject
        (
            "China sells more to America and China's surplus grows. What does China do then?",
            "whatif",
            "CHN goodsBalance total increase",
        ),
        # a noun of standing "as" something: losing it is a fall of that thing
        (
            "What if the dollar lost its crown as the world's reserve currency?",
            "whatif",
            "USA reserveStatus total decrease",
        ),
        # a tag ending a sentence keeps the sentence's end
        (
            "What if the dollar lost its crown as the world's reserve currency, like? Who'd "
            "still want the Yanks' bonds?",
            "whatif",
            "USA reserveStatus total decrease",
        ),
        (
            "Suppose foreign buyers back away from Treasuries. What happens to the dollar?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_a_seventy_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a pronoun acting on an object of its own ("they smash cars") moves no phrase
        (
            "Why was America so angry with Japan about trade? In the 80s they smashed "
            "Japanese cars on TV.",
            "why",
            "JPN tradeFriction total increase",
        ),
        ("What if the BoJ keeps rates on the floor?", "whatif", "JPN policyRate total decrease"),
        # a market's own people are no foreign exporters' access to it
        (
            "What if Japan's farmers grow more and food self-sufficiency goes up?",
            "whatif",
            "JPN selfSufficiency FOOD increase",
        ),
        (
            "What if Japan opens back its nuclear plants?",
            "whatif",
            "JPN powerOutput NUCLEAR increase",
        ),
        (
            "Why does a currency puke when investors lose faith?",
            "why",
            "X currencyValue total decrease",
        ),
        (
            "Why are Japan's chip exports losing the market?",
            "why",
            "JPN exports HS85 decrease",
        ),
        (
            "Turkey has a confidence wobble. What happens to the lira?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
    ],
)
def test_words_of_a_seventy_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # an economy said to be sluggish or stagnating is its growth, down
        ("Why is Japan's economy so sluggish?", "why", "JPN gdp total decrease"),
        ("Why is the Japanese economy stagnating?", "why", "JPN gdp total decrease"),
        ("What if Japan's economy stagnates?", "whatif", "JPN gdp total decrease"),
        # the growth named inside the phrase says no direction of its own
        ("Why is Japan's economic growth so sluggish?", "why", "JPN gdp total decrease"),
        # holders selling the bonds is less demand for them
        (
            "Why have foreign holders been selling Turkish government bonds?",
            "why",
            "TUR foreignBondDemand total decrease",
        ),
        # Tok Pisin spellings
        (
            "Why China buy so plenti America Treasury bond?",
            "why",
            "CHN bondPurchases total increase",
        ),
        (
            "If Japan plant more kaikai at home, what happen long food import?",
            "whatif",
            "JPN selfSufficiency FOOD increase",
        ),
        (
            "Why does Japan buy circuit boards from ASEAN?",
            "why",
            "JPN imports INTERMEDIATE increase",
        ),
    ],
)
def test_words_of_a_seventy_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a degree word before a state phrase grades the state
        (
            "Japan's trade with the Gulf is heavily in the red. Why?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "despite" opens a contrast, not the quantity asked about
        (
            "Why does Japan run a goods surplus with the United States despite its overall "
            "deficit?",
            "why",
            "JPN goodsBalance total increase",
        ),
        (
            "What if investors develop a keener appetite for US Treasuries?",
            "whatif",
            "USA foreignBondDemand total increase",
        ),
        # "'em" is "them", not the emerging markets
        (
            "Why did Japan's oil bill go through the roof? A cheap yen was supposed to help 'em.",
            "why",
            "JPN imports HS27 increase",
        ),
        (
            "Why do Japanese carmakers keep moving the work overseas?",
            "why",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_an_eightieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a state word is a balance's: deficits are no state of the demand for bonds
        (
            "How come foreign appetite for US Treasuries stays so resilient even with all "
            "these deficits?",
            "why",
            "USA foreignBondDemand total increase",
        ),
        # "end up" says no direction for the pronoun's phrase
        (
            "Say foreigners start buying up a country's bonds. What's that end up doing to "
            "that country?",
            "whatif",
            "X foreignBondDemand total increase",
        ),
    ],
)
def test_words_of_an_eighty_first_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a "with" phrase after "a country" says which economy; the other phrase moves
        (
            "Picture a country with a large deficit, and then foreign buyers stop buying its "
            "bonds. What follows?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
        # "back in the 1980s" is a time, not the particle of "roll back"
        (
            "Why was Japan rolling in surpluses back in the 1980s?",
            "why",
            "JPN goodsBalance total increase",
        ),
        # a verb whose object is a noun of standing moves its subject's standing
        (
            "Why did Japan's chip exports lose the strong position they once had?",
            "why",
            "JPN exports HS85 decrease",
        ),
        ("What's eating up Japan's services balance?", "why", "JPN servicesBalance total decrease"),
        ("Why does Japan come up short on services?", "why", "JPN servicesBalance total decrease"),
        # the economy a rival beats loses on what it is beaten on
        (
            "Why does the US get the better of Japan on services?",
            "why",
            "JPN servicesBalance total decrease",
        ),
        (
            "Why does Korea outsell Japan in electronics exports?",
            "why",
            "JPN exports HS85 decrease",
        ),
        # "invest in" is more of its object, an adverb between or not
        (
            "What if Japan invests heavily in wind power?",
            "whatif",
            "JPN powerOutput RENEWABLE increase",
        ),
        (
            "What if foreigners snap up some country's govvies?",
            "whatif",
            "X foreignBondDemand total increase",
        ),
        # an economy that crawls along grows slowly; "so slowly" is the crawl's pace
        ("Why is Japan's economy limping along?", "why", "JPN gdp total decrease"),
        ("Why is Japan's economy crawling along so slowly?", "why", "JPN gdp total decrease"),
        ("What if Argentina spooks investors?", "whatif", "ARG investorConfidence total decrease"),
        # going deeper with a bloc is integration; deeper into deficit is not
        (
            "What if Japan goes deeper with ASEAN?",
            "whatif",
            "JPN regionalIntegration total increase",
        ),
        (
            "Why did Japan's trade balance go deeper into deficit?",
            "why",
            "JPN goodsBalance total decrease",
        ),
    ],
)
def test_words_of_an_eighty_second_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "partner"),
    [
        # "us" before a people's plural name is the pronoun: we Australians
        ("Why is Japan always in the red with us Aussies?", "AUS"),
        ("Why does the US get the better of Japan on services?", "USA"),
    ],
)
def test_partner_of_a_pronoun_and_a_rival(
    reasoned: OxigraphStore, question: str, partner: str
) -> None:
    assert ask(reasoned, question, intent="why").query.counterpart == partner


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # learners' comparatives: "more bad" is worse
        (
            "Why does a trade deficit first get more bad after a currency falls?",
            "why",
            "X goodsBalance total decrease",
        ),
        # Doric: "fit wye" is why, "faa" fall, "sae" so
        ("Fit wye did the yen faa sae hard?", "why", "JPN currencyValue total decrease"),
        ("Why did naebody want Turkish bonds?", "why", "TUR foreignBondDemand total decrease"),
        (
            "What if Japan goes more deep with ASEAN?",
            "whatif",
            "JPN regionalIntegration total increase",
        ),
        # "things" and "stuff" sent or shipped are exports
        (
            "Why is Japan sending less things straight from Japan?",
            "why",
            "JPN exports total decrease",
        ),
        # money from tourists is the travel balance the report states
        (
            "Why is Japan making so much money from tourists?",
            "why",
            "JPN servicesBalance SD increase",
        ),
        (
            "How come Japan can't find enough people to work?",
            "why",
            "JPN laborForce total decrease",
        ),
        # expensive to borrow: the yield
        (
            "Why did it get so expensive for Turkey to borrow?",
            "why",
            "TUR bondYield total increase",
        ),
        # a product's position is its exports' standing
        ("Why are Japan's chips losing position?", "why", "JPN exports HS85 decrease"),
        # "this much" before an adjective is a degree, no pronoun pointing back
        (
            "Why is the yen staying this much weak? My fuel costs keep going up because of this.",
            "why",
            "JPN currencyValue total decrease",
        ),
        # asked why, "lots of" is a large amount
        ("Why does Japan import lots of LNG?", "why", "JPN imports HS27 increase"),
        # a product on world markets is its world price
        (
            "What if food on world markets gets more expensive?",
            "whatif",
            "WLD worldPrice FOOD increase",
        ),
        # a govvy is a government bond
        (
            "What if investors stop buying some country's govvy bonds?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_an_eighty_third_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # money rushing into an economy is capital flowing in
        (
            "Why does all the money rush into America when the Fed hikes?",
            "why",
            "USA capitalInflows total increase",
        ),
        # capital that escapes flees
        ("Why is capital escaping from Turkey?", "why", "TUR capitalInflows total decrease"),
        # a deficit run "without the wheels coming off" is a sustained one: its debt burden
        (
            "How does Uncle Sam keep running deficits without the wheels coming off?",
            "why",
            "USA debtBurden total decrease",
        ),
        # French-accented English: "'ave", "'ole", "wiz ze"
        (
            "Why does Japan 'ave such a big trade 'ole wiz ze Gulf?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # a list after a phrase's first item names the same quantity: one phrase, read as
        # its first name says (a deficit)
        (
            "Why is Japan's deficit for software, platforms and cloud services growing so fast?",
            "why",
            "JPN servicesBalance DIGITAL decrease",
        ),
        (
            "What if the price of wheat, maize and meat on world markets climbs?",
            "whatif",
            "WLD worldPrice FOOD increase",
        ),
        # dollars held as reserves are the dollar's reserve status
        (
            "What if the world stops holding dollars as reserves?",
            "whatif",
            "USA reserveStatus total decrease",
        ),
        # money rushing into bonds is the demand for them
        (
            "What if foreign money rushes into US bonds?",
            "whatif",
            "USA foreignBondDemand total increase",
        ),
    ],
)
def test_words_of_an_eighty_fourth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a because-clause gives the reason for the movement said around it: no shock
        (
            "What if Japan's ties with ASEAN get more close because of RCEP?",
            "whatif",
            "JPN regionalIntegration total increase",
        ),
        (
            "The yen gets much weaker because everybody sells Japanese bonds. What happens to "
            "energy imports?",
            "whatif",
            "JPN currencyValue total decrease",
        ),
        (
            "What if Japanese factories keep shifting to Vietnam?",
            "whatif",
            "JPN offshoring total increase",
        ),
    ],
)
def test_words_of_an_eighty_fifth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_the_buyer_a_seller_sells_to_is_the_counterpart(reasoned: OxigraphStore) -> None:
    """ "Japan sells America so many cars": Japan's exports to America, not America's."""
    q = ask(reasoned, "Why does Japan sell America so many cars?", intent="why").query
    assert (q.economy, q.item, q.counterpart) == ("JPN", "exports", "USA")


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # "ends every year running a deficit": where it ends up, no end of the deficit
        (
            "Why does Japan end every single year running a trade deficit?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # the particle of the name's own verb says what the name says; the later verb moves
        (
            "What if the investors who have been buying up a country's bonds pull back?",
            "whatif",
            "X foreignBondDemand total decrease",
        ),
        (
            "What if foreign buyers walk away from Treasuries?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
    ],
)
def test_words_of_an_eighty_sixth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a sentence after the question is an aside while a phrase before it moves
        (
            "Oil prices spike again. What does that mean for Japan's energy import bill? We "
            "see our shipping costs climb too.",
            "whatif",
            "WLD worldPrice HS27 increase",
        ),
        # "such a mighty appetite out there for …": a large amount, adjectives between
        (
            "Why is there such a mighty appetite out there for American government bonds?",
            "why",
            "USA foreignBondDemand total increase",
        ),
    ],
)
def test_words_of_an_eighty_seventh_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a when-clause after "why's that" sets a contrast; the pronoun still points back
        (
            "Japan sells the Americans heaps of cars and runs a fat surplus with them. Why's "
            "that, when it's in deficit with nearly everyone else?",
            "why",
            "JPN goodsBalance total increase",
        ),
        # Yorkshire: "t' red" with a space, "allus"
        (
            "Why does Japan allus end up in t' red wi' Australia?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "N years in a row" is no "trade row"; "in minus on" is in deficit on
        (
            "Why has Japan been in minus on trade three years in a row?",
            "why",
            "JPN goodsBalance total decrease",
        ),
        # "do a runner": flee
        (
            "Why does the money do a runner from a country once investors lose faith?",
            "why",
            "X capitalInflows total decrease",
        ),
        # a sum of money in a currency is no move of the currency
        (
            "Why do people keep buying US Treasuries? I wouldn't lend my cousin fifty bucks.",
            "why",
            "USA foreignBondDemand total increase",
        ),
        # a number opens a compound: "30% in one year" is no "30-year" yield
        (
            "Say the currency of some country drops 25% in one year: what happens to its exports?",
            "whatif",
            "X currencyValue total decrease",
        ),
        # an aside in dashes or brackets is no distance between a phrase and its verb
        (
            "What if Japan's digital exports — cloud, software and the like — really take off?",
            "whatif",
            "JPN servicesExports DIGITAL increase",
        ),
        (
            "What if Japan's digital exports (cloud, software and the like) really take off?",
            "whatif",
            "JPN servicesExports DIGITAL increase",
        ),
        # subjects joined by "and" share the verb after them
        (
            "Why were the lira and Turkish bonds dumped so hard?",
            "why",
            "TUR currencyValue total decrease",
        ),
        # beaten on a product: its exports fall
        (
            "Why did Japan get its lunch eaten in electronics?",
            "why",
            "JPN exports HS85 decrease",
        ),
        # "so thick with": closer ties
        (
            "Why is Japan getting so thick with Vietnam and Thailand on supply chains?",
            "why",
            "JPN regionalIntegration total increase",
        ),
        # "wicked" as an intensifier; "efficient on energy"
        (
            "What if Japan gets wicked efficient on energy?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # the money everybody keeps in reserve is the reserve status
        (
            "What if the dollar stopped being the money everybody keeps in reserve?",
            "whatif",
            "USA reserveStatus total decrease",
        ),
        # an activity that gets cheaper is done more; one that gets dearer, less
        (
            "What if producing abroad gets a good deal cheaper for Japanese companies?",
            "whatif",
            "JPN offshoring total increase",
        ),
        (
            "What if producing abroad gets more expensive for Japanese firms?",
            "whatif",
            "JPN offshoring total decrease",
        ),
        # a verb of becoming before an adjective name, graded: more of it
        (
            "What if Japanese plants get dead efficient with energy?",
            "whatif",
            "JPN energyEfficiency total increase",
        ),
        # a list of products of one flow
        (
            "Why is Japan sending fewer goods out of the country these days?",
            "why",
            "JPN exports total decrease",
        ),
    ],
)
def test_words_of_an_eighty_eighth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("through the 80s, 90s and 2000s", "1980-2009"),
        ("since the years 2010", "2010-2025"),
        ("since the 2010s", "2010-2025"),
        ("from 2011 to 2020", "2011-2020"),
    ],
)
def test_a_list_of_decades_and_a_decade_since(text: str, period: str) -> None:
    assert _period(text) == period


def test_several_products_of_one_flow_move_the_first_and_say_so(reasoned: OxigraphStore) -> None:
    """No total of the flow in the graph: the first product named moves, with a note."""
    r = ask(
        reasoned,
        "What if Japan sells far more digital and financial services abroad?",
        intent="whatif",
    )
    assert r.result_code == "FOUND"
    assert (r.query.item, r.query.product) == ("servicesExports", "DIGITAL")
    assert any("first of the products named" in a for a in r.query.assumptions)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        # a negation between a name's subject and its verb, or before both, denies the verb
        (
            "Why are Japanese households not spending much these days?",
            "JPN consumption total decrease",
        ),
        ("Why don't Japanese shoppers spend?", "JPN consumption total decrease"),
    ],
)
def test_a_negated_verb_of_a_subject_and_verb_name(
    reasoned: OxigraphStore, question: str, want: str
) -> None:
    assert _read_as(reasoned, question, "why") == want


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a negation the label holds is the label's own, not a second one
        (
            "What if investors don't trust Turkey any more?",
            "whatif",
            "TUR investorConfidence total decrease",
        ),
        # "-ish" on an English word is English ("sharpish"), no unknown term
        (
            "Foreign funds pull their money out of US Treasuries sharpish. What happens?",
            "whatif",
            "USA foreignBondDemand total decrease",
        ),
        # a foot in the door with a product: market access for it
        (
            "What if American ranchers get a foot in the door with beef in Japan?",
            "whatif",
            "USA marketAccess FOOD increase",
        ),
        # "outta" is "out of"
        (
            "Why does money go pourin' outta emerging markets when the Fed hikes?",
            "why",
            "EME capitalInflows total decrease",
        ),
        # money spent for a product bought abroad: its imports
        (
            "Why does Japan spend so much more money for LNG since 2011?",
            "why",
            "JPN imports HS27 increase",
        ),
    ],
)
def test_words_of_an_eighty_ninth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_off_the_back_of_a_deal_is_no_fall(reasoned: OxigraphStore) -> None:
    """ "a foot in the door off the back of that deal": the result of the deal, no fall."""
    q = ask(
        reasoned,
        "What if Australian growers get a foot in the door off the back of a new deal?",
        intent="whatif",
    ).query
    assert (q.item, q.change) == ("marketAccess", "increase")


@pytest.mark.parametrize(
    ("question", "intent", "want"),
    [
        # a negated auxiliary before the subject, the economy's name between, denies the verb
        (
            "Why don't folks in Japan spend like they used to?",
            "why",
            "JPN consumption total decrease",
        ),
        # taking a whooping is a fall; going to pieces a collapse
        (
            "Why did the Turkish lira take such a whooping?",
            "why",
            "TUR currencyValue total decrease",
        ),
        (
            "Why does a country's currency go plumb to pieces when investors panic?",
            "why",
            "X currencyValue total decrease",
        ),
    ],
)
def test_words_of_a_ninetieth_round(
    reasoned: OxigraphStore, question: str, intent: str, want: str
) -> None:
    assert _read_as(reasoned, question, intent) == want


def test_a_first_move_is_the_short_run(reasoned: OxigraphStore) -> None:
    """ "does the balance first get better or worse?" asks about the first months."""
    p = parse_question(
        reasoned, "A currency falls hard. Does the trade balance first get better or worse?"
    )
    assert p.horizon == "short"


def test_the_interest_a_country_must_pay_is_its_bond_yield(reasoned: OxigraphStore) -> None:
    """ "why does the interest it must pay go up?": the yield, not the when-clause's phrase."""
    q = ask(
        reasoned,
        "When foreigners dump a country's bonds, why does the interest it must pay shoot up?",
        intent="why",
    ).query
    assert (q.item, q.change) == ("bondYield", "increase")
