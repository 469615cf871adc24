"""The examples in the engine's docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import matching.engine

MODULES = sorted(
    ["matching.engine"]
    + [f"matching.engine.{m.name}" for m in pkgutil.iter_modules(matching.engine.__path__)]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
