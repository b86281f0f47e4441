"""Stable idempotency keys for rows: importing the same file twice gives the same keys.

Per kind (see :data:`KEY_COLUMNS`):

- most kinds: ``<agency>|<ref>`` (a reference is unique within its agency);
- ``handset-contacts``: ``<agency>|<handset_ref>|<phone as E.164>``;
- ``persons``: ``<agency>|<person_ref>``, or a content key when ``person_ref`` is blank;
- ``police-uk-street``: the published ``Crime ID``; anti-social behaviour rows (blank
  ``Crime ID``) get a content key;
- ``police-uk-stop-search``: a content key (police.uk publishes no identifier).

A content key is ``sha256:<first 20 hex digits of the SHA-256 of the row's cells>#<n>``
where ``n`` counts that exact row's occurrences so far in the file, so two identical ASB rows
in one file stay two records, and re-importing the file yields the same keys. The counts
cost about 100 bytes of memory per content-keyed row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from linewatch.feeds.spec import FEEDS, FeedSpec

#: The columns whose values make each kind's key; ``()`` means a content key only.
KEY_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "police-uk-street": ("Crime ID",),
    "police-uk-stop-search": (),
    "handset-contacts": ("agency", "handset_ref", "phone"),
    "persons": ("agency", "person_ref"),
}
_DEFAULT_KEY = ("agency", "ref")
_CELL_SEPARATOR = "\x1f"


def key_columns(spec: FeedSpec) -> tuple[str, ...]:
    """The columns that key rows of ``spec``."""
    columns = KEY_COLUMNS.get(spec.kind, _DEFAULT_KEY)
    missing = [name for name in columns if not spec.has_column(name)]
    if missing:
        raise ValueError(f"{spec.kind}: key columns {missing} are not in the format")
    return columns


class RowKeyer:
    """Makes the row keys of one file (it counts repeated content-keyed rows)."""

    def __init__(self, spec: FeedSpec, agency: str | None = None) -> None:
        self.columns = key_columns(spec)
        self.agency = agency or ""
        self._identifying = tuple(name for name in self.columns if name != "agency")
        self._seen: dict[bytes, int] = {}

    def key(self, values: Mapping[str, Any], cells: Sequence[str]) -> str:
        """The key of one parsed row, given its values and its cells as written."""
        if len(self.columns) == 1:  # the police.uk fast path: the published Crime ID
            value = values[self.columns[0]]
            return str(value) if value is not None else self.content_key(cells)
        identifying = self._identifying
        if identifying and all(values.get(name) is not None for name in identifying):
            if self.columns[0] != "agency":
                return "|".join(str(values[name]) for name in identifying)
            agency = values.get("agency") or self.agency
            return "|".join([agency, *(str(values[name]) for name in identifying)])
        return self.content_key(cells)

    def content_key(self, cells: Sequence[str]) -> str:
        """``sha256:<hash>#<occurrence>`` for a row known only by its content."""
        digest = hashlib.sha256(_CELL_SEPARATOR.join(cells).encode("utf-8")).digest()[:10]
        count = self._seen.get(digest, 0) + 1
        self._seen[digest] = count
        return f"sha256:{digest.hex()}#{count}"


# Every kind must be keyable: fail at import, not on the first upload.
for _spec in FEEDS.values():
    key_columns(_spec)
