"""Broken claim files, hand-made and from a seeded mutator: each a clear KGError, no crash."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from kg import compile as compile_module
from kg.build import build, compile_all
from kg.claims import MAX_FILE_BYTES, load_claim_file
from kg.errors import ClaimError, KGError, YamlSyntaxError

SEED = 20251215
MUTATIONS = 1000
# Values a hand edit or an attacker might put where a field's value was.
VALUES = [
    "5",
    "-1",
    "0",
    "1e999",
    "''",
    "[]",
    "{}",
    "null",
    "~",
    "JPN",
    "JPN/WLD",
    "X/WLD/currencyValue",
    "'2024-2021'",
    "FY",
    "&a x",
    "*a",
    "[/bold]",
    "'[/]'",
    "!!python/object:os.system",
    "yes",
    "'\\u0000'",
    "[[[[1]]]]",
    "{a: {b: {c: 1}}}",
    "|\n      multi",
    ": :",
    "- a",
    "'" + "x" * 300 + "'",
    "2024-2021",
    "\t",
]

BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def _hostile(good: str) -> dict[str, bytes]:
    """The named cases of the hardening review: each must be refused with file and line."""
    enc = good.encode("utf-8")
    return {
        "duplicate-key": good.replace("    sign: -1\n", "    sign: -1\n    sign: 1\n", 1).encode(),
        "period-reversed": good.replace('period: "2024"', 'period: "2024-2021"', 1).encode(),
        "cause-is-effect": good.replace(
            "effect: JPN/WLD/imports/HS27", "effect: JPN/WLD/currencyValue", 1
        ).encode(),
        "valid-reversed": good.replace(
            "valid_from: 2021", "valid_from: 2021\n    valid_to: 2011", 1
        ).encode(),
        "claims-is-5": b"document: global_bop_sovereign_bonds_2025-12-15\nclaims: 5\n",
        "record-is-scalar": b"document: global_bop_sovereign_bonds_2025-12-15\nclaims:\n  - 5\n",
        "key-JPN": good.replace("cause: JPN/WLD/currencyValue", "cause: JPN", 1).encode(),
        "variable-JPN": good.replace("variable: JPN/WLD/goodsBalance", "variable: JPN", 1).encode(),
        "target-JPN": good.replace("target: X/WLD/goodsBalance", "target: JPN", 1).encode(),
        "term-JPN": good.replace("{variable: X/WLD/exports,", "{variable: JPN,", 1).encode(),
        "invalid-utf8": enc[:300] + b"\xff\xfe\xc3" + enc[300:],
        "utf16": good.encode("utf-16"),
        "utf16-be-no-bom": good.encode("utf-16-be"),
        "nul": enc[:100] + b"\x00" + enc[100:],
        "deep-flow": b"document: x\nclaims: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "deep-block": b"document: x\nclaims:\n"
        + b"".join(b"  " * i + b"- a:\n" for i in range(300)),
        "alias-bomb": BOMB.encode(),
        "top-is-list": b"- 1\n- 2\n",
        "top-is-scalar": b"42\n",
        "empty": b"",
        "key-is-list": b"document: x\n? [a, b]\n: 1\n",
        "unknown-tag": b"document: !!python/object:os.system x\n",
        "oversized": b"document: x\n# " + b"x" * MAX_FILE_BYTES + b"\n",
    }


def _mutate(rng: random.Random, text: str) -> str:
    """One random edit of a good file: drop, repeat or swap lines, replace a value, re-indent."""
    lines = text.splitlines()
    op = rng.randrange(7)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op in (3, 4):
        keyed = [n for n, ln in enumerate(lines) if ": " in ln and not ln.lstrip().startswith("#")]
        i = rng.choice(keyed)
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {rng.choice(VALUES)}"
    elif op == 5:
        lines[i] = " " * rng.randrange(1, 5) + lines[i]
    else:
        cut = rng.randrange(len(text))
        return text[:cut]
    return "\n".join(lines) + "\n"


def _check(path: Path) -> str:
    """'ok' or the error class; fails the test on anything but a KGError naming the file."""
    try:
        compile_all([path])
    except KGError as exc:
        assert exc.file == str(path), (exc.file, str(exc))
        assert str(exc).startswith(str(path)), str(exc)
        assert "Traceback" not in str(exc)
        return type(exc).__name__
    return "ok"


def test_hostile_files_are_clear_errors_with_file_and_line(tmp_path: Path, mini_file: Path) -> None:
    good = mini_file.read_text(encoding="utf-8")
    for name, data in _hostile(good).items():
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(data)
        t0 = time.perf_counter()
        with pytest.raises(KGError) as info:
            compile_all([path])
        assert time.perf_counter() - t0 < 5, name  # limits, not a 3.5 GB alias expansion
        exc = info.value
        assert exc.file == str(path), name
        if name != "oversized":
            assert exc.line is not None and exc.line >= 1, (name, str(exc))
        assert not isinstance(exc, ClaimError) or exc.fix, name


@pytest.mark.parametrize(
    ("name", "line", "record", "phrase"),
    [
        ("duplicate-key", 11, None, "duplicate key 'sign'"),
        ("period-reversed", 34, "deficit-2024-level", "ends before it starts"),
        ("cause-is-effect", 6, "yen-energy-import-bill", "same variable"),
        ("valid-reversed", 6, "yen-energy-import-bill", "after valid_to"),
        ("claims-is-5", 2, None, "'claims' must be a list"),
        ("key-JPN", 6, "yen-energy-import-bill", "variable key 'JPN'"),
        ("variable-JPN", 34, "deficit-2024-level", "variable key 'JPN'"),
        ("invalid-utf8", 7, None, "not UTF-8"),  # byte 300 is on line 7
        ("utf16", 1, None, "UTF-16"),
        ("deep-flow", 2, None, "nested more than"),
        ("alias-bomb", 4, None, "YAML aliases"),  # the 21st alias is on line 4
    ],
)
def test_named_cases_point_at_the_fault(
    tmp_path: Path, mini_file: Path, name: str, line: int, record: str | None, phrase: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(_hostile(mini_file.read_text(encoding="utf-8"))[name])
    with pytest.raises(KGError) as info:
        load_claim_file(path)
    assert (info.value.line, info.value.claim) == (line, record), str(info.value)
    assert phrase in str(info.value)


def test_a_directory_is_not_a_claim_file(tmp_path: Path) -> None:
    with pytest.raises(ClaimError, match="is a directory"):
        load_claim_file(tmp_path)


def test_seeded_mutations_never_crash(tmp_path: Path, mini_file: Path) -> None:
    """1000 seeded random edits of a good file: each builds or is a KGError naming the file."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible edits, not secrets
    good = mini_file.read_text(encoding="utf-8")
    outcomes: dict[str, int] = {}
    for n in range(MUTATIONS):
        path = tmp_path / f"m{n:03d}.yaml"
        path.write_text(_mutate(rng, good), encoding="utf-8")
        kind = _check(path)
        outcomes[kind] = outcomes.get(kind, 0) + 1
    # The mutator must bite: most edits break the file, and in several ways.
    assert sum(v for k, v in outcomes.items() if k != "ok") > MUTATIONS // 2, outcomes
    assert len(outcomes) >= 4, outcomes


