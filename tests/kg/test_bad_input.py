"""Bad claim files stop the build with file, line, record id and fix; the old store survives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.build import build
from kg.errors import (
    ClaimError,
    KGError,
    QuoteNotFound,
    ShaclViolation,
    UnknownTerm,
    YamlSyntaxError,
)
from kg.store import open_store

# file in tests/data/bad, expected error, record at fault (None: not a record's fault),
# a phrase of the reason, a phrase of the fix
CASES = [
    ("yaml-syntax.yaml", YamlSyntaxError, None, "YAML syntax error", "correct the YAML"),
    (
        "unknown-economy.yaml",
        UnknownTerm,
        "yen-energy-import-bill",
        "unknown economy 'XYZ'",
        "ontology/vocab.yaml",
    ),
    (
        "quote-offset.yaml",
        QuoteNotFound,
        "deficit-2024-down-44pct",
        "not at its offset",
        "the quote is at offset",
    ),
    ("missing-sign.yaml", ClaimError, "weak-currency-boosts-exports", "missing sign", "sign: 1"),
    (
        "sign-wording.yaml",
        ClaimError,
        "yen-energy-import-bill",
        "disagrees with the wording",
        "fix 'sign'",
    ),
    (
        "slot-without-role.yaml",
        ShaclViolation,
        "weak-currency-boosts-exports",
        "general-mechanism-slot-violation",
        "edit the named records",
    ),
    (
        "unknown-field.yaml",
        ClaimError,
        "weak-currency-boosts-exports",
        "'sing'",
        "remove or rename the field",
    ),
]


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in text:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.parametrize(
    ("name", "error", "record", "reason", "fix"),
    CASES,
    ids=[c[0].removesuffix(".yaml") for c in CASES],
)
def test_bad_input_stops_the_build_and_keeps_the_old_store(
    data_dir: Path,
    mini_store: Path,
    nquads: Callable[[Path], list[str]],
    name: str,
    error: type[KGError],
    record: str | None,
    reason: str,
    fix: str,
) -> None:
    bad = data_dir / "bad" / name
    before = nquads(mini_store)
    with pytest.raises(error) as info:
        build(mini_store, claim_files=[bad])
    exc = info.value
    message = str(exc)
    assert exc.file == str(bad)
    assert message.startswith(str(bad) + ":")
    if record:
        assert exc.claim == record
        assert exc.line == line_of(bad, f"id: {record}")
        assert f":{exc.line} [{record}]: " in message
    else:
        assert exc.line == line_of(bad, ": energy")  # the line with the stray colon
        assert f"{bad}:{exc.line}: " in message
    assert reason in message
    assert exc.fix is not None and fix in exc.fix
    assert message.endswith(f"\n  fix: {exc.fix}")
    # The old store is untouched, still opens and answers queries.
    assert nquads(mini_store) == before
    assert not mini_store.with_name(mini_store.name + ".new").exists()
    store = open_store(mini_store, read_only=True)
    rows = store.select("SELECT ?id WHERE { ?c a tk:CausalClaim ; tk:claimId ?id } ORDER BY ?id")
    assert [r["id"] for r in rows] == ["weak-currency-boosts-exports", "yen-energy-import-bill"]


def test_the_good_file_builds(mini_store: Path) -> None:
    store = open_store(mini_store, read_only=True)
    assert store.count() > 1000
