"""Source documents: exact text, sections, sentence splitting with abbreviations."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kg.document import Document, Section, load_document, sources_dir


def doc_of(text: str) -> Document:
    return Document("t", Path("t.txt"), text, "t", "2025-01-01", (Section("all", 0, len(text)),))


def sentences(text: str) -> list[str]:
    return [s.text for s in doc_of(text).sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. runs a deficit. Japan runs a surplus.",
            ["The U.S. runs a deficit.", "Japan runs a surplus."],
        ),
        (
            "Demand for U.S. Treasuries rose. Yields fell.",
            ["Demand for U.S. Treasuries rose.", "Yields fell."],
        ),
        (
            "Some exporters (e.g. Japan) gain. Importers lose.",
            ["Some exporters (e.g. Japan) gain.", "Importers lose."],
        ),
        (
            "Goods, i.e. Cars and chips, sold. Prices rose.",
            ["Goods, i.e. Cars and chips, sold.", "Prices rose."],
        ),
        (
            "Imports rose 5%. ¥5.5 trillion was the deficit!  Why? Costs.",
            ["Imports rose 5%.", "¥5.5 trillion was the deficit!", "Why?", "Costs."],
        ),
        ("It fell 44% to ¥5.5 trillion in 2024.", ["It fell 44% to ¥5.5 trillion in 2024."]),
        (
            "Japan’s deficit widened. “Weak yen” was blamed.",
            ["Japan’s deficit widened.", "“Weak yen” was blamed."],
        ),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_lines_bullets_and_headings() -> None:
    text = (
        "### **Page 1: Summary**\n\n* **Energy:** Imports soared. The yen fell.\n"
        "1. **Numbered:** One point.\n---\n**1. A numbered heading**\n"
    )
    doc = doc_of(text)
    assert [s.text for s in doc.sentences] == [
        "**Page 1: Summary**",
        "**Energy:** Imports soared.",
        "The yen fell.",
        "**Numbered:** One point.",
        "**1. A numbered heading**",
    ]
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
    assert [s.sid for s in doc.sentences][:2] == ["s000", "s001"]


def test_sentence_of_a_span() -> None:
    doc = doc_of("The yen fell. Imports soared.")
    first, second = doc.sentences
    assert doc.sentence_of(4, 12) == first
    assert doc.sentence_of(second.start, second.end) == second
    assert doc.sentence_of(4, second.start + 3) is None  # spans two sentences


def test_real_document_offsets_are_exact(document: Document) -> None:
    raw = (sources_dir() / f"{document.doc_id}.txt").read_bytes().decode("utf-8")
    assert document.text == raw
    assert "\u00a0" in raw or "’" in raw  # unnormalised typography is kept
    for s in document.sentences:
        assert raw[s.start : s.end] == s.text
    starts = [s.start for s in document.sentences]
    assert starts == sorted(starts)


def test_real_document_keeps_abbreviations_inside_sentences(document: Document) -> None:
    hits = [s.text for s in document.sentences if "(e.g., the United States)" in s.text]
    assert len(hits) == 1
    assert hits[0].endswith("(notably China).")
    assert not any(
        s.text in {"U.S.", "e.g."} or s.text.endswith(" U.S") for s in document.sentences
    )


def test_sections_cover_the_text(document: Document) -> None:
    secs = document.sections
    assert secs[0].start == 0 and secs[-1].end == len(document.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(secs))
    at = document.text.index("The narrowing of the trade deficit in 2024")
    assert document.section_at(at).title.startswith("Page 4")


def test_load_document_is_cached_and_missing_documents_raise() -> None:
    doc_id = "global_bop_sovereign_bonds_2025-12-15"
    assert load_document(doc_id) is load_document(doc_id)
    with pytest.raises(FileNotFoundError):
        load_document("no-such-document")
