"""Source documents: exact text, metadata, sections with code-point ranges, sentences."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

__all__ = ["Document", "Section", "Sentence", "load_document", "sources_dir"]

# Abbreviations after which a period does not end a sentence.
_ABBREV = ("U.S.", "e.g.", "i.e.", "etc.", "vs.")
_BOUNDARY = re.compile(r"(?<=[.!?])(?:\*\*)?\s+(?=[A-Z\"“*(¥$0-9])")


@dataclass(frozen=True)
class Section:
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str

    @property
    def sid(self) -> str:
        return f"s{self.index:03d}"


@dataclass(frozen=True)
class Document:
    """A source document: ``text`` is the file decoded as UTF-8, unnormalised."""

    doc_id: str
    path: Path
    text: str
    title: str
    date: str
    sections: tuple[Section, ...]

    @property
    def iri(self) -> str:
        return f"https://w3id.org/tradekg/id/document/{self.doc_id}"

    @property
    def graph(self) -> str:
        return f"https://w3id.org/tradekg/graph/document/{self.doc_id}"

    def section_at(self, offset: int) -> Section:
        for sec in self.sections:
            if sec.start <= offset < sec.end:
                return sec
        return self.sections[0]

    @functools.cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence (headings and bullet lines included), with code-point offsets."""
        out: list[Sentence] = []
        pos = 0
        for line in self.text.split("\n"):
            line_start = pos
            pos += len(line) + 1
            body = line.strip()
            if not body or body == "---":
                continue
            # strip bullet and numbering markers, keep ** markup inside
            m = re.match(r"^\s*(?:[*-]\s+|\d+\.\s+|#+\s+)?", line)
            start = line_start + (m.end() if m else 0)
            chunk = line[m.end() if m else 0 :].rstrip()
            cuts = [0]
            for b in _BOUNDARY.finditer(chunk):
                before = chunk[: b.start()]
                if re.fullmatch(r"\**\d+\.", chunk[cuts[-1] : b.start()].strip()):
                    continue  # "**1. Title**": a numbered heading, not two sentences
                if before.endswith(_ABBREV) and not chunk[b.start() : b.end()].startswith("**"):
                    continue
                cuts.append(b.end())
            cuts.append(len(chunk))
            for a, z in itertools.pairwise(cuts):
                piece = chunk[a:z].rstrip()
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    out.append(
                        Sentence(len(out), start + a + lead, start + a + len(piece), piece.strip())
                    )
        return tuple(out)

    def sentence_of(self, start: int, end: int) -> Sentence | None:
        """The one sentence containing [start, end), or None when it spans two."""
        for s in self.sentences:
            if s.start <= start and end <= s.end:
                return s
        return None


def sources_dir() -> Path:
    return Path(str(resources.files("kg").joinpath("sources")))


@functools.cache
def load_document(doc_id: str, directory: str | None = None) -> Document:
    """Load ``<doc_id>.txt`` and its ``<doc_id>.meta.yaml`` record from kg/sources."""
    base = Path(directory) if directory else sources_dir()
    path = base / f"{doc_id}.txt"
    text = path.read_bytes().decode("utf-8")
    meta = yaml.safe_load((base / f"{doc_id}.meta.yaml").read_text(encoding="utf-8"))
    anchors = meta["sections"]
    starts: list[tuple[str, int]] = []
    for sec in anchors:
        at = text.find(sec["anchor"])
        if at < 0:
            meta_file = base / f"{doc_id}.meta.yaml"
            raise ValueError(f"{meta_file}: anchor {sec['anchor']!r} not found")
        starts.append((sec["title"], at))
    starts.sort(key=lambda t: t[1])
    sections = tuple(
        Section(title, s, starts[i + 1][1] if i + 1 < len(starts) else len(text))
        for i, (title, s) in enumerate(starts)
    )
    return Document(doc_id, path, text, meta["title"], str(meta["date"]), sections)
