"""Where a feed file comes from: a path or an open binary file, made peekable."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import IO

Source = str | os.PathLike[str] | IO[bytes]


def open_source(source: Source, filename: str | None) -> tuple[IO[bytes], bool, str | None]:
    """The source as a peekable binary file, whether this opened it, and its file name."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        return path.open("rb"), True, filename or path.name
    if isinstance(source, io.TextIOBase):
        raise TypeError("open the file in binary mode ('rb'): the reader checks the encoding")
    name = filename or getattr(source, "name", None)
    name = filename if isinstance(name, int) or name is None else Path(str(name)).name
    if not hasattr(source, "peek") and not source.seekable():
        source = io.BufferedReader(source)  # type: ignore[type-var]
    return source, False, name


def peek(file: IO[bytes], size: int) -> bytes:
    """The file's next ``size`` bytes, left unread (for magic numbers and byte-order marks)."""
    peek_ = getattr(file, "peek", None)
    if peek_ is not None:
        data: bytes = peek_(size)[:size]
        return data
    if file.seekable():
        start = file.tell()
        data = file.read(size)
        file.seek(start)
        return data
    raise TypeError("source must be seekable or buffered (e.g. io.BufferedReader)")
