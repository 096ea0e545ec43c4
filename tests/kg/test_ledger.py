"""The sentence ledger: every sentence cited or excused, and kg/ledger.md up to date."""

from __future__ import annotations

import subprocess
import sys

from kg.compile import Compiled
from kg.document import Document
from kg.ledger import ledger, ledger_path, render_markdown


def test_every_sentence_is_cited_or_excused(compiled: Compiled, document: Document) -> None:
    rows = ledger(compiled, document)
    assert [r.sid for r in rows if r.status == "MISSING"] == []
    assert len(rows) == len(document.sentences)
    assert sum(r.status == "cited" for r in rows) > 50
    assert all(r.excuse and len(r.excuse) >= 3 for r in rows if r.status == "excused")


def test_committed_ledger_is_current(compiled: Compiled, document: Document) -> None:
    expected = render_markdown(ledger(compiled, document), document)
    assert ledger_path().read_text(encoding="utf-8") == expected


def test_ledger_check_command_passes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "ledger", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 missing" in done.stdout
