"""Evidence: every quote is verbatim at its code-point offsets, and at most one sentence."""

from __future__ import annotations

import pytest

from kg.document import Document, load_document, sources_dir
from kg.store import OxigraphStore

QUOTES = """
SELECT ?s ?q ?exact ?start ?end ?source WHERE {
  ?s tk:quote ?q ; tk:evidence/oa:hasTarget ?t .
  ?t oa:hasSource ?source ; oa:hasSelector ?qs , ?ps .
  ?qs a oa:TextQuoteSelector ; oa:exact ?exact .
  ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}
"""


@pytest.fixture(scope="module")
def quotes(kg_store: OxigraphStore) -> list[dict[str, object]]:
    return kg_store.select(QUOTES)


def test_every_statement_has_one_located_quote(
    kg_store: OxigraphStore, quotes: list[dict[str, object]]
) -> None:
    quoted = {r["s"] for r in kg_store.select("SELECT DISTINCT ?s WHERE { ?s tk:quote ?q }")}
    assert quoted == {r["s"] for r in quotes}
    assert len(quotes) == len(quoted)  # one selector pair per statement
    assert len(quoted) > 150


def test_quotes_are_verbatim_at_their_offsets(quotes: list[dict[str, object]]) -> None:
    texts: dict[str, str] = {}
    for row in quotes:
        doc_id = str(row["source"]).rsplit("/", 1)[-1]
        if doc_id not in texts:
            # Read the file ourselves: code points of the UTF-8 text, no normalisation.
            texts[doc_id] = (sources_dir() / f"{doc_id}.txt").read_bytes().decode("utf-8")
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert row["q"] == row["exact"]
        assert texts[doc_id][start:end] == row["q"], row["s"]


def test_quotes_keep_the_source_typography(quotes: list[dict[str, object]]) -> None:
    joined = "".join(str(r["q"]) for r in quotes)
    assert "’" in joined  # curly apostrophes kept
    assert "**" in joined  # markup kept


def test_each_quote_is_at_most_one_sentence(
    quotes: list[dict[str, object]], document: Document
) -> None:
    for row in quotes:
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert "\n" not in str(row["q"]), row["s"]
        # each quote in its own document (the report, or a background source)
        doc = load_document(str(row["source"]).rsplit("/", 1)[-1])
        assert doc.sentence_of(start, end) is not None, row["s"]
    assert any(str(r["source"]).endswith(document.doc_id) for r in quotes)
