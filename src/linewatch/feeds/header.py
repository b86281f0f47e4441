"""A feed file's header row: checked, then mapped onto the format's columns once per file."""

from __future__ import annotations

from linewatch.feeds.file_checks import RejectedFileError
from linewatch.feeds.results import FileError
from linewatch.feeds.spec import ColumnSpec, FeedSpec, header_key


def check_comma_separated(header: list[str]) -> None:
    """Reject a CSV header that looks semicolon- or tab-separated (``;`` splits list cells)."""
    commas = len(header) - 1
    semicolons = sum(cell.count(";") for cell in header)
    tabs = sum(cell.count("\t") for cell in header)
    if commas < max(semicolons, tabs):
        found = "semicolon" if semicolons >= tabs else "tab"
        raise RejectedFileError(
            FileError(
                f"expected comma-separated values, but the header looks {found}-separated; "
                "save the file as 'CSV UTF-8 (Comma delimited)'",
                1,
            )
        )


class HeaderPlan:
    """How the file's columns map onto the spec: built once from the header."""

    def __init__(self, spec: FeedSpec, header: list[str]) -> None:
        self.spec = spec
        self.names = self._unique(header)
        by_key = {key: column for column in spec.columns for key in column.keys}
        self.matched: dict[str, int] = {}
        self.extra_indexes: list[int] = []
        self.warnings: list[str] = []
        for index, cell in enumerate(header):
            column = by_key.get(header_key(cell))
            if column is None:
                self.extra_indexes.append(index)
            elif column.name in self.matched:
                first = header[self.matched[column.name]]
                raise RejectedFileError(
                    FileError(
                        f"the header has {first!r} and {cell!r}, which are both the column "
                        f"{column.name!r}; keep one",
                        1,
                    )
                )
            else:
                self.matched[column.name] = index
        missing = [c.name for c in spec.required_columns if c.name not in self.matched]
        if missing:
            raise RejectedFileError(
                FileError(
                    f"missing required column{'s' if len(missing) > 1 else ''}: "
                    f"{', '.join(missing)}. Expected header: {spec.expected_header}",
                    1,
                )
            )
        if self.extra_indexes:
            extras = ", ".join(repr(self.names[i]) for i in self.extra_indexes)
            self.warnings.append(
                f"column{'s' if len(self.extra_indexes) > 1 else ''} not in the "
                f"{spec.kind} format, kept as extra data: {extras}"
            )
        self.width = len(header)
        self.column_of_index: dict[int, ColumnSpec] = {
            index: spec.column(name) for name, index in self.matched.items()
        }

    @staticmethod
    def _unique(header: list[str]) -> list[str]:
        names: list[str] = []
        for index, cell in enumerate(header, start=1):
            name = cell.strip() or f"column_{index}"
            while name in names:
                name = f"{name} ({index})"
            names.append(name)
        return names
