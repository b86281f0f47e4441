"""The examples in the extraction docstrings run and give what they show."""

import doctest
import importlib
import pkgutil

import pytest

import linewatch.core.extraction as extraction
import linewatch.core.search_terms

MODULES = [extraction.__name__] + [
    m.name for m in pkgutil.iter_modules(extraction.__path__, extraction.__name__ + ".")
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_search_terms_examples() -> None:
    assert doctest.testmod(linewatch.core.search_terms).failed == 0
