"""Feed readers: one format per kind of bulk file an agency sends, bytes in, rows out.

>>> from linewatch.feeds import FEEDS, read_feed
>>> "police-uk-street" in FEEDS
True
"""

from __future__ import annotations

from linewatch.feeds.errors import FeedError, FeedSpecError, InvalidValue, UnknownFeedKind
from linewatch.feeds.reader import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROW_BYTES,
    FeedReading,
    read_feed,
)
from linewatch.feeds.results import FileError, ParsedRow, RejectedRow, RowError
from linewatch.feeds.spec import FEEDS, ColumnSpec, FeedSpec, get_spec
from linewatch.feeds.values import PartialDate

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROW_BYTES",
    "FEEDS",
    "ColumnSpec",
    "FeedError",
    "FeedReading",
    "FeedSpec",
    "FeedSpecError",
    "FileError",
    "InvalidValue",
    "ParsedRow",
    "PartialDate",
    "RejectedRow",
    "RowError",
    "UnknownFeedKind",
    "get_spec",
    "read_feed",
]
