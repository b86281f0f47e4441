"""File-level checks on a feed's bytes: size, line length, UTF-8, before any row is parsed.

A problem found here rejects the whole file (:class:`RejectedFileError`), naming the line
and byte at fault and how to re-save the file.
"""

from __future__ import annotations

import codecs
import io
from typing import IO, Any

from linewatch.feeds.results import FileError

CHUNK = 1024 * 1024


class RejectedFileError(Exception):
    """The file as a whole cannot be read; ``error`` says why and where."""

    def __init__(self, error: FileError) -> None:
        self.error = error
        super().__init__(error.reason)


def megabytes(size: int) -> str:
    """A byte count as the limit messages show it, e.g. ``512 MB``."""
    return f"{size / (1024 * 1024):g} MB"


def _encoding_error(chunk: bytes, at: int, line: int, position: int) -> str:
    bad = chunk[at]
    guess = bytes([bad]).decode("cp1252", errors="replace")
    return (
        f"line {line}: byte 0x{bad:02X} (byte {position + 1} of the file) is not UTF-8 - the "
        f"file looks like Windows-1252 or Latin-1 (where 0x{bad:02X} is {guess!r}). Save it as "
        "UTF-8 and send it again: in Excel, Save As 'CSV UTF-8 (Comma delimited) (*.csv)'"
    )


UTF16 = FileError(
    "the file is UTF-16 (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (Comma delimited)' "
    "and send it again",
    1,
)


class CheckedBytes(io.RawIOBase):
    """The file's bytes, checked as they stream past on their way to the text decoder.

    It hashes them, counts them against ``max_bytes``, measures lines against
    ``max_row_bytes`` and checks they are UTF-8, so a problem is reported with its line and
    byte before the (C-speed) text layer sees it. Work is per chunk, not per line.
    """

    def __init__(self, file: IO[bytes], hasher: Any, max_bytes: int, max_row_bytes: int) -> None:
        super().__init__()
        self.file = file
        self.hasher = hasher
        self.max_bytes = max_bytes
        self.max_row_bytes = max_row_bytes
        self.bytes_read = 0
        self.newlines = 0
        self._run = 0  # bytes since the last newline
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.file.read(len(buffer))
        if not chunk:
            self._finish()
            return 0
        size = len(chunk)
        buffer[:size] = chunk
        self._check(chunk)
        return size

    def _check(self, chunk: bytes) -> None:
        offset = self.bytes_read
        self.bytes_read += len(chunk)
        self.hasher.update(chunk)
        if offset == 0:
            first_line = chunk.split(b"\n", 1)[0]
            if b"\x00" in first_line:
                raise RejectedFileError(UTF16)
        if self.bytes_read > self.max_bytes:
            raise RejectedFileError(
                FileError(
                    f"the file is larger than the {megabytes(self.max_bytes)} limit; split it "
                    "into smaller files",
                    self.newlines + 1,
                )
            )
        first = chunk.find(b"\n")
        if first == -1:
            self._run += len(chunk)
        else:
            if self._run + first > self.max_row_bytes:
                self._too_long()
            self._run = len(chunk) - chunk.rfind(b"\n") - 1
        if self._run > self.max_row_bytes:
            self._too_long()
        pending = len(self._decoder.getstate()[0])
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            at = max(exc.start - pending, 0)
            line = self.newlines + chunk.count(b"\n", 0, at) + 1
            message = _encoding_error(chunk, at, line, offset + at)
            raise RejectedFileError(FileError(message, line)) from None
        self.newlines += chunk.count(b"\n")

    def _too_long(self) -> None:
        line = self.newlines + 1
        raise RejectedFileError(
            FileError(
                f"line {line} is longer than the {self.max_row_bytes:,}-byte limit for a row", line
            )
        )

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                line = self.newlines + 1
                raise RejectedFileError(
                    FileError(
                        f"line {line}: the file ends part-way through a UTF-8 character; save it "
                        "as UTF-8 and send it again",
                        line,
                    )
                ) from None

    def drain(self) -> None:
        """Hash the rest of the file (so a rejected file still has a checksum)."""
        while chunk := self.file.read(CHUNK):
            self.bytes_read += len(chunk)
            self.hasher.update(chunk)
            if self.bytes_read > self.max_bytes:
                raise RejectedFileError(FileError("too large to checksum"))
