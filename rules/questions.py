"""Plain-English questions → a resolved structured query, driven by the graph's labels.

The lexicon is read from the store: every variable's rdfs:label, skos:altLabel (same
direction) and tk:inverseLabel (opposite direction), every economy's, currency's and
instrument's names, and every event's. Direction comes from direction words (widen,
fall, soar, weaken, …) read against the polarity of the matched label: "the deficit
widened" is the goods balance going down. Nothing here knows any particular question.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from babel.numbers import list_currencies
from lemminflect import getAllLemmas, getAllLemmasOOV
from rapidfuzz import fuzz, process

from kg.store import Store
from ontology.vocab import load_vocabulary
from rules.args import _condition_codes
from rules.errors import QueryError
from rules.loops import loops
from rules.named import why
from rules.observations import observations, parse_period
from rules.paths import paths
from rules.projection import Projection, projection
from rules.resolve import strip_economy, suggest, vocabulary
from rules.results import (
    Candidate,
    EconomyGroup,
    Explanation,
    Loop,
    LoopsResult,
    PathsResult,
    ResolvedQuery,
    ResultCode,
    WhatIfResult,
    WhyResult,
)
from rules.whatif import whatif

__all__ = ["Mention", "Parsed", "ask", "parse_question", "prepare"]


def _load_lexicon() -> dict[str, Any]:
    """rules/lexicon.yaml: how English marks direction, negation, cause and effect."""
    path = Path(__file__).resolve().parent / "lexicon.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


_LEX = _load_lexicon()


# The order in which a word's readings are tried for its lemma: a verb reading first, so
# that "rose" is "rise" and "does" is "do" (never "doe"). Adjectives keep their degree:
# "higher" says a change where "high" says a level.
_POS_ORDER = ("VERB", "AUX", "NOUN")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word (lemminflect): "widened" → "widen",
    "treasuries" → "treasury", "fell" → "fall"; unknown words by lemminflect's rules for
    out-of-vocabulary nouns and verbs ("outflows" → "outflow"); others unchanged."""
    if not word.isalpha() or word in _FUNCTION_WORDS:
        return word  # "during" is no form of "dure"
    readings = getAllLemmas(word)
    if readings and not set(readings) & set(_POS_ORDER):
        return word  # an adjective or adverb only
    for pos in _POS_ORDER:
        if pos in readings:
            return str(readings[pos][0])
    for pos, endings in (("NOUN", ("s",)), ("VERB", ("ed", "ing"))):
        if word.endswith(endings) and len(word) > 3 + len(endings[0]):
            oov = getAllLemmasOOV(word, pos).get(pos)
            if oov:
                return str(oov[0])
    return word


def _surface_words(name: str) -> list[str]:
    return str(_LEX[name]).split()


def _words(name: str) -> list[str]:
    """A lexicon word list: lemmas, each once (a test checks every word is its own lemma;
    reading them as they are keeps the lemmatiser's dictionary out of import time)."""
    return list(dict.fromkeys(_surface_words(name)))


# Function words are read as written: "had" opens a hypothetical, "has" does not.
_NEGATIONS = set(_surface_words("negations"))
_FAINT = set(_surface_words("faint"))
# Quantity words that grade the noun right after them ("less LNG", "more cars"), not a
# phrase before them
_QUANTIFIERS = {"more", "less", "fewer", "much", "many"}
# Words that say a quantity is kept where it stands ("leave rates unchanged / on hold")
_KEPT = {"unchanged", "steady", "hold", "intact", "alone", "untouched"}
# Words of pace after a word of rising that make it a weak rise ("consumption grows so
# slowly"): the quantity is asked about as weak
_SLOW_PACE = set(_surface_words("slow_pace"))
# Words that grade the adjective after them ("remain so firm")
_ADJECTIVE_GRADERS = {"so", "very", "pretty", "quite", "really", "too", "rather", "still"}
# Words that say a one-sided quantity is not moving at all ("why is growth stuck?"), read
# as written ("stuck" is no "stick"): a stalled rise, weak
_STALLED = set(_surface_words("stalled"))
_HYPOTHETICAL = set(_surface_words("hypothetical_openers"))
# Words that say a condition named in the question holds or fails (lemmas)
_CONDITION_HOLDS = set(_words("condition_holds"))
_CONDITION_FAILS = set(_words("condition_fails"))


# Direction words (lemmas): +1 the named quantity grows, -1 it shrinks.
_UP = _words("up")
_DOWN = _words("down")
_BETTER = set(_words("better"))
_WORSE = set(_words("worse"))
_WANTING = set(_words("wanting"))
_STANDING = set(_words("standing_nouns"))
_FARE_BETTER = set(_words("fare_better"))
_FARE_WORSE = set(_words("fare_worse"))
# Words that say a quantity stays where it stands ("so sticky", "the stubborn deficit").
_PERSIST = set(_words("persist"))
_DIRECTION = {**{w: 1 for w in _UP}, **{w: -1 for w in _DOWN}}
# Words inside a label that make the label itself a movement ("rate hikes", "weak yen").
_MOVEMENT_IN_LABEL = set(_words("movement_in_label"))
_QUANTITY_IN_LABEL = set(_words("quantity_in_label"))
_DEGREE = set(_words("degree"))
_CESSATION = set(_words("cessation"))
_LINKING = set(_words("linking"))
_BECOMING = frozenset(_words("becoming"))
_COST_WORDS = frozenset(_surface_words("cost_words"))
_BECOMING_GRADES = frozenset(_surface_words("becoming_grades"))
# Direction words only as written ("a record surplus", never "exports recorded a fall").
_AS_WRITTEN = set(_words("as_written"))
# Labels that start with one of these adjectives must match contiguously ("strong dollar").
_ADJECTIVES = set(_words("adjectives"))
# Without a direction word, a why-question asks about what its phrase names being there:
# "why does Japan run a deficit" is the balance down, "the strong dollar" the dollar up.
_WHY = re.compile(
    r"\b(why|how come|what explains|what explained|what caused|what causes|what drove|"
    r"what drives|what's behind|what is behind|what was behind|reasons?|cause[sd]? of|"
    r"explain|account for|accounts for|what led to|what lies behind|driver|drivers|"
    r"responsible for|behind the)\b"
)
_WHATIF = re.compile(
    r"\b(what if|what happens|what would happen|what happened if|suppose|supposing|"
    r"imagine|assume|assuming|if|effect of|effects of|impact of|consequences? of|"
    r"how would|what would|would happen|what does .* do to|in the event|would|"
    r"walk me through|knock-on|ripple|fallout|what do .* do to|what does .* do to|"
    r"effects? on|impacts? on|consequences? for|implications?)\b|->|→|=>|"
    r"^\s*(say|let's say)\b"
)
_LOOPS = re.compile(
    r"\b(loop|loops|feedback|feedbacks|vicious circles?|virtuous circles?|cycle|cycles|"
    r"cyclical|spiral|spirals|self-reinforcing|circular|feeds? on itself|"
    r"feeding on itself|perpetuat\w*|snowball\w*|self-perpetuating|feed(?:s|ing)? back|"
    r"feed(?:s|ing)? on each other|reinforce each other|reinforcing each other)\b"
)
_PATHS = re.compile(
    r"\b(how does|how do|how is|link between|links between|connection between|"
    r"path from|paths from|channel from|route from)\b"
)
_SHORT = re.compile(
    r"\b(short[- ]run|short[- ]term|initially|at first|immediate|immediately|near[- ]term|at once|"
    r"aftermath|on impact|early on|in the first instance|"
    # before the volumes or prices have had time to respond ("before export volumes adjust")
    r"before (?:\w+ ){0,3}(?:(?:have|has) (?:had )?(?:the )?time to )?(?:adjust|respond|react)|"
    r"(?:right|straight) away|instantly|in the beginning|"
    # "does the balance get better right off the bat / fast?": at once
    r"(?:right )?off the bat|out of the gate|from the get-?go|(?:right|straight) off|"
    r"(?:better|improve[sd]?|improving|recover(?:s|ed|ing)?) (?:that |so |very |real )?"
    r"(?:fast|quickly|quick|soon)|"
    r"(?:right|straight|just|soon|shortly) after|"
    # a span counted from the shock ("in the first few months", "over the next couple
    # of quarters", "within weeks") is the short run
    r"(?:in|over|during|within) the (?:first|next|initial|following) "
    r"(?:(?:few|couple(?: of)?|several|two|three|six|\d+) )?"
    r"(?:days?|weeks?|months?|quarters?|year)|"
    r"within (?:(?:a )?few )?(?:days|weeks|months)|"
    # without its preposition ("what's the balance do the first few quarters")
    r"the (?:first|initial) (?:(?:few|couple(?: of)?|several) )?(?:days|weeks|months|quarters)|"
    # "first year after a country devalues", "the first months after the slide"
    r"first (?:(?:few|couple(?: of)?|several) )?(?:days?|weeks?|months?|quarters?|year) after|"
    # "does the trade balance first become better or worse?": its first move
    r"first (?:become|becomes|get|gets|go|goes|turn|turns|improve|improves|worsen|worsens|"
    r"deteriorate|deteriorates|widen|widens|narrow|narrows|fall|falls|rise|rises|drop|drops))\b"
)
_LONG = re.compile(
    r"\b(long[- ]run|long[- ]term|longer[- ]run|longer[- ]term|eventually|over time|in the end|"
    r"ultimately|over the long haul|in the long haul|down the road|in the years that follow|"
    # once the volumes have moved ("once export volumes adjust", "after volumes respond")
    r"(?:once|after) (?:\w+ ){0,3}(?:(?:have|has) )?(?:adjust|adjusted|respond|responded))\b"
)
_FY = re.compile(r"\bfy\s?(\d{4})\b")
# years or decades ("the 1980s up to 2010"): a decade starts at its first year and ends
# at its last
_SHORT_RANGE = re.compile(r"\b((?:19|20)(\d{2}))\s*[-–]\s*(\d{2})\b(?![-–]?\d)")
_RANGE = re.compile(
    r"\b((?:19|20)\d{2})(s?)\s*(?:(?:right|all the way)\s+)?"
    r"(?:-|–|to|through|until|till|up to|up until|and)\s*"
    r"(?:the\s+)?(?:(?:around|about|roughly|circa|c\.)\s+)?((?:19|20)\d{2})(s?)\b"
)
# decades in words or short figures ("the eighties", "the '90s", "80s"): the 20th century's
_SPELLED_DECADES = {
    "sixties": "1960s",
    "seventies": "1970s",
    "eighties": "1980s",
    "nineties": "1990s",
}
_SHORT_DECADE = re.compile(r"(?<![\w$¥])['’]?([6-9]0)s\b")


def _decades_in_figures(low: str) -> str:
    """ "the eighties" / "the '80s" as "the 1980s", so the period patterns read them."""
    low = _SHORT_DECADE.sub(lambda m: f"19{m.group(1)}s", low)
    return re.sub(
        r"\b(" + "|".join(_SPELLED_DECADES) + r")\b", lambda m: _SPELLED_DECADES[m.group(1)], low
    )


_DECADE = re.compile(r"\b((?:19|20)\d0)s\b")
# "since 2021", "after 2021", "post-2021", "from 2021 on": from that year to the document's
# ("since the years 2010", "since the 2010s" too)
_SINCE = re.compile(
    r"\b(?:(?:since|after|from)\s+(?:the\s+)?(?:years?\s+)?|post-?\s*)((?:19|20)\d{2})s?\b"
)
# a list of decades ("through the 1980s, 1990s and 2000s"): from the first to the last
_DECADE_LIST = re.compile(
    r"\b(?:19|20)\d0s(?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?(?:19|20)\d0s\b)+"
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_TOKEN = re.compile(r"[a-z0-9$¥+]+(?:[/.][a-z0-9]+)*|\||→", re.IGNORECASE)
# Shorthand of terse questions ("svcs", "bal", "px"): read as the word it stands for.
_ABBREVIATIONS: dict[str, str] = {str(k): str(v) for k, v in _LEX["abbreviations"].items()}
# An arrow says the statement before it leads to the one after ("oil up -> trade bal?"): it
# is read as ARROW, which ends the clause before it.
ARROW = "→"
_ARROWS = re.compile(
    "|".join(re.escape(a) for a in sorted(str(_LEX["arrows"]).split(), key=len, reverse=True))
)
# A currency pair quoted as a ticker ("USDJPY", "usd/jpy", "AUDUSD"): the price of the
# base currency in the quote currency. A currency's value is measured in dollars
# (ontology/vocab.yaml, currencyValue: "USD per unit rises"), so a pair quoted in dollars
# ("AUDUSD") is the base currency's value itself, and one with the dollar as its base
# ("USDJPY") is the "USD/JPY" name, an inverse name of the quote currency's value: USDJPY
# up is the yen down.
_PAIR = re.compile(r"([a-z]{3})/?([a-z]{3})")
_NUMERAIRE = "usd"
_SLASH = re.compile(r"\b([a-z]+)/([a-z]+)\b", re.IGNORECASE)
_PAIR_NAMES: dict[str, str] = {str(k): str(v) for k, v in _LEX["pair_names"].items()}
_NAMED_PAIR = re.compile(
    rf"\b({'|'.join(_PAIR_NAMES)})\s?[-/]\s?({'|'.join(_PAIR_NAMES)})\b", re.IGNORECASE
)
_CURRENCY_CODES = frozenset(c.lower() for c in list_currencies())


def _is_pair(token: str) -> bool:
    """Is ``token`` a currency ticker ("USDJPY", "usd/jpy")?"""
    m = _PAIR.fullmatch(token.lower())
    return bool(m and {m.group(1), m.group(2)} <= _CURRENCY_CODES and m.group(1) != m.group(2))


def _pair(token: str) -> str:
    """A currency ticker as the name the graph knows ("usdjpy" → "usd/jpy", "audusd" →
    "aud"); any other token unchanged."""
    m = _PAIR.fullmatch(token)
    if not m or not _is_pair(token):
        return token
    if m.group(2) == _NUMERAIRE:
        return m.group(1)
    if m.group(1) == _NUMERAIRE:
        return f"{m.group(1)}/{m.group(2)}"
    return token


_US = re.compile(r"u\.s\.?", re.IGNORECASE)
BREAK = "|"  # a clause boundary (comma, colon, semicolon, dash, bracket)
_STOP = set(_words("stop"))
_SIGNED = re.compile(
    r"(?<![\w.])([-−–+])\s?\d+(?:\.\d+)?\s?"
    r"(?:%|percent\b|per cent\b|pct\b|bps?\b|basis points?\b|pp\b|pts?\b)",
    re.IGNORECASE,
)
# "the Fed goes 50bp", "went another 25 bp": a move of a rate by that much is a hike
_GO_BP = re.compile(
    r"\b(?:go|goes|going|went)\s+(?:another\s+)?(?=\d+(?:\.\d+)?\s?(?:bps?|basis points?)\b)",
    re.IGNORECASE,
)
# A full stop that ends a sentence: after a word of two or more letters or digits (not
# an abbreviation such as "U.S.", whose last letter follows a full stop), before more text.
_FULL_STOP = re.compile(r"(?<=[A-Za-z0-9%]{2})(?<!\bvs)\.(?=\s+\S)")
DOC_YEAR = 2025  # the document's date bounds open ranges ("since 2021")
_INVERTED = re.compile(
    r"\b([a-z]+)\s+((?:does|do|did|will|would|could|can|might|should)\s+(?:that|this|it)\b)",
    re.IGNORECASE,
)
# words after which an auxiliary opens the question itself ("why does that happen")
_QUESTION_OPENERS = frozenset("why how what when where which who so and but or then | and".split())


_AUX_SURFACE = frozenset("does do did will would could can might should".split())


def _after_auxiliary(text: str, at: int) -> bool:
    """The subject at ``at`` follows an auxiliary already ("why would China do that"): the
    "do" after it is the main verb, not a new question's auxiliary."""
    before = text[:at].split()
    return bool(before) and before[-1].lower() in _AUX_SURFACE


# ... written with or without its apostrophe ("buyin'", "keepin rates in the basement")
_MONEY_OF = re.compile(
    r"\bmoney of (a |one |some |any |that |the )?(?:country|nation|economy)\b", re.IGNORECASE
)
_CLIPPED = re.compile(
    r"(?<![A-Za-z'])(" + "|".join(map(re.escape, _LEX["clipped"])) + r")'(?![A-Za-z])",
    re.IGNORECASE,
)
# a dialect's own spelling of a whole word ("whit's the story wi Japan")
_RESPELLED = re.compile(
    r"(?<![A-Za-z'])(" + "|".join(map(re.escape, _LEX["respelled"])) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# a comparative with "than" clipped onto it ("slower'n molasses", "more'n ever")
# "them" clipped to "'em" ("help 'em"): not EM, the emerging markets
_THEM_CLIPPED = re.compile(r"(?<![A-Za-z])'em\b", re.IGNORECASE)
# a tag ending a sentence ("…, like?", "…, like."): the sentence ends there
_END_TAG = re.compile(r",\s*like\s*([?!.])", re.IGNORECASE)
# the Yorkshire article clipped onto its noun ("t'yen", "in t'red", "in t' red")
_T_ARTICLE = re.compile(r"(?<![A-Za-z'])t' ?(?=[a-z])", re.IGNORECASE)
_THAN_CLIPPED = re.compile(r"\b([a-z]{2,}er|more|less)'n\b", re.IGNORECASE)
_G_DROPPED = re.compile(r"\b([A-Za-z]{2,}in)'?(?![A-Za-z'])")


def _g_restored(m: re.Match[str]) -> str:
    word = m.group(1)
    low = word.lower()
    return word + "g" if not _english(low) and _english(low + "g") else m.group(0)


_STATE_IDIOMS = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k) for k in _LEX["state_idioms"])
    + r")\b(?=\s+(?:on|with|against|vs|versus|to)\b)",
    re.IGNORECASE,
)
_SIZED_HOLE = re.compile(
    r"\bin (?:such )?(?:a |the )?(?:(?:deep|deeper|big|bigger|huge|massive) )+hole\b", re.IGNORECASE
)
_STATE_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in _LEX["state_phrases"]) + r")\b", re.IGNORECASE
)
_PARTNER_STATE_IDIOMS = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k) for k in _LEX["partner_state_idioms"])
    + r")\b(?=\s+(?:with|against|vs|versus)\b)",
    re.IGNORECASE,
)


def _surface(text: str, *, keep_case: bool = False) -> list[str]:
    """The words of ``text`` as written (lower case unless ``keep_case``), clause breaks
    as BREAK."""
    if not keep_case:
        text = text.lower()
    text = text.replace("’", "'").replace("‘", "'")
    # words clipped before an apostrophe ("wi' China", "an' cloud"): the word in full
    text = _CLIPPED.sub(lambda m: _LEX["clipped"][m.group(1).lower()], text)
    text = _THAN_CLIPPED.sub(r"\1 than", text)
    text = _T_ARTICLE.sub("the ", text)
    text = _END_TAG.sub(r"\1", text)
    text = _THEM_CLIPPED.sub("them", text)
    text = _RESPELLED.sub(lambda m: _LEX["respelled"][m.group(1).lower()], text)
    # a signed change ("JPY -20%", "+10% oil"): the sign is a direction word
    text = _SIGNED.sub(lambda m: " fall " if m.group(1) in "-−–" else " rise ", text)
    text = _GO_BP.sub("rise ", text)
    # "in the red on food", "in the hole with Australia": the state word it means ("in
    # deficit on food"), naming the balance of what follows as the word does; alone ("four
    # years in the red") the idiom is a direction word of the phrase it belongs to
    # "in such a deep hole with the Gulf": the idiom "deep in the hole", sized
    text = _SIZED_HOLE.sub("deep in the hole", text)
    text = _STATE_IDIOMS.sub(lambda m: _LEX["state_idioms"][m.group(0).lower()], text)
    text = _STATE_PHRASES.sub(lambda m: _LEX["state_phrases"][m.group(0).lower()], text)
    text = _PARTNER_STATE_IDIOMS.sub(
        lambda m: _LEX["partner_state_idioms"][m.group(0).lower()], text
    )
    # sentences end at a full stop: a context sentence, then the question
    text = _FULL_STOP.sub(" | ", text)
    text = _ARROWS.sub(f" {ARROW} {BREAK} ", text)
    # "dollar-yen rips": the pair's ticker ("usdjpy"), the base currency first
    text = _NAMED_PAIR.sub(
        lambda m: (
            m.group(0)
            if m.group(1).lower() == m.group(2).lower()
            else _PAIR_NAMES[m.group(1).lower()] + _PAIR_NAMES[m.group(2).lower()]
        ),
        text,
    )
    # a slash between two words lists them ("Korea/Taiwan chipmakers"), except in a
    # currency pair ("USD/JPY") or a number ("1/3")
    text = _SLASH.sub(
        lambda m: m.group(0) if _is_pair(m.group(0)) else f"{m.group(1)} and {m.group(2)}",
        text,
    )
    text = re.sub(r"[,;:()\[\]?!]|\s[-–—]\s|—", " | ", text).replace("–", "-").replace("-", " ")
    # a question inverted after a clause with no comma ("if the currency drops does that
    # help exports"): the auxiliary and its pronoun open a new clause
    text = _INVERTED.sub(
        lambda m: (
            m.group(0)
            if m.group(1) in _QUESTION_OPENERS or _after_auxiliary(text, m.start())
            else f"{m.group(1)} | {m.group(2)}"
        ),
        text,
    )
    # "'cause" is "because", never the noun "cause" ("is it 'cause yields are high?")
    text = re.sub(r"(?<![A-Za-z])'cause\b", "because", text, flags=re.IGNORECASE)
    # "must've been", "could've": the auxiliary and "have", not one misspelt word
    text = re.sub(r"\b(must|should|could|would|might)'ve\b", r"\1 have", text, flags=re.IGNORECASE)
    # "sell-offs", "sell offs": the noun, one word ("selloff"), not the verb and a particle
    text = re.sub(r"\bsell[- ]?offs?\b", "selloff", text, flags=re.IGNORECASE)
    # "the money of a country" is its currency, as "a country's money" ("country money")
    text = _MONEY_OF.sub(r"\1 country money", text)
    # "why'd that drop off", "how'd it happen": the question word and "did"
    text = re.sub(r"\b(why|how|where|what|when)'d\b", r"\1 did", text, flags=re.IGNORECASE)
    text = re.sub(r"'s\b", "", text, flags=re.IGNORECASE)
    # a dropped g ("buyin'", "pourin'"): the -ing form, where the written word is none
    text = _G_DROPPED.sub(_g_restored, text)
    text = text.replace("'", "")
    words = [_US.sub("us", t).strip(".-") for t in _TOKEN.findall(text)]
    read = [r for w in words for r in _read(w).split()]  # "tb": "trade balance"
    return _again(_trade_comparisons(_drop_fillers(read)))


_RESTARTABLE = frozenset({"start", "open"})
# "get/have X running again" is a restart of X
_CAUSATIVE = frozenset({"get", "have"})
_GOING_AGAIN = frozenset({"run", "go", "work"})


def _again(words: list[str]) -> list[str]:
    """ "starts the nuclear plants again" → "restarts the nuclear plants": a start verb
    with "again" within six words of its clause after it is a restart."""
    out = list(words)
    for i, w in enumerate(out):
        if lemma(w.lower()) in _CAUSATIVE:
            # "gets the plants running again": the causative verb is the restart
            for j in range(i + 2, min(i + 7, len(out) - 1)):
                if out[j] == "|":
                    break
                if lemma(out[j].lower()) in _GOING_AGAIN and out[j + 1].lower() == "again":
                    out[i] = "restart"
                    del out[j : j + 2]
                    break
            continue
        if lemma(w.lower()) not in _RESTARTABLE:
            continue
        for j in range(i + 1, min(i + 7, len(out))):
            if out[j] == "|":
                break
            if out[j].lower() == "again":
                out[i] = "re" + w.lower()
                del out[j]
                break
    return out


_BUYING = frozenset(str(_LEX["comparative_trade"]["buy"]).split())
_SELLING = frozenset(str(_LEX["comparative_trade"]["sell"]).split())
_MORE = frozenset(str(_LEX["comparative_trade"]["more"]).split())
_LESS = frozenset(str(_LEX["comparative_trade"]["less"]).split())
_VERSUS = frozenset(str(_LEX["comparative_trade"]["versus"]).split())


def _run_like(verb: str) -> str:
    """ "run" in the form of ``verb`` ("buying" → "running", "sold" → "ran")."""
    base = lemma(verb.lower())
    if verb.lower() == base:
        return "run"
    if verb.lower().endswith("ing"):
        return "running"
    if verb.lower() in (base + "s", base + "es"):
        return "runs"
    return "ran"


_COMPARED_FILLER = frozenset("for on of in to abroad overseas from off with".split())


def _trade_comparisons(words: list[str]) -> list[str]:
    """ "buying more (from the world) than it sells" → "running a trade deficit"; "sold far
    more than it bought" → "ran a trade surplus"; with "less" the other way round. Only
    within one clause: the buying verb, "more"/"less" within 8 words, "than" within 8 more,
    the other verb within 4 words after it."""
    out = list(words)
    i = 0
    while i < len(out):
        first = lemma(out[i].lower())
        if first not in _BUYING and first not in _SELLING:
            i += 1
            continue
        if (
            i + 2 < len(out)
            and out[i + 1].lower() in _VERSUS
            and lemma(out[i + 2].lower()) in (_SELLING if first in _BUYING else _BUYING)
        ):
            out[i : i + 3] = ["trade", "balance"]  # "buys versus sells"
            i += 2
            continue
        hit = None
        for j in range(i + 1, min(i + 9, len(out))):
            if out[j] == BREAK:
                break
            if out[j].lower() not in _MORE | _LESS:
                continue
            for k in range(j + 1, min(j + 9, len(out))):
                if out[k] == BREAK:
                    break
                if out[k].lower() != "than":
                    continue
                for m in range(k + 1, min(k + 5, len(out))):
                    if out[m] == BREAK:
                        break
                    second = lemma(out[m].lower())
                    other = _SELLING if first in _BUYING else _BUYING
                    if second in other:
                        hit = (j, k, m)
                        break
                break
            break
        if hit is None:
            i += 1
            continue
        j, k, m = hit
        buys_more = (first in _BUYING) == (out[j].lower() in _MORE)
        state = "deficit" if buys_more else "surplus"
        # what is compared, between "more" and "than" ("pays more for services than it
        # earns"): the balance of that trade; with nothing there, the trade balance
        what = [w for w in out[j + 1 : k] if w.lower() not in _COMPARED_FILLER]
        partner: list[str] = []
        if out[j + 1 : j + 2] and out[j + 1].lower() in {"from", "off", "with"}:
            # "buying more off China than it sells back": the partner, not what is traded
            partner, what = what, []
        said = ["a", state, "in", *what] if what else ["a", "trade", state]
        # whom the verb pays or sells to, before "more" ("pays the United States more for
        # services than it earns"): the balance's partner
        whom = [
            w
            for w in out[i + 1 : j]
            if w.lower() not in _DEGREE and w.lower() not in {"a", "lot", "lots", "way", "so"}
        ]
        if whom or partner:
            said += ["with", *whom, *partner]
        out[i : m + 1] = [_run_like(out[i]), *said]
        i += 1 + len(said)
    return out


_FILLERS = sorted((tuple(f) for f in _LEX["fillers"]), key=len, reverse=True)
_FILLER_OPENERS = set(_surface_words("filler_clause_openers"))
# Adverbs of route a degree word never grades ("exporting less straight from Japan": less
# exporting, not less straight)
_ROUTE_ADVERBS = set(_surface_words("route_adverbs"))
# Verbs that hold a growth back ("what is constraining growth in the labour force")
_RESTRAINT = set(_words("restraint"))
# Words after "up"/"down" that make them say where, not which way ("down here")
_PLACES = set(_surface_words("places"))
_HEDGES = sorted((tuple(f) for f in _LEX["hedges"]), key=len, reverse=True)
_HEDGE_KEEPERS = set(_surface_words("hedge_keepers"))
_FILLER_PREPOSITIONS = set(_surface_words("filler_prepositions"))


def _intensified(word: str) -> bool:
    """A comparative that an intensifier can grade ("way more", "way tighter")."""
    return word in ("more", "less", "fewer", "better", "worse") or (
        len(word) > 5 and word.endswith("er") and word[:-2] not in ("", "ord", "und")
    )


def _drop_fillers(words: list[str]) -> list[str]:
    """The words without spoken fillers and hedges ("kinda", "sort of" but after a
    determiner: "what kind of loops" keeps its noun): a filler set off by clause breaks (", like,",
    ", you know,") goes with the breaks around it, unless a new clause follows ("..., like,
    why ..." keeps one break); a filler opening a clause ("like why do they get hurt", "so
    like my cousin says") or "like" after a preposition ("for like cloud") goes alone."""
    out: list[str] = []
    i = 0
    low = [w.lower() for w in words]
    while i < len(words):
        h = next((h for h in _HEDGES if tuple(low[i : i + len(h)]) == h), None)
        if h is not None and (len(h) == 1 or i == 0 or low[i - 1] not in _HEDGE_KEEPERS):
            i += len(h)  # "growth is kinda stuck": the hedge grades nothing the parser reads
            continue
        if (
            low[i : i + 2] == ["no", "more"]
            and i > 0
            and low[i - 1] not in _FUNCTION_WORDS
            and (i + 2 == len(low) or low[i + 2] == BREAK)
        ):
            i += 2  # "don't trust a country no more": not any more, no second negation
            continue
        if (
            low[i] == BREAK
            and low[i + 1 : i + 3] == ["rather", "than"]
            and i + 4 < len(low)
            and low[i + 4] == BREAK
            and out
            and out[-1].lower() not in _FUNCTION_WORDS
        ):
            i += 5  # "a wider, rather than narrower, trade deficit": the contrast of one
            continue  # word is an aside inside the phrase
        if low[i] == "way" and i + 1 < len(low) and _intensified(low[i + 1]):
            i += 1  # "squeezes way more out of", "way tighter with": an intensifier
            continue
        f = next((f for f in _FILLERS if tuple(low[i : i + len(f)]) == f), None)
        if f is None:
            out.append(words[i])
            i += 1
            continue
        j = i + len(f)
        before = low[i - 1] if i > 0 else BREAK
        after = low[j] if j < len(low) else BREAK
        opens = before == BREAK or (before == "so" and (i < 2 or low[i - 2] == BREAK))
        if opens and after == BREAK:
            nxt = low[j + 1] if j + 1 < len(low) else None
            if out and out[-1] == BREAK and nxt is not None and nxt not in _FILLER_OPENERS:
                out.pop()  # "who own our treasuries just, like, decided": one clause
            i = j + 1  # the break after it: one break at most stands in its place
        elif opens or (f == ("like",) and before in _FILLER_PREPOSITIONS):
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _read(word: str) -> str:
    """A written word as the parser reads it: shorthand spelt out, a ticker as a name."""
    low = word.lower()
    read = _pair(_ABBREVIATIONS.get(low, low))
    return word if read == low else read


# stop words that, ending a label, are the particle of its verb ("goods shipped in")
_LABEL_PARTICLES = frozenset({"in"})


def _tokens(text: str) -> list[str]:
    """The words of ``text`` as lemmas, so that a label and a question meet whatever the
    inflection ("Treasuries" / "treasury", "buys" / "bought")."""
    return [lemma(t) for t in _surface(text)]


@lru_cache(maxsize=8192)
def _name_lemma(word: str) -> str:
    """A word of a proper name read as a noun only: "Fed" stays "fed" (never the verb
    "feed"), "Treasuries" is "treasury"."""
    readings = getAllLemmas(word)
    if "NOUN" in readings:
        return str(readings["NOUN"][0])
    return word if readings else lemma(word)


def _name_tokens(text: str, proper: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The words of a name (a label) as lemmas, a capitalised word, or a word of
    ``proper``, read as a noun: a name's "Fed" is the Federal Reserve, not a form of
    "feed", and the currency "won" is no form of "win"."""
    words = _surface(text)
    if text.islower() or not any(ch.isupper() for ch in text):
        return [t if t in proper else lemma(t) for t in words]
    cased = _surface(text, keep_case=True)
    if len(cased) != len(words):
        cased = words
    return [
        _name_lemma(t) if c[:1].isupper() or t in proper else lemma(t)
        for t, c in zip(words, cased, strict=True)
    ]


def _question_tokens(question: str, proper: set[str]) -> list[str]:
    """The question's words as lemmas; a word whose noun reading is a word of a proper
    name (``proper``: "fed", "won") is read as the name's word, so that "the Fed" meets
    the Federal Reserve's name while "feeds back" does not."""
    out = []
    for t in _surface(question):
        name = _name_lemma(t)
        out.append(name if name in proper else lemma(t))
    return out


@dataclass(frozen=True)
class _Entry:
    tokens: tuple[str, ...]
    target: str
    kind: str  # variable, event, economy
    polarity: int  # +1 alt/label, -1 inverse label
    implies: int  # +1 when the label itself names a movement of its quantity
    text: str
    valence: int = 1  # -1 when a rise of the variable's item is bad news (tk:upIsBad)


@dataclass
class _Lexicon:
    entries: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    economies: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    labels: list[str] = field(default_factory=list)
    by_label: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # a balance that can stand either side of zero: its names hold state words of both
    # signs ("surplus", "deficit")
    two_sided: dict[str, bool] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)  # every word of every name
    # every word of every name in the store (conditions, roles too): never a misspelling
    names: set[str] = field(default_factory=set)
    # words of names that a lemmatiser would read as another word ("Fed" → "feed")
    proper: set[str] = field(default_factory=set)
    # nouns only a condition's names hold ("elasticities exceed 1"): a phrase qualifying
    # one ("import elasticities") names the condition, not the quantity
    condition_nouns: set[str] = field(default_factory=set)
    # words only one condition's names hold ("lerner", "elasticity") → its code
    condition_words: dict[str, str] = field(default_factory=dict)
    # currency names several economies' currencies share ("dollar")
    shared_currency: set[tuple[str, ...]] = field(default_factory=set)
    # a product's bare name ("oil") → the entries of its price ("oil prices")
    bare_prices: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    # every variable a name names
    targets: set[str] = field(default_factory=set)


_ECONOMY_Q = """
SELECT ?e ?code ?l WHERE {
  ?e tk:code ?code .
  { ?e a tk:Country } UNION { ?e a tk:Bloc } UNION { ?e a tk:Region }
  { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } UNION { ?e tk:code ?l }
}"""
_CURRENCY_Q = """
SELECT ?e ?code ?l WHERE {
  ?e tk:issuesCurrency ?c ; tk:code ?code . ?c rdfs:label|skos:altLabel ?l .
}"""
_INSTRUMENT_Q = """
SELECT ?code ?l WHERE {
  ?i tk:issuer ?e . ?e tk:code ?code . ?i rdfs:label|skos:altLabel ?l .
}"""
_VARLABEL_Q = """
SELECT ?v ?l ?kind WHERE {
  ?v a tk:Variable .
  { ?v rdfs:label ?l . BIND("label" AS ?kind) } UNION
  { ?v skos:altLabel ?l . BIND("alt" AS ?kind) } UNION
  { ?v tk:inverseLabel ?l . BIND("inverse" AS ?kind) }
}"""
_ALIAS_Q = "SELECT ?i ?l WHERE { ?i tk:issuer ?e . ?i rdfs:label|skos:altLabel ?l . }"
_EVENT_Q = (
    "SELECT ?e ?l WHERE { ?e a tk:Event . { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l } }"
)
# names of everything but variables (whose names the lexicon reads on its own): economies,
# currencies, instruments, events, conditions, roles
_NAMES_Q = """SELECT DISTINCT ?l WHERE {
  ?s rdfs:label|skos:altLabel ?l . FILTER NOT EXISTS { ?s a tk:Variable } }"""
_CONDITION_Q = "SELECT ?l WHERE { ?c a tk:Condition ; rdfs:label|skos:altLabel ?l }"
_CONDITION_CODE_Q = """SELECT ?code ?l WHERE {
  ?c a tk:Condition ; tk:code ?code ; rdfs:label|skos:altLabel ?l }"""
_POLICY_Q = """SELECT ?v ?l WHERE {
  ?i tk:setsVariable ?v . { ?i rdfs:label ?l } UNION { ?i skos:altLabel ?l } }"""


