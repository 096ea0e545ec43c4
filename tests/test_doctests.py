"""The examples in docstrings run: every module of the four packages, as doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("ontology", "kg", "rules", "api")


def modules() -> list[str]:
    names = []
    for pkg in PACKAGES:
        names.append(pkg)
        mod = importlib.import_module(pkg)
        names += [m.name for m in pkgutil.walk_packages(mod.__path__, prefix=f"{pkg}.")]
    return sorted(names)


def test_there_are_examples() -> None:
    found = sum(len(doctest.DocTestFinder().find(importlib.import_module(m))) for m in modules())
    assert found > 20


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
        report=False,
    )
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
