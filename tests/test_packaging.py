"""The wheel a user installs runs on its own: every package and data file is in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ontology", "kg", "rules", "api")
# Build products and caches that are never part of the source.
SKIP = (
    "__pycache__",
    "*.pyc",
    ".tradekg",
    "build",
    "dist",
    "*.egg-info",
    ".git",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "node_modules",
)


def source_files() -> set[str]:
    """Every file of the four packages, as a path inside the wheel."""
    out = set()
    for pkg in PACKAGES:
        for p in (ROOT / pkg).rglob("*"):
            rel = p.relative_to(ROOT)
            if p.is_file() and not any(part == "__pycache__" for part in rel.parts):
                out.add(rel.as_posix())
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source (the build writes build/ and egg-info)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*SKIP), symlinks=True)
    # No build isolation: the suite does not reach the network for setuptools.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp / "dist"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (whl,) = (tmp / "dist").glob("tradekg-*.whl")
    return whl


def test_wheel_ships_every_package_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(source_files() - names)
    assert not missing, f"not in the wheel: {missing}"
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "Classifier: Programming Language :: Python :: 3" in text
    assert "Project-URL: " in text
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_answers_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """A fresh virtualenv with only the wheel (dependencies seen through a .pth, offline)."""
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    py = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # A plain path line: the dependencies become importable, but the .pth files there (the
    # editable install of this checkout) are not run, so nothing is imported from the source.
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRADEKG_", "PYTHON"))}
    subprocess.run(
        [py, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=300,
        env=env,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [py, "-c", "import api.routes.why, api.protocol, rules, kg; print(rules.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout
    store = tmp_path / "store"
    done = subprocess.run(
        [venv / "bin" / "tradekg", "build", "--store", str(store)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run(
        [
            venv / "bin" / "tradekg",
            "why",
            "why did Japan's trade deficit widen in 2022?",
            "--store",
            str(store),
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Japan's goods balance" in done.stdout
    assert "“" in done.stdout  # steps quote the source