def test_a_bad_file_leaves_the_store_intact(
    tmp_path: Path, mini_store: Path, mini_file: Path, nquads: Callable[[Path], list[str]]
) -> None:
    before = nquads(mini_store)
    hostile = _hostile(mini_file.read_text(encoding="utf-8"))
    for name in ("duplicate-key", "alias-bomb", "utf16", "claims-is-5", "period-reversed"):
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(hostile[name])
        with pytest.raises((ClaimError, YamlSyntaxError)):
            build(mini_store, claim_files=[path])
        assert nquads(mini_store) == before, name


@pytest.mark.parametrize("name", ["utf16", "alias-bomb", "duplicate-key", "claims-is-5"])
def test_the_cli_build_exits_2_and_keeps_the_store(
    tmp_path: Path,
    mini_store: Path,
    mini_file: Path,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    nquads: Callable[[Path], list[str]],
) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / f"{name}.yaml").write_bytes(_hostile(mini_file.read_text(encoding="utf-8"))[name])
    monkeypatch.setattr(compile_module, "claims_dir", lambda: claims)
    before = nquads(mini_store)
    result = CliRunner().invoke(cli, ["build", "--store", str(mini_store)])
    assert result.exit_code == 2, result.output
    flat = result.output.replace("\n", "")  # the console wraps long lines
    assert f"{name}.yaml:" in flat and "Traceback" not in flat
    assert nquads(mini_store) == before
