"""Documentation tested: docs/feeds.md is what the formats render to."""

from __future__ import annotations

from pathlib import Path

from linewatch.feeds import FEEDS
from linewatch.feeds.docs import render

DOCS = Path(__file__).parents[2] / "docs" / "feeds.md"


def test_docs_feeds_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/feeds.md is out of date: run `python -m linewatch.feeds.docs > docs/feeds.md`"
    )


def test_every_kind_and_column_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for kind, spec in FEEDS.items():
        assert f"## `{kind}`" in text
        for column in spec.columns:
            assert f"| `{column.name}` |" in text
