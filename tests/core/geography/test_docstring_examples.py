"""The examples in the geography docstrings run and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import linewatch.core.geography as geography

MODULES = [m.name for m in pkgutil.iter_modules(geography.__path__, geography.__name__ + ".")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
