"""The TBox and the vocabulary: metadata, labels and definitions, inverse labels, keys."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ontology.keys import TK, VariableKey
from ontology.vocab import VocabularyError, load_vocabulary, ontology_path

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def tbox() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ontology_path("tradekg.ttl")), format=ox.RdfFormat.TURTLE)
    return store


def objects(store: ox.Store, s: str, p: str) -> list[str]:
    return [
        str(getattr(q.object, "value", q.object))
        for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)
    ]


def test_ontology_metadata(tbox: ox.Store) -> None:
    onto = "https://w3id.org/tradekg/ontology"
    for p in (
        DCT + "title",
        DCT + "description",
        DCT + "license",
        OWL + "versionInfo",
        OWL + "versionIRI",
    ):
        assert objects(tbox, onto, p), p


def test_every_class_and_property_has_label_and_definition(tbox: ox.Store) -> None:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    kinds = [OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")]
    terms = {
        q.subject.value
        for k in kinds
        for q in tbox.quads_for_pattern(None, rdf_type, ox.NamedNode(k))
        if isinstance(q.subject, ox.NamedNode)
    }
    assert len(terms) > 60
    missing = sorted(
        t
        for t in terms
        if t.startswith(TK)
        and not (objects(tbox, t, RDFS + "label") and objects(tbox, t, SKOS + "definition"))
    )
    assert missing == []


@pytest.mark.parametrize(
    ("key", "inverse", "alt"),
    [
        ("JPN/WLD/currencyValue", "yen depreciation", "yen appreciation"),
        ("JPN/WLD/currencyValue", "weak yen", "strong yen"),
        ("JPN/WLD/currencyValue", "USD/JPY", "yen"),
        ("JPN/WLD/goodsBalance", "trade deficit", "trade surplus"),
        ("JPN/WLD/goodsBalance", "trade gap", "trade balance"),
    ],
)
def test_inverse_labels_carry_the_opposite_direction(key: str, inverse: str, alt: str) -> None:
    vocab = load_vocabulary()
    label, alts, inverses, definition = vocab.variable_labels(VariableKey.parse(key))
    assert inverse in inverses and inverse not in alts
    assert alt in alts and alt not in inverses
    assert "Up means:" in definition and label


def test_no_phrase_is_both_alt_and_inverse() -> None:
    vocab = load_vocabulary()
    for eco in ("JPN", "USA", "CHN", "X"):
        for item in vocab.items:
            _, alts, inverses, _ = vocab.variable_labels(VariableKey(eco, item=item))
            assert not {a.lower() for a in alts} & {i.lower() for i in inverses}, (eco, item)


def test_unknown_codes_are_named() -> None:
    vocab = load_vocabulary()
    with pytest.raises(VocabularyError, match="unknown economy 'XYZ'"):
        vocab.check_key(VariableKey("XYZ", item="goodsBalance"))
    with pytest.raises(VocabularyError, match="unknown item 'tradeBalance'"):
        vocab.check_key(VariableKey("JPN", item="tradeBalance"))


def test_countries_and_currencies_come_from_iso_and_cldr() -> None:
    vocab = load_vocabulary()
    assert vocab.economies["JPN"].currency == "JPY"
    assert vocab.economies["JPN"].alpha2 == "JP"
    assert vocab.economies["USA"].currency == "USD"
    assert vocab.economies["DEU"].currency == "EUR"
    assert vocab.economies["JPN"].label == "Japan"
    assert "USD" in vocab.reserve_currencies
