"""The upload page's form: which feed, which file."""

from __future__ import annotations

from typing import Any

from django import forms

from linewatch.feeds import FEEDS
from linewatch.web.forms_govuk import GovukFormMixin


def kinds_for(agency: Any) -> list[tuple[str, str]]:
    """The feed kinds an agency of this kind sends (feeds/formats/*.yaml ``senders``)."""
    kind = getattr(agency, "kind", "")
    return sorted(
        ((name, spec.title) for name, spec in FEEDS.items() if kind in spec.senders),
        key=lambda choice: choice[1],
    )


class UploadForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    kind = forms.ChoiceField(
        label="What is in the file?",
        help_text="The columns each kind needs are listed on the feed formats page.",
        error_messages={"required": "Choose what is in the file"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file (UTF-8, comma-separated, with a header row) or an Excel .xlsx "
        "workbook (the first sheet is read).",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file you chose is empty",
            "invalid": "The file could not be read; choose it again",
        },
    )

    def __init__(self, *args: Any, agency: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choose a kind of file"), *kinds_for(agency)]
