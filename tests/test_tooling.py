"""Tooling gates: ruff (lint and format), mypy and the import-linter layer contract pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> list[str]:
    """The tool's console script next to this Python, else on PATH, else ``python -m``."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return [str(here)]
    found = shutil.which(name)
    return [found] if found else [sys.executable, "-m", name.replace("-", "_")]


@pytest.mark.parametrize(
    "command",
    [
        [*tool("ruff"), "check", "."],
        [*tool("ruff"), "format", "--check", "."],
        [*tool("mypy")],  # packages and options from [tool.mypy] in pyproject.toml
        [*tool("lint-imports")],
    ],
    ids=["ruff", "ruff-format", "mypy", "import-linter"],
)
def test_tool_passes(command: list[str]) -> None:
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
