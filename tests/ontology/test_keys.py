"""Variable keys and IRIs: one function names every variable."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontology.keys import DATA, VariableKey, claim_iri, content_id, term_iri, variable_iri

CODE = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)


def test_defaults_and_key() -> None:
    key = VariableKey("JPN", item="goodsBalance")
    assert key.key == "JPN/WLD/goodsBalance/total/value"
    assert key.iri == variable_iri(key) == f"{DATA}var/JPN/WLD/goodsBalance/total/value"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("JPN/WLD/goodsBalance", VariableKey("JPN", "WLD", "goodsBalance")),
        ("JPN/USA/imports/HS27", VariableKey("JPN", "USA", "imports", "HS27")),
        (
            "JPN/CHN/exportShare/total/share",
            VariableKey("JPN", "CHN", "exportShare", "total", "share"),
        ),
        ("  X/Y/bondPurchases \n", VariableKey("X", "Y", "bondPurchases")),
    ],
)
def test_parse(text: str, key: VariableKey) -> None:
    assert VariableKey.parse(text) == key


@pytest.mark.parametrize(
    "text",
    [
        "JPN",
        "JPN/WLD",
        "A/B/C/D/E/F",
        "JPN/WLD/goods balance",
        "JPN//goodsBalance",
        "1PN/WLD/goodsBalance",
        "JPN/WLD/a-b",
    ],
)
def test_parse_rejects_bad_keys(text: str) -> None:
    with pytest.raises(ValueError, match="key"):
        VariableKey.parse(text)


def test_keys_are_frozen_ordered_and_hashable() -> None:
    a = VariableKey("JPN", item="exports")
    b = VariableKey("JPN", item="imports")
    assert a < b and len({a, b, VariableKey("JPN", item="exports")}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.economy = "USA"  # type: ignore[misc]


def test_with_economy_fills_the_slots() -> None:
    general = VariableKey("X", "Y", "bondPurchases")
    assert general.with_economy("CHN", "USA").key == "CHN/USA/bondPurchases/total/value"
    assert (
        VariableKey("X", item="imports", product="HS27").with_economy("JPN").key
        == "JPN/WLD/imports/HS27/value"
    )


@given(CODE, CODE, CODE, CODE, CODE)
def test_parse_inverts_key(eco: str, cp: str, item: str, prod: str, meas: str) -> None:
    key = VariableKey(eco, cp, item, prod, meas)
    assert VariableKey.parse(key.key) == key
    assert key.iri.startswith(DATA + "var/") and key.iri.endswith(key.key)


def test_the_sparql_rule_mints_the_same_iri() -> None:
    """Rules build IRI(CONCAT(STR(tkd:), "var/", eco, "/", cp, ...)): same string as Python."""
    import pyoxigraph as ox

    key = VariableKey("JPN", "USA", "imports", "HS27", "value")
    q = (
        "SELECT (IRI(CONCAT(STR(<" + DATA + '>), "var/", "JPN", "/", "USA", "/", "imports", '
        '"/", "HS27", "/", "value")) AS ?v) WHERE {}'
    )
    result = ox.Store().query(q)
    assert isinstance(result, ox.QuerySolutions)
    row = next(iter(result))
    assert row["v"] == ox.NamedNode(key.iri)


def test_term_and_claim_iris() -> None:
    assert term_iri("economy", "JPN") == f"{DATA}economy/JPN"
    assert term_iri("product", "HS27") == f"{DATA}product/HS27"
    assert claim_iri("yen-energy-import-bill") == f"{DATA}claim/yen-energy-import-bill"


def test_content_id_is_stable_and_discriminating() -> None:
    assert content_id("a", 1) == content_id("a", 1)
    assert len(content_id("a")) == 16
    assert content_id("a", "b") != content_id("ab")
    assert content_id("a b") != content_id("a", "b")
    # Pinned: a change of the hash would rename every content-derived id.
    assert content_id("yen", -1) == "01fb8a3ff6b793fe"