def _lexicon(store: Store, proj: Projection) -> _Lexicon:
    key = ("lexicon",)
    hit = proj.cache.get(key)
    if isinstance(hit, _Lexicon):
        return hit
    lex = _Lexicon()
    names_known: set[str] = set()
    for r in store.select(_NAMES_Q):
        # a word of a name is no misspelling ("Marshall-Lerner" is no "lender"), though
        # only the names the parser reads are what a misspelling is corrected to
        names_known |= set(_tokens(r["l"]))
        lex.proper |= {
            _name_lemma(c.lower())
            for c in _surface(r["l"], keep_case=True)
            if c[:1].isupper() and _name_lemma(c.lower()) != lemma(c.lower())
        }
    nodes = proj.graph.nodes
    bad = {
        r["code"] for r in store.select("SELECT ?code WHERE { ?i tk:upIsBad true ; tk:code ?code }")
    }

    def valence(v: str) -> int:
        return -1 if nodes[v].get("item") in bad else 1

    # names of one instrument are interchangeable inside a label: "recycling into
    # Treasuries" is also "recycling into USTs"
    aliases: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for r in store.select(_ALIAS_Q):
        toks = tuple(t for t in _name_tokens(r["l"], lex.proper) if t not in _STOP)
        if toks:
            aliases[r["i"]].add(toks)

    def variants(toks: tuple[str, ...]) -> list[tuple[str, ...]]:
        out = [toks]
        for names in aliases.values():
            for name in names:
                n = len(name)
                at = next((i for i in range(len(toks) - n + 1) if toks[i : i + n] == name), None)
                if at is None:
                    continue
                out += [toks[:at] + other + toks[at + n :] for other in names if other != name]
        return list(dict.fromkeys(out))

    # each economy's variables repeat the same names ("energy imports", "LNG purchases"):
    # read each name once (20 193 labels, 7 840 distinct, on the bundled graph)
    read_as: dict[str, tuple[str, ...]] = {}
    forms_of: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

    def name_toks(text: str) -> tuple[str, ...]:
        hit = read_as.get(text)
        if hit is None:
            hit = read_as[text] = tuple(_name_tokens(text, lex.proper))
        return hit

    seen_signs: dict[str, set[int]] = defaultdict(set)
    movement = (_MOVEMENT_IN_LABEL | set(_DIRECTION)) - _QUANTITY_IN_LABEL
    names = vocabulary(store)
    for r in store.select(_VARLABEL_Q):
        v = r["v"]
        if v not in nodes or nodes[v].get("economy") in ("X", "Y"):
            continue
        text = r["l"]
        if r["kind"] == "label" and v in names.entities:
            # "Japan's energy imports" → "energy imports": the economy is read separately
            text = strip_economy(text, names.entities[v], names) or text
        named_toks = name_toks(text)
        toks = tuple(t for t in named_toks if t not in _STOP)
        if not toks:
            continue
        if len(named_toks) > 1 and named_toks[-1] in _LABEL_PARTICLES:
            # "goods shipped in" (imports) is no "goods shipped" (exports): a particle
            # that ends a label is part of it
            toks += (named_toks[-1],)
        pol = -1 if r["kind"] == "inverse" else 1
        # a name holding a movement word names that movement ("weak yen", "dumping
        # Treasuries", "rate cuts")
        implies = 1 if set(name_toks(r["l"])) & movement else 0
        signs = {_STATE[t] for t in toks if t in _STATE}
        if signs:
            seen_signs[v] |= signs
        forms = forms_of.get(toks)
        if forms is None:
            forms = forms_of[toks] = variants(toks)
        for form in forms:
            lex.entries[form[0]].append(
                _Entry(form, v, "variable", pol, implies, r["l"], valence(v))
            )
        lex.labels.append(r["l"])
        lex.by_label[r["l"].lower()].append(v)
    lex.two_sided = {v: len(sg) > 1 for v, sg in seen_signs.items()}
    for r in store.select(_POLICY_Q):
        toks = tuple(t for t in _name_tokens(r["l"], lex.proper) if t not in _STOP)
        if toks and r["v"] in nodes:
            # a policy instrument names the variable it moves: "the BoJ eases" = its rate falls
            lex.entries[toks[0]].append(
                _Entry(toks, r["v"], "variable", 1, 0, r["l"], valence(r["v"]))
            )
    for r in store.select(_EVENT_Q):
        toks = tuple(t for t in _name_tokens(r["l"], lex.proper) if t not in _STOP)
        if toks and r["e"] in nodes:
            lex.entries[toks[0]].append(_Entry(toks, r["e"], "event", 1, 1, r["l"]))
            lex.labels.append(r["l"])
            lex.by_label[r["l"].lower()].append(r["e"])
    reserve_q = (
        "SELECT ?code WHERE { ?e tk:issuesCurrency ?c ; tk:code ?code . ?c a tk:ReserveCurrency }"
    )
    reserve = {r["code"] for r in store.select(reserve_q)}
    currency_names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for r in store.select(_CURRENCY_Q):
        toks = tuple(t for t in _name_tokens(r["l"], lex.proper) if t not in _STOP)
        currency_names[toks].add(r["code"])
    lex.shared_currency = {t for t, codes in currency_names.items() if len(codes) > 1}
    for q in (_ECONOMY_Q, _CURRENCY_Q, _INSTRUMENT_Q):
        for r in store.select(q):
            code = r["code"]
            if code in ("X", "Y"):
                continue
            toks = tuple(t for t in _name_tokens(r["l"], lex.proper) if t not in _STOP or t == "us")
            # a name several currencies share ("dollar") names the reserve currency's
            # economy, or none
            if q is _CURRENCY_Q and len(currency_names.get(toks, ())) > 1 and code not in reserve:
                continue
            if toks:
                kind = "currency" if q is _CURRENCY_Q else "economy"
                lex.economies[toks[0]].append(_Entry(toks, code, kind, 1, 0, r["l"]))
    # "oil prices", "LNG price": the product's bare name is the price only where a direction
    # word follows right after it ("oil up again"); price variables are measured as prices
    for es in list(lex.entries.values()):
        for e in es:
            if (
                len(e.tokens) == 2
                and e.tokens[1] == "price"
                and e.polarity > 0
                and nodes[e.target].get("measure") == "price"
            ):
                lex.bare_prices[e.tokens[0]].append(replace(e, tokens=e.tokens[:1]))
    lex.names = names_known
    lex.known = {
        t for es in (*lex.entries.values(), *lex.economies.values()) for e in es for t in e.tokens
    }
    lex.condition_nouns = {
        t
        for r in store.select(_CONDITION_Q)
        for t in _tokens(r["l"])
        if t not in lex.known and t not in _STOP and "NOUN" in getAllLemmas(t)
    }
    # the kind's own name says nothing of one condition ("credit conditions tighten")
    kind_words: set[str] = set()
    for r in store.select("SELECT ?l WHERE { tk:Condition rdfs:label ?l }"):
        kind_words |= set(_tokens(r["l"]))
    lex.condition_nouns -= kind_words
    owners_of: dict[str, set[str]] = defaultdict(set)
    # only conditions some claim carries: a scope role ("reserve-currency issuer") is a
    # kind of economy, never an assumption a question can take as given
    on_claims = _condition_codes(proj)
    for r in store.select(_CONDITION_CODE_Q):
        if str(r["code"]) not in on_claims:
            continue
        for t in _tokens(r["l"]):
            if (
                t not in lex.known
                and t not in _STOP
                and t not in kind_words
                and t not in _CONDITION_HOLDS | _CONDITION_FAILS
                and not t.isdigit()
            ):
                owners_of[t].add(r["code"])
    lex.condition_words = {t: next(iter(c)) for t, c in owners_of.items() if len(c) == 1}
    lex.targets = {e.target for es in lex.entries.values() for e in es}
    proj.cache[key] = lex
    return lex


_preparing = threading.Lock()


def prepare(store: Store) -> None:
    """Build what every question needs first: the projection, the names, the observed
    figures and the parser's lexicon (3-5 s cold on two cores), each cached until the
    store changes. A server calls this before a request's deadline starts, or in the
    background once it listens, so its first question is answered at a question's speed.
    Callers at once wait for one build rather than each making its own."""
    with _preparing:
        proj = projection(store)
        vocabulary(store)
        observations(store)
        _lexicon(store, proj)


@dataclass(frozen=True)
class Mention:
    """A phrase of the question matched to a variable or event."""

    target: str
    kind: str
    start: int
    end: int
    polarity: int
    implies: int
    text: str
    length: int
    valence: int = 1


@dataclass
class Parsed:
    intent: str
    mentions: list[list[Mention]]  # groups of candidate mentions, one group per phrase
    economies: list[str]
    period: str | None
    horizon: str | None
    tokens: list[str]
    economy_at: list[tuple[int, str]] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # named as economies, not currencies
    surface: list[str] = field(default_factory=list)  # the words as written, by position
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as written, read as)
    unknown: list[int] = field(default_factory=list)  # positions of words nobody knows
    proper: set[str] = field(default_factory=set)  # words of names read as names ("fed")
    # the positions of currency names, with the economy whose currency each is
    currency_owner: dict[int, str] = field(default_factory=dict)
    # positions inside a relative clause set off by commas (", which underpins trade,")
    relative: set[int] = field(default_factory=set)
    # conditions the question takes as given: (code, "holds" | "fails"), sorted
    assume: tuple[tuple[str, str], ...] = ()
    # positions of the breaks that end a question or an exclamation ("?", "!")
    ends: frozenset[int] = frozenset()
    # positions of the breaks that end any sentence (full stop, "?", "!")
    stops: frozenset[int] = frozenset()
    # positions inside brackets ("(asking because my take is getting roasted)"): an aside
    bracketed: frozenset[int] = frozenset()


@lru_cache(maxsize=8192)
def _ly_adverb(word: str) -> bool:
    """A word ending in -ly that the lemmatiser knows only as an adverb ("heavily",
    "increasingly")."""
    return word.endswith("ly") and set(getAllLemmas(word)) == {"ADV"}


# Subordinators that open a clause of their own: no name runs across one ("the US … gets
# bigger when the dollar": no "US dollar")
_CLAUSE_OPENERS = frozenset({"when", "whenever", "if", "because", "once", "unless", "although"})


def _match(
    tokens: list[str],
    entries: dict[str, list[_Entry]],
    max_gap: int = 2,
    named: frozenset[int] = frozenset(),
) -> list[tuple[int, int, _Entry]]:
    """Occurrences of each entry's tokens in order; stop words may sit between them, and
    up to ``max_gap`` other words unless the label itself names a movement ("strong
    dollar" must be contiguous: "strong rally against the dollar" is not it)."""
    out = []
    for i, t in enumerate(tokens):
        for e in entries.get(t, ()):
            limit = (
                0
                if e.tokens[0] in _ADJECTIVES
                # a number opens a compound ("30-year" yields, not "30% in one year"); a
                # year opens a name ("1997 Asia crisis")
                or (e.tokens[0].isdigit() and not re.fullmatch(r"(?:19|20)\d\d", e.tokens[0]))
                # a balance's earnings ("money from tourists"), not any money paid near
                # the product's name ("paying money to foreign companies for software")
                or (e.tokens[0] == "money" and _key_part(e.target, 2) in _TWO_SIDED_ITEMS)
                else max_gap
            )
            j, pos, gaps = 1, i + 1, 0
            while j < len(e.tokens) and pos < len(tokens):
                if tokens[pos] == BREAK:
                    break
                if tokens[pos] == e.tokens[j]:
                    j += 1
                elif (
                    tokens[pos] == "that"
                    and tokens[pos - 1] not in _STOP
                    # "buying that much food": a grade of the amount, no clause
                    and not (pos + 1 < len(tokens) and tokens[pos + 1] in _DEGREE)
                ):
                    break  # a clause of its own: "bonds dumped so hard that yields rose"
                elif (
                    tokens[pos] in _NEGATIONS
                    and j == len(e.tokens) - 1
                    and pos + 1 < len(tokens)
                    and tokens[pos + 1] == e.tokens[j]
                    and "VERB" in getAllLemmas(tokens[pos + 1])
                    and "NOUN" not in getAllLemmas(tokens[pos + 1])
                ):
                    pass  # "households not spending much": the name's verb, negated
                elif tokens[pos] in _NEGATIONS:
                    break  # "investors not buying bonds": the negation is the name's, not a gap
                elif (
                    tokens[pos] in ("and", "or")
                    and pos + 1 < len(tokens)
                    and _ly_adverb(tokens[pos + 1])
                ):
                    break  # "stops the low rates and actually hikes": a verb of its own
                elif (
                    tokens[pos] in ("and", "or")
                    and pos + 1 < len(tokens)
                    and tokens[pos + 1] != e.tokens[j]
                    and _dir_word(tokens[pos + 1]) is not None
                    and tokens[pos + 1] not in _DEGREE  # "paying more and more for software"
                ):
                    break  # "stopped its loose policy and raised interest rates": a
                    # clause of its own, not "policy … interest rates"
                elif tokens[pos] in {"but", "whereas", "while"} | _CLAUSE_OPENERS:
                    break  # a clause of its own: "tourism is booming but the services account"
                elif tokens[pos] in {"against", "versus", "vs", "despite", "amid"}:
                    break  # "the yen depreciated against the dollar": the yen's, not the
                    # dollar's depreciation
                elif (
                    tokens[pos] in _STOP
                    or _ly_adverb(tokens[pos])
                    or tokens[pos] in _DEGREE
                    or tokens[pos] in _PARTITIVES  # "buying tons of government bonds"
                    or pos in named
                ):
                    # stop words, -ly adverbs and degree words that only grade ("invest so
                    # heavily in bonds", "pay more and more for software"), sit inside a
                    # name without counting as a gap
                    if max_gap == 0:
                        break
                else:
                    gaps += 1
                    if gaps > limit:
                        break
                pos += 1
            if j == len(e.tokens):
                out.append((i, pos, e))
    return out


def _economies(
    raw: str, tokens: list[str], lex: _Lexicon, owners: dict[int, str] | None = None
) -> list[tuple[int, str, str]]:
    """(position, code, "economy" or "currency") of every economy the question names;
    ``owners`` receives the positions of each currency name with the economy whose
    currency it is; a shared name right after an economy's name is that economy's
    currency ("Aussie dollar")."""
    found: list[tuple[int, int, str, str]] = []
    for start, end, e in _match(tokens, lex.economies, max_gap=0):
        if (
            e.tokens == ("us",)
            and not re.search(r"\bU\.?S\.?\b|\bUS\b", raw)
            and not _lower_us(raw, tokens, end, lex)
            and (start == 0 or tokens[start - 1] != "the")
        ):
            continue  # "us" the pronoun; never after an article ("the us trade deficit")
        if (
            e.text.isupper()
            and len(e.text) <= 3
            and not re.search(rf"\b{e.text}\b", raw)
            and _english(tokens[start])
        ):
            # a code ("JP", "MY") counts only written as a code, not "my"; one that is no
            # English word counts however written ("jp", "jpn", "aud")
            continue
        if (
            end - start == 1
            and e.text[:1].isupper()
            and "VERB" in getAllLemmas(tokens[start])
            and raw != raw.lower()
            and (start == 0 or tokens[start - 1] != "the")
            and not re.search(rf"\b{re.escape(e.text[:1])}(?i:{re.escape(tokens[start][1:])})", raw)
        ):
            continue  # a nickname that is an English verb ("Yank") only as a name: capitalised,
            # after "the", or in a question written all in lower case; "investors yank their
            # money" names no one
        if e.text.lower().startswith("the ") and (start == 0 or tokens[start - 1] != "the"):
            continue  # "the States" is the U.S. only with its article ("the Gulf states")
        found.append((start, end, e.target, e.kind))
    out: list[tuple[int, str, str]] = []
    for start, end, code, kind in found:
        if any(s <= start and end <= z and z - s > end - start for s, z, _c, _k in found):
            continue  # "dollar" inside "Australian dollar"
        if (
            kind == "currency"
            and tuple(tokens[start:end]) in lex.shared_currency
            and any(z == start and k == "economy" for _s, z, _c, k in found)
        ):
            # "Aussie dollar": a name several currencies share after an economy's name is
            # that economy's currency, not the reserve currency's
            if owners is not None:
                owner = next(c for _s, z, c, k in found if z == start and k == "economy")
                owners.update({k: owner for k in range(start, end)})
            continue
        if kind == "currency" and end < len(tokens) and tokens[end] in _MONEY_IN:
            continue  # "dollar debt", "dollar-dependent economies": money, not the U.S.
        if owners is not None and kind == "currency":
            owners.update({k: code for k in range(start, end)})
        out.append((start, code, kind))
    return out


_COMPARISONS = set(_surface_words("comparisons"))


def _compared(surface: list[str]) -> set[int]:
    """Positions inside a comparison set off as a phrase of its own ("Germany, much like
    China, saves", "Like Japan, Korea ..."): from the comparison word, at most one word
    after a clause break, to the next break."""
    out: set[int] = set()
    for i, w in enumerate(surface):
        if w not in _COMPARISONS:
            continue
        if not (i == 0 or surface[i - 1] == BREAK or i == 1 or surface[i - 2] == BREAK):
            continue
        k = i
        while k < len(surface) and surface[k] != BREAK:
            out.add(k)
            k += 1
    return out


def _lower_us(raw: str, tokens: list[str], end: int, lex: _Lexicon) -> bool:
    """Is a lower-case "us" the United States? Only in a question written all in lower
    case, and right before a name's first word ("us trade deficit", "us yields"), where the
    pronoun would stand as an object ("tell us", "for us"). Never before a people's
    plural name ("with us aussies": we Australians)."""
    if end < len(tokens) and tokens[end] in lex.economies:
        plural = [w for w in re.findall(r"\bus\s+(\w+)", raw) if w != tokens[end]]
        if any(w.endswith("s") and lemma(w) == tokens[end] for w in plural):
            return False
    return (
        raw == raw.lower()
        and end < len(tokens)
        and (tokens[end] in lex.entries or tokens[end] in lex.economies)
    )


# "as they did after the 1979 revolution": a past episode compared with, not the period
# the question is about
_AS_DID = re.compile(
    r"\b(?:as|like)\s+(?:it|they|he|she|we|you)\s+(?:did|had|were|was)\b[^.,;?!|]*"
)


def _period(text: str) -> str | None:
    low = _AS_DID.sub(" ", _decades_in_figures(text.lower()))
    if m := _FY.search(low):
        return f"FY{m.group(1)}"
    if m := _DECADE_LIST.search(low):
        decades = sorted(int(d) for d in re.findall(r"(?:19|20)\d0", m.group(0)))
        return f"{decades[0]}-{decades[-1] + 9}"
    if m := _RANGE.search(low):
        end = int(m.group(3)) + (9 if m.group(4) else 0)
        return f"{m.group(1)}-{end}"
    if (m := _SHORT_RANGE.search(low)) and int(m.group(3)) > int(m.group(2)):
        return f"{m.group(1)}-{m.group(1)[:2]}{m.group(3)}"  # "2022-24": 2022-2024
    if m := _SINCE.search(low):
        return f"{m.group(1)}-{DOC_YEAR}"
    if m := _DECADE.search(low):
        return f"{m.group(1)}-{int(m.group(1)) + 9}"
    if m := _YEAR.search(low):
        return m.group(1)
    return None


def _intent(low: str) -> str | None:
    if _LOOPS.search(low):
        return "loops"
    if _WHY.search(low):
        return "why"
    if _WHATIF.search(low):
        return "whatif"
    if _PATHS.search(low):
        return "paths"
    return None


INTENTS = ("why", "whatif", "loops", "paths")
# A misspelt word is read as the nearest known word only at this similarity (0-100) and
# when no other word is within the margin; shorter words are never corrected.
SPELL_ACCEPT = 80.0
SPELL_MARGIN = 6.0
SPELL_MIN_LENGTH = 5
# a correction into a word that carries a sign (a direction, a better/worse word, a
# negation, a verb of restraint) turns the answer round when it is wrong, so it needs a
# closer match than one into a noun: "blokes" is no "block" (80), "defecit" is "deficit" (86)
SPELL_ACCEPT_SIGNED = 85.0


def _english(word: str) -> bool:
    """A word the lemmatiser's dictionary knows (or a number, a number word, a code, or an
    English word with "-ish": "sharpish", "biggish")."""
    return (
        not word.isalpha()
        or bool(getAllLemmas(word))
        or word.lower() in _MAGNITUDES
        or (len(word) > 6 and word.endswith("ish") and bool(getAllLemmas(word[:-3])))
    )


def _compound(word: str) -> bool:
    """Is the word two English words of three letters or more written as one (a closed
    compound the lemmatiser's dictionary lacks: "playbook", "gangbusters")?"""
    return word.isalpha() and any(
        bool(getAllLemmas(word[:k])) and bool(getAllLemmas(word[k:]))
        for k in range(3, len(word) - 2)
    )


def _signed(word: str) -> bool:
    """A word that by itself says which way something moves or how it fares."""
    return (
        word in _DIRECTION
        or word in _BETTER
        or word in _WORSE
        or word in _RESTRAINT
        or word in _NEGATIONS
    )


def _spell(
    tokens: list[str], surface: list[str], lex: _Lexicon
) -> tuple[list[str], list[tuple[str, str]], list[int]]:
    """Misspelt words read as the nearest word of the graph's names or of the lexicon
    (rapidfuzz), where one is clearly nearest; the positions of words neither English,
    nor a name, nor correctable are returned so that no answer rests on them."""
    vocabulary = lex.known | _LEXICON_WORDS
    out, corrections, unknown = list(tokens), [], []
    choices = sorted(vocabulary)
    for i, (t, word) in enumerate(zip(tokens, surface, strict=True)):
        if t == BREAK or t in vocabulary or t in lex.names or t in _STOP or _english(word):
            continue
        if word.lower() in _FUNCTION_WORDS or word in _NEGATIONS:
            continue  # "didnt": a negation written without its apostrophe
        if _compound(word.lower()):
            continue  # "playbook", "gangbusters": two English words written as one
        if len(word) < SPELL_MIN_LENGTH:
            unknown.append(i)
            continue
        # the word as written and its lemma ("marekts" → "marekt", nearer "market")
        hits = max(
            (process.extract(w, choices, scorer=fuzz.ratio, limit=3) for w in {word, t}),
            key=lambda h: h[0][1] if h else 0.0,
        )
        best = hits[0] if hits else None
        if (
            best
            and best[1] >= (SPELL_ACCEPT_SIGNED if _signed(best[0]) else SPELL_ACCEPT)
            and all(h[1] <= best[1] - SPELL_MARGIN for h in hits[1:])
        ):
            out[i] = best[0]
            corrections.append((word, best[0]))
        else:
            unknown.append(i)
    return out, corrections, unknown


def parse_question(store: Store, question: str, *, intent: str | None = None) -> Parsed:
    """Parse a question into intent, candidate mentions, economies, period and horizon.

    ``intent`` given (the endpoint it was sent to) is taken as it is; without it the
    intent is read from the wording.
    """
    if intent is not None and intent not in INTENTS:
        raise QueryError(f"intent {intent!r} not understood", fix="use " + ", ".join(INTENTS))
    if not question or not question.strip():
        raise QueryError("empty question", fix="ask e.g. 'why did Japan's trade deficit widen?'")
    proj = projection(store)
    lex = _lexicon(store, proj)
    low = question.lower().replace("’", "'")
    tokens, corrections, unknown = _spell(
        _question_tokens(question, lex.proper), _surface(question), lex
    )
    intent = intent or _intent(low) or "why"
    p_surface = _surface(question)
    # an economy's name inside a phrase is no gap ("paid less to American software firms")
    named = frozenset(
        pos for pos, _c, kind in _economies(question, tokens, lex) if kind == "economy"
    )
    matches = _match(tokens, lex.entries, named=named)
    # a product's bare name is its price where it opens a clause and a direction word
    # follows right after it, or after a linking verb ("oil up again", "if LNG soars",
    # "if LNG gets cheaper"); elsewhere ("the bill for
    # LNG and coal ballooned") "coal" names no quantity of its own
    matches += [
        (i, i + 1, e)
        for i, t in enumerate(tokens[:-1])
        if (
            _dir_word(tokens[i + 1]) is not None
            or (  # "LNG gets cheaper", "oil keeps rising"
                tokens[i + 1] in _LINKING
                and i + 2 < len(tokens)
                and _dir_word(tokens[i + 2]) is not None
            )
        )
        and (i == 0 or tokens[i - 1] in _SUBORDINATORS | _DETERMINERS | {BREAK})
        for e in lex.bare_prices.get(t, ())
    ]
    # "money" owned by an economy is its currency ("its money gets cheaper", "a country's
    # money"); unowned ("money is rushing in") it names no quantity of its own
    possessed = _possessives(question)
    matches += [
        (i, i + 1, e)
        for i, t in enumerate(tokens)
        if t == "money" and i > 0 and (p_surface[i - 1] == "its" or i - 1 in possessed)
        for e in lex.entries.get("currency", ())
        if e.tokens == ("currency",)
    ]
    # a product word before a trader noun names who trades, not what a balance is of:
    # "a deficit with farm exporters" is the balance with them, not a food balance
    matches = [
        (s, z, e)
        for s, z, e in matches
        if not (z < len(tokens) and tokens[z] in _TRADER_NOUNS and _iri_product(e.target))
    ]
    # a code label ("TRY", "JPY") counts written as a code, or where it is no English
    # word: "like we try in our plant" names no lira
    matches = [
        (s, z, e)
        for s, z, e in matches
        if not (
            z - s == 1
            and e.text.isupper()
            and len(e.text) <= 3
            and p_surface[s] != e.text
            and not re.search(rf"\b{re.escape(e.text)}\b", question)
            and _english(tokens[s])
        )
    ]
    # a one-word name that is a gerund names the process, not the noun its lemma shares:
    # "aging" is no "golden age", "greying" no "grey"
    matches = [
        (s, z, e)
        for s, z, e in matches
        if not (
            z - s == 1
            and len(e.tokens) == 1
            and e.text.lower().endswith("ing")
            and not p_surface[s].endswith(("ing", "in", "in'"))
            and "NOUN" in getAllLemmas(p_surface[s])  # "offshore" still is offshoring
        )
    ]
    # keep the longest phrases; a phrase inside a longer one is not a separate mention
    # longest label first; among equals the tightest match ("US Treasury yields … dollar"
    # is Treasury yields, not a "US … dollar" stretched over it)
    matches.sort(
        key=lambda m: (
            -(len(m[2].tokens)),
            m[1] - m[0],
            -m[2].implies,
            m[0],
            m[2].text,
            m[2].target,
        )
    )
    groups: list[list[Mention]] = []
    spans: list[tuple[int, int]] = []
    by_span: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for start, end, e in matches:
        if any(s <= start and end <= z and (z - s) > (end - start) for s, z in spans):
            continue
        if any(not (end <= s or start >= z) and (s, z) != (start, end) for s, z in spans):
            continue
        if (start, end) not in spans:
            spans.append((start, end))
        by_span[(start, end)].append(
            Mention(
                e.target,
                e.kind,
                start,
                end,
                e.polarity,
                e.implies,
                e.text,
                len(e.tokens),
                e.valence,
            )
        )
    for start, end in list(by_span):
        if (
            end - start == 1
            and end < len(tokens)
            and tokens[end] in _GENERIC_NOUNS | {"state", "producer"}
            and start > 0
            and tokens[start - 1] in lex.economies
        ):
            del by_span[(start, end)]  # "them Gulf oil states": economies named by what
            # they sell, no phrase of the question
    for span in sorted(by_span):
        start, end = span
        if (
            end - start == 1
            and tokens[start] in _STATE
            and _after_state_preposition(tokens, start)
            and any(
                (s, z) != span
                and not (z - s == 1 and tokens[s] in _STATE)
                and (
                    z <= start
                    or (BREAK not in tokens[end:s] and not set(tokens[end:s]) & _CLAUSE_OPENERS)
                )
                for s, z in by_span
            )
        ):
            # "stuck in deficit", "back to surplus", "in deficit on its services trade":
            # the state of another phrase said before it, or after it in its clause; with
            # none ("Japan swung into deficit"), the economy's balance itself
            continue
        if (
            end - start == 1
            and start > 0
            and (tokens[start - 1] in _MAGNITUDES or any(c.isdigit() for c in tokens[start - 1]))
            and any(m.target.endswith("/currencyValue/total/value") for m in by_span[span])
        ):
            continue  # "7 trillion yen", "~2.6tn yen": a unit of account, not the currency's
            # value (while "in 2015 exports fell" names exports)
        if (
            end - start == 1
            and end < len(tokens)
            and tokens[end] in _DENOMINATED
            and any(m.target.endswith("/currencyValue/total/value") for m in by_span[span])
        ):
            continue  # "its dollar earnings": money counted in dollars
        if (
            end - start == 1
            and tokens[start] in _QUANTITY_IN_LABEL
            and (any(z == start for _s, z in by_span) or _quantity_of_next(tokens, end, by_span))
        ):
            continue  # "consumption growth", "growth in consumption": the phrase's own rate
        if (
            end - start == 1
            and tokens[start] in _STATE
            and end < len(tokens)
            and tokens[end] in _GENERIC_NOUNS
        ):
            continue  # "surplus economies", "deficit countries": a kind of economy
        if (
            tokens[end - 1] in _PARTITIVES
            and tokens[end : end + 1] == ["of"]
            and end > 1
            and tokens[end - 2] in _DETERMINERS | _DEGREE | {"greater", "large", "small"}
        ):
            continue  # "the greater part of its reactors": how much of them, no parts
        if (
            end - start == 1
            and tokens[start] in _STATE
            and any(
                z == start and {_item_of(m.target) for m in ms} & _TWO_SIDED_ITEMS
                for (_a, z), ms in by_span.items()
            )
        ):
            continue  # "a services-trade deficit": the state of the balance it follows
        if (
            end - start == 1
            and tokens[start] in _STATE
            and _state_on(tokens, end, by_span, frozenset(lex.economies))
        ):
            continue  # "a deficit on its trade in services": the state of the balance after
        if end - start == 1 and tokens[start] in _STATE and _state_held(tokens, span, by_span):
            continue  # "the services account shows a deficit": the account's state
        if (
            end - start == 1
            and tokens[start] in _STATE
            and _state_of_earlier(tokens, span, by_span)
        ):
            continue  # "the services balance, which a deficit showed — … this deficit"
        groups.append(by_span[span])
    groups = _drop_asker(tokens, p_surface, groups)
    groups = _drop_owners(groups, _possessives(question))
    groups = _drop_holders(tokens, groups)
    groups = _drop_agents(tokens, groups)
    groups = _drop_general_flows(tokens, groups, lex.targets, frozenset(lex.economies))
    groups = _drop_sources(tokens, groups)
    groups = _drop_predicates(tokens, groups)
    groups = _drop_verb_senses(tokens, p_surface, groups)
    groups = _drop_condition_modifiers(tokens, groups, lex.condition_nouns)
    groups = _drop_coordinated_products(tokens, groups)
    groups = _drop_listed_again(tokens, groups)
    groups = _drop_noun_modifiers(tokens, groups)
    groups = _drop_evaluations(tokens, groups)
    groups = _head_nouns(tokens, groups)
    owners: dict[int, str] = {}
    ecos = _economies(question, tokens, lex, owners)
    compared = _compared(p_surface)
    if any(pos not in compared for pos, _c, _k in ecos):
        ecos = [e for e in ecos if e[0] not in compared]
    groups = _drop_market_owned(groups, [(pos, c) for pos, c, _k in ecos])
    horizon = "short" if _SHORT.search(low) else "long" if _LONG.search(low) else None
    surface = _surface(question)
    assumed = _assumed(tokens, surface, lex.condition_words)
    for _code, _status, (lo, hi) in assumed:
        if not any(lo <= m.start < hi for g in groups for m in g):
            # the clause states the condition ("if elasticities sum to less than one"):
            # its words of size or failing say nothing of how the shock moves
            tokens[lo:hi] = surface[lo:hi] = [_CONDITION_SLOT] * (hi - lo)
    return Parsed(
        intent,
        groups,
        [c for _, c, _k in ecos],
        _period(question),
        horizon,
        tokens,
        [(pos, c) for pos, c, _k in ecos],
        [c for _, c, k in ecos if k == "economy"],
        surface,
        corrections,
        unknown,
        lex.proper,
        owners,
        _relative(tokens, surface),
        tuple(sorted((c, s) for c, s, _span in assumed)),
        _sentence_ends(question),
        _sentence_ends(question, full_stops=True),
        _bracketed(question, len(surface)),
    )


_OPEN_MARK, _CLOSE_MARK = "qqbracketopen", "qqbracketclose"


_DASH = re.compile(r"\s[-–—]\s|—")


def _dash_pairs(question: str) -> str:
    """The question with each pair of dashes inside one sentence ("Japan's digital exports
    — software, cloud, apps — take off") written as round brackets: an aside."""
    out, last, opened = [], 0, None
    for m in _DASH.finditer(question):
        if opened is not None and not re.search(r"[.?!]", question[opened.end() : m.start()]):
            out += [question[last : opened.start()], " (", question[opened.end() : m.start()], ") "]
            last, opened = m.end(), None
        else:
            opened = m
    return "".join(out) + question[last:]


def _bracketed(question: str, n: int) -> frozenset[int]:
    """The positions of the question's words (as ``_surface`` reads them, ``n`` of them)
    that stand inside round or square brackets. The brackets are read once more as marker
    words beside their breaks; a reading whose other words differ in number gives none."""
    marked = _dash_pairs(question)
    if "(" not in marked and "[" not in marked:
        return frozenset()
    marked = re.sub(r"[(\[]", f" ( {_OPEN_MARK} ", marked)
    marked = re.sub(r"[)\]]", f" {_CLOSE_MARK} ) ", marked)
    depth, k, out = 0, 0, set()
    for w in _surface(marked):
        if w == _OPEN_MARK:
            depth += 1
        elif w == _CLOSE_MARK:
            depth = max(0, depth - 1)
        else:
            if depth and w != BREAK:
                out.add(k)
            k += 1
    return frozenset(out) if k == n else frozenset()


def _quantity_of_next(
    tokens: list[str], end: int, spans: dict[tuple[int, int], list[Mention]]
) -> bool:
    """Does the word before ``end`` name the rate of a phrase named right after it, through
    "in" or "of" ("growth in Japanese private consumption", "the growth of exports"): a
    phrase starting within three words of the preposition, no break between."""
    if end >= len(tokens) or tokens[end] not in {"in", "of"}:
        return False
    return any(end < s <= end + 3 and BREAK not in tokens[end:s] for s, _z in spans)


def _state_on(
    tokens: list[str],
    end: int,
    spans: dict[tuple[int, int], list[Mention]],
    economies: frozenset[str] = frozenset(),
) -> bool:
    """Does a balance's phrase follow the state word ending at ``end`` after "on" or "in"
    ("a deficit on its trade in services", "a surplus in its goods trade", "the deficit
    in Japan's digital services trade")?"""
    if end >= len(tokens) or tokens[end] not in ("on", "in"):
        return False
    k = end + 1
    while k < len(tokens) and tokens[k] in _DETERMINERS | {"its", "their", "our"} | economies:
        k += 1
    return any(
        a == k and {_item_of(m.target) for m in ms} & _TWO_SIDED_ITEMS
        for (a, _z), ms in spans.items()
    )


# verbs of a balance moving into a state ("swung into deficit", "moved into a surplus")
_MOVING_INTO = frozenset(
    {
        "move",
        "swing",
        "slip",
        "fall",
        "sink",
        "tip",
        "slide",
        "go",
        "flip",
        "plunge",
        "turn",
        "tumble",
    }
)


def _after_state_preposition(tokens: list[str], start: int) -> bool:
    """Does a state preposition come before the state word at ``start``, across its
    determiner and size words ("in deficit", "in the hole", "in such a deep hole")?"""
    k = start - 1
    while k > 0 and tokens[k] in _DETERMINERS | _STATE_SIZES:
        k -= 1
    return k >= 0 and tokens[k] in _STATE_PREPOSITIONS


_STATE_SIZES = frozenset({"such", "deep", "deeper", "big", "bigger", "huge", "large", "massive"})


def _state_held(
    tokens: list[str], span: tuple[int, int], spans: dict[tuple[int, int], list[Mention]]
) -> bool:
    """Is the bare state word at ``span`` the object of a holding verb whose subject is a
    phrase named just before it ("the services account of Japan still shows a deficit",
    "the travel balance ran a surplus")?"""
    start = span[0]
    k = start - 1
    while k >= 0 and (
        tokens[k] in _DETERMINERS | {"large", "big", "small", "huge", "such", "substantial"}
        or any(c.isdigit() for c in tokens[k])  # "printed a ¥2.6tn deficit"
    ):
        k -= 1
    if k > 0 and tokens[k] == "into":
        k -= 1
        if k > 0 and tokens[k] == "back":
            k -= 1  # "swung back into surplus"
        if tokens[k] not in _MOVING_INTO:
            return False
        # "the travel account moved into a surplus": the account's state
    elif k < 0 or tokens[k] not in _HOLDING_VERBS | {"be", "remain", "stay"}:
        return False  # "still dey (is) deficit": a state after a linking verb too
    return any(
        (s, z) != span
        and z <= k
        and len([t for t in tokens[z:k] if not _dating(t)]) <= 4
        and BREAK not in tokens[z:k]
        for s, z in spans
    )


# words of a time phrase or a time adverb between a subject and its verb ("the services
# account in the fiscal year 2024 still shows a deficit"): they date the clause
_DATING_WORDS = frozenset(
    {"in", "during", "over", "since", "the", "fiscal", "fy", "still", "also", "now", "again"}
    | {"always", "consistently", "persistently", "already", "yet", "once", "recently"}
)


def _dating(t: str) -> bool:
    return t in _DATING_WORDS or t in _TIME_NOUNS or t[:1].isdigit() or t.startswith("fy")


_DEMONSTRATIVES = {"this", "these", "such"}
# prepositions after which "that" points back ("behind that deficit"), not opens a clause
_POINTING = frozenset(
    {"of", "behind", "for", "about", "to", "explain"}
)  # not "that": "why is it that deficits persist"


_UNITS_OF_ACCOUNT = frozenset({"yen", "dollar", "euro"})


def _appositive_state(p: Parsed, m: Mention, i: int) -> bool:
    """Is the state word at ``i`` the head of an appositive restating the phrase's
    sentence, right after its one break ("why is Japan's digital services line such a
    drag - a ¥7 trillion deficit in FY2024?"): "a" or "an", then only amounts and size
    words before the state?"""
    if i <= m.end or p.tokens[m.end : i].count(BREAK) != 1:
        return False
    b = m.end + p.tokens[m.end : i].index(BREAK)
    if any(m.end <= k < i for k in p.stops):
        return False
    return _appositive(p.tokens[b + 1 : i])


def _appositive(words: list[str]) -> bool:
    """Do the words before a state word open an appositive of amounts ("a ¥7 trillion",
    "a huge")?"""
    return (
        bool(words)
        and words[0] in ("a", "an")
        and all(
            w in _MAGNITUDES
            or w in _UNITS_OF_ACCOUNT
            or w in _DEGREE
            or any(c.isdigit() for c in w)
            for w in words[1:]
        )
    )


def _bare_state_filler(t: str) -> bool:
    """A word that may stand between a balance's name and a bare state word asked about
    it: a date, a question word, a determiner, "still", a linking or holding verb."""
    return (
        _dating(t)
        or t in _QUESTION_WORDS
        or t in _DETERMINERS
        or t in {"so", "such", "be", "run", "have", "show"}
    )


def _state_of_earlier(
    tokens: list[str], span: tuple[int, int], spans: dict[tuple[int, int], list[Mention]]
) -> bool:
    """Is the bare state word at ``span`` the state of a phrase named before it, not a
    phrase of its own: inside a relative clause or parenthetical after that phrase ("the
    services balance, which still a deficit showed"), or pointed back at by a
    demonstrative ("… this persistent deficit")?"""
    start = span[0]
    earlier = [(s, z) for s, z in spans if z <= start and not (z - s == 1 and tokens[s] in _STATE)]
    if not earlier:
        return False
    if _DEMONSTRATIVES & set(tokens[max(0, start - 2) : start]):
        return True
    # "JPN services account FY2024: why still a deficit?": a bare state in a question of
    # its own right after a balance's name, nothing but a break and question words between
    for s_, z in earlier:
        between = tokens[z:start]
        if (
            between.count(BREAK) == 1
            and all(t == BREAK or _bare_state_filler(t) for t in between)
            and {_item_of(m.target) for m in spans[(s_, z)]} & _TWO_SIDED_ITEMS
        ):
            return True
        if (
            between.count(BREAK) == 1
            and _appositive(between[between.index(BREAK) + 1 :])
            and {_item_of(m.target) for m in spans[(s_, z)]} & _TWO_SIDED_ITEMS
        ):
            return True  # "Japan's travel balance so strong - a 3 trillion yen surplus"
    for k in (start - 1, start - 2):
        if k >= 1 and tokens[k] == "that" and tokens[k - 1] in _POINTING:
            return True  # "the main driver of that (persistent) shortfall"
    relative = _relative(tokens, tokens)
    return start in relative and any(
        z < start and all(k in relative or tokens[k] == BREAK for k in range(z, start))
        for _s, z in earlier
    )


def _sentence_ends(question: str, *, full_stops: bool = False) -> frozenset[int]:
    """Positions of the breaks a question mark or an exclamation mark makes (and, with
    ``full_stops``, the break a full stop that ends a sentence makes)."""
    out, n = set(), 0
    if full_stops:
        question = _FULL_STOP.sub(".\x00", question)
    pattern = r"(?<=[?!])|(?<=\.)\x00" if full_stops else r"(?<=[?!])"
    for piece in re.split(pattern, question)[:-1]:
        n += len(_surface(piece))
        if piece.endswith("?") or piece.endswith("!"):
            out.add(n - 1)
        else:  # a full stop: its break follows the sentence's last word
            out.add(n)
            n += 1
    return frozenset(out)


