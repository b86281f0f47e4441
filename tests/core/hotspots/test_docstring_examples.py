"""The examples in the hotspot docstrings run and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import linewatch.core.hotspots as hotspots

MODULES = [m.name for m in pkgutil.iter_modules(hotspots.__path__, hotspots.__name__ + ".")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
