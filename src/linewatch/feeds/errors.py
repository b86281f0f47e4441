"""Errors raised by :mod:`linewatch.feeds`.

Row-level and file-level problems found while reading are *returned* (as
:class:`~linewatch.feeds.results.RowError` and :class:`~linewatch.feeds.results.FileError`),
never raised: a bad row must not stop the rest of the file. These exceptions are for
programming and configuration mistakes, and for one value failing its parser.
"""

from __future__ import annotations


class FeedError(Exception):
    """Base class for every exception raised by :mod:`linewatch.feeds`."""


class FeedSpecError(FeedError):
    """A feed format YAML file is malformed; raised at import time."""


class UnknownFeedKind(FeedError, KeyError):
    """A feed kind that has no format file."""

    def __init__(self, kind: str, known: tuple[str, ...]) -> None:
        self.kind = kind
        self.known = known
        super().__init__(f"unknown feed kind {kind!r}; known kinds: {', '.join(known)}")

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidValue(FeedError, ValueError):
    """One cell that its column's parser rejects; the message says what was expected."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