# what stands for each word of a clause that only states a condition, once it is read
_CONDITION_SLOT = "…"


def _assumed(
    tokens: list[str], surface: list[str], words: dict[str, str]
) -> list[tuple[str, str, tuple[int, int]]]:
    """Conditions the question takes as given, with whether each holds: a word only one
    condition's names hold ("Marshall-Lerner", "elasticities") or its negative form
    ("inelastic"), read with the words of its clause. A word of failing ("fails", "below
    one", "inelastic") or a negation makes it fail; a word of holding ("holds", "exceed",
    "assuming") makes it hold; a name with neither (a clause that only names it) holds."""
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    for i, t in enumerate(tokens):
        code = words.get(t)
        negative = False
        if code is None:
            for prefix in ("in", "un", "non"):
                if t.startswith(prefix) and words.get(t[len(prefix) :]):
                    code, negative = words[t[len(prefix) :]], True
        if code is None or code in found:
            continue
        lo = i
        while lo > 0 and tokens[lo - 1] != BREAK and tokens[lo - 1] not in _CONJUNCTIONS:
            lo -= 1
        hi = i + 1
        while hi < len(tokens) and tokens[hi] != BREAK and tokens[hi] not in _CONJUNCTIONS:
            hi += 1
        clause = set(tokens[lo:hi])
        said = set(surface[lo:hi])
        if "whether" in said:
            continue  # "depends on whether it holds": asked, not taken as given
        fails = negative or clause & _CONDITION_FAILS or said & _NEGATIONS
        found[code] = ("fails" if fails else "holds", (lo, hi))
    return [(code, status, span) for code, (status, span) in sorted(found.items())]


_RELATIVES = {"which", "who", "whose"}


_PARENTHETICAL = set(_surface_words("parenthetical_openers"))
_PARTICIPLES = set(_surface_words("participle_openers"))


def _relative(tokens: list[str], surface: list[str] | None = None) -> set[int]:
    """Positions of a relative clause set off by a clause break (", which underpins its
    trade,"), of a parenthetical set off by commas inside a clause (", in the wake of the
    U.S. tightening,", ", given its surpluses,") or of a participle clause (", having been
    stable for years,"): it describes the phrase before it and is never the question's
    focus."""
    out: set[int] = set()
    for i, t in enumerate(tokens):
        if i == 0 or tokens[i - 1] != BREAK:
            continue
        end = next((k for k in range(i + 1, len(tokens)) if tokens[k] == BREAK), len(tokens))
        if t in _RELATIVES or (
            surface is not None
            and (
                _parenthetical(tokens, surface, i, end)
                or (surface[i] in _PARTICIPLES and end < len(tokens) - 1)
            )
        ):
            out |= set(range(i, end))
    return out


def _parenthetical(tokens: list[str], surface: list[str], i: int, end: int) -> bool:
    """Is the stretch ``i``..``end`` between two commas a parenthetical inside a clause:
    opened by a preposition (maybe after an adverb), with a phrase of the clause before it
    and the clause going on after it (not a new question or clause)?"""
    k = i + 1 if _adverb(surface[i]) and i + 1 < end else i
    if surface[k] not in _PARENTHETICAL or end + 1 >= len(tokens):
        return False
    if i < 2 or tokens[i - 2] == BREAK:
        return False  # nothing before it in its clause
    nxt = tokens[end + 1]
    return nxt not in _QUESTION_WORDS | _SUBORDINATORS | _PRONOUNS | _CONJUNCTIONS | {BREAK}


def _possessives(question: str) -> set[int]:
    """Positions of the words written with a possessive "'s" ("the dollar's")."""
    marked = _surface(re.sub(r"['’]s\b", "qqposs", question, flags=re.IGNORECASE))
    return {i for i, t in enumerate(marked) if t.endswith("qqposs")}


def _drop_owners(groups: list[list[Mention]], possessive: set[int]) -> list[list[Mention]]:
    """In "A's B" with B a phrase of its own, B is what is named and A its owner ("the
    dollar's reserve-currency status" is the reserve status; the dollar only says whose):
    A is no phrase of its own. Its economy is still read from its name."""
    return [
        g
        for k, g in enumerate(groups)
        if not (
            g[0].end - 1 in possessive
            and k + 1 < len(groups)
            and groups[k + 1][0].start == g[0].end
        )
    ]


_AGENT_NOUNS = tuple(_words("agent_nouns"))
_TRADER_NOUNS = frozenset(_words("trader_nouns"))
_FLOW_INSTRUMENTS = {k: frozenset(str(v).split()) for k, v in _LEX["flow_instruments"].items()}
_FOREIGN_FLOW = frozenset(_words("foreign_flow_words"))
# phrasal verbs whose direction is their subject's ("money floods into", "pulls out of")
_PHRASAL_INTRANSITIVE = {(e[0], e[1]) for e in _LEX["phrasal"] if len(e) < 4 or "t" not in e[3]}


def _iri_product(target: str) -> bool:
    """Is the variable of this IRI one product's (not all products')?"""
    parts = target.rsplit("/var/", 1)[-1].split("/")
    return len(parts) > 3 and parts[3] != "total"


def _drop_asker(
    tokens: list[str], surface: list[str], groups: list[list[Mention]]
) -> list[list[Mention]]:
    """ "As a German machine-tool exporter, I ask …": who the asker is names no quantity
    of the question (an "as" opening a sentence, then "I" or "we" within a few words)."""
    spans = []
    for k, t in enumerate(tokens):
        if t != "as" or (k and tokens[k - 1] != BREAK):
            continue
        end = next(
            (j for j in range(k + 1, min(k + 9, len(surface))) if surface[j] in {"i", "we"}),
            None,
        )
        if end is not None:
            spans.append((k, end))
    return [g for g in groups if not any(a <= g[0].start < b for a, b in spans)]


def _drop_holders(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """In "A as (the) B" with B a phrase of its own, B is the standing A holds and what is
    named ("the dollar as the main global money", "the yen as a safe haven"): A only
    names whose it is (its economy is read from the words)."""
    by_start = {g[0].start: g for g in groups}
    drop = set()
    for k, g in enumerate(groups):
        end = g[0].end
        if end >= len(tokens) or tokens[end] != "as":
            continue
        # up to two words between ("as the main global money")
        after = [j for j in range(end + 1, min(end + 4, len(tokens))) if j in by_start]
        if not after:
            continue
        b = by_start[after[0]]
        # "its dominance as the reserve currency": one quantity named twice is no holder
        if {_item_of(m.target) for m in g} & {_item_of(m.target) for m in b}:
            continue
        drop.add(k)
    return [g for k, g in enumerate(groups) if k not in drop]


def _item_of(target: str) -> str:
    """The item code of a variable IRI (.../var/ECO/CP/item/product/measure)."""
    parts = target.split("/")
    return parts[-3] if "/var/" in target and len(parts) >= 3 else target


def _drop_agents(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A phrase naming firms ("carmakers", "chip producers") right before a phrase that
    names an action ("shift production overseas", "move their factories"), in the same
    clause, is that action's agent, not a quantity that moves ("if more carmakers shift
    production overseas" is offshoring, not more car exports)."""
    out: list[list[Mention]] = []
    for k, g in enumerate(groups):
        later = [
            h
            for h in groups[k + 1 :]
            if h[0].start - g[0].end <= 6 and BREAK not in tokens[g[0].end : h[0].start]
        ]
        if tokens[g[0].end - 1].endswith(_AGENT_NOUNS) and any(h[0].implies for h in later):
            continue
        out.append(g)
    return out


def _drop_general_flows(
    tokens: list[str],
    groups: list[list[Mention]],
    targets: set[str],
    economy_words: frozenset[str] = frozenset(),
) -> list[list[Mention]]:
    """A flow named in general ("foreign money", "investors") and then, in the same clause,
    by the instrument it goes into ("floods into government bonds", "pull out of the bonds")
    is that instrument's flow: one phrase, standing where the flow is named, so that the
    verb of the flow ("floods into", "pulls out of") is its direction. Foreign money going
    into bonds is the foreign demand for the issuer's bonds, not one economy's purchases
    of another's."""
    out: list[list[Mention]] = []
    absorbed: set[int] = set()
    # "bonds faced a sell-off from foreign investors", "a sell-off among foreigners": the
    # sellers named after the sell-off are the foreigners, whose demand for the bonds falls
    # (the sell-off's own word says so); they name no flow of their own
    for k, h in enumerate(groups[:-1]):
        g = groups[k + 1]
        between = tokens[h[0].end : g[0].start]
        if (
            {_item_of(m.target) for m in h} == {"foreignBondDemand"}
            and "selloff" in between
            and set(between) & {"by", "among", "from"}
            and len(between) <= 5
            and {_item_of(m.target) for m in g} <= {*_FLOW_INSTRUMENTS, "foreignBondDemand"}
            and {lemma(w) for w in g[0].text.lower().split()} & _FOREIGN_FLOW
        ):
            groups = [*groups[: k + 1], [], *groups[k + 2 :]]
    groups = [g for g in groups if g]
    # the passive: "the buying of U.S. Treasury bonds by foreign investors" is the
    # foreigners' flow into those bonds, named the other way round
    for k, h in enumerate(groups[:-1]):
        g = groups[k + 1]
        if (
            {_item_of(m.target) for m in h} == {"bondPurchases"}
            and "by" in tokens[h[0].end : g[0].start]
            and g[0].start - h[0].end <= 2
            and {_item_of(m.target) for m in g} <= set(_FLOW_INSTRUMENTS)
            and {lemma(w) for w in g[0].text.lower().split()} & _FOREIGN_FLOW
        ):
            groups = [*groups[:k], g, h, *groups[k + 2 :]]
            groups[k] = [replace(m, start=h[0].start - 1, end=h[0].start) for m in g]
    for k, g in enumerate(groups):
        if k in absorbed:
            continue
        items = {_item_of(m.target) for m in g}
        narrower = set().union(*(_FLOW_INSTRUMENTS.get(i, frozenset()) for i in items))
        dumped = _dumped_earlier(tokens, groups, k)
        if narrower and dumped is not None:
            # "Argentina bonds — nobody wants them. Why foreigners dump?": sellers with no
            # object of their own sell the bonds named before; their demand for them falls
            out.append(
                [
                    replace(
                        m, start=g[0].start, end=g[0].end, text=g[0].text, polarity=1, implies=0
                    )
                    for m in dumped
                ]
            )
            continue
        later = [
            (j, h)
            for j, h in enumerate(groups[k + 1 :], k + 1)
            if _words_apart(tokens, g[0].end, h[0].start) <= 6
            and BREAK not in tokens[g[0].end : h[0].start]
        ]
        named = {_item_of(m.target) for m in later[0][1]} if later else set()
        foreign = {lemma(w) for w in g[0].text.lower().split()} & _FOREIGN_FLOW
        selling = (
            # "foreign investors sell US bonds" (a name of the yields' sell-off, of
            # holders selling Treasuries, or both)
            bool(named & {"bondYield", "bondPurchases"})
            and named <= {"bondYield", "bondPurchases", "foreignBondDemand"}
            and "foreignBondDemand" in narrower
            and all("sell" in m.text.lower() for m in later[0][1])
        )
        if not (
            narrower
            and (named & narrower or (selling and foreign))
            and all(m.polarity > 0 and not m.implies for m in g)
        ):
            out.append(g)
            continue
        j, h = later[0]
        absorbed.add(j)
        instrument = h
        owned = g[0].start > 0 and tokens[g[0].start - 1] in economy_words
        if owned:
            foreign = set()  # "Japanese investors": that economy's, not foreigners'
        if named == {"foreignBondDemand"} and "bondPurchases" in narrower and owned:
            # "German investors buying up deficit countries' debt": an economy's own
            # investors buying others' bonds are its purchases of them
            purchases = sorted(x for x in targets if "/bondPurchases/" in x)
            out.append([replace(h[0], target=x, polarity=1, implies=0) for x in purchases] or h)
            continue
        verbs = {lemma(w) for w in tokens[g[0].end : h[0].start]}
        if (
            named & {"foreignBondDemand", "bondPurchases"}
            and (
                verbs & {"sell", "unload", "seller"}
                # "disposing of the bonds" (not "disposed to acquire" them)
                or ("dispose", "of") in pairwise(tokens[g[0].end : h[0].start])
            )
        ):
            selling = True  # "foreign investors are selling the Turkish government bonds"
        if selling:
            # "foreign investors sell US bonds": their demand for the bonds falls (the
            # yields' rise is its effect, not the shock)
            demand = [
                replace(
                    m,
                    target=m.target.replace(f"/{_item_of(m.target)}/", "/foreignBondDemand/"),
                    polarity=-1,
                    implies=1,
                )
                for m in g
            ]
            kept = [m for m in demand if m.target in targets]
            out.append(
                [replace(m, start=h[0].start, end=h[0].end, text=h[0].text) for m in kept] or h
            )
            continue
        if (
            named == {"foreignBondDemand"}
            and verbs & _BUYING_BONDS
            and all(m.polarity > 0 and not m.implies for m in h)
        ):
            # "foreigners start buying loads of some country's sovereign bonds": the
            # buying is the demand's rise
            verb = next(k for k in range(g[0].end, h[0].start) if lemma(tokens[k]) in _BUYING_BONDS)
            instrument = [replace(m, start=verb, implies=1) for m in h]
            h = [replace(m, start=verb) for m in h]  # "cease purchasing its debt": ends
        if named == {"bondPurchases"} and "foreignBondDemand" in narrower and foreign:
            # the purchases' own words say which way ("sell Treasuries": fewer)
            demand = [
                replace(
                    m,
                    target=m.target.replace(f"/{_item_of(m.target)}/", "/foreignBondDemand/"),
                    polarity=h[0].polarity,
                    implies=h[0].implies,
                )
                for m in g
            ]
            instrument = [m for m in demand if m.target in targets] or h
        between = tokens[g[0].end : h[0].start + 1]
        if any(pair in _PHRASAL_INTRANSITIVE for pair in pairwise(between)):
            # "foreign money floods into bonds": the verb's direction is its subject's
            instrument = [
                replace(m, start=g[0].start, end=g[0].end, text=g[0].text) for m in instrument
            ]
        elif instrument is not h:
            instrument = [
                replace(m, start=h[0].start, end=h[0].end, text=h[0].text) for m in instrument
            ]
        out.append(instrument)
    return sorted(out, key=lambda grp: grp[0].start)


_DUMPING = frozenset({"sell", "dump", "unload", "offload"})
_BUYING_BONDS = frozenset(
    {"buy", "purchase", "scoop", "snap", "hoover", "gobble", "grab", "accumulate"}
)


def _dumped_earlier(tokens: list[str], groups: list[list[Mention]], k: int) -> list[Mention] | None:
    """The foreign demand for bonds named in an earlier phrase, when the general flow
    ``k`` is followed only by a verb of selling with no object ("why foreigners dump?")."""
    g = groups[k]
    j = g[0].end
    if j >= len(tokens) or tokens[j] not in _DUMPING:
        return None
    if j + 1 < len(tokens) and tokens[j + 1] not in (BREAK, "it", "them"):
        return None
    if any(h[0].start > g[0].start for h in groups):
        return None
    earlier = [m for h in groups[:k] for m in h if _item_of(m.target) == "foreignBondDemand"]
    return earlier or None


def _head_nouns(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A noun standing alone that heads a name said before ("the trade gap shrinks. instead
    the gap widened", "the import bill … the bill") refers back to that name: it is a
    phrase of its own with the name's variables."""
    inside = {k for g in groups for k in range(g[0].start, g[0].end)}
    added: list[list[Mention]] = []
    for i, t in enumerate(tokens):
        if i in inside or t in _STOP or t in _FUNCTION_WORDS or t == BREAK:
            continue
        if "NOUN" not in getAllLemmas(t):
            continue
        earlier = [
            g
            for g in groups
            if g[0].end <= i and g[0].end - g[0].start > 1 and tokens[g[0].end - 1] == t
        ]
        if earlier:
            added.append([replace(m, start=i, end=i + 1) for m in earlier[-1]])
    return sorted(groups + added, key=lambda g: g[0].start) if added else groups


def _drop_evaluations(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A one-word name that ends an evaluative phrase ("exports faced difficulties",
    "growth came under stress") after another phrase of its clause says how that phrase
    fared: it is no phrase of its own."""
    out: list[list[Mention]] = []
    for g in groups:
        m = g[0]
        firsts = _WORSE_PHRASES.get(tokens[m.start], set())
        j = next(
            (
                j
                for j in range(max(0, m.start - 4), m.start)
                if tokens[j] in firsts and BREAK not in tokens[j : m.start]
            ),
            None,
        )
        if (
            m.end - m.start == 1
            and j is not None
            and any(
                h is not g and h[0].end <= j and BREAK not in tokens[h[0].end : j] for h in groups
            )
        ):
            continue
        out.append(g)
    return out


def _noun_only(word: str) -> bool:
    """Does the lemmatiser know ``word`` only as a noun ("negotiator", "policy")?"""
    return set(getAllLemmas(word)) == {"NOUN"}


def _drop_noun_modifiers(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A one-word name right before a word English knows only as a noun modifies that noun
    ("no trade negotiator seems to lose sleep", "trade policy"): it names no quantity of
    its own, where another phrase of the question names the same variables."""
    starts = {g[0].start for g in groups}
    out: list[list[Mention]] = []
    for g in groups:
        m = g[0]
        nxt = m.end
        if (
            m.end - m.start == 1
            and _dir_word(tokens[m.start]) is None  # "growth" would turn into a free rise
            and nxt < len(tokens)
            and nxt not in starts
            and tokens[nxt] not in _STOP
            and tokens[nxt] not in _LEXICON_WORDS
            and _dir_word(tokens[nxt]) is None
            and _noun_only(tokens[nxt])
            and any(h is not g and {x.target for x in h} & {x.target for x in g} for h in groups)
        ):
            continue
        out.append(g)
    return out


_ASPECTUAL = set(_words("aspectual"))


def _verb_position(tokens: list[str], i: int) -> bool:
    """Does token ``i`` stand where a verb goes: after "to", or after a verb of a movement
    going on ("keeps shrinking", "kept on ageing")?"""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if prev == "on" and i > 1:
        prev = tokens[i - 2]
    return prev == "to" or prev in _ASPECTUAL


def _drop_predicates(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A one-word name of a movement used as a verb ("its population continued to age and
    shrink", "keeps on ageing") after a phrase of the same item in its clause is that phrase's verb,
    not a phrase of its own: the words joined to it ("and shrink") are the subject's."""
    out: list[list[Mention]] = []
    for k, g in enumerate(groups):
        m = g[0]
        if (
            m.end - m.start == 1
            and m.implies
            and _verb_position(tokens, m.start)
            and any(
                h[0].end <= m.start
                and BREAK not in tokens[h[0].end : m.start]
                and {_item_of(x.target) for x in h} & {_item_of(x.target) for x in g}
                for h in groups[:k]
            )
        ):
            continue
        out.append(g)
    return out


def _drop_verb_senses(
    tokens: list[str], surface: list[str], groups: list[list[Mention]]
) -> list[list[Mention]]:
    """A one-word name that English also uses as a verb, right after another phrase and
    right before a word of direction ("some sovereign's yields pop higher", "exports pop
    off"), is that phrase's verb, not a phrase of its own ("pop" as population)."""
    ends = {g[0].end for g in groups if g}
    out: list[list[Mention]] = []
    for g in groups:
        m = g[0]
        if (
            m.end - m.start == 1
            and m.start in ends
            and m.end < len(tokens)
            and (_dir_word(tokens[m.end]) is not None or tokens[m.end] in _PARTICLES)
            and "VERB" in getAllLemmas(surface[m.start])
        ):
            continue
        out.append(g)
    return out


def _drop_condition_modifiers(
    tokens: list[str], groups: list[list[Mention]], nouns: set[str]
) -> list[list[Mention]]:
    """Phrases that qualify a noun only a condition's names hold ("export and import
    elasticities sum to more than 1") name that condition, not a quantity that moves."""
    dropped: set[int] = set()
    for k in range(len(groups) - 1, -1, -1):
        start, end = groups[k][0].start, groups[k][0].end
        if end < len(tokens) and tokens[end] in nouns:
            dropped.add(k)
        elif start >= 2 and tokens[start - 1] == "of" and tokens[start - 2] in nouns:
            dropped.add(k)  # "the elasticities of exports"
        elif (
            k + 1 in dropped
            and end < len(tokens)
            and tokens[end] in ("and", "or")
            and groups[k + 1][0].start == end + 1
        ):
            dropped.add(k)  # "export and import elasticities": both qualify the noun
    return [g for k, g in enumerate(groups) if k not in dropped]


def _key_part(target: str, k: int) -> str:
    parts = target.rsplit("/var/", 1)[-1].split("/")
    return parts[k] if len(parts) > k else ""


def _drop_market_owned(
    groups: list[list[Mention]], economy_at: list[tuple[int, str]]
) -> list[list[Mention]]:
    """A name of one economy's flow into another's market ("farmers": foreign farmers'
    access to Japan) with that market's economy right before it and the flow's own economy
    named nowhere ("Japan farmer grow more") names the market's own people: no phrase."""
    at = dict(economy_at)
    named = set(at.values())
    out = []
    for group in groups:
        before = at.get(group[0].start - 1)
        # "foreign money": the rest of the world is every flow's counterpart, no market
        if before not in (None, "WLD") and all(
            _key_part(m.target, 1) == before
            and _key_part(m.target, 0) not in named
            and _key_part(m.target, 0) != before
            for m in group
        ):
            continue
        out.append(group)
    return out


def _drop_coordinated_products(
    tokens: list[str], groups: list[list[Mention]]
) -> list[list[Mention]]:
    """A bare name of a product joined by "and" / "or" to a phrase of the same product
    with its own item ("LNG and coal imports", "the oil and gas bill") qualifies that
    phrase's noun: it is no phrase of its own (alone, "LNG" names the world price)."""
    out: list[list[Mention]] = []
    for k, group in enumerate(groups):
        nxt = groups[k + 1] if k + 1 < len(groups) else None
        between = tokens[group[0].end : nxt[0].start] if nxt else []
        if (
            nxt is not None
            and between
            and len(between) <= 2
            and set(between) <= {"and", "or", "&", BREAK}
            and bool(set(between) & {"and", "or", "&"})
            and all(_key_part(m.target, 2) == "worldPrice" for m in group)
            and {_key_part(m.target, 3) for m in group} & {_key_part(m.target, 3) for m in nxt}
            and not any(_key_part(m.target, 2) == "worldPrice" for m in nxt)
        ):
            continue
        out.append(group)
    return out


def _drop_listed_again(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A later item of a list that names the same quantity as the phrase the list begins
    ("Japan's deficit for software, platforms and IP services", "the price of rice, meat
    and grain on world markets"): one phrase running to the list's end, read as the first
    item's name says (a deficit), not a second phrase of its own."""
    out: list[list[Mention]] = []
    for group in groups:
        prev = out[-1] if out else None
        between = tokens[prev[0].end : group[0].start] if prev else []
        if (
            prev is not None
            and between
            and between[0] == BREAK
            and len(between) <= 4
            and {"and", "or"} & set(between)
            and {m.target for m in prev} & {m.target for m in group}
        ):
            out[-1] = [replace(m, end=group[0].end) for m in prev]
            continue
        out.append(group)
    return out


def _drop_sources(tokens: list[str], groups: list[list[Mention]]) -> list[list[Mention]]:
    """A phrase right before a name of a flow *into* something ("recycling its export
    earnings into foreign bonds", "Berlin's surplus recycling into bonds") is what flows,
    the source the destination's name already speaks of ("export earnings into
    Treasuries" is one name): the destination phrase names the quantity, the source is no
    phrase of its own."""
    out: list[list[Mention]] = []
    for k, group in enumerate(groups):
        nxt = groups[k + 1] if k + 1 < len(groups) else None
        if (
            nxt is not None
            and all(t in _STOP for t in tokens[group[0].end : nxt[0].start])
            and any("into" in _tokens(m.text) for m in nxt)
            and not any("into" in _tokens(m.text) for m in group)
        ):
            continue
        out.append(group)
    return out


# Phrasal verbs: the particle's sign depends on the verb before it.
_PHRASAL: dict[tuple[str, str], int] = {(e[0], e[1]): int(e[2]) for e in _LEX["phrasal"]}
_IDIOMS: dict[tuple[str, ...], int] = {tuple(e[:-1]): int(e[-1]) for e in _LEX["idioms"]}
_PHRASAL_TRANSITIVE = {(e[0], e[1]) for e in _LEX["phrasal"] if len(e) > 3 and "t" in e[3]}
# separable: the object may stand between the verb and its particle ("pull money out")
_SEPARABLE = {(e[0], e[1]) for e in _LEX["phrasal"] if len(e) > 3 and "s" in e[3]}
# an object of a direction word's preposition ("pull back from Treasuries", "the collapse
# of the lira") is what moves, as a transitive verb's object is
_OBJECT_PREPOSITIONS = {"of", "from"}


def _back_in_time(p: Parsed, i: int) -> bool:
    """Is "back" at ``i`` a time adverb ("back then", "back when", "back in the 80s",
    "back in 2011") rather than a verb's particle?"""
    if p.tokens[i] != "back" or i + 1 >= len(p.tokens):
        return False
    nxt = p.tokens[i + 1]
    if nxt in {"then", "when"}:
        return True
    return nxt in {"in", "during", "around"} and any(
        w[:1].isdigit() or w in _TIME_NOUNS or w in {"day", "days"} for w in p.tokens[i + 2 : i + 4]
    )


def _phrasal(p: Parsed, i: int) -> tuple[str, str] | None:
    """The phrasal verb whose particle is token ``i``: its verb right before it, or, a
    separable one, up to five words before that with no clause break or direction word
    between ("pull their money out", "switch their nuclear power stations back on")."""
    t = p.tokens[i]
    if _back_in_time(p, i):
        return None  # "rolling in surpluses back in the 80s": a time, no particle
    if i > 0 and (p.tokens[i - 1], t) in _PHRASAL:
        return p.tokens[i - 1], t
    if i > 1 and _ly_adverb(p.surface[i - 1]) and (p.tokens[i - 2], t) in _PHRASAL:
        return p.tokens[i - 2], t  # "investing massively in solar"
    for j in range(i - 2, max(-1, i - 8), -1):
        between = p.tokens[j + 1 : i]
        if BREAK in between or any(_dir_word(w) is not None for w in between):
            return None
        if (p.tokens[j], t) in _SEPARABLE:
            return p.tokens[j], t
    return None


# verbs whose particle "off" moves the phrase after it ("sell off Treasuries", "cut off
# exports")
_PHRASAL_VERBS_OF_OFF = frozenset(v for v, particle in _PHRASAL if particle == "off") | {
    "sell",
    "cut",
    "kill",
    "lay",
    "shut",
    "switch",
    "turn",
    "write",
}
# words after "like" that open a simile, a clause of its own ("like it's a limited drop")
_SIMILE_OPENERS = frozenset({"it", "its", "it's", "they", "they're", "theyre", "there"})
# swear words that grade the word after them ("so bleedin' strong", "freaking huge")
_SWEAR_INTENSIFIERS = frozenset(
    {"bleeding", "bleedin", "freaking", "freakin", "frigging", "friggin", "flipping", "effing"}
)


# verbs of effort before "to" and a word of rising: the rise hardly comes ("struggling to
# grow", "battling to grow")
_STRAINING = frozenset({"struggle", "battle", "fight", "strain", "labour", "labor", "scramble"})


def _strained(p: Parsed, i: int) -> bool:
    """Is the word at ``i`` a rise a verb of effort strains toward ("struggling to grow")?"""
    k = i - 1
    while k >= 0 and p.tokens[k] in {"even", "just", "really"}:
        k -= 1
    return k >= 1 and p.tokens[k] == "to" and p.tokens[k - 1] in _STRAINING


def _records_state(p: Parsed, i: int) -> bool:
    """Is "record" at ``i`` the verb of a state word after it ("still records a
    deficit", "recorded a large surplus"), past determiners and size words? Not after a
    determiner ("printed a record surplus": an adjective, a high)."""
    if i > 0 and p.tokens[i - 1] in _DETERMINERS:
        return False
    for k in range(i + 1, min(i + 5, len(p.tokens))):
        if p.tokens[k] == BREAK or _dir_word(p.tokens[k]) is not None:
            return False
        if p.tokens[k] in _STATE:
            return True  # "still records an overall deficit"
    return False


def _split_particle(p: Parsed, m: Mention, i: int) -> int | None:
    """The sign of a separable phrasal verb at ``i`` whose particle stands after its
    object, inside the phrase or right after it ("crack Japan's market open for farm
    goods", where the label itself holds "open"), or None."""
    if not i < m.start:
        return None
    for j in range(i + 1, min(m.end + 1, len(p.tokens), i + 9)):
        if p.tokens[j] == BREAK:
            return None
        if j >= m.start and (p.tokens[i], p.tokens[j]) in _SEPARABLE and not _back_in_time(p, j):
            return _PHRASAL[(p.tokens[i], p.tokens[j])] or None
    return None


_PARTICLES = {particle for _verb, particle in _PHRASAL}
_MAGNITUDES = set(_words("magnitudes"))
_DENOMINATED = set(_words("denominated"))
# ... and nouns and adjectives after a currency name that make it no economy's name: the
# debt or dependence is the borrowers', counted in that currency ("dollar debt",
# "dollar-dependent economies"); "dollar reserves" may still be the issuer's role
_MONEY_IN = (_DENOMINATED - {"reserve"}) | {
    "debt",
    "dependent",
    "denominated",
    "liability",
    "borrowing",
    "bond",
    "funding",
}
_STATE: dict[str, int] = {k: int(v) for k, v in _LEX["state"].items()}
# "in deficit", "into deficit", "back to surplus": a state word as the complement of these
# is the state of the phrase it belongs to, not a phrase of its own
_STATE_PREPOSITIONS = set(_words("state_prepositions"))


def _span_distance(i: int, start: int, end: int) -> int:
    return 0 if start <= i < end else (i - end + 1 if i >= end else start - i)


# Transitive direction verbs act on what follows them ("the BoJ abandons loose policy").
_TRANSITIVE = set(_words("transitive"))
# ... and these say a direction only of such an object ("reverse the rate hikes")
_OBJECT_ONLY: dict[str, int] = {str(k): int(v) for k, v in _LEX["object_only"].items()}


def _owned(p: Parsed, m: Mention, i: int) -> bool:
    """A direction word belongs to the mention nearest to it; a transitive verb to its
    object, the mention right after it; a word before a subordinate clause to its own
    clause, never to a phrase inside the subordinate one ("emerging markets get squeezed
    every time the Fed tightens": the squeeze is not the Fed's)."""
    phrases = [g[0] for g in p.mentions if g[0].kind != "event"]  # events take no direction
    if m.start < i < m.end - 1:
        return True  # a verb inside the name ("foreign investors reduce their holdings of
        # Treasuries"): its object is the name's own words
    if i > m.end and any(
        p.tokens[k] in _SUBORDINATORS and p.tokens[k + 1] in {"it", "they"} for k in range(m.end, i)
    ):
        return False  # "hit the trade balance first before it helps": the clause's verb is
        # its own subject's ("it"), not the phrase's before it
    if i < m.start and p.tokens[i + 1 : m.start] in (["and"], ["or"]):
        return False  # "continues to shrink and age": the verb before "and" is its own
        # subject's, not the next word's ("exports drop and imports rise")
    obj = _object_of(p, i)
    if obj is not None:
        return obj == m.start
    if _unnamed_object(p, i):
        return False
    if i < m.start and _opens_clause(p, i + 1, m.start):
        return False
    if (
        i < m.start
        and _finite_direction(p, i)
        and "ADJ" not in getAllLemmas(p.surface[i])
        and _own_verb_after(p, m.end)
    ):
        return False  # "when the yen dropped the deficit got worse": the deficit's verb
        # is its own; the verb before it is its subject's
    if (_in_parenthetical(p, i) and m.start not in p.relative) or (
        i in p.bracketed and m.start not in p.bracketed
    ):
        return False  # "the Fed its rate, despite the slowing economy, raises": the
        # parenthetical's words are its own, as are an aside's in brackets or dashes
        # ("renewables (… wind farms off Hokkaido …)": no fall of the renewables)
    if (
        i > m.end
        and m.start > 0
        and p.tokens[m.start - 1] in _DETERMINERS
        and p.surface[m.end : i] in (["it"], ["they"], ["we"], ["you"], ["i"])
    ):
        return False  # "restart the reactors they closed": a relative clause of its own
        # subject ("they closed") says what was done to the phrase before, not now
    if i >= m.end and set(_tokens(m.text)) & set(_STATE) and _opens_clause(p, m.end, i):
        return False  # "runs a fat surplus with the US when it's in the hole with its
        # suppliers": a state the name states is not overturned by a clause after it
    if i >= m.end and _kind_of_economy(p, m.start):
        return False  # "the borrowing costs of a country with prolonged deficits suddenly
        # increase": the words that say which economy take no verb of their own
    mine = _span_distance(i, m.start, m.end)
    if i >= m.end:
        mine -= _set_off(p, m.end, i)  # "self-sufficiency, at present 40 percent, raised"
    for other in phrases:
        if (other.start, other.end) == (m.start, m.end):
            continue
        if other.start > i and _opens_clause(p, i + 1, other.start):
            continue  # "currencies get hit whenever the Fed tightens": a word before a
            # subordinate clause belongs to its own clause, not to a phrase inside that one
        if other.start in p.relative and i not in p.relative:
            continue  # ", which underpins its trade, was weighed down": the relative
            # clause describes its phrase; the verb outside it is the phrase's
        if i >= other.end and _kind_of_economy(p, other.start):
            continue
        if i >= other.end > other.start > m.end and _coordinated(p, m.end, other.start):
            continue  # "the Turkish lira and Turkish bonds were thrown out": subjects joined
            # by "and" share the verb after them
        if other.start > i > m.start and _CONTEXT_PREPOSITIONS & set(p.tokens[i + 1 : other.start]):
            continue  # "the yen took a beating against the dollar": a word before a phrase
            # of context belongs to the phrase it follows, not to the context
        if (
            BREAK in p.tokens[min(i, other.start) : max(i + 1, other.start)]
            and BREAK not in (p.tokens[min(i, m.start) : max(i + 1, m.start)])
        ):
            continue  # "confidence collapses: lira, bonds?": not across a colon or stop
        if _span_distance(i, other.start, other.end) < mine:
            return False
    return True


_NOUN_PREPOSITIONS = frozenset({"in", "at", "from", "with"})


def _coordinated(p: Parsed, end: int, start: int) -> bool:
    """Do the words from ``end`` to ``start`` join two phrases as one subject ("the lira
    and Turkish bonds", "exports or the imports"): "and" or "or", then at most two words
    that are no direction, question or clause words?"""
    between = p.tokens[end:start]
    return (
        bool(between)
        and between[0] in ("and", "or")
        and len(between) <= 3
        and all(
            t != BREAK
            and _dir_word(t) is None
            and t not in _QUESTION_WORDS
            and t not in _SUBORDINATORS
            and t not in _PRONOUNS
            for t in between[1:]
        )
    )


def _of_another_noun(p: Parsed, i: int) -> bool:
    """Is the adjective at ``i`` one of a noun no phrase names ("a huge customer", "a big
    buyer")? Not when the noun is a direction word itself ("a sharp drop") or measures the
    phrase after it ("a huge amount of oil")."""
    # after an article, or a preposition ("tourists even in small port towns")
    if i == 0 or i + 1 >= len(p.tokens) or p.tokens[i - 1] not in {"a", "an"} | _NOUN_PREPOSITIONS:
        return False
    if i > 1 and p.tokens[i - 2] in _LINKING:
        return False  # "the cost of imports became a heavier burden": the phrase's own
    if "ADJ" not in getAllLemmas(p.surface[i]):
        return False
    nxt = i + 1
    if any(g[0].start <= nxt < g[0].end for g in p.mentions):
        return False
    lemmas = getAllLemmas(p.surface[nxt])
    return (
        "NOUN" in lemmas
        and "ADJ" not in lemmas
        and _dir_word(p.tokens[nxt]) is None
        and p.tokens[nxt + 1 : nxt + 2] not in (["of"], ["in"])
        # the noun ends its phrase ("a large-scale restart": "scale" does not)
        and not (
            nxt + 1 < len(p.tokens)
            and (
                _dir_word(p.tokens[nxt + 1]) is not None
                or any(g[0].start == nxt + 1 for g in p.mentions)
            )
        )
    )


def _kind_of_economy(p: Parsed, start: int) -> bool:
    """Does the phrase at ``start`` say which kind of economy is meant ("a country with
    prolonged deficits", "an economy with a weak currency"): "with" after a general noun,
    up to two modifiers before the phrase?"""
    for k in range(start - 1, max(-1, start - 4), -1):
        if p.tokens[k] == BREAK:
            return False
        if p.tokens[k] == "with":
            return k > 0 and p.tokens[k - 1] in _GENERIC_NOUNS
    return False


def _in_parenthetical(p: Parsed, i: int) -> bool:
    """Is token ``i`` inside a parenthetical opened by a preposition (not a relative
    clause, whose verb is its phrase's: ", which widened,")?"""
    if i not in p.relative:
        return False
    start = i
    while start > 0 and p.tokens[start - 1] != BREAK:
        start -= 1
    return p.tokens[start] not in _RELATIVES


def _set_off(p: Parsed, lo: int, hi: int) -> int:
    """How many words between ``lo`` and ``hi`` a relative clause or parenthetical (or an
    aside in brackets or dashes) holds, with the commas around it: no distance between a
    phrase and its clause's verb."""
    aside = p.relative | p.bracketed  # "digital exports (software, cloud) take off"
    return sum(
        1 for k in range(lo, hi) if k in aside or (p.tokens[k] == BREAK and {k - 1, k + 1} & aside)
    )


def _object_of(p: Parsed, i: int) -> int | None:
    """Where the phrase starts that the direction word at ``i`` acts on: a transitive
    verb's object, the next phrase within four words in the same clause; or the object of
    a preposition right after a direction word ("foreign investors pull back from US
    Treasuries", "the collapse of the lira"). None when there is none: a conjunction or
    subordinator between ("exports drop and imports rise", "once QE ends the yen rises"
    too: a phrase followed by a verb of its own is that verb's subject)."""
    starts = [g[0].start for g in p.mentions if g[0].kind != "event" and g[0].start > i]
    if _governs(p, i) and _economy_object(p, i, starts) is not None:
        return ECONOMY_OBJECT
    if not starts:
        return None
    nxt = min(starts)
    end = next(g[0].end for g in p.mentions if g[0].start == nxt)
    if _governs(p, i):
        # a phrase set off by commas between the verb and its object ("reduce, in the
        # framework of the 2025 agreement, the tariffs on cars") is an aside: the object
        # follows it
        aside = p.tokens[i + 1 : nxt]
        if (
            len(aside) > 2
            and aside[0] == BREAK
            and p.surface[i + 2] in _PARENTHETICAL
            and BREAK in aside[2:]
            and len(aside) <= 16
        ):
            i += 1 + max(k for k, t in enumerate(aside) if t == BREAK)
        between = p.tokens[i + 1 : nxt]
        named = {pos for pos, _code in p.economy_at}
        # words of the noun phrase ("cut back its purchases of US government debt"):
        # determiners, prepositions and economies' names count for no distance
        content = [k for k, t in enumerate(between, i + 1) if t not in _STOP and k not in named]
        nominal = not set(between) & _QUESTION_WORDS and all(
            "NOUN" in getAllLemmas(p.surface[k]) for k in content
        )
        if (
            (nxt - i > 4 and (len(content) > 2 or nxt - i > 7 or not nominal))
            or BREAK in between
            or set(p.surface[i + 1 : nxt]) & _CONJUNCTIONS
            # an auxiliary opens a question of its own ("if the Fed hikes again does the
            # money run out …")
            or set(p.surface[i + 1 : nxt]) & _AUX_SURFACE
            # an amount or a comparison between: "drops 5% vs USD" drops by 5%, against
            # the dollar; the dollar is not what it drops
            or any(t[:1].isdigit() for t in between)
            or set(p.surface[i + 1 : nxt]) & {"vs", "versus", "against"}
            or _opens_clause(p, i + 1, nxt + 1)
            or "by" in p.surface[i + 1 : nxt]
            # another verb of direction right before the phrase takes it ("Fed hiking
            # drain capital": the capital is drained, not hiked)
            or (
                nxt - 1 > i
                and _dir_word(p.tokens[nxt - 1]) is not None
                and "VERB" in (rd := getAllLemmas(p.surface[nxt - 1]))
                and "ADJ" not in rd
                and not p.surface[nxt - 1].endswith(("ing", "ed"))
                and p.surface[nxt - 1] not in _PARTICLES
                and p.tokens[nxt - 2] not in _DETERMINERS
            )
        ):
            return None  # "weighed down by ageing": the agent of a passive, no object
        if end < len(p.tokens) and _own_verb_after(p, end):
            return None
        return nxt
    if (
        i + 1 < len(p.surface)
        and p.surface[i + 1] in _OBJECT_PREPOSITIONS
        and p.tokens[i] not in _DEGREE
        and (_dir_word(p.tokens[i]) is not None or _phrasal(p, i) is not None)
    ):
        # only the words of a noun phrase between ("of the lira", "from US Treasuries")
        named = {pos for pos, _code in p.economy_at}
        if nxt - i <= 5 and all(
            t in _STOP or k in named for k, t in enumerate(p.tokens[i + 2 : nxt], start=i + 2)
        ):
            return nxt
    return None


# adverbs that grade a comparative after them ("even more", "still more")
_GRADING_ADVERBS = frozenset({"even", "still", "far", "yet", "much"})


def _own_verb_after(p: Parsed, k: int) -> bool:
    """Does a verb of its own follow the phrase ending at ``k``, past adverbs ("the yen
    dropped the trade deficit actually got worse": the deficit got worse, the yen only
    dropped)? A direction verb, or a linking verb before a direction or evaluative word,
    makes the phrase that verb's subject, not the object of a verb before it."""
    while k < len(p.tokens) and p.tokens[k] != BREAK and _adverb(p.surface[k]):
        k += 1
    if k >= len(p.tokens):
        return False
    if _finite_direction(p, k):
        # "restarts the plants shut after Fukushima": a participle dated by what follows
        return not (k + 1 < len(p.tokens) and p.tokens[k + 1] in _PAST_DATING)
    if (
        k + 1 < len(p.tokens)
        and "VERB" in getAllLemmas(p.surface[k])
        and p.surface[k] not in _GRADING_ADVERBS  # "even more": no verb of its own
        and _dir_word(p.tokens[k + 1]) is not None
        and (
            "VERB" not in getAllLemmas(p.surface[k + 1])
            or any(particle == p.tokens[k + 1] for _verb, particle in _PHRASAL)
        )
        # intransitive: no phrase of its own after ("yields pulling in foreign capital")
        and not any(k + 2 <= g[0].start <= k + 4 for g in p.mentions)
    ):
        return True  # a verb and its direction particle: "yields shot up", "went higher"
    return (
        p.tokens[k] in _LINKING
        and "VERB" in getAllLemmas(p.surface[k])
        and k + 1 < len(p.tokens)
        and (_dir_word(p.tokens[k + 1]) is not None or p.tokens[k + 1] in _BETTER | _WORSE)
    )


_DETERMINERS = {"the", "a", "an", "its", "their", "our", "my", "this", "that", "these", "those"}
# _object_of: the verb acts on an economy the question names, not on any phrase ("why did
# the rate hikes hurt emerging markets": the hurt is not the rate's)
ECONOMY_OBJECT = -1


# a determiner that opens a definite object ("ditches its dovish stance"); "a" / "an"
# may open a measure instead ("hikes a quarter point")
_OBJECT_DETERMINERS = {"its", "their", "his", "her", "the", "this", "that", "these", "those"}


def _unnamed_object(p: Parsed, i: int) -> bool:
    """Does the transitive verb at ``i`` act on an object no phrase names ("the BoJ ditches
    its dovish stance")? Then its direction is that object's, not its subject's: read on
    the subject it could say the opposite of what is meant."""
    if not _governs(p, i) or i + 1 >= len(p.surface):
        return False
    if p.surface[i + 1] not in _OBJECT_DETERMINERS or _movement_object(p, i) is not None:
        return False
    # no phrase in the rest of the clause ("lost its dominance as the world's reserve
    # currency" names its object at the end of a longer noun phrase)
    nxt = min((g[0].start for g in p.mentions if g[0].start > i), default=len(p.tokens))
    end = next(
        (
            k
            for k in range(i + 1, len(p.tokens))
            if p.tokens[k] == BREAK or p.surface[k] in _CONJUNCTIONS
        ),
        len(p.tokens),
    )
    return nxt > end


def _movement_object(p: Parsed, i: int) -> int | None:
    """The sign of a movement the transitive verb at ``i`` acts on, named by a direction
    word after a possessive ("the Fed ends its tightening", "the BoJ abandons its
    easing"): the subject's own movement, which the verb turns round or keeps."""
    if not _governs(p, i) or i + 2 >= len(p.surface):
        return None
    if p.surface[i + 1] not in ("its", "their", "his", "her"):
        return None
    inside = {k for g in p.mentions for k in range(g[0].start, g[0].end)}
    starts = {g[0].start for g in p.mentions}
    for k in range(i + 2, min(i + 4, len(p.tokens))):
        if p.tokens[k] == BREAK or k in inside:
            return None
        if _dir_word(p.tokens[k]) is not None and p.tokens[k] not in _DEGREE:
            after = k + 1
            while after < len(p.tokens) and p.surface[after] in _PARTICLES:
                after += 1
            if after in starts:
                return None  # "restarts its shut-down plants": an adjective of the phrase
            return _dir_word(p.tokens[k])
    return None


def _delivers(p: Parsed, i: int) -> bool:
    """Does the verb at ``i`` deliver a new movement its object names ("the Fed drops a
    surprise 100bp hike", "slaps another cut on"): an indefinite article, then a
    direction word within three words, in its clause? The movement speaks, not the verb
    ("drops its hikes" abandons them)."""
    if i + 2 >= len(p.surface) or p.surface[i + 1] not in ("a", "an", "another"):
        return False
    for k in range(i + 2, min(i + 5, len(p.tokens))):
        if p.tokens[k] == BREAK:
            return False
        if _dir_word(p.tokens[k]) is not None and p.tokens[k] not in _DEGREE:
            return True
    return False


def _economy_object(p: Parsed, i: int, starts: list[int]) -> str | None:
    """The economy a transitive verb at ``i`` acts on when its object is the economy's
    name itself, not a quantity of it: the name within three words after the verb, only
    determiners between, and no phrase right after the name ("hurt Japan's exports" is the
    exports')."""
    inside = {k for g in p.mentions for k in range(g[0].start, g[0].end)}
    for pos, code in sorted(p.economy_at):
        if pos <= i or pos in inside:
            continue
        if pos - i > 3 or any(w not in _DETERMINERS for w in p.surface[i + 1 : pos]):
            return None  # "punishing for Japan": no object after a preposition
        if any(pos < k <= pos + 3 for k in starts):
            return None
        return code
    return None


_RELATIVE_OPENERS = frozenset({"that", "which", "who"})
_PREDICATIVE: dict[str, int] = {str(k): int(v) for k, v in _LEX["predicative"].items()}
_CURRENCY_SENSE: dict[str, int] = {str(k): int(v) for k, v in _LEX["currency_sense"].items()}
_DIFFICULTY = frozenset(str(w) for w in _LEX["difficulty"])
_EFFORT_VERBS = frozenset(_words("effort_verbs"))
_ENTERING = frozenset(_words("entering"))
_PARTITIVES = frozenset(_words("partitives"))


def _words_apart(tokens: list[str], end: int, start: int) -> int:
    """How many words stand between two phrases, determiners and a partitive's words not
    counted ("sold a large part of their Turkish bonds": the bonds are what was sold)."""
    gap = [t for t in tokens[end:start] if t not in _DETERMINERS]  # "a country's bonds"
    if not set(gap) & _PARTITIVES:
        return len(gap)
    return len([t for t in gap if t not in _PARTITIVES | _STATE_SIZES | {"of"}])


_STAYING = frozenset({"stay", "remain", "hold", "look", "seem"})


def _evaluated_economy(p: Parsed) -> tuple[str, int] | None:
    """(economy, +1 better / -1 worse) when an evaluative verb acts on an economy named as
    its object ("why did the Fed's rate hikes hurt emerging markets?")."""
    for i, t in enumerate(p.tokens):
        if t not in _BETTER and t not in _WORSE:
            continue
        if _object_of(p, i) != ECONOMY_OBJECT:
            continue
        if any(
            g[0].end <= i
            and set(p.tokens[g[0].end : i]) & _RELATIVE_OPENERS
            and set(p.tokens[g[0].end : i]) <= _RELATIVE_OPENERS | _AUXILIARIES | _LINKING
            for g in p.mentions
        ):
            continue  # "the yen weakness that's squeezing our buyers": the phrase's clause
        if _NEGATIONS & set(p.surface[max(0, i - 3) : i]):
            return None
        starts = [g[0].start for g in p.mentions if g[0].kind != "event" and g[0].start > i]
        code = _economy_object(p, i, starts)
        if code is not None:
            return code, 1 if t in _BETTER else -1
    return None


def _finite_direction(p: Parsed, i: int) -> bool:
    """Is token ``i`` a direction verb ("rises", "falls"), not an adjective or adverb
    ("higher", "more")?"""
    t = p.tokens[i]
    if _dir_word(t) is None and t not in _BETTER and t not in _WORSE:
        return False
    return "VERB" in getAllLemmas(p.surface[i])


def _opens_clause(p: Parsed, lo: int, hi: int) -> bool:
    """Does a subordinator ("when", "whenever", "every time") open a clause between
    tokens ``lo`` and ``hi``?"""
    return any(
        (p.tokens[k] in _SUBORDINATORS and not _as_preposition(p, k))
        or (k > 0 and (p.tokens[k - 1], p.tokens[k]) in _SUBORDINATOR_PHRASES)
        for k in range(lo, hi)
    )


def _as_preposition(p: Parsed, k: int) -> bool:
    """Is "as" at ``k`` a preposition before a noun phrase that ends its sentence ("treat
    the dollar as the reserve currency"), not a clause's subordinator ("as rates rise")?"""
    if p.tokens[k] != "as":
        return False
    for g in p.mentions:
        m = g[0]
        if k < m.start <= k + 3:
            return m.end >= len(p.tokens) or p.tokens[m.end] == BREAK
    return False


_WORSE_PHRASES: dict[str, set[str]] = defaultdict(set)
for _first, _last in _LEX["worse_phrases"]:
    _WORSE_PHRASES[_last].add(_first)
_BETTER_PHRASES: dict[str, set[str]] = defaultdict(set)
for _first, _last in _LEX["better_phrases"]:
    _BETTER_PHRASES[_last].add(_first)


def _better_phrase(p: Parsed, i: int) -> bool:
    """Does token ``i`` end a phrase of getting a thing in hand ("get the deficit under
    control", "keep inflation in check")? Read like "better", against the item's valence."""
    firsts = _BETTER_PHRASES.get(p.tokens[i], set())
    return any(
        p.tokens[j] in firsts and BREAK not in p.tokens[j:i] for j in range(max(0, i - 2), i)
    )


def _worse_phrase(p: Parsed, i: int) -> bool:
    """Does token ``i`` end an evaluative phrase ("under pressure", "under so much
    strain")?"""
    firsts = _WORSE_PHRASES.get(p.tokens[i], set())
    return any(
        p.tokens[j] in firsts and BREAK not in p.tokens[j:i] for j in range(max(0, i - 4), i)
    )


def _governs(p: Parsed, i: int) -> bool:
    """Is token ``i`` a transitive direction verb (or phrasal verb)?"""
    return (
        p.tokens[i] in _TRANSITIVE
        or p.tokens[i] in _OBJECT_ONLY
        or (i > 0 and (p.tokens[i - 1], p.tokens[i]) in _PHRASAL_TRANSITIVE)
    )


def _adverb(word: str) -> bool:
    """A word the lemmatiser knows only as an adverb ("safely", "quickly")."""
    if word.lower() in _FUNCTION_WORDS:
        return False  # "more to borrow": "to" is no adverb, whatever the dictionary says
    readings = getAllLemmas(word)
    return bool(readings) and set(readings) == {"ADV"}


# Auxiliaries between a pronoun and its verb ("why has it collapsed", "it will keep falling")
_AUXILIARIES = {"be", "have", "do", "will", "would", "may", "might", "can", "could", "shall"}


_CONCESSIVE = frozenset({"despite", "notwithstanding", "spite"})


def _concessive(p: Parsed, m: Mention) -> bool:
    """Is the phrase in a concessive phrase ("despite the tourist bonanza")?"""
    roles = _clauses(p)
    k = m.start - 1
    while k >= 0 and roles[k] == roles[m.start] and p.tokens[k] != BREAK:
        if p.tokens[k] in _CONCESSIVE:
            return True
        k -= 1
    return False


def _bare_question_sign(p: Parsed, m: Mention) -> int | None:
    """The movement a later bare question names for a phrase of an earlier sentence
    ("Tokyo's packed with tourists. It's cheap over there. Why the boom?"): the first
    question sentence after the phrase names no phrase, and its direction words, outside
    any name, agree. A pronoun's word in a sentence between ("it's cheap") is a guess. Not
    for a phrase of context ("… despite the tourist bonanza. What's the drag?")."""
    if _concessive(p, m):
        return None
    for lo, hi in _sentences(p):
        asks = hi in p.ends and bool(set(p.tokens[lo:hi]) & _QUESTION_WORDS)
        if lo <= m.start < hi and asks:
            return None  # the phrase is asked about in its own question
        if lo < m.end or not asks:
            continue
        if any(lo <= g[0].start < hi for g in p.mentions) or {"it", "they", "that", "this"} & set(
            p.surface[lo:hi]
        ):
            return None  # a phrase or a pronoun of its own ("What eroded it?")
        signs = {
            _word_sign(p, m, k) if p.tokens[k] in {"deep", "deeper"} else _dir_word(p.tokens[k])
            for k in range(lo, hi)
        } - {None}
        return signs.pop() if len(signs) == 1 else None
    return None


def _attributive_under_verb(p: Parsed, m: Mention, i: int) -> bool:
    """Is the direction word at ``i`` an adjective of the phrase (between a determiner and
    the phrase: "its shut-down plants", "the idled reactors") whose clause has a direction
    verb acting on the whole ("restarts its shut-down plants")?"""
    if not i < m.start:
        return False
    between = p.tokens[i + 1 : m.start]
    if between and not (len(between) == 1 and (p.tokens[i], between[0]) in _PHRASAL):
        return False  # ("loses its grip on exports": a preposition, no adjective)
    if any(tuple(p.tokens[i + 1 - len(k) : i + 1]) == k for k in _IDIOMS):
        return False
    k = i - 1
    while k >= 0 and (
        _dir_word(p.tokens[k]) is not None
        or p.surface[k] in _PARTICLES
        or p.surface[k] in {"super", "very", "ultra", "really", "so"}
    ):
        k -= 1  # "its shut-down plants": the phrasal verb as one adjective
    if k < 1 or p.surface[k] not in _DETERMINERS | {"its", "their", "our", "his", "her"}:
        return False
    if k >= 2 and p.surface[k - 1] == "with":
        k -= 1  # "stops with the super low rates"
    verb = p.tokens[k - 1]
    return verb in _TRANSITIVE and _dir_word(verb) is not None


def _participle_after_object(p: Parsed, m: Mention, i: int) -> bool:
    """Is the word at ``i``, right after the phrase, a participle of a clause about its
    past ("shut after Fukushima", "closed since 2011") while a direction verb before the
    phrase takes it as its object ("restarts the plants …")?"""
    if i != m.end or i + 1 >= len(p.tokens) or p.tokens[i + 1] not in _PAST_DATING:
        return False
    return any(
        _dir_word(p.tokens[k]) is not None
        and p.tokens[k] in _TRANSITIVE
        and _object_of(p, k) == m.start
        for k in range(max(0, m.start - 5), m.start)
    )


_PARTICIPLE_LINKS = frozenset({"from", "to", "by", "in", "into", "out", "abroad", "overseas"})


def _reduced_relative(p: Parsed, m: Mention, i: int) -> bool:
    """Is the word at ``i``, right after the phrase, a past participle opening a clause
    on it ("exports shipped directly from Japan weakened"), the clause's own verb coming
    after it, with no conjunction between?"""
    if i != m.end or not p.surface[i].endswith("ed"):
        return False
    for j in range(i + 1, min(i + 7, len(p.tokens))):
        t = p.tokens[j]
        if t == BREAK or t in _CONJUNCTIONS or p.surface[j] in _CONJUNCTIONS:
            return False
        if (
            _dir_word(t) is not None
            and p.surface[j] != t
            and "VERB" in getAllLemmas(p.surface[j])
            and set(p.tokens[i + 1 : j]) & _PARTICIPLE_LINKS
        ):
            return True
    return False


def _movement_noun(p: Parsed, m: Mention) -> int | None:
    """The sign of a noun of movement the phrase is the object of ("the decline in
    Japan's population", "the fall of the yen"), or None."""
    named = {pos for pos, _code in p.economy_at}
    k = m.start - 1
    while k >= 0 and (p.tokens[k] in _DETERMINERS or k in named):
        k -= 1
    if k < 1 or p.tokens[k] not in ("in", "of"):
        return None
    k -= 1
    if "NOUN" not in getAllLemmas(p.surface[k]):
        return None
    return _dir_word(p.tokens[k])


def _supposed_back(p: Parsed, m: Mention) -> int | None:
    """The direction a later sentence supposes for the phrase through a pronoun ("the yen
    was the currency everyone expected to soar. Suppose it slides instead: …"): what is
    supposed, not what the sentence before said of it."""
    k = next((k for k in range(m.end, len(p.tokens)) if p.surface[k] in ("it", "they")), None)
    if k is None or k == 0 or not any(m.end <= s < k for s in p.stops):
        return None
    opener = k - 1
    if not (
        (p.surface[opener] in _HYPOTHETICAL and (opener == 0 or p.tokens[opener - 1] == BREAK))
        or p.tokens[opener] in _SUBORDINATORS
    ):
        return None  # ("Friends say it's cheap there": a report, no supposition)
    return _pronoun_sign(p, m)


_DEMONSTRATIVE_SUBJECTS = {"that", "this", "it"}


def _asked_through_pronoun(p: Parsed, m: Mention) -> int | None:
    """The direction the next sentence asks about through a pronoun standing for the
    phrase ("Japan used to export way more directly from home. Why'd that drop off?"): a
    question word, auxiliaries, "that"/"this"/"it", auxiliaries, linking verbs or a
    negation, then a direction word. Only when that sentence names no phrase of its own:
    the pronoun then stands for this one, and its verb, not the earlier sentence's
    picture of the past, says which way it moved."""
    end = min((k for k in p.stops if k >= m.end), default=None)
    if end is None or m.kind == "event":
        return None  # an event happens; a pronoun asking how it moved stands for a quantity
    nxt = min((k for k in p.stops if k > end), default=len(p.tokens))
    if any(
        end < g[0].start < nxt or (m.end <= g[0].start < end and g[0].kind != "event")
        for g in p.mentions
    ):
        return None  # a phrase of its own, or a nearer one for the pronoun
    k = end + 1
    if k >= nxt or p.surface[k] not in _QUESTION_WORDS:
        return None
    k += 1
    while k < nxt and p.tokens[k] in _AUXILIARIES:
        k += 1
    if k >= nxt or p.surface[k] not in _DEMONSTRATIVE_SUBJECTS:
        return None
    pron = k
    k += 1
    while k < nxt and (p.tokens[k] in _AUXILIARIES | _LINKING or p.surface[k] in _NEGATIONS):
        k += 1
    sign = _dir_word(p.tokens[k]) if k < nxt else None
    if k + 1 < nxt and (p.tokens[k], p.tokens[k + 1]) in _PHRASAL:
        # "what's that end up doing to …": the particle decides ("end up" says no way)
        sign = _PHRASAL[(p.tokens[k], p.tokens[k + 1])] or None
    if sign is None or "VERB" not in getAllLemmas(p.surface[k]):
        return None
    return -sign if _NEGATIONS & set(p.surface[pron:k]) else sign


def _activity(p: Parsed, m: Mention) -> bool:
    """Does the name open with a gerund, naming an activity ("making stuff abroad")?"""
    word = p.surface[m.start]
    return word.endswith("ing") and "VERB" in getAllLemmas(p.tokens[m.start])


def _becomes(p: Parsed, m: Mention) -> bool:
    """Does a verb of becoming stand before a name that opens with an adjective, maybe
    with words that grade it between ("gets dead efficient with energy")?"""
    if "ADJ" not in getAllLemmas(p.surface[m.start]) or _negated(p, m):
        return False
    k = m.start - 1
    while k >= 0 and m.start - k <= 3 and p.surface[k] in _BECOMING_GRADES:
        k -= 1
    return k >= 0 and p.tokens[k] in _BECOMING


def _pronoun_sign(p: Parsed, m: Mention) -> int | None:
    """The direction a later pronoun's verb gives the phrase it refers back to ("the peso
    was a currency with a short memory. Why has it collapsed?"): "it" or "they" whose
    nearest phrase before it names the same quantity, then a direction word after
    auxiliaries or linking verbs ("has it kept falling"); a negation turns it round."""
    for k in range(m.end, len(p.tokens)):
        if p.surface[k] not in ("it", "they") and not _object_pronoun(p, k):
            continue
        before = [g for g in p.mentions if g[0].end <= k]
        last = max(before, key=lambda g: g[0].end) if before else None
        if last is None or m.target not in {x.target for x in last}:
            return None
        if _object_pronoun(p, k):
            return _object_pronoun(p, k)
        if k > 0 and _IDIOMS.get(tuple(p.tokens[k - 1 : k + 2])) == 0:
            return None  # "please break it down by product": no fall of it
        j = k + 1
        while (
            j < len(p.tokens)
            and j <= k + 4
            and (p.tokens[j] in _AUXILIARIES | _LINKING or p.surface[j] in _NEGATIONS)
        ):
            j += 1
        sign = _dir_word(p.tokens[j]) if j < len(p.tokens) else None
        if sign is None:
            return None
        if any(j < g[0].start <= j + 3 for g in p.mentions if g):
            return None  # "they got big goods surplus": the verb's object, not the pronoun
        if j + 1 < len(p.tokens) and _object_noun_at(p, j + 1):
            return None  # "they smash Japanese cars on TV": the pronoun acts, not moves
        return -sign if _NEGATIONS & set(p.surface[max(0, k - 2) : j]) else sign
    return None


_OBJECT_PRONOUNS = {"it", "that", "this", "them"}


def _object_noun_at(p: Parsed, k: int) -> bool:
    """Does a noun phrase open at ``k``, the object of the verb before it (a noun, or an
    adjective before one), not a direction or degree word?"""
    for j in (k, k + 1):
        if j >= len(p.tokens) or p.tokens[j] == BREAK or p.surface[j] in _FUNCTION_WORDS:
            return False
        t = p.tokens[j]
        if _dir_word(t) is not None or t in _DEGREE or _adverb(p.surface[j]):
            return False
        lem = getAllLemmas(p.surface[j])
        if "NOUN" in lem or "PROPN" in lem:
            return True
        # an adjective, or an economy's name before the noun ("Japanese cars")
        if "ADJ" not in lem and not any(pos == j for pos, _c in p.economy_at):
            return False
    return False


def _object_pronoun(p: Parsed, k: int) -> int | None:
    """The direction a verb gives the pronoun at ``k`` it acts on ("what knocked that
    down?", "what pushed it higher?", "what is dragging it down?"): a phrasal verb around
    the pronoun, or a direction particle or comparative right after it; None when the
    pronoun is no such object."""
    if p.surface[k] not in _OBJECT_PRONOUNS or k == 0 or k + 1 >= len(p.tokens):
        return None
    verb, nxt = p.tokens[k - 1], p.tokens[k + 1]
    if "VERB" not in getAllLemmas(p.surface[k - 1]) or verb in _AUXILIARIES | _LINKING:
        return None
    if _IDIOMS.get((verb, p.tokens[k], nxt)) == 0:
        return None  # "please break it down by product": no fall of it
    if (verb, nxt) in _PHRASAL:
        return _PHRASAL[(verb, nxt)] or None
    if nxt in _PARTICLES or _comparative(p, k + 1):
        return _dir_word(nxt)
    return None


def _comparative(p: Parsed, i: int) -> bool:
    """Is token ``i`` a comparative direction adjective ("stronger", "lower")?"""
    return (
        _dir_word(p.tokens[i]) is not None
        and p.surface[i].lower().endswith("er")
        and ("ADJ" in getAllLemmas(p.surface[i]))
    )


# "how can the U.S. run deficits…", "get away with running deficits", "afford deficits"
_ABILITY = {"can", "could", "able", "afford", "manage", "away"}
_RUNNING = {"run", "sustain", "keep", "finance", "fund", "carry", "afford"}
# "… without a funding crisis", "… and never blow up", "why no blow-up?", "without the wheels
# coming off"
_WITHOUT = {"without", "never", "no"}
_BLOWUP = {
    "crisis",
    "blow",
    "blowup",
    "collapse",
    "default",
    "trouble",
    "constraint",
    "problem",
    "wheel",
}
_BALANCES = {"goodsBalance", "currentAccount"}


def _sustained_deficit(proj: Projection, p: Parsed, group: list[Mention]) -> str | None:
    """The debt burden of the economy whose deficits a why-question asks how it can keep
    running ("How come Washington can run deficit after deficit?", "How do the States get
    away with running twin deficits forever? Why no blow-up?", "deficits without a funding
    crisis"): an ability word and a verb of running before the deficit in its sentence,
    or "sustainable", or a crisis that does not come. None when the graph has no such
    variable or the question does not ask that."""
    d = proj.graph.nodes[group[0].target]
    if d.get("item") not in _BALANCES or len(group) != 1:
        return None
    burden = group[0].target.replace(f"/WLD/{d['item']}/", "/WLD/debtBurden/")
    if f"/{d.get('counterpart')}/" != "/WLD/" or burden not in proj.graph:
        return None
    lo, _hi = next((a, b) for a, b in _sentences(p) if a <= group[0].start < b)
    before = set(p.surface[lo : group[0].start]) | set(p.tokens[lo : group[0].start])
    asks_ability = bool(before & _ABILITY) and bool(set(p.tokens[lo : group[0].start]) & _RUNNING)
    sustainable = "sustainable" in p.surface
    spared = any(
        p.surface[k] in _WITHOUT and set(p.tokens[k + 1 : k + 5]) & _BLOWUP
        for k in range(group[0].end, len(p.tokens))
    )
    return burden if asks_ability or sustainable or spared else None


_UNDER = {"under", "in", "into"}


def _under(p: Parsed, m: Mention) -> bool:
    """Is the phrase a burden something is under or in ("emerging markets came under
    acute financial stress", "got into trouble", "buckling under a debt load")? A quantity
    whose rise is bad news (tk:upIsBad), right after "under" / "in" / "into" and at most two
    adjectives: it stands high. Read only where no direction word owns the phrase."""
    if m.valence >= 0 or m.polarity < 0:
        return False
    k = m.start - 1
    while k >= 0 and m.start - k <= 2 and p.tokens[k] not in _UNDER:
        if "ADJ" not in getAllLemmas(p.surface[k]) or _dir_word(p.tokens[k]) is not None:
            return False
        k -= 1
    return (
        k >= 0
        and p.tokens[k] in _UNDER
        and (
            k == 0
            or p.tokens[k - 1]
            not in ("rise", "increase", "fall", "drop", "decline", "change", "cut")
        )
    )


_PAYING = {"pay", "cost", "spend", "need", "take", "charge", "fork", "shell"}


def _currency_units(p: Parsed, m: Mention) -> int | None:
    """A currency counted as money paid ("pay so much more lira for the same machine",
    "it takes fewer yen to buy a dollar"): more units for the same thing is a weaker
    currency, fewer a stronger one. The sign of the currency's value, or None."""
    head = m.end - 1  # the currency's own word ("Turkish ... lira" may span words)
    if "/currencyValue/" not in m.target or head == 0:
        return None
    sign = _dir_word(p.tokens[head - 1])
    if p.tokens[head - 1] not in ("more", "less", "fewer") or sign is None:
        return None
    lo = head - 1
    while lo > 0 and p.tokens[lo - 1] != BREAK and head - lo < 10:
        lo -= 1
    return -sign if _PAYING & set(p.tokens[lo : head - 1]) else None


def _result_comparative(p: Parsed, m: Mention, i: int) -> bool:
    """Is the comparative at ``i`` the result of the phrase's own verb, ending its clause
    ("the yen squeezed ten big figures stronger", "the won closed the week weaker"): a
    verb right after the phrase, no break and no other phrase between, and nothing but a
    break, the end or "than" after it?"""
    if not _comparative(p, i) or BREAK in p.tokens[m.end : i]:
        return False
    if "VERB" not in getAllLemmas(p.surface[m.end]):
        return False
    if any(m.end <= g[0].start < i for g in p.mentions):
        return False
    return i + 1 >= len(p.tokens) or p.tokens[i + 1] in (BREAK, "than")


def _object_complement(p: Parsed, m: Mention, i: int) -> bool:
    """Is the comparative at ``i`` the complement of a verb whose object the phrase is,
    right after it with only grading words between ("pulls supply chains ever deeper",
    "drives yields higher")?"""
    if not _comparative(p, i):
        return False
    between = p.tokens[m.end : i]
    if any(w not in _DEGREE and w not in {"ever", "even", "still", "far", "much"} for w in between):
        return False
    named = {pos for pos, _code in p.economy_at}
    return any(
        _object_of(p, k) == m.start
        or (
            "VERB" in getAllLemmas(p.surface[k])
            and p.tokens[k] not in _STOP
            and all(
                t in _STOP or j in named for j, t in enumerate(p.tokens[k + 1 : m.start], k + 1)
            )
        )
        for k in range(max(0, m.start - 4), m.start)
    )


def _negated_verb(p: Parsed, m: Mention) -> bool:
    """Does the phrase open with a verb (no adjective: "weak yen" is no verb) that a
    negation within three words before it negates ("no longer buys Treasuries")?"""
    readings = getAllLemmas(p.surface[m.start])
    reach = 3
    if p.surface[max(0, m.start - 2) : m.start] in (["want", "to"], ["wants", "to"]):
        reach = 5  # "nobody from overseas wants to buy": the wanting is the verb's
    elif p.surface[max(0, m.start - 1) : m.start] == ["to"]:
        reach = 6  # "why can't Argentina get anybody to hold its bonds": the infinitive's
    label = set(_tokens(m.text))
    if any(
        p.surface[k] in _NEGATIONS and p.tokens[k] not in label
        for k in range(m.start + 1, m.end - 1)
    ):
        return True  # "households not spending much": the name's own verb, negated (a
        # negation the label holds, "investors don't trust", is the label's)
    # stop words and the economy's name between take no reach ("why ain't people in
    # Japan spending like they used to")
    named = {k for k, _c in p.economy_at}
    lo = m.start
    while lo > 0 and reach > 0 and p.tokens[lo - 1] != BREAK:
        lo -= 1
        if p.tokens[lo] not in _STOP and lo not in named:
            reach -= 1
    negation = bool(_NEGATIONS & set(p.surface[lo : m.start]))
    if negation and m.end - m.start > 1 and "VERB" not in readings:
        # a subject and its verb ("why don't Japanese consumers spend?"): the verb is
        # the name's last word
        last = getAllLemmas(p.surface[m.end - 1])
        return "VERB" in last and "NOUN" not in last and p.tokens[m.end - 1] not in _STOP
    return "VERB" in readings and "ADJ" not in readings and negation


def _dir_word(t: str) -> int | None:
    """The sign of a direction word (tokens are lemmas: "dwindling" is "dwindle")."""
    return _DIRECTION.get(t)


def _negated(p: Parsed, m: Mention) -> bool:
    """A negation in the phrase's clause before it ("Japan is no longer able to count on
    surpluses", "Beijing no longer buys Treasuries")."""
    start = m.start
    while start > 0 and p.tokens[start - 1] != BREAK and m.start - start < 8:
        start -= 1
    return bool(_NEGATIONS & set(p.surface[start : m.start]))


def _gerund(p: Parsed, i: int) -> bool:
    return 0 <= i < len(p.surface) and p.surface[i].lower().endswith("ing")


_KEEPING = frozenset({"keep", "hold"})
# verbs that end what they act on ("stops the low rates", "abandons its weak-yen policy")
_ENDING = frozenset(
    {"stop", "end", "quit", "abandon", "exit", "ditch", "scrap", "kill", "halt", "finish"}
)
# words of pace: they speed or slow a movement a noun names, not the phrase itself
_PACE = frozenset({"accelerate", "quicken", "hasten", "intensify", "speed"})
# prepositions that date a participle's clause ("the plants shut after Fukushima")
_PAST_DATING = frozenset({"after", "since", "following", "during"})


def _ceases(p: Parsed, i: int) -> bool:
    """Is token ``i`` a verb ending the movement a gerund after it names ("stops getting
    cheaper", "ceased rising")? Then that gerund, not this verb, carries the direction."""
    if p.tokens[i] not in _CESSATION or not _gerund(p, i + 1):
        return False
    if p.tokens[i + 1] in _KEEPING:
        # "quits keeping rates in the basement": the state it kept ends (one said by a
        # word of direction or an idiom in its clause; "quits keeping its savings in
        # dollars" is no such state: the verb ends the keeping)
        for k in range(i + 2, min(i + 9, len(p.tokens))):
            if p.tokens[k] == BREAK:
                return False
            if _dir_word(p.tokens[k]) is not None or any(
                tuple(p.tokens[k + 1 - len(d) : k + 1]) == d for d in _IDIOMS
            ):
                return True
        return False
    j = i + 2 if p.tokens[i + 1] in _LINKING else i + 1
    return j < len(p.tokens) and (
        _dir_word(p.tokens[j]) is not None
        or p.tokens[j] in _BETTER | _WORSE
        # "stop picking up their bonds": the gerund's phrasal verb names the movement
        or bool(_PHRASAL.get((p.tokens[j], p.tokens[j + 1] if j + 1 < len(p.tokens) else "")))
    )


def _ceased(p: Parsed, i: int) -> bool:
    """Does a verb ending the movement govern the direction word at ``i``?"""
    if i >= 1 and _ceases(p, i - 1):
        return True
    if i >= 2 and p.tokens[i - 1] in _LINKING and _ceases(p, i - 2):
        return True
    if i >= 2 and (p.tokens[i - 1], p.tokens[i]) in _PHRASAL and _ceases(p, i - 2):
        return True  # "stop picking up": the particle of the ended gerund
    # "quits keeping rates in the basement": the state a ceased keeping held
    for k in range(i - 1, max(-1, i - 8), -1):
        if p.tokens[k] == BREAK:
            return False
        if p.tokens[k] in _KEEPING and k > 0 and _ceases(p, k - 1):
            return True
    return False


def _idiom_into(p: Parsed, i: int, start: int) -> bool:
    """Does an idiom that begins before ``start`` end at ``i`` ("lost its position" of
    "position in electronics"): its direction is the phrase's, though its last word is in
    the phrase's name?"""
    return any(
        len(k) <= i + 1 and i + 1 - len(k) < start and tuple(p.tokens[i + 1 - len(k) : i + 1]) == k
        for k in _IDIOMS
    )


def _inside_idiom(p: Parsed, i: int) -> bool:
    """Is token ``i`` a word before the last of an idiom that the question holds?"""
    for k in _IDIOMS:
        n = len(k)
        for off in range(n - 1):
            lo = i - off
            if lo >= 0 and tuple(p.tokens[lo : lo + n]) == k:
                return True
    return False


def _own_subject(p: Parsed, i: int) -> bool:
    """Does the clause of the verb at ``i`` name a subject of its own before it ("guys were
    smashin Toyotas"), rather than open with a question word ("why losing ground?")?"""
    k = i - 1
    while k >= 0 and p.tokens[k] != BREAK:
        w = p.surface[k]
        if w in _QUESTION_WORDS:
            return False
        if (
            w not in _FUNCTION_WORDS
            and p.tokens[k] not in _AUXILIARIES | _LINKING
            and ("NOUN" in getAllLemmas(w) or w in {"they", "we", "he", "she", "you", "i"})
        ):
            return True
        k -= 1
    return False


def _growth_of(p: Parsed, m: Mention) -> int:
    """+1 when the phrase is the object of "growth in/of" with nothing else saying how it
    moved ("the growth in Japan's imports of finished goods": they grew); -1 when a verb of
    restraint holds that growth back ("what is constraining growth in the labour force")
    or holds the phrase itself back ("constraining Japan's growth"); 0 otherwise."""
    named = {pos for pos, _c in p.economy_at}
    for i in range(max(0, m.start - 5), m.start - 1):
        if p.tokens[i] == "growth" and p.tokens[i + 1] in {"in", "of"}:
            if not all(
                k in named or p.tokens[k] in _DETERMINERS or p.tokens[k] in _STOP
                for k in range(i + 2, m.start)
            ):
                return 0
            lo = _clause_start(p, i, 4)
            held = set(p.tokens[lo:i]) & _RESTRAINT or any(
                _dir_word(t) == -1 for t in p.tokens[lo:i]
            )
            return -1 if held else 1
    k = m.start - 1
    while k >= 0 and (k in named or p.tokens[k] in _DETERMINERS):
        k -= 1
    if k >= 0 and p.tokens[k] in _RESTRAINT:
        return -1  # "what factors are constraining Japan's growth": held back
    return 0


def _restrictive_relative(p: Parsed, m: Mention) -> tuple[int, int] | None:
    """The span of a relative clause without commas right after the phrase, when the
    phrase's own verb follows it ("the plants that were shut down after Fukushima were
    restarted"): the clause says what happened to the phrase before; the verb after it is
    the phrase's movement. None when no such clause and verb are there."""
    k = m.end
    while k < min(m.end + 2, len(p.tokens) - 1) and p.surface[k] not in {"that", "which"}:
        if p.tokens[k] == BREAK or _dir_word(p.tokens[k]) is not None:
            return None
        k += 1  # the head noun after a name ("nuclear power plants that …")
    if k + 2 >= len(p.tokens) or p.surface[k] not in {"that", "which"}:
        return None
    if p.tokens[k + 1] not in {"be", "have"}:
        return None
    end = next((j for j in range(k, len(p.tokens)) if p.tokens[j] == BREAK), len(p.tokens))
    for j in range(k + 3, end):
        if p.tokens[j] in {"be", "get"}:
            return (k, j) if j + 1 < end else None
    return None


_SELL_VERBS = frozenset({"sell", "unload", "offload"})


def _sells_bonds(p: Parsed, m: Mention, i: int) -> bool:
    """Is the word at ``i`` a verb of selling whose object is the bonds named by ``m``
    ("people sold Argentine government bonds")? The holders' selling is less demand for
    the bonds; a phrase already read as sellers' demand ("foreigners sell the bonds")
    carries that sign itself."""
    if not (
        p.tokens[i] in _SELL_VERBS
        and _item_of(m.target) == "foreignBondDemand"
        and m.polarity > 0
        and not m.implies
        and 0 < m.start - i <= 4
    ):
        return False
    economies = {pos for pos, _ in p.economy_at}
    return all(p.tokens[k] in _DETERMINERS or k in economies for k in range(i + 1, m.start))


def _word_sign(p: Parsed, m: Mention, i: int) -> int | None:
    """The sign token ``i`` gives the phrase it qualifies (before the label's polarity),
    or None when it is no direction word. Reads phrasal verbs, evaluative words against
    the item's valence, and a negation shortly before."""
    t = p.tokens[i]
    if t in _QUANTITY_IN_LABEL and (
        i == m.end or (m.start - 4 <= i < m.start and p.tokens[i + 1] in {"in", "of"})
    ):
        return None  # "consumption growth", "growth in consumption": its rate, not a rise
    if _ceases(p, i):
        return None  # "stops getting cheaper": the gerund's direction, turned round
    if (
        t == "end"
        and i < m.start
        and any(
            p.surface[k].endswith("ing") and "VERB" in getAllLemmas(p.surface[k])
            for k in range(i + 1, m.start)
        )
        and (p.tokens[i + 1] == "up" or set(p.tokens[i + 1 : m.start]) & _TIME_NOUNS)
    ):
        return None  # "Japan ends every single year running a deficit": where it ends up
    if (
        p.surface[i] == "more"
        and i > 0
        and p.surface[i - 1] == "any"
        and (i + 1 == len(p.tokens) or p.tokens[i + 1] == BREAK)
    ):
        return None  # "don't trust Turkey any more": no longer, no amount
    rel = _restrictive_relative(p, m)
    if rel is not None and rel[0] <= i < rel[1]:
        return None  # "the plants that were shut down after Fukushima were restarted"
    if t in {"grow", "get", "become", "turn"} and any(
        _dir_word(p.tokens[k]) is not None
        and "ADJ" in getAllLemmas(p.surface[k])
        and p.tokens[k] not in _DEGREE | _QUANTIFIERS | {"further", "far", "hurt"}
        for k in range(i + 1, min(i + 3, len(p.tokens)))
        if all(w in {"so", "very", "too", "rather", "quite", "ever"} for w in p.surface[i + 1 : k])
    ):
        return None  # "the yen has grown so feeble": the adjective says which way
    if (
        t in {"deep", "deeper"}
        and m.polarity > 0
        and _item_of(m.target) in _TWO_SIDED_ITEMS
        and i >= m.end
    ):
        return -1  # "the digital services balance at -¥7tn: why so deep?": deep in deficit
    if (
        t == "off"
        and i + 1 < len(p.surface)
        and p.surface[i + 1] in {"them", "em", "'em", "it", "us", "you", "those", "these"}
        and i > 0
        and (p.tokens[i - 1], "off") not in _PHRASAL
        and p.tokens[i - 1] not in _PHRASAL_VERBS_OF_OFF
    ):
        return None  # "a record surplus off 'em": from them, no fall
    if (
        p.surface[i] == "much"
        and i >= 2
        and p.surface[i - 1] in {"so", "too", "that"}
        and _dir_word(p.tokens[i - 2]) is not None
    ):
        return None  # "bleed so much on digital services": how much it bleeds
    if (
        t == "end"
        and i == m.end
        and m.start >= 2
        and p.tokens[m.start - 1] == "the"
        and p.tokens[m.start - 2] in {"on", "at", "from", "in"}
    ):
        return None  # "on the financial services end": the side, a noun
    if (
        p.surface[i] in _MORE | _LESS
        and i > m.end
        and p.tokens[i - 1] in _BUYING | _SELLING
        and _item_of(m.target) in _TWO_SIDED_ITEMS
        and BREAK not in p.tokens[m.end : i]
    ):
        # "in services Japan pays more to the US": a balance whose holder buys more runs
        # a deficit on it, sells more a surplus
        more = 1 if p.surface[i] in _MORE else -1
        return -more if p.tokens[i - 1] in _BUYING else more
    if (
        t in {"off", "out"}
        and i > 0
        and p.tokens[i - 1] in _SELL_VERBS
        and m.polarity < 0
        and _item_of(m.target) == "foreignBondDemand"
    ):
        return None  # "investors start selling off Treasuries": the sellers' demand
        # already falls by the selling; its particle says it once more
    if _sells_bonds(p, m, i):
        return -1  # "people sold Argentine government bonds": their holders sell them
    if (
        p.surface[i] == "up"
        and p.tokens[i + 1 : i + 2] in (["to"], ["till"], ["until"])
        and i + 2 < len(p.tokens)
        and (_YEAR.fullmatch(p.tokens[i + 2]) or p.tokens[i + 2] in {"now", "today", "date"})
        and not (i > 0 and "VERB" in getAllLemmas(p.surface[i - 1]))  # "go up to 2024 levels"
    ):
        return None  # "from 2021 up to 2024", "up until now": until, no rise
    if (
        p.surface[i] == "up"
        and p.tokens[i + 1 : i + 2] == ["and"]
        and i > 0
        and getAllLemmas(p.surface[i - 1])
        and "VERB" not in getAllLemmas(p.surface[i - 1])
        and p.tokens[i - 1] not in _LINKING
    ):
        return None  # "investors up and lose faith": suddenly, not a rise
    if (
        t in {"deep", "deeper"}
        and p.tokens[i + 1 : i + 2] in (["in"], ["into"])
        and p.tokens[i + 2 : i + 3]
        and p.tokens[i + 2] in _STATE
        and not m.start <= i + 2 < m.end
    ):
        return None  # "trade so deep in the hole" (a deficit): the state says which way
    if i > m.end and any(
        p.surface[k] == "like" and p.surface[k + 1] in _SIMILE_OPENERS for k in range(m.end, i)
    ):
        return None  # "buying Treasuries like it's a limited drop": a simile's own words
    if (
        p.surface[i] in {"much", "many"}
        and i - 1 == m.end
        and p.surface[i - 1] in _INTENSIFIERS
        and any(
            _dir_word(p.tokens[k]) is not None or _sells_bonds(p, m, k)
            for k in range(max(0, m.start - 3), m.start)
        )
    ):
        return None  # "people sold the bonds so much": how much they sold, not more bonds
    if (
        p.surface[i] == "more"
        and i - 1 == m.end
        and p.surface[i - 1] in _GRADING_ADVERBS
        and any(
            _dir_word(p.tokens[k]) is not None and p.tokens[k] in _TRANSITIVE
            for k in range(max(0, m.start - 3), m.start)
        )
    ):
        return None  # "Turkey loses the trust of investors even more": more of the losing
    if (
        p.surface[i + 1 : i + 2] == ["to"]
        and p.tokens[i + 2 : i + 3]
        and p.tokens[i + 2] in _ASKING
    ):
        return None  # "I want to ask: why …": the asker's wish, no direction
    if t == "leave" and p.surface[i + 1 : i + 2] in (["under"], ["in"], ["with"]):
        return None  # "emerging markets are left under strain": where it leaves them
    if t == "leave" and any(
        p.tokens[k] in _STATE
        and all(w in _DETERMINERS or w in _DEGREE for w in p.tokens[i + 1 : k])
        for k in range(i + 1, min(i + 4, len(p.tokens)))
    ):
        return None  # "… leaving a deficit on the agricultural account": what results
    if (t in _BETTER or t in _WORSE) and p.surface[i + 1 : i + 2] in (["me"], ["us"], ["you"]):
        return None  # "could you help me understand why …": a request to the reader
    if t == "record" and i + 1 < len(p.tokens) and _dir_word(p.tokens[i + 1]) is not None:
        return None  # "hit a record low": the adjective after it says which way
    if (
        p.surface[i].rstrip("'") in _SWEAR_INTENSIFIERS
        and i + 1 < len(p.tokens)
        and _dir_word(p.tokens[i + 1]) is not None
    ):
        return None  # "so bleedin' strong": a swear word grading the adjective after it
    said = next(
        (
            (v, len(k))
            for k, v in _IDIOMS.items()
            if tuple(p.tokens[max(0, i + 1 - len(k)) : i + 1]) == k
        ),
        None,
    )
    idiom = said[0] if said else None
    # an idiom's own words ("not what they were") are no negation of it
    own_from = i + 1 - said[1] if said else i
    if idiom == 0:
        return None  # "in the end": no direction, whatever its last word says alone
    if idiom is None and _inside_idiom(p, i):
        return None  # "deep" of "so deep red": the idiom's last word speaks for it
    if idiom is not None:
        s = idiom
    elif t in _ENTERING and p.tokens[i + 1 : i + 2] == ["into"]:
        k = i + 2
        while k < len(p.tokens) and p.tokens[k] in _DETERMINERS:
            k += 1
        if not m.start <= k < m.end:
            return None  # "sinks into deficit", "fell into a tailspin": what follows speaks
        s = 1  # "fall into financial stress": more of it
    elif (phrasal := _phrasal(p, i)) is not None:
        if _PHRASAL[phrasal] == 0:
            return None
        s = _PHRASAL[phrasal]
    elif (split := _split_particle(p, m, i)) is not None:
        s = split  # "crack Japan's market open": the verb with its particle, not "crack"
    elif t in _CURRENCY_SENSE and "/currencyValue/" in m.target:
        s = _CURRENCY_SENSE[t]  # "why is the yen so heavy": sold down
    elif t in _DIFFICULTY:
        if p.tokens[i + 1 : i + 2] in (["to"], ["for"]):
            s = -m.valence * m.polarity  # "debt gets harder to service": worse
        elif _EFFORT_VERBS & set(p.tokens[_clause_start(p, i, 8) : i]):
            s = 1  # "pushes its chip exports even harder": more of them
        else:
            return None
    elif _dir_word(t) is not None:
        if t in _AS_WRITTEN and p.surface[i] != t:
            return None  # "recorded": a verb that says no direction of its own
        if (
            t in {"much", "many"}
            and p.tokens[i + 1 : i + 2] == ["of"]
            and any(
                _dir_word(w) is not None and w not in _DEGREE
                for w in p.tokens[_clause_start(p, i, 6) : i]
            )
        ):
            return None  # "lost so much of the chip business": how much of it was lost
        if p.surface[i] in {"record", "records"} and (
            any(pos == i - 1 for pos, _c in p.economy_at)
            or p.surface[i - 1] in {"it", "they", "we", "i", "you"}
            or _records_state(p, i)
        ):
            return None  # "why does Japan record deficits": the verb, not a record high
        if t in _DEGREE and i > 0 and p.tokens[i - 1] in _TIME_NOUNS:
            return None  # "keep rates near zero for a long time more": longer, not higher
        if (
            p.surface[i] in _PARTICLES
            and i + 2 < len(p.tokens)
            and p.tokens[i + 1] in _DETERMINERS
            and any(pos == i + 2 for pos, _code in p.economy_at)
        ):
            return None  # a preposition before an economy: "a killing off the Americans"
        if p.surface[i] == "off" and m.start < i < m.end - 1:
            return None  # a preposition inside the phrase's name: "a surplus off travel"
        if (
            p.surface[i] == "off"
            and i < m.start
            and all(t in _DETERMINERS for t in p.tokens[i + 1 : m.start])
            and i > 0
            and p.tokens[i - 1] not in _PHRASAL_VERBS_OF_OFF
        ):
            return None  # where money comes from: "printing money off tourists"
        if p.surface[i] == "off" and p.surface[i + 1 : i + 2] == ["to"]:
            return None  # away to somewhere: "firms shift production off to Vietnam"
        if p.surface[i] in _PARTICLES and p.surface[i + 1 : i + 2] and p.surface[i + 1] in _PLACES:
            return None  # a place, not a move: "us lot down here", "down under", "up north"
        if (
            t in _DEGREE
            and i + 1 < len(p.surface)
            # "sell less abroad": the next word belongs to the name, so the degree word
            # is the amount of its activity, not a grade of that word
            and not (m.start <= i + 1 < m.end and p.tokens[i + 1] in _name_tokens(m.text, p.proper))
            and (
                (_adverb(p.surface[i + 1]) and p.surface[i + 1] not in _ROUTE_ADVERBS)
                or _dir_word(p.tokens[i + 1]) is not None
                or p.tokens[i + 1] in _BETTER | _WORSE
                or _worse_phrase(p, i + 1)
            )
        ):
            return None  # "more safely", "much weaker": a degree of the next word
        if (t in _DEGREE or p.surface[i].endswith("ly")) and _grades_state(p, i):
            return None  # "heavily in the red": how deep in that state
        if any(_phrasal(p, k) == (t, p.tokens[k]) for k in range(i + 1, min(i + 4, len(p.tokens)))):
            return None  # the verb of a phrasal verb: its particle decides
        if _delivers(p, i):
            return None  # "the Fed drops a surprise hike": the hike it delivers speaks
        s = _dir_word(t) or 0
        movement = _movement_object(p, i)
        if movement is not None:
            s *= movement  # "ends its easing": the easing stops, a tightening
    elif t in _OBJECT_ONLY:
        if _object_of(p, i) != m.start:
            return None
        if set(p.surface[i + 1 : i + 7]) & _KEPT:
            return None  # "leaves rates unchanged": kept where they stand
        s = _OBJECT_ONLY[t]
    elif t in _BETTER or t in _WORSE or _worse_phrase(p, i) or _better_phrase(p, i):
        named_valence = m.valence * m.polarity  # is a rise of what the phrase names good?
        s = named_valence if t in _BETTER or _better_phrase(p, i) else -named_valence
    elif (
        t in _PREDICATIVE
        and i > 0
        and (
            p.tokens[i - 1] in _LINKING | _STAYING
            or (
                i > 1
                and p.tokens[i - 1] in _ADJECTIVE_GRADERS
                and p.tokens[i - 2] in _LINKING | _STAYING
            )
        )
    ):
        s = _PREDICATIVE[t]  # "the greenback stays (so) firm": an adjective after its verb
    elif t in _PREDICATIVE and i == m.end and "/currencyValue/" in m.target:
        s = _PREDICATIVE[t]  # "the yen firms": a currency's verb, not companies
    else:
        return None
    start = i
    # a phrase after the name ("can't ever get their deficit under control"): the negation
    # of its verb stands before the name
    reach = 6 + (i - m.start if i >= m.end and _better_phrase(p, i) else 0)
    while start > 0 and p.tokens[start - 1] != BREAK and i - start < reach:
        start -= 1
    if _NEGATIONS & set(p.surface[start:own_from]):
        s = -s  # "why didn't the cheap yen fix the deficit"
    if s > 0 and _dir_word(t) is not None and _strained(p, i):
        s = -s  # "struggling to grow": a rise that hardly comes
    elif s > 0 and _dir_word(t) is not None and _FAINT & set(p.surface[max(start, i - 2) : i]):
        s = -s  # "barely growing": a rise of next to nothing
    if s > 0 and _dir_word(t) is not None and _slow_pace_after(p, i):
        s = -s  # "grows so slowly": a weak rise
    if _ceased(p, i):
        s = -s  # "import costs stop getting cheaper": they no longer fall, they climb
    return s


def _clause_start(p: Parsed, i: int, reach: int) -> int:
    """The first token of the words before ``i`` within ``reach``, not across a sentence."""
    start = i
    while start > 0 and p.tokens[start - 1] != BREAK and i - start < reach:
        start -= 1
    return start


def _slow_pace_after(p: Parsed, i: int) -> bool:
    """Does a word of slow pace grade the rise at ``i``: within three words after it, or
    further on in its clause when the verb stands before its subject ("why grows the
    private consumption in Japan only so weakly"), with no other direction word between?"""
    end = next(
        (
            k
            for k in range(i + 1, len(p.tokens))
            # "get more expensive when the yen becomes weak": not across a clause
            if p.tokens[k] == BREAK or p.tokens[k] in _SUBORDINATORS
        ),
        len(p.tokens),
    )
    for k in range(i + 1, min(end, i + 13)):
        if p.surface[k] == "little" and p.surface[k - 1] in {"so", "too", "very", "only"}:
            return True  # "growing so little": a weak rise ("grew a little" is a rise)
        if p.surface[k] in _SLOW_PACE:
            return k <= i + 3 or not any(
                _dir_word(p.tokens[j]) is not None for j in range(i + 1, k)
            )
    return False


_TRANSITIONS = frozenset({"go", "flip", "swing", "turn", "move", "shift", "switch", "slip"})


def _starting_state(p: Parsed, i: int, start: int) -> bool:
    """Is the word at ``i`` inside the "from" phrase of a transition ("went from this huge
    surplus powerhouse to deficits") that the phrase at ``start`` ends: it sizes the state
    the movement started from, not the movement?"""
    for f in range(i - 1, max(0, i - 4), -1):
        if p.tokens[f] == BREAK:
            return False
        if p.tokens[f] == "from":
            return p.tokens[f - 1] in _TRANSITIONS and BREAK not in p.tokens[f:start]
    return False


def _direction(p: Parsed, m: Mention) -> int | None:
    """The change of the mentioned variable: the nearest direction word it owns, read
    against the label's polarity; else the movement the label itself names; else a
    state word ("stuck in deficit") for a neutral label."""
    best: tuple[int, int] | None = None
    best_at = -1
    own = set(_name_tokens(m.text, p.proper))
    if (
        m.start > 0
        and (p.tokens[m.start - 1] in _CESSATION or p.surface[m.start - 1] in _FINISHED)
        and _gerund(p, m.start)
    ) or (m.start > 1 and p.tokens[m.start - 2 : m.start] == ["cease", "to"]):
        # "quits buying Treasuries", "stopped importing LNG", "ceases to roll over its
        # Treasuries": the named activity ends
        return -m.polarity
    units = _currency_units(p, m)
    if units is not None:
        return units * m.polarity
    if (
        m.polarity > 0
        and m.kind == "variable"
        and m.end < len(p.tokens)
        and p.tokens[m.end] in _STATE
        and _key_part(m.target, 2).endswith("Balance")
        and not _negated(p, m)
    ):
        # "in a big trade hole": the state word on the balance's name says where it
        # stands; a size word before the name grades that state, not the balance
        return _STATE[p.tokens[m.end]]
    if _sold_by_holders(p, m):
        return -m.polarity  # "foreign holders have been heavy sellers of the debt"
    if _hard_time(p, m):
        return -m.polarity  # "such a hard time getting investors to buy its bonds"
    later = _later_state(p, m)
    if later is not None:
        return later
    before = _state_before(p, m)
    if before is not None:
        return before * m.polarity
    asked = _asked_through_pronoun(p, m)
    if asked is not None:
        return asked * m.polarity
    supposed = _supposed_back(p, m)
    if supposed is not None:
        return supposed * m.polarity
    if _beaten(p, m):
        return -m.polarity  # "the yanks get the better of Japan on services"
    standing = _standing_before(p, m)
    held = _standing_after(p, m)
    for i, t in enumerate(p.tokens):
        on_standing = (standing is not None and i < standing and _np_up_to(p, i, standing)) or (
            held is not None and i == held[0]
        )
        if held is not None and held[0] < i < held[1]:
            continue  # "the exports lost the strong position they had": the standing is strong
        if not on_standing and not _owned(p, m, i):
            continue
        if on_standing and "VERB" not in getAllLemmas(p.surface[i]):
            continue  # "its strong hold in chip exports": the standing is strong
        if (
            m.start <= i < m.end
            and t in own
            and not _worse_phrase(p, i)
            and not _idiom_into(p, i, m.start)
        ):
            continue  # a word of the label itself
        if m.start <= i < m.end and t in _QUANTITY_IN_LABEL:
            continue  # "the economy's growth is sluggish": a name of the quantity inside
        if (
            m.implies
            and m.start < i < m.end
            and t in _PARTICLES
            and (p.tokens[i - 1] in own or "VERB" in getAllLemmas(p.surface[i - 1]))
            and t not in own
            and (_PHRASAL.get((p.tokens[i - 1], t)) or _dir_word(t)) == m.polarity
        ):
            continue  # "investors that've been buying up its bonds all pull back": the
            # particle of the name's own verb that says what the name says (buying up is
            # buying), no movement of its own ("walk away from Treasuries" still is one)
        if (
            (i >= m.end or (i + 1 < m.start and set(p.surface[i + 1 : m.start]) & _OF_PHRASE))
            and _quantifies_next(p, i)
            and not _names_item(p, m, p.tokens[i + 1])
        ):
            continue  # "energy efficiency, less LNG", "lost so much ground in chip
            # exports": the quantity of the next noun, not of the phrase
        if _starting_state(p, i, m.start):
            continue  # "went from a huge surplus to deficits": where it started
        if (
            i >= m.end
            and p.tokens[m.end - 1] == "along"
            and p.surface[i] in _SLOW_PACE
            and set(p.surface[m.end : i]) <= {"so", "too", "very", "really", "pretty", "quite"}
        ):
            continue  # "the economy plodding along so sluggish": the pace of the crawl
        sign = _word_sign(p, m, i)
        if sign is None:
            continue
        if i < m.start and t in _ENDING and _object_of(p, i) == m.start:
            state = next(
                (
                    _dir_word(p.tokens[j])
                    for j in range(max(i + 1, m.start - 4), m.start)
                    if _attributive_under_verb(p, m, j)
                ),
                None,
            )
            if state is not None:
                sign = -state  # "stops with the super low rates": out of that state
        if t in _PACE and i >= m.end:
            moving = _movement_noun(p, m)
            if moving is not None:
                sign = moving  # "the decline in the population accelerates": more decline
        if _attributive_under_verb(p, m, i):
            continue  # "restarts its shut-down plants": the verb moves them, the
            # adjective says where they stood
        if _reduced_relative(p, m, i):
            continue  # "exports shipped directly from Japan weakened": the clause's verb
        if (
            i >= m.end
            and _participle_after_object(p, m, i)
            and not _particle_of_object(p, i, m)
            and not _object_complement(p, m, i)
        ):
            continue  # "restarts the plants shut after Fukushima": a clause of the
            # phrase's past; the verb before it moves it
        if _of_another_noun(p, i):
            continue  # "isn't China a huge customer": the adjective is the customer's
        if any(i <= k < m.start or m.end <= k < i for k in p.stops):
            continue  # a sentence of its own ("Hotels are cheap. Why is tourism booming?")
        if (
            m.implies
            and _clause_break(p, min(i, m.end), max(i, m.start))
            and not _refers_back(p, i)  # "… what's behind the swing into deficit?"
        ):
            continue  # a name of its movement keeps it against another clause's word
            # ("why is tourism booming - because it's gone cheap with the yen?")
        if (
            i > m.end
            and _clause_break(p, m.end, i)
            and p.surface[i].endswith(("ing", "in"))
            and i + 1 < len(p.tokens)
            and p.tokens[i + 1] != BREAK
            and p.surface[i + 1] not in _FUNCTION_WORDS
            and ("NOUN" in (rd := getAllLemmas(p.surface[i + 1])) or not rd)
            and not any(g[0].start == i + 1 for g in p.mentions)
            and _dir_word(p.tokens[i + 1]) is None
            and _own_subject(p, i)
        ):
            continue  # "… monster surpluses, guys were smashin Toyotas": a verb of another
            # clause with an object of its own moves that object
        if t in ("bad", "badly") and _wanted_badly(p, i):
            continue  # "everybody wanna hold Treasuries so bad": how much they want it
        if i > m.end and _asks_who(p, m.end, i):
            continue  # "what if the Fed pushes rates up, who gets hurt?": the word moves
            # whoever the question asks about, not the shock
        if m.implies and i > m.end and p.tokens[m.end] == "and":
            continue  # "investors panic and run away": the second verb is the investors',
            # the name's own movement (a panic) stands
        if i > m.end and _key_part(m.target, 2) in _episodic_items() and _clause_break(p, m.end, i):
            continue  # an episode asked about ("Trade fight, car smashing on TV"): a word
            # of a later clause moves something else
        dist = 0 if m.start <= i < m.end else (i - m.end + 1 if i >= m.end else m.start - i)
        if i >= m.end:
            # a relative clause between is no distance ("growth, which …, was weighed down")
            dist -= _set_off(p, m.end, i)
            rel = _restrictive_relative(p, m)
            if rel is not None and i >= rel[1]:
                dist -= rel[1] - m.end  # "the plants that were shut down … were restarted"
        if i >= m.end and _particle_of_object(p, i, m):
            dist = 0  # "knocks the restarted reactors offline": the verb acts on the phrase
        elif i > m.end and _result_comparative(p, m, i):
            dist = 0  # "the yen squeezed ten big figures stronger": where the move ended
        elif i == m.end and (_worse_phrase(p, i) or _better_phrase(p, i)):
            dist = 0  # "another big confidence hit": the phrase's own evaluation
        elif i >= m.end and _object_complement(p, m, i):
            dist = -1  # "pulls the supply chains ever deeper", "pushes the yen lower": the
            # verb's object ends up so, whichever way the verb alone would read
        elif i < m.start and _attributive(p, i, m):
            dist = 1  # "higher U.S. bond yields would help …": the adjective on the phrase
            if t in _DEGREE and _names_state(m):
                dist = 6  # "Japan's huge trade surplus … shrinking": a size word tells
                # how big the state is; a verb of the phrase says how it moved
        elif i < m.start and _object_of(p, i) != m.start:
            dist += 1  # prefer words after the phrase ("the deficit widened")
            if BREAK in p.tokens[i : m.start]:
                dist += 1  # more so across a clause ("when the money goes down, the deficit
                # first becomes worse")
                if set(p.surface[i : m.start]) & _QUESTION_WORDS:
                    dist += 3  # "Fuel's paradise lost: why did the LNG bill go through the
                    # roof?": a headline before the question, not its verb
        elif i < m.start:
            dist = 0  # the verb whose object the phrase is ("ditches its loose policy and
            # hikes": the policy is ditched, whatever follows it)
        if on_standing:
            dist = 0  # "losing its hold in chip exports": the verb moves the exports
        if dist > 8:
            continue
        if best is None or dist < best[0]:
            best = (dist, sign)
            best_at = i
    if best is not None:
        if (
            m.polarity < 0
            and _item_of(m.target) in _TWO_SIDED_ITEMS
            and (
                _NEGATIONS & set(p.surface[max(0, best_at - 3) : best_at])
                or (best_at >= m.end and _negated(p, m))  # "why won't the deficit close?"
            )
        ):
            # "why does the US trade deficit never close up?": a movement denied leaves
            # the deficit where it stands, no surplus
            return m.polarity
        if p.surface[best_at] in _COST_WORDS and _activity(p, m):
            return -best[1] * m.polarity  # "making stuff abroad gets cheaper": more of it
        return best[1] * m.polarity
    grown = _growth_of(p, m)
    if grown:
        return grown * m.polarity  # "what lies behind the growth in Japan's imports?"
    level = _intensified_amount(p, m)
    if level is not None:
        return level * m.polarity
    if _becomes(p, m):
        return m.polarity  # "Japan gets mad efficient with energy": more of it
    if m.implies:
        # a name that opens with a verb of its movement, negated ("no longer buys
        # Treasuries", "not holding bonds"): that movement stops
        if _negated_verb(p, m):
            return -m.polarity
        rises = any(_dir_word(t) == 1 for t in p.tokens[m.start : m.end])
        if rises and _slow_pace_after(p, m.end - 1):
            return -m.polarity  # "the economy growing so slowly": a weak rise
        if rises and any(
            _strained(p, k) for k in range(m.start, m.end) if _dir_word(p.tokens[k]) == 1
        ):
            return -m.polarity  # "the economy battling to grow": a rise that hardly comes
        if rises and _FAINT & set(p.surface[max(0, m.start - 2) : m.end]):
            return -m.polarity  # "Japan's economy barely growing": a rise of next to nothing
        if (
            _dir_word(p.tokens[m.end - 1]) is not None
            and "VERB" in getAllLemmas(p.surface[m.end - 1])
            and _negated(p, m)
        ):
            # the name's own verb after its subject, under a negated auxiliary ("why can't
            # Japan's economy seem to grow"): the movement is denied
            return -m.polarity
        return m.polarity
    if _under(p, m):
        return m.polarity  # "come under acute financial stress", "get in trouble"
    asked = _bare_question_sign(p, m)
    if asked is not None:
        return asked * m.polarity
    back = _pronoun_sign(p, m)
    if back is not None:
        return back * m.polarity
    inside_any = {i for g in p.mentions for i in range(g[0].start, g[0].end)}
    # a state word right after another phrase is that phrase's ("goods side surplus but
    # services side negative")
    after_other = {g[0].end for g in p.mentions if g and g[0].start != m.start}
    for i, t in enumerate(p.tokens):
        if _concessive(p, m):
            break  # "still negative despite the tourist bonanza": not the bonanza's state
        if i in after_other:
            continue
        if (
            t in _STATE
            and i not in inside_any
            and m.polarity > 0
            # a deficit or surplus is a balance's ("… so resilient even with all these
            # deficits": no state of the demand for bonds), unless the quantity is said to
            # be in it ("short on workers", read "in deficit on workers")
            and (
                t not in ("deficit", "surplus")
                or _item_of(m.target) in _TWO_SIDED_ITEMS
                or (i > 0 and p.tokens[i - 1] in _STATE_PREPOSITIONS)
            )
            and not _role(p, i)
            # "Brent and LNG gap 30% higher": the verb of a phrasal verb, no state
            and not any(
                _phrasal(p, k) == (t, p.tokens[k]) for k in range(i + 1, min(i + 4, len(p.tokens)))
            )
        ):
            lo, hi = (i, m.start) if i < m.start else (m.end, i)
            if _opens_clause(p, lo, hi):
                continue  # "a surplus with the U.S. when in deficit with everyone else"
            if (
                _clause_break(p, lo, hi)
                and not _refers_back(p, i)
                and not (
                    i >= m.end
                    and p.tokens[m.end : i].count(BREAK) == 1
                    and all(t == BREAK or _bare_state_filler(t) for t in p.tokens[m.end : i])
                )
                and not _appositive_state(p, m, i)
            ):
                continue  # "Japan's in deficit with its suppliers, so why a surplus …"
            return _STATE[t]
    if (
        _negated_verb(p, m)
        and _key_part(m.target, 2) not in _TWO_SIDED_ITEMS
        # a negated verb, not a denied noun ("why no export offset?")
        and not {"no", "nobody", "without"} & set(p.surface[max(0, m.start - 3) : m.start])
    ):
        return -m.polarity  # "why ain't folks spending like they used to": less of it
    if (
        m.end - m.start == 1
        and m.start > 0
        and p.surface[m.start - 1] in {"not", "no", "never"}
        and "ADJ" in getAllLemmas(p.surface[m.start])
        and _key_part(m.target, 2) not in _TWO_SIDED_ITEMS
    ):
        return -m.polarity  # "investors not confident anymore": less of the confidence
    return None


_AMOUNTS = {"many": 1, "much": 1, "few": -1, "little": -1}
# prepositions after a quantified noun that make it another noun than the phrase's head
_OF_PHRASE = {"in", "of", "on", "for"}
_INTENSIFIERS = {"so", "such", "too", "that"}


_TWO_SIDED_ITEMS = frozenset(
    {"goodsBalance", "servicesBalance", "currentAccount", "primaryIncome", "secondaryIncome"}
)


def _intensified_amount(p: Parsed, m: Mention) -> int | None:
    """ "so many Treasuries", "so few workers", "so much LNG": an amount the question
    marks as remarkable right before the phrase (past determiners and economies' names)
    is its level, high or low."""
    named = {pos for pos, _code in p.economy_at}
    k = m.end
    if (
        k + 1 < len(p.tokens)
        and p.surface[k] in _INTENSIFIERS | {"very", "only"}
        and p.surface[k + 1] == "little"
        and "VERB" in getAllLemmas(p.surface[m.end - 1])
    ):
        return -1  # "households spend so little (more each year)": little of the activity
    k = m.start - 1
    while k >= 0 and (p.tokens[k] in _DETERMINERS or k in named):
        k -= 1
    if k >= 1 and p.surface[k] in _AMOUNTS and p.surface[k - 1] in _INTENSIFIERS:
        return _AMOUNTS[p.surface[k]]
    # "why is there always such an appetite for Treasuries": a remarkable amount of a
    # one-sided quantity is a large one (a balance's "such a deficit" says its state)
    k = m.start - 1
    while k >= 0 and k in named:
        k -= 1
    if k >= 2 and p.surface[k] == "for":
        # "such an appetite for Treasuries", "such a mighty appetite out there for bonds"
        j = k - 2
        while j > 0 and k - j < 6 and p.surface[j] not in ("a", "an") and p.tokens[j] != BREAK:
            j -= 1
        k = j
    if (
        k >= 1
        and p.surface[k] in ("a", "an")
        and p.surface[k - 1] == "such"
        and _item_of(m.target) not in _TWO_SIDED_ITEMS
    ):
        return 1
    # "why is Japan importing (a) lot of components": asked why, a large amount
    if p.intent == "why" and _item_of(m.target) not in _TWO_SIDED_ITEMS:
        for k in range(max(1, m.start - 3), m.end - 1):
            if p.surface[k : k + 2] in (["lot", "of"], ["lots", "of"], ["plenty", "of"]):
                return 1
    return None


# prepositions from a noun of standing to what it stands in ("its crown as the reserve
# currency", "its grip on the chip trade")
_STANDING_PREPOSITIONS = frozenset({"in", "on", "over", "of", "at", "as"})


def _standing_before(p: Parsed, m: Mention) -> int | None:
    """The position of a noun of standing whose preposition leads to the phrase ("its
    strong hold in semiconductor exports", "its grip on the chip trade"), or None."""
    k = m.start - 1
    # determiners, and a name coordinated before the phrase ("in electronics and
    # semiconductor exports")
    while k >= max(0, m.start - 5) and p.tokens[k] not in _STANDING_PREPOSITIONS:
        if p.tokens[k] == BREAK or "VERB" in getAllLemmas(p.surface[k]):
            return None
        k -= 1
    if k < 1 or p.tokens[k] not in _STANDING_PREPOSITIONS:
        return None
    return k - 1 if p.tokens[k - 1] in _STANDING else None


_BEATING = frozenset(_words("beating"))


def _beaten(p: Parsed, m: Mention) -> bool:
    """Is the phrase what an economy is beaten on ("the yanks get the better of Japan on
    services", "Korea outsells Japan in chips")? Then that economy's quantity falls."""
    k = m.start - 1
    if k < 2 or p.tokens[k] not in {"on", "in", "at"}:
        return False
    named = {i for i, _code in p.economy_at}
    e = next((e for e in range(k - 1, max(-1, k - 4), -1) if e in named), None)
    if e is None or BREAK in p.tokens[e:k]:
        return False
    j = e - 1
    if j >= 0 and p.tokens[j] == "the" and e + 1 < k:
        return False  # "beat the US dollar on …": a phrase of its own
    if j >= 3 and p.tokens[j - 2 : j + 1] == ["the", "better", "of"]:
        return p.tokens[j - 3] in {"get", "have"}
    return j >= 0 and p.tokens[j] in _BEATING


def _standing_after(p: Parsed, m: Mention) -> tuple[int, int] | None:
    """The verb right after the phrase and the noun of standing it takes as its object
    ("the electronics exports lost the strong position they had", "chips lose their
    crown"), or None: the verb moves the phrase's own standing."""
    for i in range(m.end, min(m.end + 3, len(p.tokens))):
        if p.tokens[i] == BREAK or p.tokens[i] in _STANDING:
            return None
        if "VERB" not in getAllLemmas(p.surface[i]) or p.tokens[i] in _AUXILIARIES:
            continue
        k = next(
            (k for k in range(i + 1, min(i + 5, len(p.tokens))) if p.tokens[k] in _STANDING), None
        )
        return (i, k) if k is not None and _np_up_to(p, i, k) else None
    return None


def _np_up_to(p: Parsed, i: int, k: int) -> bool:
    """Are the words between ``i`` and ``k`` only determiners and adjectives (one noun
    phrase ending at ``k``)?"""
    return all(
        p.tokens[j] in _DETERMINERS
        or p.surface[j].endswith("'s")
        or ("ADJ" in (lem := getAllLemmas(p.surface[j])) and "VERB" not in lem)
        or p.tokens[j] in ("once", "earlier", "former", "old", "long")
        for j in range(i + 1, k)
    )


def _wanted_badly(p: Parsed, i: int) -> bool:
    """Is "bad(ly)" at ``i`` how much a verb of wanting before it wants ("wanna hold
    Treasuries so bad"), in the same clause, with no question opening between ("I want to
    know why the deficit is so bad" is a verdict)?"""
    for k in range(i - 1, max(-1, i - 9), -1):
        if p.tokens[k] == BREAK or p.tokens[k] in _QUESTION_WORDS:
            return False
        if p.tokens[k] in _WANTING:
            return True
    return False


def _grades_state(p: Parsed, i: int) -> bool:
    """Does a state phrase follow the word at ``i`` ("heavily in the red", "deep into
    deficit")?"""
    k = i + 1
    if k >= len(p.tokens) or p.tokens[k] not in _STATE_PREPOSITIONS:
        return False
    k += 1
    while k < len(p.tokens) and p.tokens[k] in _DETERMINERS:
        k += 1
    return k < len(p.tokens) and p.tokens[k] in _STATE


def _asks_who(p: Parsed, lo: int, hi: int) -> bool:
    """A clause between lo and hi opens with "who" as its subject ("…, who gets
    battered?"): the words after it are about whoever is asked for."""
    cut = max((k for k in range(lo, hi) if p.tokens[k] == BREAK), default=None)
    return cut is not None and p.tokens[cut + 1 : cut + 2] == ["who"]


def _clause_break(p: Parsed, lo: int, hi: int) -> bool:
    """Is there a break between tokens ``lo`` and ``hi`` other than one that opens a
    relative clause on the phrase ("the services balance, which showed a deficit")?"""
    asides = _asides(p)
    return any(
        p.tokens[k] == BREAK
        and (k + 1 >= len(p.tokens) or p.tokens[k + 1] not in _RELATIVE)
        and not _list_comma(p, k)
        and k not in asides
        for k in range(lo, hi)
    )


def _asides(p: Parsed) -> frozenset[int]:
    """The two breaks around an aside that a coordinated auxiliary opens ("the balance
    is, and has been for years, so negative"): the clause runs on past them to the
    complement of the verb before."""
    out: set[int] = set()
    for k, t in enumerate(p.tokens[:-2]):
        if not (
            t == BREAK
            and k > 0
            and p.tokens[k + 1] in ("and", "or")
            and p.tokens[k + 2] in {"have", "be", "remain", "stay", "will"}
        ):
            continue
        close = next(
            (j for j in range(k + 2, min(k + 12, len(p.tokens))) if p.tokens[j] == BREAK), None
        )
        if (
            close is not None
            and close + 1 < len(p.tokens)
            and {"be", "have", "remain", "stay"} & set(p.tokens[k + 2 : close])
        ):
            out |= {k, close}
    return frozenset(out)


def _list_comma(p: Parsed, k: int) -> bool:
    """Is the break at ``k`` a comma of a list of nouns ("software, platforms and IP
    licensing"): "and" / "or" within four words after it, no direction word, break or
    question word before that?"""
    for j in range(k + 1, min(k + 6, len(p.tokens))):
        t = p.tokens[j]
        if t in ("and", "or"):
            return j > k + 1
        if t == BREAK or t in _QUESTION_WORDS or _dir_word(t) is not None:
            return False
        if "NOUN" not in getAllLemmas(p.surface[j]) and t not in _STOP:
            return False
    return False


_RELATIVE = {"which", "who", "whose"}
# "this stubborn deficit", "the swing into deficit": the state of a phrase named before
_BACK_OR_CHANGE = {"this", "that", "such", "into"}


def _refers_back(p: Parsed, i: int) -> bool:
    """Does the state or direction word at ``i`` speak of a phrase before a break: a
    demonstrative or "into" within three words before it, in its clause?"""
    for k in range(i - 1, max(-1, i - 4), -1):
        if p.tokens[k] == BREAK:
            return False
        if p.tokens[k] in _BACK_OR_CHANGE:
            return True
    return False


def _particle_of_object(p: Parsed, i: int, m: Mention) -> bool:
    """Is token ``i`` the particle of a separable phrasal verb whose object is the phrase
    ("knock the reactors offline", "switch the plants back on")?"""
    if i - m.end > 2:
        return False
    return any(
        (p.tokens[j], p.tokens[i]) in _SEPARABLE and BREAK not in p.tokens[j:i]
        for j in range(m.start - 1, max(-1, m.start - 6), -1)
    )


def _by_item_word(p: Parsed, group: list[Mention]) -> list[Mention]:
    """The members of a group whose quantity a word just after the phrase names
    ("agricultural exporters are getting more access": market access, not exports), or
    the whole group."""
    if len(group) < 2 or len({_key_part(m.target, 2) for m in group}) < 2:
        return group
    after = p.tokens[group[0].end : group[0].end + 4]
    if BREAK in after:
        after = after[: after.index(BREAK)]
    kept = [
        m
        for m in group
        if any(
            w in after
            for w in _item_words(_key_part(m.target, 2))
            - {w.lower() for w in re.findall(r"[a-z]+", m.text.lower())}
        )
    ]
    return kept or group


def _item_words(item: str) -> set[str]:
    """The lower-cased words of an item's camelCase name ("marketAccess": market, access)."""
    return {w.lower() for w in re.findall(r"[A-Z]?[a-z]+", item)}


def _names_item(p: Parsed, m: Mention, word: str) -> bool:
    """Is ``word`` a word of the name of the quantity the phrase may name ("access" of
    marketAccess: "farmers get more access" is more of that access)?"""
    items = {_key_part(x.target, 2) for g in p.mentions if m in g for x in g}
    return any(word in _item_words(it) for it in items)


def _quantifies_next(p: Parsed, i: int) -> bool:
    """Is the word at ``i`` a quantity word on the noun right after it ("less LNG")?"""
    if p.tokens[i] not in _QUANTIFIERS or i + 1 >= len(p.tokens):
        return False
    nxt = p.tokens[i + 1]
    # "exporting less stuff": fewer exports; "spending more money": more spending
    return nxt not in {"stuff", "thing", "money", "cash"} and not (
        nxt == BREAK
        or p.surface[i + 1] in _FUNCTION_WORDS
        or _dir_word(nxt) is not None
        or nxt in _BETTER | _WORSE
        or _adverb(p.surface[i + 1])
        or p.surface[i + 1] in _ROUTE_ADVERBS  # "exporting less straight from Japan"
    )


def _attributive(p: Parsed, i: int, m: Mention) -> bool:
    """Is the direction word at ``i`` an adjective on the phrase, with at most a
    determiner or an economy's name between ("higher U.S. bond yields", "the weaker
    Japanese yen")?"""
    if _dir_word(p.tokens[i]) is None or i + 1 > m.start:
        return False
    w = p.surface[i]
    readings = getAllLemmas(w)
    if readings and "ADJ" not in readings and "VERB" in readings and not w.endswith(("ing", "ed")):
        return False  # "Fed hiking drain capital": a bare verb on its object, no adjective
    named = {pos for pos, _c in p.economy_at}
    between = range(i + 1, m.start)
    return len(between) <= 2 and all(k in named or p.tokens[k] in _DETERMINERS for k in between)


def _role(p: Parsed, i: int) -> bool:
    """Is the state word at ``i`` a kind of economy ("deficit nations")?"""
    return i + 1 < len(p.tokens) and p.tokens[i + 1] in _GENERIC_NOUNS


def _existential(p: Parsed, m: Mention) -> bool:
    """Does "there is / was / are" introduce the phrase ("why was there so much trade
    friction")?"""
    before = p.surface[max(0, m.start - 4) : m.start]
    return "there" in before and any(
        w in ("is", "was", "are", "were", "be") for w in p.surface[max(0, m.start - 5) : m.start]
    )


# "Germany is done buying US debt": the activity is over, as after "stop"
_FINISHED = frozenset({"done", "finished", "through"})


_HARD = frozenset({"hard", "tough", "difficult", "rough"})


# verbs of asking or knowing after "want to", "need to": the asker's wish
_ASKING = frozenset({"ask", "know", "understand", "see", "learn", "find", "hear", "check"})


def _hard_time(p: Parsed, m: Mention) -> bool:
    """Does "a hard (tough, difficult) time" stand before the phrase in its clause, the
    activity it names being what comes hard ("Argentina had such a hard time getting
    foreign investors to buy its bonds")?"""
    lo = max(0, m.start - 7)
    for k in range(lo, m.start - 1):
        if p.surface[k] in _HARD and p.tokens[k + 1] == "time":
            return BREAK not in p.tokens[k : m.start] and not _negated_at(p, k)
    return False


def _sold_by_holders(p: Parsed, m: Mention) -> bool:
    """Are the holders or buyers the phrase names called sellers right after it, in its
    clause ("foreign holders have been heavy sellers of Argentine debt")? Then their
    demand for the bonds falls, whatever size word grades the selling."""
    if _item_of(m.target) != "foreignBondDemand" or m.implies:
        return False
    own = set(_name_tokens(m.text, p.proper))
    for k in range(m.start, min(m.end + 5, len(p.tokens))):
        if p.tokens[k] == BREAK:
            return False
        if p.tokens[k] in ("seller", "sell") and p.tokens[k] not in own and not _negated_at(p, k):
            return True  # after the name, or inside its match ("holders … sellers of bonds",
            # "foreign holders have been selling the bonds")
    return False


def _state_before(p: Parsed, m: Mention) -> int | None:
    """The state word a neutral balance's name is the complement of ("such a big deficit
    in the trade", "a minus in the trade with Australia", "a surplus on services"): the
    balance stands there, whatever size word grades the state."""
    if m.polarity < 0 or _item_of(m.target) not in _TWO_SIDED_ITEMS or _names_state(m):
        return None
    named = {pos for pos, _code in p.economy_at}
    k = m.start - 1
    while k >= 0 and (p.tokens[k] in _DETERMINERS or k in named):
        k -= 1
    if k < 1 or p.tokens[k] not in ("in", "on", "of"):
        return None
    k -= 1
    inside = {i for g in p.mentions for x in g[:1] for i in range(x.start, x.end)}
    if p.tokens[k] in _STATE and k not in inside and not _negated_at(p, k):
        return _STATE[p.tokens[k]]
    return None


def _negated_at(p: Parsed, k: int) -> bool:
    """Is the word at ``k`` negated within the three words before it ("no deficit")?"""
    return bool(_NEGATIONS & set(p.surface[max(0, k - 3) : k]))


# words that turn a clause against the one before it in time or in fact ("…, and then
# from 2021 they're in the red", "…, but now it's in deficit")
_TURNING = frozenset({"but", "then", "now", "yet", "nowadays", "lately", "recently", "today"})


def _later_state(p: Parsed, m: Mention) -> int | None:
    """The state a later clause gives a balance named in a state before it: "they were
    always the crowd with the big trade surplus, and then from 2021 they're in the red
    every year" moves the balance from surplus into the red (down). The later clause is
    turned against the first ("but", "then", "now"), holds a state word no phrase owns,
    names no other economy and no partner ("… but in deficit with everyone else"); its
    state must differ from the one the name says."""
    if _item_of(m.target) not in _TWO_SIDED_ITEMS:
        return None
    named = {_STATE[t] for t in _tokens(m.text) if t in _STATE}
    if m.polarity < 0:
        named = {-1}
    if len(named) != 1:
        return None
    item = _item_of(m.target)
    # a later name of the same balance in its state ("… and then boom, four years of
    # trade deficits") says that state as a bare state word would
    same = [
        g[0] for g in p.mentions if g and g[0].start > m.start and _item_of(g[0].target) == item
    ]
    inside = {i for g in p.mentions for x in g[:1] if x not in same for i in range(x.start, x.end)}
    own_economies = {code for pos, code in p.economy_at if pos < m.start}
    for i in range(m.end + 1, len(p.tokens)):
        t = p.tokens[i]
        if t in _QUESTION_WORDS or i in p.ends:
            return None
        if t not in _STATE or i in inside or _role(p, i):
            continue
        between = p.tokens[m.end : i]
        if BREAK not in between or not _TURNING & set(between[between.index(BREAK) :]):
            return None
        lo = m.end + between.index(BREAK)
        if any(lo <= g[0].start < i for g in p.mentions if g and g[0] not in same):
            return None
        if any(lo <= pos and code not in own_economies for pos, code in p.economy_at):
            return None
        if set(p.surface[i + 1 : i + 3]) & {"with", "against", "to", "versus", "vs"}:
            return None
        said = _STATE[t]
        return said * m.polarity if said not in named else None
    return None


def _names_state(m: Mention) -> bool:
    """Does the name itself say which way its quantity stands? An inverse label
    ("deficit", "weak yen"), a label naming a movement ("rate hikes") or a state word
    ("surplus") does; a neutral name ("trade balance", "the yen") does not."""
    return m.polarity < 0 or bool(m.implies) or bool(set(_tokens(m.text)) & set(_STATE))


def _explicit(p: Parsed, m: Mention) -> bool:
    """Does a direction word (not a state word) own this mention?"""
    own = set(_name_tokens(m.text, p.proper))
    return bool(m.implies) or any(
        _owned(p, m, i)
        and not (
            m.start <= i < m.end
            and t in own
            and not _worse_phrase(p, i)
            and not _idiom_into(p, i, m.start)
        )
        and _word_sign(p, m, i) is not None
        for i, t in enumerate(p.tokens)
    )


def _pick(
    proj: Projection,
    group: list[Mention],
    economies: list[str],
    economy_at: list[tuple[int, str]] | None = None,
    partners: list[str] | None = None,
    sources: list[str] | tuple[str, ...] = (),
    far: frozenset[str] | set[str] = frozenset(),
    tokens: list[str] | None = None,
) -> list[Mention]:
    """Candidates of one phrase, narrowed by the economies named in the question (the one
    named nearest the phrase first: "US Treasury yields … if China …" is the U.S.; one named
    after a counterpart's preposition last: "Japan makes a killing off the Americans on
    trade" is Japan's trade).
    ``sources``: the economies the phrase's flow comes from or goes to ("imports from
    China"): its counterparts, never its economy."""
    nodes = proj.graph.nodes
    cands = group

    toks: list[str] = tokens or []

    def counterpart_at(pos: int) -> bool:
        if not toks:
            return False  # no words given: nearness alone decides
        k = pos - 1
        while k >= 0 and toks[k] in _DETERMINERS:
            k -= 1
        if k < 0:
            return False
        if toks[k] == "and":
            # "between Japan and America": the second of the pair is the counterpart
            return "between" in toks[max(0, k - 4) : k]
        # "Japan sells America a lot of stuff": the buyer a seller sells to
        return toks[k] in _COUNTERPART_PREPOSITIONS or toks[k] in _SELLING

    if sources:
        flows = [
            m
            for m in cands
            if nodes[m.target].get("counterpart") in sources
            and nodes[m.target].get("economy") not in sources
        ]
        if not flows:
            # no such phrase names the flow with that partner; the graph may still hold it
            # for one product only ("imports from China": of intermediate goods)
            flows = [
                replace(m, target=n)
                for m in cands
                if nodes[m.target].get("product") == "total"
                for n, d in proj.graph.nodes(data=True)
                if d.get("kind") == "variable"
                and d.get("item") == nodes[m.target].get("item")
                and d.get("measure") == nodes[m.target].get("measure")
                and d.get("economy") == nodes[m.target].get("economy")
                and d.get("counterpart") in sources
            ]
        common = set.intersection(
            *(
                {
                    nodes[m.target].get("product")
                    for m in flows
                    if nodes[m.target].get("counterpart") == c
                }
                for c in sources
            )
        )
        if common:  # "from China and ASEAN": what all of them supply
            flows = [m for m in flows if nodes[m.target].get("product") in common]
        others = [e for e in economies if e not in sources]
        if others:  # "Germany's exports to the U.S.": Germany's, whatever the graph holds
            flows = [m for m in flows if nodes[m.target].get("economy") in others]
        if flows:
            cands = flows
            economies = others
            economy_at = [(pos, c) for pos, c in economy_at or [] if c not in sources]
    if economies:
        named = [
            m
            for m in cands
            if nodes[m.target].get("economy") in economies or nodes[m.target].get("kind") == "event"
        ]
        if named:
            cands = named
            with_cp = [
                m
                for m in cands
                if nodes[m.target].get("counterpart")
                in (economies if partners is None else partners)
                and nodes[m.target].get("counterpart") != nodes[m.target].get("economy")
                # ``far``: partners named only behind another phrase, never the
                # economy of a bilateral reading either
                and nodes[m.target].get("economy") not in far
            ]
            cands = (
                with_cp
                or [m for m in cands if nodes[m.target].get("counterpart") in ("WLD", None)]
                or cands
            )
    else:
        world = [m for m in cands if nodes[m.target].get("counterpart") in ("WLD", None)]
        cands = world or cands
    # the most general measure of what was named: total product, value
    best = max(m.length for m in cands)
    cands = [m for m in cands if m.length == best]
    if economy_at and len({nodes[m.target].get("economy") for m in cands}) > 1:

        def of_phrase(m: Mention, pos: int) -> bool:
            """Is the economy at ``pos`` the phrase's own by "of" ("the electronics
            exports of Japan"), or where it flows from or in ("money runs away from
            emerging markets", "capital in Turkey")?"""
            k = m.end
            if k >= len(toks) or not (
                toks[k] == "of"
                or (toks[k] in ("from", "in", "into") and _item_of(m.target) == "capitalInflows")
            ):
                return False
            k += 1
            while k < len(toks) and toks[k] in _DETERMINERS:
                k += 1
            return k == pos

        order = sorted(pos for pos, _c in economy_at)

        def head(pos: int) -> int:
            """The first of the economies coordinated with the one at ``pos`` ("Korea and
            Taiwan export more chips": Korea's)."""
            k = order.index(pos)
            while k > 0:
                between = toks[order[k - 1] + 1 : order[k]]
                if not (
                    0 < len(between) <= 3
                    and set(between) & {"and", "or", "&", "/"}
                    # "Argentina, and Turkey too": a comma before the conjunction
                    and set(between) <= {"and", "or", "&", "/", "the", BREAK}
                    # a partner list ("sells to America and China"), not the subject
                    and toks[order[k - 1] - 1 : order[k - 1]] not in _PARTNER_BEFORE
                ):
                    break
                k -= 1
            return order[k]

        def nearest(m: Mention) -> float:
            eco = nodes[m.target].get("economy")
            return min(
                (
                    (
                        0
                        if of_phrase(m, pos)
                        else m.start - head(pos) + (pos - head(pos)) / 100
                        if pos < m.start
                        else 100 + pos - m.start
                    )
                    + (50 if counterpart_at(pos) else 0)
                    for pos, code in economy_at
                    if code == eco
                ),
                default=999,
            )

        best_d = min(nearest(m) for m in cands)
        if sum(1 for m in cands if nearest(m) == best_d) < len(cands):
            cands = [m for m in cands if nearest(m) == best_d]
    seen: dict[str, Mention] = {}
    for m in cands:
        seen.setdefault(m.target, m)
    return list(seen.values())


# prepositions before an economy that make it a partner, not a subject
_PARTNER_BEFORE = [[w] for w in ("to", "from", "with", "against", "into")]
# prepositions before a counterpart ("a killing off the Americans", "a surplus with the US")
_COUNTERPART_PREPOSITIONS = frozenset({"off", "with", "against", "versus", "vs"})
_FLOW_ITEMS = frozenset({"imports", "exports", "servicesImports", "servicesExports"})
_BALANCE_ITEMS = frozenset({"goodsBalance", "servicesBalance"})


def _near_partners(p: Parsed, group: list[Mention]) -> list[str]:
    """The partner economies a phrase may be bilateral with: those named before it, or
    after it where no other phrase stands between ("exports fell as firms moved
    production to China": China is where production went, not where the exports go)."""
    if not group:
        return list(p.partners)
    lo, hi = group[0].start, group[0].end
    items = {_item_of(m.target) for m in group}
    # a phrase of the same item between does not block ("a surplus with the U.S., yet its
    # services account … this asymmetry on the services side")
    others = [
        g[0]
        for g in p.mentions
        if g and g[0].start != lo and not items & {_item_of(m.target) for m in g}
    ]

    def blocked(pos: int) -> bool:
        # only after the phrase: an economy named before it owns what follows ("Japan
        # enjoys a surplus with the U.S., yet its services account …")
        return pos >= hi and any(hi <= o.start and o.end <= pos for o in others)

    return [
        c for c in p.partners if not all(blocked(pos) for pos, code in p.economy_at if code == c)
    ]


def _flow_partners(p: Parsed, group: list[Mention]) -> list[str]:
    """The economies a flow phrase names as where it comes from or goes to: "imports from
    China and ASEAN", "exports to the U.S.", within two words after the phrase."""
    if not group:
        return []
    end = group[0].end
    items = {_item_of(m.target) for m in group}
    # the preposition that names the partner of the flow the phrase's last word names
    # ("visitors to Japan" come to the exporter: no partner); a balance's partner follows
    # "with" ("a services deficit with the US")
    start = group[0].start
    prep = (
        # the flow's word ends the phrase ("energy imports from") or opens it ("import
        # more components from Vietnam")
        (
            {"import": "from", "export": "to"}.get(p.tokens[end - 1])
            or {"import": "from", "export": "to"}.get(p.tokens[start])
        )
        if items & _FLOW_ITEMS
        else "with"
        if items & _BALANCE_ITEMS
        else None
    )
    if prep is None:
        return []
    at = dict(p.economy_at)
    # the partner stands after the phrase or inside it ("deficits with Australia on food")
    for k in range(start + 1 if prep == "with" else end, min(end + 2, len(p.tokens))):
        if p.tokens[k] != prep:
            continue
        out: list[str] = []
        j = k + 1
        while j < len(p.tokens):
            if p.tokens[j] == "the":
                j += 1
            elif j in at:
                out.append(at[j])
                j += 1
                while j in at or (j < len(p.tokens) and p.tokens[j] in {"'s", "s"}):
                    j += 1  # the rest of a name's words
            elif out and p.tokens[j] in {"and", "or", ","}:
                j += 1
            else:
                break
        return out
    return []


def _counterparts(proj: Projection) -> frozenset[str]:
    """The economies the graph holds as some variable's counterpart (once a projection)."""
    key = ("counterparts",)
    hit = proj.cache.get(key)
    if isinstance(hit, frozenset):
        return hit
    out = frozenset(
        str(d["counterpart"]) for _n, d in proj.graph.nodes(data=True) if d.get("counterpart")
    )
    proj.cache[key] = out
    return out


def _blocs_of(proj: Projection, codes: list[str]) -> list[str]:
    """Partners named by member economies the graph holds no flow with, read as their
    bloc ("components from Vietnam and Thailand": from ASEAN), by the memberships of
    vocab.yaml (background knowledge, Wikidata), where every one named is a member."""
    if not codes or not _counterparts(proj).isdisjoint(codes):
        return codes  # "imports from China": the graph has China as a partner
    economies = load_vocabulary().economies
    blocs = [
        {b for b, e in economies.items() if e.kind == "Bloc" and c in e.members} for c in codes
    ]
    if not codes or any(c in economies and economies[c].kind == "Bloc" for c in codes):
        return codes
    common = set.intersection(*blocs) if all(blocs) else set()
    return sorted(common) or codes


def _candidates(proj: Projection, ms: list[Mention]) -> list[Candidate]:
    return [
        Candidate(iri=m.target, label=proj.label(m.target), kind=m.kind, matched=m.text) for m in ms
    ]


def _suggest(proj: Projection, lex: _Lexicon, question: str) -> list[Candidate]:
    words = " ".join(t for t in _tokens(question) if t not in _STOP and t not in _DIRECTION)
    names = difflib.get_close_matches(words, list(lex.by_label), n=5, cutoff=0.3)
    out: list[Candidate] = []
    for n in names:
        for iri in lex.by_label[n][:2]:
            out.append(
                Candidate(
                    iri=iri,
                    label=proj.label(iri),
                    kind=str(proj.graph.nodes[iri].get("kind")),
                    matched=n,
                )
            )
    return out


Result = WhyResult | WhatIfResult | LoopsResult | PathsResult


def ask(store: Store, question: str, *, limit: int = 10, intent: str | None = None) -> Result:
    """Answer a plain-English question; the resolved structured query is in ``result.query``.

    ``intent`` ("why", "whatif", "loops", "paths") is where the question was sent: a
    question sent to /whatif is a shock whatever its wording ("the yen falls"). Only
    without it is the intent guessed from the wording.

    Unknown or ambiguous terms give a typed result (UNKNOWN_TERM / AMBIGUOUS / NOT_UNDERSTOOD)
    listing candidates; nothing is guessed silently.
    """
    proj = projection(store)
    lex = _lexicon(store, proj)
    p = parse_question(store, question, intent=intent)
    p = _rival_strength(proj, p)
    p = _currency_in_role(proj, p)
    base = ResolvedQuery(
        intent=p.intent,
        period=p.period,
        horizon=p.horizon,  # type: ignore[arg-type]
        question=question,
        economy=p.economies[0] if len(set(p.economies)) == 1 else None,
        assumptions=[f"read {a!r} as {b!r}" for a, b in p.corrections],
    )
    if p.intent == "loops":
        return _ask_loops(store, proj, p, base)
    if not p.mentions:
        cands = _suggest(proj, lex, question)
        msg = "no variable or event of the graph is named in the question"
        if p.intent == "whatif":
            return WhatIfResult(
                result_code=ResultCode.UNKNOWN_TERM, query=base, candidates=cands, message=msg
            )
        return WhyResult(
            result_code=ResultCode.UNKNOWN_TERM, query=base, candidates=cands, message=msg
        )
    picked = []
    for g in p.mentions:
        near = _near_partners(p, g)
        far = set(p.partners) - set(near)
        picked.append(
            _pick(
                proj,
                g,
                p.economies,
                p.economy_at,
                near,
                _blocs_of(proj, _flow_partners(p, g)),
                far,
                p.tokens,
            )
        )
    picked = _merge(p, picked)
    picked, notes = _owned_currencies(store, proj, p, picked)
    picked, buyer_notes = _buyers(proj, p, picked)
    notes += buyer_notes
    if notes:
        base = base.model_copy(update={"assumptions": [*base.assumptions, *notes]})
    if p.intent == "paths" and len(picked) >= 2:
        return _ask_paths(store, proj, p, base, picked)
    if p.intent == "whatif":
        return _ask_whatif(store, proj, p, base, picked, limit)
    return _ask_why(store, proj, p, base, picked, limit)


def _owned_currencies(
    store: Store, proj: Projection, p: Parsed, picked: list[list[Mention]]
) -> tuple[list[list[Mention]], list[str]]:
    """A shared currency name read as the currency of the economy named before it ("the
    Aussie dollar") where the graph holds no variable for that currency: the general
    mechanisms (the role slot's currency) answer for it, and a note says so."""
    nodes = proj.graph.nodes
    out, notes = [], []
    for group in picked:
        owner = p.currency_owner.get(group[0].start) if group else None
        if (
            owner is None
            or any(nodes[m.target].get("economy") == owner for m in group)
            or {nodes[m.target].get("item") for m in group} != {"currencyValue"}
        ):
            out.append(group)
            continue
        slot = _slot_of(proj, group[0].target)
        eco = vocabulary(store).economies.get(owner)
        name = eco.label if eco else owner
        if slot is None:
            out.append(group)
            continue
        out.append([replace(group[0], target=slot)])
        notes.append(
            f"read '{group[0].text}' as the currency of {name}; the graph holds no variable "
            f"for it, so the general mechanisms answer (economy X standing for {name})"
        )
    return out, notes


def _currency_in_role(proj: Projection, p: Parsed) -> Parsed:
    """A currency named as the holder of a role its clause names ("the dollar stopped
    being the world's main reserve currency", "the dollar loses its spot as the reserve
    currency"): the role moves, not the currency's value; the currency's name is no
    phrase of its own."""
    g = proj.graph

    def keyed(grp: list[Mention], item: str) -> set[str]:
        return {
            str(g.nodes[m.target].get("economy"))
            for m in grp
            if m.target in g and g.nodes[m.target].get("item") == item
        }

    drop: set[int] = set()
    for k, grp in enumerate(p.mentions):
        cur = keyed(grp, "currencyValue")
        if not cur:
            continue
        for later in p.mentions[k + 1 :]:
            gap = p.tokens[grp[0].end : later[0].start]
            if len(gap) > 7 or BREAK in gap or set(gap) & _CONJUNCTIONS:
                break
            if cur & keyed(later, "reserveStatus"):
                drop.add(k)
                break
    if not drop:
        return p
    return replace(p, mentions=[grp for k, grp in enumerate(p.mentions) if k not in drop])


# Words of rivals winning ("Korean chipmakers get stronger", "keep beating the Japanese",
# "extend their lead", "eat more of the market") and losing
_STRONGER = {
    "strong",
    "stronger",
    "strength",
    "strengthen",
    "beat",
    "lead",
    "win",
    "gain",
    "eat",
    "dominate",
    "share",
    "outcompete",
    "outsell",
    "overtake",
    "ahead",
    "grab",
    "extend",
    "crush",
    "competitive",
    "competitiveness",
    "muscle",
    "ramp",
    "push",
    "better",
    "improve",
}
_WEAKER = {"weak", "weaker", "weaken", "lose", "behind", "lag", "falter"}


def _rival_strength(proj: Projection, p: Parsed) -> Parsed:
    """A what-if about rival exporters winning ("What if Korea and Taiwan keep beating
    the Japanese at chips?", "Korean chip companies get even stronger. What happens to
    Japan's electronics exports?"): economies whose exports of a product feed an economy's
    rivals' strength in it (vocab ``rivals``, read from the graph's edges), named with a
    word of winning, the product and that economy named too: the shock is that rivals'
    strength. Their own exports of the product, where named, are read as it."""
    if p.intent != "whatif":
        return p
    g = proj.graph
    products = load_vocabulary().products
    for c, d in g.nodes(data=True):
        if d.get("item") not in _rival_items():
            continue
        prod, own = d.get("product"), d.get("economy")
        rivals = {
            g.nodes[u].get("economy")
            for u, _v in g.in_edges(c)
            if g.nodes[u].get("item") == "exports" and g.nodes[u].get("product") == prod
        }
        named = sorted(pos for pos, e in p.economy_at if e in rivals)
        # the economy they beat named, or a list of its rivals ("Korean, Taiwanese and
        # Chinese chip makers keep taking market share")
        if not named or (
            own not in {e for _pos, e in p.economy_at}
            and len({e for _pos, e in p.economy_at if e in rivals}) < 2
        ):
            continue
        words = {w for ph in products.get(prod, {}).get("phrases", []) for w in _tokens(str(ph))}
        # the product's word, alone or opening a compound ("chipmakers", "chipmaker")
        if not any(
            t in words or any(t.startswith(w) for w in words if len(w) > 3) for t in p.tokens
        ):
            continue
        lo, hi = next((a, b) for a, b in _sentences(p) if a <= named[0] < b)
        said = set(p.tokens[named[0] : hi]) | set(p.surface[named[0] : hi])
        sign = -1 if said & _WEAKER else 1 if said & _STRONGER else 0
        if not sign:
            continue
        first = next(e for pos, e in p.economy_at if pos == named[0])
        # the first-named rival's own exports of the product: the shock as asked ("Korea
        # and Taiwan push more chips": Korea's chip exports), which feeds the rivals'
        # strength against the economy they beat
        source = next(
            (
                u
                for u, _v in g.in_edges(c)
                if g.nodes[u].get("item") == "exports"
                and g.nodes[u].get("product") == prod
                and g.nodes[u].get("economy") == first
            ),
            c,
        )
        mention = Mention(
            target=source,
            kind="variable",
            start=named[0],
            end=named[0] + 1,
            polarity=1,
            implies=sign,
            text=p.surface[named[0]],
            length=1,
            valence=-1 if source == c else 1,  # rivals' strength is bad, exports good
        )
        kept = [
            grp
            for grp in p.mentions
            if not (
                lo <= grp[0].start < hi
                and all(
                    g.nodes[m.target].get("item") == "exports"
                    and g.nodes[m.target].get("product") == prod
                    and m.start >= named[0]
                    for m in grp
                    if m.target in g
                )
                and grp[0].start >= named[0]
                and grp[0].start < hi
                and not any(g.nodes[m.target].get("economy") == own for m in grp if m.target in g)
            )
        ]
        mentions = sorted([*kept, [mention]], key=lambda grp: grp[0].start)
        return replace(p, mentions=mentions)
    return p


@lru_cache(maxsize=1)
def _rival_items() -> frozenset[str]:
    """Items that are an economy's rivals' strength in a product (vocab.yaml ``rivals``)."""
    return frozenset(c for c, it in load_vocabulary().items.items() if it.rivals)


# Verbs and nouns of a buyer taking bonds ("buying up", "purchases of", "a pile of")
_BOND_BUYING = {
    "buy",
    "purchase",
    "hold",
    "holding",
    "accumulate",
    "accumulation",
    "hoover",
    "snap",
    "pile",
    "stockpile",
    "sit",
    "acquire",
    "own",
    "park",
    "stash",
    "scoop",
    "buyer",
    "purchaser",
    "holder",
    "load",
}
# Words that make bonds someone else's ("other countries' bonds", "foreign paper")
_OTHERS = {"other", "another", "foreign", "overseas", "our", "their"}


def _buyers(
    proj: Projection, p: Parsed, picked: list[list[Mention]]
) -> tuple[list[list[Mention]], list[str]]:
    """Bonds an economy buys ("Why's Germany buying up other countries' government bonds?",
    "Beijing sitting on a pile of our Treasuries", "Germany's purchases of sovereign debt
    issued by deficit economies"): a name of an issuer's bonds (foreign demand for them)
    after a buyer economy and a word of buying, the bonds being another's, is the buyer's
    purchases of them (its ``bondPurchases``), where the graph has them."""
    g = proj.graph
    out, notes = [], []
    for group in picked:
        d = g.nodes[group[0].target] if group else {}
        if d.get("item") != "foreignBondDemand":
            out.append(group)
            continue
        start = group[0].start
        lo = max((a for a, b in _sentences(p) if a <= start < b), default=0)
        # an economy named right before the bonds is their issuer ("US Treasuries")
        named_issuer = next(
            (c for pos, c in p.economy_at if start - 1 <= pos < group[0].end - 1), None
        )
        buyer = next(
            (
                c
                for pos, c in sorted(p.economy_at, reverse=True)
                if lo <= pos < start
                and c != "WLD"  # "foreign" names no buyer
                and not (named_issuer and pos >= start - 1)
            ),
            None,
        )
        between = set(p.tokens[lo:start]) | set(p.surface[lo:start])
        issuers = {g.nodes[m.target].get("economy") for m in group}
        if named_issuer and buyer and buyer != named_issuer:
            issuers = {named_issuer}
        others = (
            bool(set(p.surface[max(lo, start - 3) : start + 1]) & _OTHERS)
            or ("issue" in p.tokens[group[0].end : group[0].end + 2])
            or (len(issuers) == 1 and buyer not in issuers)
        )
        if buyer is None or not (between & _BOND_BUYING) or not others:
            out.append(group)
            continue
        base = group[0].target.rsplit("/var/", 1)[0]
        issuer = next(iter(issuers)) if len(issuers) == 1 and buyer not in issuers else None
        found = [
            n
            for n in (
                f"{base}/var/{buyer}/{issuer}/bondPurchases/total/value" if issuer else "",
                f"{base}/var/{buyer}/WLD/bondPurchases/total/value",
            )
            if n in g
        ] or sorted(
            n
            for n, a in g.nodes(data=True)
            if a.get("item") == "bondPurchases" and a.get("economy") == buyer
        )
        if not found:
            out.append(group)
            continue
        out.append([replace(group[0], target=found[0])])
        notes.append(f"read '{group[0].text}' as bonds {buyer} buys: {proj.label(found[0])}")
    return out, notes


def p_nodes(picked: list[list[Mention]]) -> dict[str, tuple[str, str]]:
    """(item, product) of each candidate, read from its key."""
    out: dict[str, tuple[str, str]] = {}
    for group in picked:
        for m in group:
            parts = m.target.rsplit("/var/", 1)[-1].split("/")
            if len(parts) == 5:
                out[m.target] = (parts[2], parts[3])
    return out


def _same_item_nearby(
    p: Parsed, nodes: dict[str, tuple[str, str]], a: list[Mention], b: list[Mention]
) -> bool:
    """Two phrases of the same item, one its total and one a product, with only stop words
    or economy names between them ("cost of Japan's food purchases")."""
    ia = {nodes[m.target][0] for m in a if m.target in nodes}
    ib = {nodes[m.target][0] for m in b if m.target in nodes}
    if not ia or ia != ib or len(ia) != 1:
        return False
    pa = {nodes[m.target][1] for m in a if m.target in nodes}
    pb = {nodes[m.target][1] for m in b if m.target in nodes}
    if ("total" in pa) == ("total" in pb):
        return False
    between = p.tokens[a[0].end : b[0].start]
    eco_at = {pos for pos, _ in p.economy_at}
    return len(between) <= 3 and all(
        t in _STOP or a[0].end + k in eco_at for k, t in enumerate(between)
    )


def _asked_sentence_only(p: Parsed, first: Mention, later: Mention) -> bool:
    """Is ``first`` in the sentence of the question word and ``later`` in a sentence of
    its own after it ("Why is Japan in deficit? I thought it always earns more than it
    spends")?"""
    qword = next((i for i, t in enumerate(p.tokens) if t in _QUESTION_WORDS), None)
    if qword is None:
        return False

    def apart(a: int, b: int) -> bool:
        return any(min(a, b) <= k < max(a, b) for k in p.stops)

    return not apart(first.start, qword) and apart(first.end, later.start)


def _merge(p: Parsed, picked: list[list[Mention]]) -> list[list[Mention]]:
    """Phrases naming the same variables ("the Bank of Japan … ultra-loose policy … rates")
    are one reference; its first phrase with a direction word of its own speaks for it."""
    merged: list[list[Mention]] = []
    index: dict[frozenset[str], int] = {}
    nodes = p_nodes(picked)
    roles = _clauses(p)
    for group in picked:
        key = frozenset(m.target for m in group)
        if merged and _same_item_nearby(p, nodes, merged[-1], group):
            # "the cost of Japan's food purchases": the more specific phrase speaks for both
            last = merged[-1]
            specific = group if nodes.get(group[0].target, ("", "total"))[1] != "total" else last
            other = last if specific is group else group
            if _direction(p, specific[0]) is None and not _names_state(specific[0]):
                # "a deficit in food trade": the state the other phrase names is the
                # specific phrase's
                sign = _direction(p, other[0])
                if sign is None and _names_state(other[0]):
                    sign = other[0].polarity
                if sign is not None:
                    specific = [replace(m, polarity=sign, implies=1) for m in specific]
            merged[-1] = specific
            index[key] = len(merged) - 1
            continue
        pair = (
            {roles[merged[index[key]][0].start], roles[group[0].start]} if key in index else set()
        )
        if (
            pair == {"main", "sub"}
            or ("aside" in pair and len(pair) == 2)
            or (
                pair == {"context", "sub"}
                and roles[group[0].start] == "sub"
                and any(merged[index[key]][0].end <= k < group[0].start for k in p.stops)
            )
        ):
            # the same quantity in another clause ("running deficits since 2021 when it used
            # to be a surplus", "makes a surplus off them. Why's that, when they're in the
            # red with everybody else?"): another statement about it, not the same reference
            merged.append(group)
            continue
        if (
            key in index
            and roles[group[0].start] == "main"
            and roles[merged[index[key]][0].start] in ("context", "phrase")
            and BREAK in p.tokens[merged[index[key]][0].end : group[0].start]
        ):
            # the question's phrase refers back to the sentence before it ("Japan runs a
            # services deficit with the US. What drives the services side?"): asked in
            # the main clause, read with the earlier phrase's movement or state when it
            # has none of its own
            ctx, mine = merged[index[key]][0], group[0]
            sign = _direction(p, ctx)
            if sign is None and _names_state(ctx):
                sign = ctx.polarity
            if _direction(p, mine) is None and not _names_state(mine) and sign is not None:
                group = [replace(m, polarity=sign, implies=1) for m in group]
            merged[index[key]] = group
            continue
        if key in index:
            # the first phrase with a direction of its own speaks for the reference; when
            # the first has none, the later one (the sentence moves on to it)
            first = merged[index[key]][0]
            if _direction(p, first) is None and (
                not _names_state(first)
                or _direction(p, group[0]) is not None
                # a state another sentence states ("Why is Japan in deficit? I thought it
                # always earns more than it spends") does not replace the question's
                or (_names_state(group[0]) and not _asked_sentence_only(p, first, group[0]))
            ):
                merged[index[key]] = group  # ("a deficit in energy trade": the state stays)
            continue
        index[key] = len(merged)
        merged.append(group)
    return merged


def _reachable(g: nx.MultiDiGraph, source: str) -> set[str]:
    """Nodes a chain from ``source`` can reach (identity steps only at its tail)."""
    seen: set[tuple[str, bool]] = {(source, False)}
    stack = [(source, False)]
    while stack:
        node, tail = stack.pop()
        for _, v, d in g.out_edges(node, data=True):
            if d.get("reverse") or d.get("equality") or (tail and d["kind"] != "identity"):
                continue
            state = (v, tail or d["kind"] == "identity")
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return {n for n, _ in seen} - {source}


def _downstream(proj: Projection, picked: list[list[Mention]]) -> int | None:
    """Of two phrases where the graph leads from one to the other, the one led to is the
    effect a why-question asks about ("why did the Fed's rate hikes strain emerging
    markets": strain is downstream of the rate)."""
    g = proj.graph
    reach: dict[int, set[str]] = {}
    for i, group in enumerate(picked):
        reach[i] = set()
        for m in group:
            if m.target in g:
                reach[i] |= _reachable(g, m.target)
    sinks = [
        j
        for j in range(len(picked))
        if any(m.target in reach[i] for i in range(len(picked)) if i != j for m in picked[j])
        and not any(m.target in reach[j] for i in range(len(picked)) if i != j for m in picked[i])
    ]
    return sinks[0] if len(sinks) == 1 else None


def _told_before(p: Parsed, i: int) -> bool:
    """Does a whole sentence that asks nothing come before the sentence of the question
    word at ``i`` ("In my youth, Japanese televisions were sold everywhere. Could you tell
    me why our electronics exports lost so much ground?")?"""
    return any(hi < i and not set(p.tokens[lo:hi]) & _QUESTION_WORDS for lo, hi in _sentences(p))


def _clauses(p: Parsed) -> list[str]:
    """The clause role of each token: "main", "sub" (a clause a subordinator opens: "when
    US rates rise", "after a depreciation", "if the yen falls"), "phrase" (a
    prepositional phrase of context: "with a prolonged deficit") or "context" (a statement
    before a question word that does not open the sentence: "A weaker yen should have
    boosted exports, so why …")."""
    roles = ["main"] * len(p.tokens)
    qword = next((i for i, t in enumerate(p.tokens) if t in _QUESTION_WORDS), None)
    starts = sorted(g[0].start for g in p.mentions)
    ends = {g[0].start: g[0].end for g in p.mentions}
    # a word inside a name opens no clause ("role as reserve currency")
    inside = {k for g in p.mentions for k in range(g[0].start + 1, g[0].end)}
    state, until = "main", None
    for i, t in enumerate(p.tokens):
        if until is not None and i >= until:
            state, until = "main", None
        if t == BREAK:
            state, until = "main", None
        elif i not in inside and _contrast(p, i):
            # "unlike its American surplus", "at the expense of China", "rather than
            # falling": what the question sets its subject against is not its subject
            nxt = next((k for k in starts if k > i), None)
            stop = next((k for k in range(i, len(p.tokens)) if p.tokens[k] == BREAK), None)
            if nxt is not None and (stop is None or nxt < stop):
                state, until = "aside", ends[nxt]
            else:
                state, until = "aside", None
        elif (
            i == qword
            and i > 1
            and (p.tokens[i - 1] in (BREAK, "so", "but", "and", "then") or _told_before(p, i))
            and _asks_something(p, i)
        ):
            roles[:i] = ["context" if r == "main" else r for r in roles[:i]]
            state = "main"
        elif (
            t in _CONTEXT_PREPOSITIONS
            and not (t == "with" and i > 0 and p.tokens[i - 1] in {"up", "down", "out", "off"})
            # "a depreciation accompanied by a wider deficit", "associated with": what
            # comes with it, the effect asked about, not a context
            and not (
                i > 1 and p.tokens[i - 1] in {"accompany", "associate"} and p.tokens[i - 2] == "be"
            )
        ) or (
            # "a country that pays fat yields on its bonds": which economy, like "with"
            t in {"that", "whose", "which"} and i > 1 and p.tokens[i - 1] in _GENERIC_NOUNS
        ):
            # ("end up with a wider deficit": the verb's object, not a context)
            # "a country with a prolonged deficit", "amid rising rates": a prepositional
            # phrase covers the one phrase after it, not the rest of the sentence
            nxt = next((k for k in starts if k > i), None)
            if nxt is not None:
                state, until = "phrase", ends[nxt]
                # ... and the phrases joined to it ("by the strong dollar and bond buying")
                while until < len(p.tokens) and p.tokens[until] in ("and", "or"):
                    more = next((k for k in starts if until < k <= until + 3), None)
                    if more is None or BREAK in p.tokens[until:more]:
                        break
                    until = ends[more]
        elif (
            state != "aside"
            and (
                (t in _SUBORDINATORS and i not in inside and not _as_preposition(p, i))
                or ((i == 0 or p.tokens[i - 1] == BREAK) and p.surface[i] in _HYPOTHETICAL)
                or (i > 0 and (p.tokens[i - 1], t) in _SUBORDINATOR_PHRASES)
            )
            and not (i + 1 < len(p.tokens) and p.tokens[i + 1].isdigit())
        ):
            state, until = "sub", None  # ("since 2021" is a period, not a clause)
            event = _dated_by_event(p, i)
            if event is not None:
                state, until = "phrase", event  # "closed after Fukushima": a date
        roles[i] = "aside" if i in p.bracketed else "phrase" if i in p.relative else state
    return _guessed_causes(p, _past_asides(p, _described_economy(p, _periods_named(p, roles))))


def _described_economy(p: Parsed, roles: list[str]) -> list[str]:
    """A participle that describes "a country" ("a country offering higher yields on its
    bonds may find its deficit widening", "a nation running persistent deficits") says which
    economy the question is about, not what moves: its phrase is context when a phrase of
    the same clause follows it."""
    starts = sorted((g[0].start, g[0].end) for g in p.mentions)
    for i in range(1, len(p.tokens) - 2):
        if p.tokens[i] not in _GENERIC_NOUNS or p.tokens[i - 1] not in _ARTICLES:
            continue
        if not p.surface[i + 1].endswith("ing") or roles[i + 1] != "main":
            continue
        named = next(((s, e) for s, e in starts if i + 1 < s <= i + 6), None)
        if named is None or BREAK in p.tokens[i + 1 : named[0]]:
            continue
        after = next((s for s, _e in starts if s >= named[1]), None)
        if after is None or BREAK in p.tokens[named[1] : after]:
            continue
        roles[i + 1 : named[1]] = ["phrase"] * (named[1] - i - 1)
    return roles


_OVER_TIME = frozenset({"over", "during", "through", "throughout", "across", "amid", "in"})


def _periods_named(p: Parsed, roles: list[str]) -> list[str]:
    """A phrase that names a stretch of time by what held in it ("over the recent period
    of deficits", "during the years of a strong yen") dates the question: a phrase of
    context, not what it asks about, when something else is named."""
    if len(p.mentions) < 2:
        return roles
    for g in p.mentions:
        k = g[0].start
        if k < 3 or p.tokens[k - 1] != "of" or p.tokens[k - 2] not in _TIME_NOUNS:
            continue
        j = k - 3
        while j >= 0 and p.tokens[j] not in _OVER_TIME and p.tokens[j] != BREAK and k - j <= 5:
            j -= 1
        if j >= 0 and p.tokens[j] in _OVER_TIME and roles[k] == "main":
            roles[k : g[0].end] = ["phrase"] * (g[0].end - k)
    return roles


def _guessed_causes(p: Parsed, roles: list[str]) -> list[str]:
    """A yes/no question after a why-clause that names its phrase ("Why'd folks dump
    Argentine bonds — did investors just lose their nerve?", "why did the yen fall, was
    it the BoJ?") guesses a cause: it is set aside, not asked about."""
    qword = next((i for i, t in enumerate(p.tokens) if t in _QUESTION_WORDS), None)
    if qword is None or p.tokens[qword] != "why":
        return roles
    end = next((k for k in range(qword, len(p.tokens)) if p.tokens[k] == BREAK), len(p.tokens))
    bare = (
        end - qword <= 2
        and end in p.ends
        and any(g[0].start < qword for g in p.mentions)
        and not any(qword < g[0].start < end for g in p.mentions)
    )
    if bare:
        # "Dollar strong. Why? Foreigners buying Treasuries?": the bare "Why?" asks about
        # the statement before it; a question after it guesses a cause
        # ("Why? Yen was weak, this should help exports, no?": the whole sentence)
        k = end
        while k < len(p.tokens):
            stop = next(
                (j for j in range(k + 1, len(p.tokens)) if j in p.stops or j in p.ends),
                len(p.tokens),
            )
            if stop in p.ends and k + 1 < stop and _guess(p, k + 1, stop):
                roles[k + 1 : stop] = ["aside"] * (stop - k - 1)
            k = stop
        return roles
    if not any(qword < g[0].start < end for g in p.mentions):
        return roles
    k = end
    while k < len(p.tokens):
        stop = next((j for j in range(k + 1, len(p.tokens)) if p.tokens[j] == BREAK), len(p.tokens))
        if (
            k + 1 < len(p.tokens)
            and stop in p.ends
            and (p.tokens[k + 1] in _AUXILIARIES or (k in p.ends and _guess(p, k + 1, stop)))
        ):
            roles[k + 1 : stop] = ["aside"] * (stop - k - 1)
        k = stop
    return roles


def _guess(p: Parsed, lo: int, hi: int) -> bool:
    """Is the question between ``lo`` and ``hi``, a sentence of its own, a bare phrase
    asked ("A crisis of confidence, presumably?"), not one with a question word of its own
    or one that adds a second subject ("And the yen?")?"""
    return p.tokens[lo] not in ("and", "or", "but", "also", "plus") and not any(
        t in _QUESTION_WORDS for t in p.tokens[lo:hi]
    )


def _dated_by_event(p: Parsed, i: int) -> int | None:
    """The end of the event that a time word at ``i`` takes as its object ("the plants
    they closed after Fukushima", "since the 2011 disaster,"): a phrase that dates, not a
    clause that moves anything; None when a clause follows instead."""
    if p.tokens[i] not in _EVENT_DATING:
        return None
    k = i + 1
    while k < len(p.tokens) and p.tokens[k] in _DETERMINERS:
        k += 1
    g = next((g for g in p.mentions if g[0].start == k), None)
    if g is None or g[0].kind != "event":
        return None
    end = g[0].end
    return end if end >= len(p.tokens) or p.tokens[end] == BREAK else None


_ARTICLES = frozenset({"a", "an", "the", "any", "each", "every", "some", "this", "that"})


def _contrast(p: Parsed, i: int) -> bool:
    """Does the token at ``i`` open a phrase of contrast ("unlike", "at the expense of",
    "instead of", "rather than", "as opposed to", "whereas")?"""
    t = p.tokens[i]
    if p.surface[i] in _CONTRAST_WRITTEN and i and p.tokens[i - 1] in _ARTICLES:
        return False  # "a given country", "any given year": an adjective, no contrast
    if t in _CONTRAST_MARKERS or p.surface[i] in _CONTRAST_WRITTEN:
        return True
    return i + 1 < len(p.tokens) and (t, p.tokens[i + 1]) in _CONTRAST_PHRASES


def _past_asides(p: Parsed, roles: list[str]) -> list[str]:
    """A sentence that opens with an adverb of the past and a pause ("Before, Japan always
    surplus.", "Historically, the yen was strong.") or with a word of expectation whose
    outcome a later sentence overturns ("… trade gap shrinks. Instead the gap widened")
    says what used to hold or was expected; it asks about nothing. Its phrases are set
    aside, unless it holds the question word."""
    spans = _sentences(p)
    for n, (lo, hi) in enumerate(spans):
        if lo >= hi or any(t in _QUESTION_WORDS for t in p.tokens[lo:hi]):
            continue
        first = p.tokens[lo]
        pause = lo + 1 < len(p.tokens) and p.tokens[lo + 1] == BREAK
        habitual = any(
            p.surface[k] == "used" and p.surface[k + 1] == "to" for k in range(lo, hi - 1)
        )
        # "Before they were always in surplus?": a "before" clause that is the whole
        # sentence has no main clause to date, so it says what held earlier
        whole = first == "before" and BREAK not in p.tokens[lo:hi]
        if habitual or (first in _PAST_OPENERS and (pause or whole or first != "before")):
            # ("they used to be the surplus kings": a past that no longer holds)
            roles[lo:hi] = ["aside"] * (hi - lo)
        elif first in _OVERTURNING or (
            first == "but" and lo + 1 < hi and p.tokens[lo + 1] in _OVERTURNING
        ):
            for a, b in spans[:n]:
                if not any(t in _QUESTION_WORDS for t in p.tokens[a:b]):
                    roles[a:b] = ["aside"] * (b - a)
    return roles


def _asks_something(p: Parsed, i: int) -> bool:
    """Does the question opened at ``i`` name anything, a phrase or an economy, before its
    question mark? A bare "Why?" ("Greenback bid despite a massive deficit. Why?", "the
    deficit is huge, why so big? weak yen?") asks about the statement before it, which is
    then no context but the question's own clause; a question after it guesses a cause."""
    end = min((k for k in p.ends if k > i), default=len(p.tokens))
    return any(i <= g[0].start < end for g in p.mentions) or any(
        i <= pos < end for pos, _ in p.economy_at
    )


# Subordinators of a time clause that says when, not what moves
_TIMING = {"before", "until", "once"}


def _opener(p: Parsed, roles: list[str], start: int) -> str | None:
    """The subordinator that opens the subordinate clause holding the token at ``start``."""
    i = start
    while i > 0 and roles[i - 1] == "sub" and p.tokens[i - 1] not in _SUBORDINATORS:
        i -= 1
    return p.tokens[i - 1] if i > 0 and p.tokens[i - 1] in _SUBORDINATORS else None


def _consequences(p: Parsed, picked: list[list[Mention]]) -> set[int]:
    """The phrases a consequence cue points at ("what happens to Japan's exports and its
    surplus", "what does that do to X", "the impact on X"): the first phrase within four
    words after the cue, in its clause, and the phrases "and" / "or" join to it."""
    out: set[int] = set()
    starts = sorted((g[0].start, k) for k, g in enumerate(picked) if g)
    # an arrow ("oil up -> trade bal?"): what follows it is led to, never the shock
    arrow = next((i for i, t in enumerate(p.tokens) if t == ARROW), None)
    if arrow is not None and any(s < arrow for s, _k in starts):
        out |= {k for s, k in starts if s > arrow}
    for i in range(1, len(p.tokens)):
        if (p.tokens[i - 1], p.tokens[i]) not in _CONSEQUENCE_CUES and (
            p.tokens[i] not in _CONSEQUENCE_VERBS
        ):
            continue
        nxt = next(((s, k) for s, k in starts if s > i), None)
        if (
            nxt is None
            or nxt[0] - i > 4
            or BREAK in p.tokens[i : nxt[0]]
            or _opens_clause(p, i + 1, nxt[0] + 1)
        ):
            continue  # "what happens to Turkey if investors …": not across a new clause
        out.add(nxt[1])
        end = picked[nxt[1]][0].end
        for s, k in starts:
            if s < end:
                continue
            between = p.tokens[end:s]
            if between[:1] == [BREAK] and end not in p.stops:
                between = between[1:]  # "on the food bill, and the trade balance"
            if (
                not between
                or between[0] not in ("and", "or")
                or len(between) > 3
                or BREAK in between
            ):
                break
            out.add(k)
            end = picked[k][0].end
    return out


def _in_role(p: Parsed, picked: list[list[Mention]], roles: list[str], role: str) -> list[int]:
    return [i for i, g in enumerate(picked) if g and roles[g[0].start] == role]


# _main_group: a what-if question names only the consequences it asks about, no shock
NO_SHOCK = -1
_PRONOUNS = {"it", "they", "this", "that", "these", "those"}


def _referred_back(p: Parsed, picked: list[list[Mention]], consequences: set[int]) -> int | None:
    """The phrase an if-clause's pronoun refers back to ("The dollar may lose its reserve
    role. If that happens, …", "If this goes on, …"): the shock is what the sentence
    before says moves, not a phrase of the if-clause; one with a direction of its own (or
    a negation) first, else the last."""
    at = next(
        (
            k
            for k in range(1, len(p.tokens))
            if p.tokens[k - 1] in _SUBORDINATORS
            and p.surface[k] in _PRONOUNS - {"they"}
            # "if these foreign investors withdraw": a determiner of a noun, no pronoun
            and not (
                k + 1 < len(p.surface)
                and p.surface[k + 1].isalpha()
                and not {"VERB", "AUX"} & set(getAllLemmas(p.surface[k + 1]))
            )
        ),
        None,
    )
    if at is None:
        return None
    before = [i for i, g in enumerate(picked) if g and g[0].end <= at and i not in consequences]
    if not before:
        return None
    moved = [
        i
        for i in before
        if picked[i][0].kind == "event" or _explicit(p, picked[i][0]) or _negated(p, picked[i][0])
    ]
    return (moved or before)[-1]


# Verbs whose subject is an economy holding a position ("it runs a deficit", "it has a
# surplus with the U.S."), not a quantity moving
_HOLDING_VERBS = frozenset(
    {"have", "run", "post", "keep", "record", "show", "carry", "print", "log", "book", "register"}
)


def _points_back(p: Parsed, k: int, starts: set[int], more: Iterable[str] = ()) -> bool:
    """Is the word at ``k`` a pronoun standing for a phrase said before? Not "that year"
    (a date), nor "it" as the subject of a holding verb ("why does it have a deficit")."""
    if p.surface[k] not in {"that", "it", "this", *more}:
        return False
    if k + 1 < len(p.tokens) and p.tokens[k + 1] in _TIME_NOUNS:
        return False
    if (
        p.surface[k] in {"this", "that"}
        and k + 2 < len(p.tokens)
        and p.surface[k + 1] in {"much", "many"}
        and "ADJ" in getAllLemmas(p.surface[k + 2])
    ):
        return False  # "staying this much strong": a degree, no pronoun
    return not _holds_phrase(p, k, starts)


def _holds_phrase(p: Parsed, k: int, starts: set[int]) -> bool:
    """Is the pronoun at ``k`` the subject of a holding verb whose object is a phrase of the
    question ("why does it still have a services deficit")?"""
    for j in range(k + 1, min(k + 4, len(p.tokens))):
        if p.tokens[j] in _HOLDING_VERBS:
            return any(j < s <= j + 4 and BREAK not in p.tokens[j:s] for s in starts)
    # "so why's it still in the red on services": the economy stands in the state the
    # phrase after it names
    j = k + 1
    while j < len(p.tokens) and (
        (p.tokens[j] in _DATING_WORDS and p.tokens[j] not in ("in", "into"))
        or p.tokens[j] in {"be", "remain", "stay"}
    ):
        j += 1
    return j < len(p.tokens) and p.tokens[j] in ("in", "into") and (j + 1) in starts


def _asked_back(p: Parsed, picked: list[list[Mention]], roles: list[str]) -> int | None:
    """The phrase a why-question's pronoun refers back to ("The energy bill went through
    the roof — how much of that is down to the weak yen?", "What eroded it?"): the moving
    phrase of the statement before, not a phrase the question names as a candidate cause.
    None when the question has no such pronoun or names an effect ("what is behind it?"
    asks about the statement; "why did it hurt exports" asks about exports)."""
    start = next(
        (k for k, r in enumerate(roles) if r == "main" and k > 0 and roles[k - 1] == "context"),
        None,
    )
    if start is None:
        return None
    starts = {g[0].start for g in picked}
    # the pronoun of the asking sentence, not of a guess after it ("Why has the yen got so
    # cheap? Is it the central bank?")
    end = min((k for k in p.stops if k > start), default=len(p.tokens))
    if not any(_points_back(p, k, starts) for k in range(start, end)):
        # none, or "so why does it have a services deficit?": "it" is the economy
        return None
    if any(t in _EFFECT_CUES for t in p.tokens[start:]):
        return None
    context = [i for i in _in_role(p, picked, roles, "context") if picked[i][0].kind != "event"]
    moved = [i for i in context if _explicit(p, picked[i][0])]
    return moved[0] if moved else None


def _sentences(p: Parsed) -> list[tuple[int, int]]:
    """The token spans of the question's sentences."""
    spans: list[tuple[int, int]] = []
    lo = 0
    for k in sorted(p.stops):
        spans.append((lo, k))
        lo = k + 1
    if lo < len(p.tokens):
        spans.append((lo, len(p.tokens)))
    return spans


def _determiner(p: Parsed, k: int) -> bool:
    """Is the word at ``k`` a determiner of the noun after it ("this persistent shortfall",
    "that gap"), not a pronoun? The next word reads only as a noun or adjective."""
    if k + 1 >= len(p.surface) or p.surface[k + 1] == BREAK:
        return False
    readings = set(getAllLemmas(p.surface[k + 1]))
    return bool(readings) and readings <= {"NOUN", "ADJ", "PROPN"}


_CONTRASTS = frozenset({"yet", "but", "although", "though", "however"})


def _bare_question_back(
    p: Parsed, picked: list[list[Mention]], proj: Projection | None = None
) -> int | None:
    """The phrase a bare question points back to ("Japan now brings in far more finished
    goods. Why would that be? Did their firms move abroad?"): the first question sentence
    names no phrase and has a pronoun for one; the phrase is the one that moves in the
    nearest sentence before it that names any (a guess after the question is no focus)."""
    spans = _sentences(p)
    first = next(
        (a for a in spans if set(p.tokens[a[0] : a[1]]) & _QUESTION_WORDS and a[1] in p.ends),
        None,
    )
    if first is None:
        return None
    starts = {g[0].start for g in picked if g}
    roles = _clauses(p)
    own = [k for k in starts if first[0] <= k < first[1]]
    if own and not (
        # "Why's that, when they're in the red with everybody else?": a when-clause after
        # the pronoun sets a contrast; the pronoun still points back
        all(roles[k] in ("sub", "aside") for k in own)
        and any(
            _points_back(p, k, starts) and not _determiner(p, k) for k in range(first[0], min(own))
        )
    ):
        return None
    before = [a for a in spans if a[1] <= first[0]]
    surprise = bool(before) and any(p.surface[k] in _CONTRASTS for k in range(*before[-1]))
    if not (first[1] - first[0] <= 3 and surprise) and not any(
        _points_back(p, k, starts) and not _determiner(p, k) for k in range(*first)
    ):
        return None  # a question of at most three words after a contrast ("…, yet the
        # dollar stays strong. What gives?") points back too
    told = [
        a
        for a in spans
        if a[1] <= first[0] and any(g and a[0] <= g[0].start < a[1] for g in picked)
    ]
    if len(told) > 1 and p.tokens[told[-1][0]] in _PAST_OPENERS:
        # "… trade deficit every year from 2021. Before Japan always sell more than buy.
        # Why this happen?": the sentence of how it was before is background
        told = told[:-1]
    for lo, hi in reversed(told):
        here = [i for i, g in enumerate(picked) if g and lo <= g[0].start < hi]
        if not here:
            continue
        # "runs deficits, yet the greenback stays strong. What gives?": the surprise is
        # what the contrast names
        turn = max((k for k in range(lo, hi) if p.surface[k] in _CONTRASTS), default=None)
        if turn is not None and p.surface[turn] in {"although", "though"}:
            # "Dollar stays strong although US deficit is giant. Why?": the concession
            # is the background, the clause it qualifies the surprise
            here = [i for i in here if picked[i][0].start < turn] or here
        elif turn is not None:
            here = [i for i in here if picked[i][0].start > turn] or here
        # not a "despite …" or "when …" phrase of that sentence: its main clause
        here = [i for i in here if roles[picked[i][0].start] in ("main", "context")] or here
        moved = [i for i in here if picked[i][0].kind != "event" and _explicit(p, picked[i][0])]
        if len(moved) > 1 and proj is not None:
            # "bond yield go up, currency get stronger. why like this?": of two moves
            # told one after the other, the one the graph leads to is what is asked
            effect = _downstream(proj, [picked[i] for i in moved])
            if effect is not None:
                return moved[effect]
        return (moved or here)[0]
    return None


def _in_questions(
    p: Parsed, picked: list[list[Mention]], roles: list[str]
) -> list[tuple[int, int]]:
    """The span of the sentence that asks, when the question has several sentences and the
    others name phrases of their own: the first sentence with a question word whose main
    clause names a phrase, ending in a question mark and referring back to nothing ("Why
    are imports of finished goods rising? My notes say it is offshoring, but I don't see why
    that would raise imports." asks about imports; "Was it about costs?" after a why-question
    guesses at the answer). Else [] (a yes/no question about the statement before it, an
    indirect question, a pronoun pointing back)."""
    spans: list[tuple[int, int]] = []
    lo = 0
    for k in sorted(p.stops):
        spans.append((lo, k))
        lo = k + 1
    if lo < len(p.tokens):
        spans.append((lo, len(p.tokens)))
    starts = [g[0].start for g in picked if g]

    def names(span: tuple[int, int], role: str | None = None) -> bool:
        return any(span[0] <= k < span[1] and role in (None, roles[k]) for k in starts)

    first = next(
        (a for a in spans if set(p.tokens[a[0] : a[1]]) & _QUESTION_WORDS and names(a, "main")),
        None,
    )
    if first is None or first[1] not in p.ends:
        return []
    # a pronoun after a phrase of its own sentence stands for that phrase ("why does China
    # buy Treasuries on the scale that it does?"), not for one said before
    # (one phrase only: with two, which one it stands for is open)
    mine = sorted(g[0].start for g in p.mentions if first[0] <= g[0].start < first[1])
    if any(
        _points_back(p, k, set(starts), {"these"})
        for k in range(*first)
        if not (len(mine) == 1 and k > mine[0])
    ):
        return []
    if not any(names(t) for t in spans if t != first):
        return []
    return [first]


def _turned_balance(p: Parsed, sub: list[list[Mention]]) -> int | None:
    """Of two balances of different accounts set against each other ("Japan earns a
    handsome surplus on goods with the United States, yet on services it is in deficit
    with that very country"), the one after the contrast word is the puzzle asked about;
    None when the phrases are not two such balances."""
    balances = [k for k, g in enumerate(sub) if _item_of(g[0].target) in _TWO_SIDED_ITEMS]
    if len(sub) != 2 or not balances:
        return None
    if len(balances) == 1:
        # a flow set against a balance after it ("Japan sells us a ton of cars, but they
        # run a services deficit with the U.S."): the balance is the puzzle
        order = sorted(range(2), key=lambda k: sub[k][0].start)
        if order[1] != balances[0] or sub[order[0]][0].kind == "event":
            return None
        balances = order
    first, second = (sub[k][0] for k in balances)
    if _item_of(first.target) == _item_of(second.target) and first.target == second.target:
        return None
    if not any(p.surface[k] in _CONTRASTS for k in range(first.end, second.start)):
        return None
    if any(first.end <= k < second.start for k in p.ends):
        return None  # a question of its own in between
    return balances[1]


def _main_group(
    p: Parsed,
    picked: list[list[Mention]],
    prefer_after_if: bool,
    proj: Projection | None = None,
) -> int:
    """The phrase the question is about. A what-if question moves what its if-clause (or,
    a bare statement, its first phrase) names; a why-question asks about what moved in
    its main clause, not what a when/after/if clause or a statement before the question
    word names."""
    roles = _clauses(p)
    if prefer_after_if:
        consequences = _consequences(p, picked)
        # a phrase set against the shock ("at the expense of China") is neither shock nor
        # consequence, while anything else is named
        set_off = {k for k, g in enumerate(picked) if g and roles[g[0].start] == "aside"}
        if set_off and len(set_off) < len(picked):
            consequences |= set_off
        back = _referred_back(p, picked, consequences)
        if back is not None:
            return back
        in_sub = [i for i in _in_role(p, picked, roles, "sub") if i not in consequences]
        # a sentence after the question ("… what does that mean for the food bill? We're
        # seeing input costs climb too") is an aside, while a phrase before it moves
        asked_end = min((k for k in p.ends if set(p.tokens[:k]) & _QUESTION_WORDS), default=None)
        if asked_end is not None and any(
            i not in consequences
            and picked[i][0].start < asked_end
            and picked[i][0].kind != "event"
            and _explicit(p, picked[i][0])
            for i in range(len(picked))
        ):
            in_sub = [i for i in in_sub if picked[i][0].start < asked_end]
        # "the effect on the trade balance after export gains": an after-phrase behind a
        # consequence of its sentence qualifies it (net of the gains); it is no shock
        in_sub = [
            i
            for i in in_sub
            if not (
                _opener(p, roles, picked[i][0].start) == "after"
                and any(
                    picked[c][0].end <= picked[i][0].start
                    and not set(p.stops) & set(range(picked[c][0].end, picked[i][0].start))
                    for c in consequences
                )
            )
        ]
        # "Japan's ties with ASEAN are getting closer, because of RCEP": a because-clause
        # gives the reason for a movement said around it; that movement is the shock
        if (
            in_sub
            and all(_opener(p, roles, picked[i][0].start) == "because" for i in in_sub)
            and any(
                i not in consequences
                and i not in in_sub
                and picked[i][0].kind != "event"
                and _explicit(p, picked[i][0])
                for i in range(len(picked))
            )
        ):
            in_sub = []
        # a variable given a direction of its own is the most specific shock; an event
        # moves by happening ("suppose a war triggers a crisis and oil prices soar")
        moved = [i for i in in_sub if picked[i][0].kind != "event" and _explicit(p, picked[i][0])]
        events = [i for i in in_sub if picked[i][0].kind == "event"]
        if moved or events:
            return (moved or events)[0]
        # the if-clause names nothing that moves ("imagine a shock, with oil prices
        # doubling"): the phrase that moves in the context around it (a sentence before
        # the question, a "with" phrase); with no if-clause at all ("The yen keeps
        # sliding. What happens then?"), the first phrase that moves, one of a sentence
        # before the question first. Never the consequence.
        rest = [i for i in range(len(picked)) if i not in consequences]
        moved = [i for i in rest if picked[i][0].kind != "event" and _explicit(p, picked[i][0])]
        # "a country with a big deficit, and foreign investors stop buying its bonds": the
        # with-phrase says which economy is meant; what moves is the other phrase
        kinds = [i for i in moved if picked[i] and _kind_of_economy(p, picked[i][0].start)]
        if len(kinds) < len(moved):
            moved = [i for i in moved if i not in kinds]
        around = [i for i in moved if roles[picked[i][0].start] in ("context", "phrase")]
        # a time clause that only dates the answer ("before volumes have had time to
        # adjust", "once exports respond") moves nothing: the shock is what moves elsewhere
        timing = [i for i in in_sub if _opener(p, roles, picked[i][0].start) in _TIMING]
        elsewhere = [i for i in moved if i not in in_sub]
        if timing and len(timing) == len(in_sub) and elsewhere and not around:
            return elsewhere[0]
        if in_sub:
            # the if-clause's phrase moves in the clause after it ("in which the BoJ
            # maintains, or further extends, its ultra-loose stance"): that movement
            named = {m.target for m in picked[in_sub[0]]}
            same = [i for i in moved if named & {m.target for m in picked[i]}]
            return (around or same or in_sub)[0]
        before = [i for i in moved if roles[picked[i][0].start] == "context"]
        events = [i for i in rest if picked[i][0].kind == "event"]
        if not rest:
            # every phrase is a consequence asked about: a shock only where a pronoun of
            # a subordinate clause refers back to one ("what happens to the deficit if it
            # keeps widening?"); a pronoun can only refer back to a phrase before it
            first = min(picked[k][0].start for k in consequences)
            if any(
                r == "sub" and w in _PRONOUNS and k > first
                for k, (r, w) in enumerate(zip(roles, p.surface, strict=True))
            ):
                return min(consequences)
            return NO_SHOCK
        return (before or moved or events or rest)[0]
    back = _asked_back(p, picked, roles)
    if back is None:
        # "… Why'd that drop off?": the phrase the asking pronoun stands for
        back = next(
            (k for k, g in enumerate(picked) if g and _asked_through_pronoun(p, g[0]) is not None),
            None,
        )
    if back is None:
        back = _bare_question_back(p, picked, proj)
    if back is not None:
        return back
    # a statement before the question holds what moved before a prepositional phrase of
    # context does ("EMs saw stress coinciding with US tightening. What mechanisms …?")
    qword = next((i for i, t in enumerate(p.tokens) if t in _QUESTION_WORDS), len(p.tokens))
    asked = _in_questions(p, picked, roles)
    if asked:
        # a statement of its own around the question ("My notes say it is offshoring, but
        # I don't see why that would raise imports.") names no focus
        roles = [r if any(s <= k < z for s, z in asked) else "aside" for k, r in enumerate(roles)]
    # a commodity's bare name that nothing moves ("deficit with us on trade - coal, LNG,
    # beef") lists what a phrase is about; it is not what moved
    listed = {
        k
        for k, g in enumerate(picked)
        if g
        and g[0].end - g[0].start == 1
        and all(_key_part(m.target, 2) == "worldPrice" for m in g)
        and _direction(p, g[0]) is None
    }
    if len(listed) < len(picked):
        roles = [
            "aside" if any(picked[k][0].start == i for k in listed) else r
            for i, r in enumerate(roles)
        ]
    levels = [
        _in_role(p, picked, roles, "main"),
        _in_role(p, picked, roles, "context"),
        _in_role(p, picked, roles, "phrase"),
        # "if borrowing costs spike, why does that happen, is it cuz buyers stop?": the
        # clause before the question is what it asks about, the one after a guessed cause
        [k for k in _in_role(p, picked, roles, "sub") if picked[k][0].start < qword],
        list(range(len(picked))),
    ]

    # an event happens; it is not what a why-question asks about while a quantity is
    # named ("did the 2011 disaster have anything to do with Japan's trade going
    # downhill?")
    # a level whose phrases say nothing of moving ("the trouble at the plant") yields to
    # a later one whose phrase moves ("… to do with Japan's trade going downhill?")
    def says_move(k: int) -> bool:
        m = picked[k][0]
        return (
            _direction(p, m) is not None
            or _names_state(m)
            or _persists(p, m)
            # an episode asked about is its coming about ("why did trade frictions become
            # so pronounced during the surplus era")
            or (
                proj is not None
                and roles[m.start] == "main"
                # in a sentence that asks, not "the trouble at the plant" told before
                and any(lo <= m.start < hi and hi in p.ends for lo, hi in _sentences(p))
                and m.target in proj.graph
                and proj.graph.nodes[m.target].get("item") in _episodic_items()
            )
        )

    quantities = [[k for k in lv if picked[k][0].kind != "event"] for lv in levels]
    moving = [k for lv in quantities[:-1] for k in lv if says_move(k)]
    if moving:
        quantities = [
            lv if any(says_move(k) for k in lv) or not lv else [] for lv in quantities[:-1]
        ] + [quantities[-1]]
    pool = next((v for v in quantities if v), None) or next((lv for lv in levels if lv), [])
    if len(pool) == 1:
        return pool[0]
    sub = [picked[i] for i in pool]
    turned = _turned_balance(p, sub)
    if turned is not None:
        return pool[turned]
    # "can X be attributed to Y": what precedes a cause cue, unless an effect cue comes
    # first
    cause = next((i for i, t in enumerate(p.tokens) if t in _CAUSE_CUES), None)
    if cause is not None and not any(t in _EFFECT_CUES for t in p.tokens[:cause]):
        before = [k for k, g in enumerate(sub) if g[0].end <= cause]
        if before:
            return pool[before[-1]]
    # "what is behind X", "who is to blame for X": what follows the last effect cue
    for cue in reversed([i for i, t in enumerate(p.tokens) if _effect_cue(p, i)]):
        # not past the question the cue ends ("trade bal in red. root cause? just weak
        # JPY or energy?": the guesses after it are causes, not what it asks about)
        after = [
            k
            for k, g in enumerate(sub)
            if g[0].start > cue and not any(cue < e < g[0].start for e in p.ends)
        ]
        if after:
            return pool[after[0]]
    # the object of a direction verb moved; its subject is the cause ("why might bond
    # demand end up widening the trade gap")
    for k, g in enumerate(sub):
        m = g[0]
        verbs = [i for i in range(max(0, m.start - 4), m.start) if _object_of(p, i) == m.start]
        if verbs and any(o[0].end <= verbs[0] for o in sub if o is not g):
            return pool[k]
    # where the graph leads from one phrase to the other, the one led to is the effect
    if proj is not None:
        effect = _downstream(proj, sub)
        if effect is not None:
            return pool[effect]
    with_dir = [k for k, g in enumerate(sub) if _explicit(p, g[0])]
    choice = with_dir or list(range(len(sub)))
    return pool[max(choice, key=lambda k: (sub[k][0].length, -k))]


# In a why-question, what follows these words is the effect ("is the cheap yen to blame for
# the import bill", "what is behind the boom").
# ... and what precedes these is the effect ("fewer cars were shipped once firms moved abroad").
_EFFECT_CUES = set(_words("effect_cues"))
_CAUSE_CUES = set(_words("cause_cues"))
# Words that open a subordinate clause: what it names is a condition or a cause, not what
# a why-question asks about, and it is the shock of a what-if question.
_SUBORDINATORS = set(_words("subordinators"))
# "every time the Fed hikes": two words that open a clause as one subordinator does
_SUBORDINATOR_PHRASES = {(a, b) for a, b in _LEX["subordinator_phrases"]}
_CONTEXT_PREPOSITIONS = set(_words("context_prepositions"))
_CONTRAST_MARKERS = set(_words("contrast_markers"))
_CONTRAST_WRITTEN = set(_surface_words("contrast_markers_as_written"))
_EVENT_DATING = {"after", "before", "since", "until", "following"}
_CONTRAST_PHRASES = {(a, b) for a, b in _LEX["contrast_phrases"]}
_PAST_OPENERS = set(_words("past_openers"))
_OVERTURNING = set(_words("overturning"))
# "what happens to X", "what does that do to X", "the impact on X": X is the consequence a
# what-if question asks about, never its shock
_CONSEQUENCE_CUES = {(a, b) for a, b in _LEX["consequence_cues"]}
_CONSEQUENCE_VERBS = set(_words("consequence_verbs"))
_QUESTION_WORDS = set(_words("question_words"))
_TIME_NOUNS = frozenset(_words("time_nouns"))
# Words that join two clauses or phrases: no transitive verb reaches across one to its
# object ("exports drop and imports rise").
_CONJUNCTIONS = set(_surface_words("conjunctions"))
_LEXICON_WORDS = (
    set(_DIRECTION)
    | _BETTER
    | _WORSE
    | _TRANSITIVE
    | set(_OBJECT_ONLY)
    | _FARE_BETTER
    | _FARE_WORSE
    | _PERSIST
    | _EFFECT_CUES
    | _CAUSE_CUES
    | _SUBORDINATORS
    | {w for pair in _PHRASAL for w in pair}
    | {w for pair in _SUBORDINATOR_PHRASES for w in pair}
    | {w for pair in _CONSEQUENCE_CUES for w in pair}
    | _CONSEQUENCE_VERBS
)
# Closed-class English words, read as written (the lemmatiser's rules turn "during" into "dure").
_FUNCTION_WORDS = set(_surface_words("function_words"))


def _unsure(
    store: Store, proj: Projection, p: Parsed, m: Mention
) -> tuple[str, list[Candidate]] | None:
    """A word nobody knows right next to the phrase may change what it names or which way
    ("trade defxit"): then the message and the nearest names, instead of a guess."""
    # a word inside the phrase or right after it ("trade defxit widened"); a short one is
    # more likely an abbreviation ("FX") than a misspelling
    near = [i for i in p.unknown if m.start <= i <= m.end and len(p.surface[i]) >= SPELL_MIN_LENGTH]
    if not near:
        return None
    lo, hi = min([*near, m.start]), max([*near, m.end - 1])
    phrase = " ".join(t for t in p.surface[lo : hi + 1] if t != BREAK)
    cands = [
        Candidate(
            iri=iri,
            label=proj.label(iri),
            kind=str(proj.graph.nodes[iri].get("kind")),
            matched=name,
        )
        for iri, name, _score in suggest(
            store, phrase, economy=p.economies[0] if len(set(p.economies)) == 1 else None
        )
        if iri in proj.graph
    ]
    names = list(dict.fromkeys(c.matched for c in cands))[:3]
    unknown = ", ".join(repr(p.surface[i]) for i in near)
    hint = f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""
    return f"{unknown} is not a word of the graph's names{hint}", cands


_GENERIC_NOUNS = set(_words("generic_nouns"))
_GENERIC_MARKERS = set(_surface_words("generic_markers"))
_ASKER_POSSESSIVES = set(_surface_words("asker_possessives"))
_PAST = set(_surface_words("past_markers"))


def _in_past(p: Parsed) -> bool:
    """Does the question speak of the past? A past marker, except where it is no past: a
    present perfect's "had" ("before volumes have had time to adjust"), an inverted
    hypothetical opening a sentence ("Were yields to rise", "Had the yen fallen"), or a
    subjunctive "were" after "if" ("if the yen were to slide")."""
    for i, w in enumerate(p.surface):
        if w not in _PAST:
            continue
        prev = p.surface[i - 1] if i > 0 else None
        if w == "had" and prev in ("have", "has", "'ve"):
            continue
        if w in _HYPOTHETICAL and (i == 0 or p.tokens[i - 1] == BREAK):
            continue
        if w == "were" and "if" in p.surface[max(0, i - 4) : i]:
            continue
        if w == "were" and p.surface[i + 1 : i + 2] == ["to"]:
            continue  # "suppose confidence were to collapse": a hypothetical, no past
        return True
    return False


GENERAL_NOTE = (
    "no economy named and nothing ties the question to one: a general answer from the "
    "report's general mechanisms (economy X stands for any economy the mechanism's role "
    "fits; Y for its counterpart)"
)


def _is_general(p: Parsed, m: Mention) -> bool:
    """Is the question about *a* country rather than one the report names? No economy is
    named, no period, no past tense; and the phrase has an indefinite article, or the
    question speaks of countries or economies in general ("a country", "emerging
    markets" as a role), or of what may, might, can or sometimes happen."""
    # "foreign borrowing", "global demand": the world is a counterpart, not the economy
    # the question is about
    if p.period or _in_past(p):
        return False
    if set(p.economies) - {"WLD"}:
        # "Why the currency of a country is falling …? I keep my savings in dollars": a
        # sentence about "a country" that names no economy is general, whatever another
        # sentence names
        lo, hi = next(((a, b) for a, b in _sentences(p) if a <= m.start < b), (0, len(p.tokens)))
        indefinite = any(
            p.tokens[k] in _GENERIC_NOUNS and p.tokens[k - 1] in {"a", "an", "some", "any"}
            for k in range(max(lo, 1), hi)
        )
        named = {c for pos, c in p.economy_at if lo <= pos < hi} - {"WLD"}
        return indefinite and not named
    before = p.tokens[max(0, m.start - 2) : m.start]
    return bool(
        {"a", "an"} & set(before)
        or _ASKER_POSSESSIVES & {w.lower() for w in p.surface[max(0, m.start - 2) : m.start]}
        or _GENERIC_NOUNS & set(p.tokens)
        or _GENERIC_MARKERS & set(p.surface)
    )


def _one_flow(proj: Projection, nodes: list[str]) -> bool:
    """Are the nodes one economy's flow with one partner, of several products?"""
    g = proj.graph
    flows = {
        tuple(g.nodes[n].get(k) for k in ("economy", "counterpart", "item", "measure"))
        for n in nodes
    }
    return len(flows) == 1 and len({g.nodes[n].get("product") for n in nodes}) > 1


def _world_total(proj: Projection, nodes: list[str]) -> str | None:
    """One economy's flow of one kind with several partners ("oil bills from Australia and
    the Gulf"): moved all one way, they move the economy's total with the world that way,
    the other partners unchanged; so the shock is that total's, where the graph has it.
    Likewise one issuer's bonds bought by buyers none of whom is named: the foreign
    demand for its bonds; and one flow of several products named together: the flow's
    total."""
    g = proj.graph
    keys = {
        (
            g.nodes[n].get("economy"),
            g.nodes[n].get("item"),
            g.nodes[n].get("product"),
            g.nodes[n].get("measure"),
        )
        for n in nodes
    }
    base = nodes[0].rsplit("/var/", 1)[0]
    buyers = {g.nodes[n].get("economy") for n in nodes}
    issuers = {g.nodes[n].get("counterpart") for n in nodes}
    if {k[1] for k in keys} == {"bondPurchases"} and len(buyers) > 1 and len(issuers) == 1:
        # purchases of one issuer's bonds, the buyer not named ("UST buying"): all buyers'
        # purchases together are the foreign demand for that issuer's bonds
        iri = f"{base}/var/{issuers.pop()}/WLD/foreignBondDemand/total/value"
        return iri if iri in g and (g.in_degree(iri) or g.out_degree(iri)) else None
    if len(keys) > 1 and _one_flow(proj, nodes):
        # one flow of several products ("selling digital and financial services abroad"):
        # all moved one way, they move the flow's total that way
        econ, partner, item, measure = (
            g.nodes[nodes[0]].get(k) for k in ("economy", "counterpart", "item", "measure")
        )
        iri = f"{base}/var/{econ}/{partner}/{item}/total/{measure}"
        return iri if iri in g and (g.in_degree(iri) or g.out_degree(iri)) else None
    if len(keys) != 1:
        return None
    econ, item, product, measure = keys.pop()
    iri = f"{base}/var/{econ}/WLD/{item}/{product}/{measure}"
    if iri in g and (g.in_degree(iri) or g.out_degree(iri)):
        return iri
    return None


_DEFINITE = {"the", "this", "that", "its", "their", "our"}


def _unanchored(p: Parsed) -> bool:
    """Nothing ties the question to an economy the report names: no economy (the world
    aside), no period, no past tense."""
    return not (set(p.economies) - {"WLD"} or p.period or _in_past(p))


def _slot_of(proj: Projection, node: str) -> str | None:
    """The role-slot variable (economy X, counterpart World or Y) of the same quantity,
    where the general mechanisms speak of it."""
    d = proj.graph.nodes[node]
    cp = "WLD" if d.get("counterpart") == "WLD" else "Y"
    iri = node.rsplit("/var/", 1)[0] + (
        f"/var/X/{cp}/{d.get('item')}/{d.get('product')}/{d.get('measure')}"
    )
    g = proj.graph
    if iri in g and (g.in_degree(iri) or g.out_degree(iri)):
        return iri
    return None


def _general_target(proj: Projection, p: Parsed, group: list[Mention]) -> str | None:
    if len(group) < 2 and not (group and _is_general(p, group[0])):
        return None
    return _slot_of(proj, group[0].target) if _is_general(p, group[0]) else None


def _main_economies(p: Parsed, roles: list[str]) -> list[str]:
    """The economies the main clause names; with none, where its subject is "they", the
    last economy named before it ("I hear emerging markets are getting hammered, why do
    they get hurt when America raises rates?": emerging markets)."""
    named = [code for pos, code in p.economy_at if roles[pos] == "main"]
    main = [k for k, r in enumerate(roles) if r == "main"]
    if named or not main or "they" not in {p.surface[k] for k in main}:
        return named
    return [code for pos, code in p.economy_at if pos < main[0]][-1:]


def _unnamed_quantity(
    store: Store,
    proj: Projection,
    p: Parsed,
    picked: list[list[Mention]],
    *,
    economy: str | None = None,
) -> tuple[str, list[Candidate]] | None:
    """ "Why do emerging markets get squeezed when US rates rise?": the main clause names an
    economy but none of its quantities. Rather than answer about the when-clause's phrase,
    list that economy's quantities the other phrases lead to. ``economy``: the economy an
    evaluative verb acts on ("the strong dollar hurt emerging markets"), wherever it is."""
    roles = _clauses(p)
    if economy is None and (
        _in_role(p, picked, roles, "main") or _in_role(p, picked, roles, "phrase")
    ):
        return None
    named = [economy] if economy else _main_economies(p, roles)
    if not named:
        return None
    starts = {g_[0].start for g_ in picked if g_}
    if economy is None and any(
        r == "main" and _points_back(p, k, starts) for k, r in enumerate(roles)
    ):
        return None  # "why would China do that?": "that" is a phrase said before
    g = proj.graph
    reach: set[str] = set()
    for group in picked:
        for m in group:
            if m.target in g:
                reach |= _reachable(g, m.target)
    nodes = sorted(n for n in reach if g.nodes[n].get("economy") == named[0])
    cands = [
        Candidate(iri=n, label=proj.label(n), kind="variable", matched=named[0]) for n in nodes
    ]
    names = ", ".join(repr(proj.label(n)) for n in nodes[:4])
    eco = vocabulary(store).economies.get(named[0])
    name = eco.label if eco else named[0]
    return (
        f"the question names {name} but not which of its quantities moved"
        + (f"; the graph leads from the other phrases to {names}" if names else "")
    ), cands


@lru_cache(maxsize=1)
def _episodic_items() -> frozenset[str]:
    """Items that are episodes, happening or not (vocab.yaml ``episodic``: trade friction,
    financial stress, a debt burden)."""
    return frozenset(c for c, it in load_vocabulary().items.items() if it.episodic)


def _persists(p: Parsed, m: Mention) -> bool:
    """Does a word saying the quantity stays where it stands ("so sticky", "the resilience
    of", "persistent") own the phrase, not negated?"""

    # "keeps money easier": an adjective after the phrase says how it is kept, which way
    # this parser may not know; the persistence alone says nothing then
    def complement(i: int) -> bool:
        return any(
            "ADJ" in getAllLemmas(p.surface[k])
            and p.surface[k].endswith("er")
            and _dir_word(p.tokens[k]) is None
            for k in range(i + 1, min(i + 4, len(p.tokens)))
            if BREAK not in p.tokens[i : k + 1]
        )

    return any(
        p.tokens[i] in _PERSIST
        and not complement(i)
        and _owned(p, m, i)
        and _span_distance(i, m.start, m.end) <= 8
        and not _NEGATIONS & set(p.surface[max(0, i - 3) : i])
        for i in range(len(p.tokens))
    )


def _stalled(p: Parsed, m: Mention) -> bool:
    """A word of standing still owned by a one-sided quantity that names no state ("why is
    household spending stuck in first gear?"), not negated."""
    return m.polarity > 0 and any(
        p.surface[i] in _STALLED
        and _owned(p, m, i)
        and _span_distance(i, m.start, m.end) <= 4
        and not _NEGATIONS & set(p.surface[max(0, i - 3) : i])
        for i in range(len(p.tokens))
    )


def _standing(p: Parsed, proj: Projection, m: Mention) -> tuple[int, str] | None:
    """(direction, assumption) of a neutral, one-sided name with no direction word that
    the question still says stands somewhere: a persistence word ("why is UST demand so
    sticky?": it holds up) or an episode asked about ("what caused the trade frictions?":
    it came about). None otherwise: then the parser asks which way."""
    if _stalled(p, m):
        return -1, f"'{m.text}' said to be stuck: read as weak (down)"
    if _persists(p, m):
        return 1, f"'{m.text}' said to persist: read as its standing high (up)"
    if _habitual(p, m):
        return m.polarity, f"'{m.text}': asked why it is done at all, read as up"
    if proj.graph.nodes[m.target].get("item") in _episodic_items():
        if _negated(p, m):
            return -1, f"'{m.text}' is an episode said not to happen: read as down"
        return 1, f"'{m.text}' is an episode: asked about, read as its coming about (up)"
    return None


def _habitual(p: Parsed, m: Mention) -> bool:
    """Does a why-question ask why a subject does what the phrase names, its own verb
    first ("why does Germany invest in foreign bonds", "why do they park their money in
    Treasuries")? Asked why it is done at all, its level stands high."""
    if not m.start:
        return False
    word = p.surface[m.start]
    readings = getAllLemmas(word)
    if (
        word != p.tokens[m.start]  # the verb's bare form after "do" ("exports" is a noun)
        or "VERB" not in readings
        or "ADJ" in readings  # "why did JP direct exports …": an adjective
        or _negated(p, m)
    ):
        return False
    end = next((k for k in range(m.end, len(p.tokens)) if p.tokens[k] == BREAK), len(p.tokens))
    if any(_dir_word(t) is not None or t in _STATE for t in p.tokens[m.end : end]):
        return False  # a word after it says more ("why did JP direct exports bleed out")
    k = m.start - 1
    while k > 0 and p.tokens[k] != BREAK and p.tokens[k] != "do" and m.start - k <= 5:
        if _dir_word(p.tokens[k]) is not None or p.tokens[k] in _STATE:
            return False
        k -= 1
    return k >= 1 and p.tokens[k] == "do" and p.tokens[k - 1] == "why" and k < m.start - 1


@lru_cache(maxsize=1)
def _faring_items() -> frozenset[str]:
    """Items that say how an economy fares, a rise bad news (vocab.yaml ``fares``)."""
    items = load_vocabulary().items
    return frozenset(c for c, it in items.items() if it.fares and it.up_is_bad)


def _faring(
    store: Store,
    proj: Projection,
    p: Parsed,
    picked: list[list[Mention]],
    *,
    evaluated: tuple[str, int] | None = None,
) -> tuple[str, str, str] | None:
    """(variable, change, assumption) when the main clause says how an economy fares
    ("emerging markets get squeezed when US rates rise") without naming its quantity:
    the one quantity of that economy the other phrases lead to in one step that says how
    the economy fares (vocab ``fares``, a rise bad news) rises. None when no evaluative
    word, or when none or several such quantities: then the economy's candidates are
    listed. ``evaluated``: the economy and sign an evaluative verb gives its object
    ("the rate hikes hurt emerging markets"), read instead of the main clause."""
    roles = _clauses(p)
    named = _main_economies(p, roles)
    if evaluated is not None:
        named = [evaluated[0]]
    if not named:
        return None
    signs = (
        {evaluated[1]}
        if evaluated is not None
        else {
            (1 if p.tokens[i] in _BETTER | _FARE_BETTER else -1)
            for i in range(len(p.tokens))
            if roles[i] == "main"
            and (
                p.tokens[i] in _BETTER | _WORSE | _FARE_BETTER | _FARE_WORSE or _worse_phrase(p, i)
            )
            and not _NEGATIONS & set(p.surface[max(0, i - 3) : i])
        }
    )
    if len(signs) != 1:
        return None
    fares = _faring_items()
    g = proj.graph
    found = {
        nxt
        for group in picked
        for m in group
        if m.target in g
        for nxt in g.successors(m.target)
        if g.nodes[nxt].get("economy") == named[0] and g.nodes[nxt].get("item") in fares
    }
    if len(found) != 1:
        return None
    variable = found.pop()
    change = "increase" if signs.pop() < 0 else "decrease"
    note = (
        f"read '{proj.label(variable)}' as what the question says fares "
        f"{'worse' if change == 'increase' else 'better'}: the quantity that says how that "
        "economy fares, led to by the question's other phrases"
    )
    return variable, change, note


def _observed(store: Store, p: Parsed, m: Mention) -> tuple[int, str] | None:
    """(direction, note) of a phrase with no direction word whose variable the report's
    observations show moving one way only (in the question's period, if it names one):
    "Why did Japan's consumption stagnate…" needs no guess where the report says which way.
    None when there is no observation or they disagree."""
    try:
        span = parse_period(p.period)
    except QueryError:
        return None
    moves = {o.direction for o in observations(store).movements(m.target, span)}
    if len(moves) != 1:
        return None
    change = moves.pop()
    when = f" in {p.period}" if p.period else ""
    return (
        1 if change == "increase" else -1,
        f"no direction word: read '{m.text}' as {'up' if change == 'increase' else 'down'}, "
        f"the way the report's observations show it moving{when}",
    )


def _effect_cue(p: Parsed, i: int) -> bool:
    """Does the word at ``i`` point at the effect after it: a cue ("what is behind X") or
    a passive of coming with ("why might a depreciation be accompanied by a wider
    deficit", "be associated with")?"""
    t = p.tokens[i]
    return t in _EFFECT_CUES or (
        t in ("accompany", "associate") and i > 0 and p.tokens[i - 1] == "be"
    )


def _named_cause(
    proj: Projection, p: Parsed, picked: list[list[Mention]], gi: int
) -> tuple[tuple[str, str, int], str] | None:
    """((item, product, sign), text) of a quantity the why-question names moving beside
    the one it asks about, in the same sentence and not set against it ("why might *a rise
    in yields* be associated with a wider deficit", "why did the deficit widen when *the
    yen fell*"): the cause the asker has in mind, whose chains the answer shows first."""
    roles = _clauses(p)
    focus = picked[gi][0]
    item = proj.graph.nodes[focus.target].get("item") if focus.target in proj.graph else None
    for k, g in enumerate(picked):
        if k == gi or not g or g[0].kind != "variable" or g[0].target not in proj.graph:
            continue
        m = g[0]
        lo, hi = sorted((m.start, focus.start))
        if roles[m.start] == "aside" or set(p.stops) & set(range(lo, hi)):
            continue
        node = proj.graph.nodes[m.target]
        sign = _direction(p, m)
        if sign is None or node.get("item") == item:
            continue
        return (str(node.get("item")), str(node.get("product")), sign), m.text
    return None


def _through_note(res: WhyResult, named: tuple[tuple[str, str, int], str] | None) -> list[str]:
    """The note that chains through the cause the question names come first, when the
    answer has one."""
    if named is None:
        return []
    (item, product, sign), text = named
    change = "increase" if sign > 0 else "decrease"
    if any(
        s.cause.key and s.cause.key.split("/")[2:4] == [item, product] and s.cause.change == change
        for e in res.explanations
        for s in e.steps
    ):
        return [f"'{text}': named in the question as a cause; chains through it come first"]
    return []


def _ask_why(
    store: Store,
    proj: Projection,
    p: Parsed,
    base: ResolvedQuery,
    picked: list[list[Mention]],
    limit: int,
) -> WhyResult:
    unnamed = _unnamed_quantity(store, proj, p, picked)
    faring = _faring(store, proj, p, picked) if unnamed is not None else None
    evaluated = _evaluated_economy(p) if unnamed is None else None
    if evaluated is not None:
        faring = _faring(store, proj, p, picked, evaluated=evaluated)
        if faring is None:
            # how the economy fares is what is asked, not why the cause moved: list its
            # quantities rather than answer about the cause
            unnamed = _unnamed_quantity(store, proj, p, picked, economy=evaluated[0])
    if faring is not None:
        variable, change, note = faring
        res = why(
            store,
            variable,
            change,
            horizon=p.horizon,
            period=p.period,
            limit=limit,
            question=base.question,
            assume=dict(p.assume),
        )
        return res.model_copy(
            update={
                "query": res.query.model_copy(
                    update={"assumptions": [*base.assumptions, *res.query.assumptions, note]}
                )
            }
        )
    if unnamed is not None:
        return WhyResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=unnamed[1],
            message=unnamed[0],
        )
    gi = _main_group(p, picked, prefer_after_if=False, proj=proj)
    group = [m for m in picked[gi] if m.kind == "variable"]
    if not group:
        return WhyResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=_candidates(proj, picked[gi]),
            message="a why-question needs a variable that moved, not an event",
        )
    unsure = _unsure(store, proj, p, group[0])
    if unsure is not None:
        return WhyResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=unsure[1],
            message=unsure[0],
        )
    direction = _direction(p, group[0])
    assumptions: list[str] = list(base.assumptions)
    two_sided = _lexicon(store, proj).two_sided.get(group[0].target, False)
    if direction is None and two_sided and not _names_state(group[0]):
        # a balance can stand either side of zero: a neutral name of it ("trade", "trade
        # balance") with no direction word says nothing of which way
        # "why did the trade balance …?" with no direction word: never guess one
        return WhyResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base.model_copy(
                update={"matched": [group[0].text], **_common(proj, [m.target for m in group])}
            ),
            candidates=_candidates(proj, group),
            message=f"which way did '{group[0].text}' move? say e.g. 'rise', 'fall', "
            "'widen', 'narrow'",
        )
    if direction is None and len(group) == 1 and not _names_state(group[0]):
        observed = _observed(store, p, group[0])
        if observed is not None:
            direction = observed[0]
            assumptions.append(observed[1])
    if direction is None and _existential(p, group[0]) and group[0].polarity > 0:
        # "why is there friction", "why was there a crisis": why it is there at all
        direction = 1
        assumptions.append(f"'there is {group[0].text}': read as its being there (up)")
    if direction is None and not _names_state(group[0]):
        standing = _standing(p, proj, group[0])
        if standing is not None:
            direction = standing[0]
            assumptions.append(standing[1])
    if direction is None and not _names_state(group[0]):
        # a neutral name ("household consumption", "Treasury purchases") with no
        # direction word: which way it moved is not said, and a guess could invert it
        return WhyResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base.model_copy(
                update={"matched": [group[0].text], **_common(proj, [m.target for m in group])}
            ),
            candidates=_candidates(proj, group),
            message=f"which way did '{group[0].text}' move? say e.g. 'rise', 'fall', "
            "'grow', 'shrink'",
        )
    if direction is None:
        # no direction word, but the name is a state ("deficit", "weak yen"): the
        # question asks why it is there (or, negated, why it is not: "no longer able to
        # count on surpluses")
        direction = -group[0].polarity if _negated(p, group[0]) else group[0].polarity
        assumptions.append(
            f"no direction word: read '{group[0].text}' as "
            f"{'up' if direction > 0 else 'down'} for its variable"
        )
    if group[0].polarity < 0 and _sustained_deficit(proj, p, group) is not None:
        # "run deficits for decades and never blow up": the deficits stand (a state of
        # the name); the blow-up that does not come is no direction of theirs
        direction = -1
    change = "increase" if direction > 0 else "decrease"
    burden = _sustained_deficit(proj, p, group) if change == "decrease" else None
    if burden is not None:
        # "how can the US run deficit after deficit and never blow up?": how the deficits
        # are sustained, its debt burden being lighter, is what is asked
        group = [replace(group[0], target=burden)]
        assumptions.append(
            f"asked how '{group[0].text}' can go on: read as {proj.label(burden)} down "
            "(deficits being sustainable)"
        )
    items = {
        (proj.graph.nodes[m.target].get("item"), proj.graph.nodes[m.target].get("product"))
        for m in group
    }
    if len(items) > 1:
        base = base.model_copy(
            update={"change": change, **_common(proj, [m.target for m in group])}
        )
        return WhyResult(
            result_code=ResultCode.AMBIGUOUS,
            query=base,
            candidates=_candidates(proj, group),
            message="the question names several quantities; pick one",
        )
    matched = [group[0].text]
    named = _named_cause(proj, p, picked, gi)
    through = named[0] if named else None
    slot = _general_target(proj, p, group)
    if slot is not None:
        res = why(
            store,
            slot,
            change,
            horizon=p.horizon,
            limit=limit,
            question=base.question,
            assume=dict(p.assume),
            through=through,
        )
        return res.model_copy(
            update={
                "query": res.query.model_copy(
                    update={
                        "matched": matched,
                        "assumptions": [
                            *assumptions,
                            *res.query.assumptions,
                            *_through_note(res, named),
                            GENERAL_NOTE,
                        ],
                    }
                ),
                "message": res.message or "a general answer: the report's general mechanisms",
            }
        )
    if len(group) > 1 and {proj.graph.nodes[m.target].get("item") for m in group} == {
        "bondPurchases"
    }:
        # buyers of one issuer's bonds, none named ("buyers for its Treasuries"): the
        # foreign demand for that issuer's bonds, as in a what-if; an economy named that
        # buys none of them is the issuer ("nobody wants to buy Argentina government bonds")
        buyers = {proj.graph.nodes[m.target].get("economy") for m in group}
        root = group[0].target.rsplit("/var/", 1)[0]
        issuer = [
            f"{root}/var/{c}/WLD/foreignBondDemand/total/value"
            for c in dict.fromkeys(p.economies)
            if c not in buyers and c != "WLD"
        ]
        world = (
            issuer[0]
            if len(issuer) == 1 and issuer[0] in proj.graph
            else _world_total(proj, [m.target for m in group])
        )
        if world is not None:
            group = [replace(group[0], target=world)]
    if len(group) == 1:
        res = why(
            store,
            group[0].target,
            change,
            horizon=p.horizon,
            period=p.period,
            limit=limit,
            question=base.question,
            assume=dict(p.assume),
            through=through,
        )
        return res.model_copy(
            update={
                "query": res.query.model_copy(
                    update={
                        "matched": matched,
                        "assumptions": [
                            *assumptions,
                            *res.query.assumptions,
                            *_through_note(res, named),
                        ],
                    }
                )
            }
        )
    # no economy named: answer per economy, those whose observations match the premise first
    results = [
        why(
            store,
            m.target,
            change,
            horizon=p.horizon,
            period=p.period,
            limit=limit,
            question=base.question,
            assume=dict(p.assume),
        )
        for m in group
    ]
    order = {"PREMISE_CONFIRMED": 0, "NOT_OBSERVED": 1, "PREMISE_CONTRADICTED": 2}
    results.sort(
        key=lambda r: (order[r.premise.status.value] if r.premise else 1, -len(r.explanations))
    )
    explanations: list[Explanation] = []
    groups: list[EconomyGroup] = []
    for r in results:
        if not r.explanations:
            continue
        idx = list(range(len(explanations), len(explanations) + len(r.explanations)))
        explanations += r.explanations
        groups.append(
            EconomyGroup(
                economy=r.query.economy or "",
                variable=r.query.variable or "",
                premise=r.premise.status if r.premise else "NOT_OBSERVED",  # type: ignore[arg-type]
                explanations=idx,
            )
        )
    first = results[0]
    answered = [r for r in results if r.explanations]
    if len(answered) == 1:
        # the report explains it for one economy only ("Why so many foreign tourists
        # now?"): the answer is about that economy, and says so
        only = answered[0]
        name = proj.label(only.query.variable) if only.query.variable else only.query.economy
        return only.model_copy(
            update={
                "query": only.query.model_copy(
                    update={
                        "matched": matched,
                        "assumptions": [
                            *assumptions,
                            f"no economy named: the report explains this only as {name}",
                        ],
                    }
                ),
            }
        )
    query = first.query.model_copy(
        update={
            "economy": _common(proj, [m.target for m in group])["economy"],
            "matched": matched,
            "assumptions": assumptions,
            "variable": None,
            "variable_label": None,
        }
    )
    return first.model_copy(
        update={
            "query": query,
            "explanations": explanations,
            "groups": groups,
            "result_code": ResultCode.FOUND if explanations else ResultCode.NO_PATHS,
            "message": f"no economy named: answered for {len(groups)} economies, "
            "those whose observations confirm the premise first",
        }
    )


def _ask_whatif(
    store: Store,
    proj: Projection,
    p: Parsed,
    base: ResolvedQuery,
    picked: list[list[Mention]],
    limit: int,
) -> WhatIfResult:
    gi = _main_group(p, picked, prefer_after_if=True)
    if gi == NO_SHOCK:
        # "if LNG gets cheaper, what happens to Japan's deficit?" with no name for LNG's
        # price: the deficit is what is asked about, never the shock
        return WhatIfResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=_candidates(proj, [m for g in picked for m in g][:10]),
            message="the question names only what it asks about ("
            + ", ".join(repr(g[0].text) for g in picked)
            + "), not what moves first; name the shock, e.g. 'if oil prices rise'",
        )
    group = picked[gi]
    unsure = _unsure(store, proj, p, group[0])
    if unsure is not None:
        return WhatIfResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=unsure[1],
            message=unsure[0],
        )
    group = _by_item_word(p, group)
    direction = _direction(p, group[0])
    if group[0].kind == "event":
        direction = 1
    if direction is None and _negated(p, group[0]):
        direction = -group[0].polarity  # "if Beijing no longer buys Treasuries": it stops
    assumptions = list(base.assumptions)
    if (
        direction is None
        and group[0].kind == "variable"
        and not _names_state(group[0])
        and not _lexicon(store, proj).two_sided.get(group[0].target, False)
    ):
        # "what if demand for Treasuries stays resilient?", "what if trade friction
        # flares?": a one-sided quantity said to persist, an episode that happens
        standing = _standing(p, proj, group[0])
        if standing is not None:
            direction = standing[0]
            assumptions.append(standing[1])
    stated = {_STATE[t] for t in _tokens(group[0].text) if t in _STATE}
    if direction is None and group[0].kind == "variable" and len(stated) == 1:
        # "what if China runs a trade surplus?": the state its name says comes about
        direction = stated.pop()
        assumptions.append(
            f"no direction word: read '{group[0].text}' as coming about "
            f"({'up' if direction > 0 else 'down'} for its variable)"
        )
    if direction is None and group[0].kind == "variable" and group[0].polarity < 0:
        # "what if investors panic?", "what if a crisis of confidence hits?": a shock named
        # by an inverse label with no direction word is that state coming about
        direction = -1
        assumptions.append(
            f"no direction word: read '{group[0].text}' as coming about (down for its variable)"
        )
    base = base.model_copy(update={"assumptions": assumptions})
    if direction is None:
        return WhatIfResult(
            result_code=ResultCode.NOT_UNDERSTOOD,
            query=base,
            candidates=_candidates(proj, group),
            message="which way does it move? say e.g. 'falls', 'rises', 'restarts'",
        )
    change = "increase" if direction > 0 else "decrease"
    slot = _general_target(proj, p, group) if group[0].kind == "variable" else None
    if (
        slot is None
        and len(group) > 1
        and group[0].kind == "variable"
        and _unanchored(p)
        and not _DEFINITE & set(p.tokens[max(0, group[0].start - 2) : group[0].start])
    ):
        # a shock is hypothetical: a bare one that names no economy, period or past event
        # ("weaker currency", "currency drops 20%") may befall any economy, so the general
        # mechanisms answer it; "the currency" points at one the asker has in mind, so
        # that one is asked for
        slot = _slot_of(proj, group[0].target)
    if slot is None and len(group) > 1 and group[0].kind == "variable":
        world = _world_total(proj, [m.target for m in group])
        if world is not None:
            group = [replace(group[0], target=world)]
        elif _one_flow(proj, [m.target for m in group]):
            # several products of one flow and no total of it in the graph: the first
            # named, said so
            note = "moved " + proj.label(group[0].target) + ", the first of the products named"
            base = base.model_copy(update={"assumptions": [*base.assumptions, note]})
            group = group[:1]
    if slot is not None:
        res = whatif(
            store,
            slot,
            change,
            horizon=p.horizon,
            question=base.question,
            limit=limit * 5,
            assume=dict(p.assume),
        )
        q = res.query.model_copy(
            update={
                "matched": [group[0].text],
                "assumptions": [*base.assumptions, *res.query.assumptions, GENERAL_NOTE],
            }
        )
        return res.model_copy(update={"query": q, "effects": res.effects[: max(limit * 3, 10)]})
    if len(group) > 1:
        q = base.model_copy(
            update={
                "change": change,
                "matched": [group[0].text],
                **_common(proj, [m.target for m in group]),
            }
        )
        return WhatIfResult(
            result_code=ResultCode.AMBIGUOUS,
            query=q,
            candidates=_candidates(proj, group),
            message="several economies match; name the economy",
        )
    res = whatif(
        store,
        group[0].target,
        change,
        horizon=p.horizon,
        period=p.period,
        question=base.question,
        assume=dict(p.assume),
        limit=limit * 5,
    )
    focus = [g for i, g in enumerate(picked) if i != gi]
    effects = res.effects
    if focus:
        wanted = {m.target for g in focus for m in g}
        chosen = [e for e in effects if e.variable.iri in wanted]
        effects = chosen + [e for e in effects if e.variable.iri not in wanted]
    q = res.query.model_copy(
        update={
            "matched": [group[0].text],
            "target": focus[0][0].target if focus else None,
            "assumptions": [*base.assumptions, *res.query.assumptions],
        }
    )
    return res.model_copy(update={"query": q, "effects": effects[: max(limit * 3, 10)]})


_THROUGH = frozenset(_words("loop_prepositions"))


def _with_any_counterpart(iri: str) -> str:
    """A variable IRI with its counterpart left out (…/var/CHN/*/goodsBalance/…)."""
    head, _, tail = iri.partition("/var/")
    parts = tail.split("/")
    return f"{head}/var/{parts[0]}/*/{'/'.join(parts[2:])}" if len(parts) > 2 else iri


def _ask_loops(store: Store, proj: Projection, p: Parsed, base: ResolvedQuery) -> LoopsResult:
    """Loops through the first thing the question names; with several phrases ("a loop
    between bond demand, the dollar and the deficit") those through more of them first."""
    economy = p.economies[0] if p.economies else None
    groups = [
        [m for m in _pick(proj, g, p.economies, p.economy_at, p.partners) if m.kind == "variable"]
        for g in p.mentions
    ]
    groups = [g for g in groups if g]
    if not groups:
        return loops(store, economy=economy, question=base.question)

    def loops_of(group: list[Mention]) -> list[Loop]:
        out: list[Loop] = []
        seen: set[str] = set()
        for m in group:
            for lp in loops(store, involving=m.target, question=base.question).loops:
                if lp.summary not in seen:
                    seen.add(lp.summary)
                    out.append(lp)
        if not out:
            # "China's surplus" with the world runs through no loop; its surplus with a
            # partner may: the same quantity of the same economy, any counterpart
            same = {_with_any_counterpart(m.target) for m in group}
            for n in sorted(proj.graph.nodes):
                if n not in {m.target for m in group} and _with_any_counterpart(n) in same:
                    for lp in loops(store, involving=n, question=base.question).loops:
                        if lp.summary not in seen:
                            seen.add(lp.summary)
                            out.append(lp)
        return out

    # "… is that a cycle? which loops pass through China's Treasury buying": the phrase the
    # loops are said to run through is the one asked about, wherever it stands
    through = [
        g
        for g in groups
        if any(
            p.tokens[k] in _THROUGH and BREAK not in p.tokens[k + 1 : g[0].start]
            for k in range(max(0, g[0].start - 4), g[0].start)
        )
    ]
    if (
        through
        and through[-1] is not groups[0]
        and any(groups[0][0].start < s < through[-1][0].start for s in p.stops)
        and (
            not p.economies
            or any(m.target.split("/var/")[-1].split("/")[0] in p.economies for m in through[-1])
        )
        and loops_of(through[-1])
    ):
        groups.remove(through[-1])
        groups.insert(0, through[-1])
    named = {m.target for g in groups for m in g}

    group = groups[0]  # the loops must run through what the question names first
    found = loops_of(group)
    message = None
    if not found:
        others = [g[0].text for g in groups[1:] if loops_of(g)]
        message = f"no feedback loop runs through '{group[0].text}'" + (
            f"; there are loops through {', '.join(repr(o) for o in others)}" if others else ""
        )
    nodes = proj.graph.nodes

    def quantity(iri: str) -> tuple[object, object]:
        return nodes[iri].get("economy"), nodes[iri].get("item") if iri in nodes else None

    def touched(lp: Loop) -> int:
        """How many of the named phrases the loop runs through, a phrase counting for the
        same quantity of the same economy with any counterpart ("Germany's trade surplus"
        is also its surplus with the U.S.)."""
        on = {quantity(t.iri) for t in lp.variables}
        return sum(1 for g in groups if any(quantity(m.target) in on for m in g))

    if found and len(groups) > 1:
        # a loop through all the named phrases may run through another counterpart of the
        # first ("Germany's trade surplus and its bond buying": its surplus with the U.S.)
        seen = {lp.summary for lp in found}
        for g in groups[1:]:
            for lp in loops_of(g):
                if lp.summary not in seen and touched(lp) == len(groups):
                    seen.add(lp.summary)
                    found.append(lp)
    found.sort(key=lambda lp: (-touched(lp), -len(named & {t.iri for t in lp.variables})))
    targets = [m.target for m in group]
    fields: dict[str, object] = dict(_common(proj, targets))
    if len(targets) == 1:
        fields |= {"variable": targets[0], "variable_label": proj.label(targets[0])}
    q = base.model_copy(update={"matched": [group[0].text], **fields})
    return LoopsResult(
        result_code=ResultCode.FOUND if found else ResultCode.NO_PATHS,
        query=q,
        loops=found,
        candidates=_candidates(proj, group) if len(group) > 1 else [],
        message=message,
    )


def _common(proj: Projection, nodes: list[str]) -> dict[str, str | None]:
    """The key parts every candidate shares (item, product…), None where they differ."""
    out: dict[str, str | None] = {}
    for part in ("economy", "counterpart", "item", "product"):
        values = {proj.graph.nodes[n].get(part) for n in nodes}
        out[part] = values.pop() if len(values) == 1 else None
    return out


def _ask_paths(
    store: Store, proj: Projection, p: Parsed, base: ResolvedQuery, picked: list[list[Mention]]
) -> PathsResult:
    src, dst = picked[0], picked[1]
    if len(src) > 1 or len(dst) > 1:
        return PathsResult(
            result_code=ResultCode.AMBIGUOUS,
            query=base,
            candidates=_candidates(proj, src + dst),
            message="several variables match; name the economy",
        )
    return paths(store, src[0].target, dst[0].target, horizon=p.horizon, period=p.period)
