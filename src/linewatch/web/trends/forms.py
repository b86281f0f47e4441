"""What a trends page or report is for: the local authority, the quarter, the audience."""

from __future__ import annotations

from typing import Any

from django import forms

from linewatch.core.geography import AUTHORITIES
from linewatch.core.trends import (
    HEADLINE_CATEGORIES,
    LEVEL_LABELS,
    Level,
    Quarter,
    QuarterError,
    describe,
)
from linewatch.web.forms_govuk import GovukFormMixin

AUDIENCE_CHOICES = [
    ("police", "Police (no suppression)"),
    ("partner", "Partners (small numbers suppressed)"),
    ("public", "Public (small numbers suppressed)"),
]


class QuarterField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Quarter.parse(text)
        except QuarterError as error:
            raise forms.ValidationError(
                "Enter a quarter like 2020Q4 (the year, Q, and 1 to 4)", code="quarter"
            ) from error


class AreaForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    la = forms.ChoiceField(
        label="Local authority",
        choices=[("", "Choose a local authority")] + [(a.code, a.name) for a in AUTHORITIES],
        error_messages={
            "required": "Choose a local authority",
            "invalid_choice": "Choose one of the nine local authorities in the list",
        },
    )
    quarter = QuarterField(
        label="Quarter",
        required=False,
        help_text="For example, 2020Q4 for October to December 2020. Leave blank for the "
        "latest quarter with data.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )


class TrendsForm(AreaForm):
    """The trends page: an authority and quarter, and the level and measure to break down."""

    level = forms.ChoiceField(
        label="Break down by",
        choices=[(level.value, LEVEL_LABELS[level].capitalize()) for level in Level],
        required=False,
        error_messages={"invalid_choice": "Choose local authority, NPA, ward or LSOA"},
    )
    category = forms.ChoiceField(
        label="Measure",
        choices=[(c, describe(c).label) for c in HEADLINE_CATEGORIES],
        required=False,
        error_messages={"invalid_choice": "Choose one of the measures in the list"},
    )

    def clean_level(self) -> Level:
        return Level(self.cleaned_data.get("level") or Level.LA.value)

    def clean_category(self) -> str:
        return str(self.cleaned_data.get("category") or HEADLINE_CATEGORIES[0])


class ReportForm(AreaForm):
    audience = forms.ChoiceField(
        label="Who will read it",
        choices=AUDIENCE_CHOICES,
        initial="partner",
        required=False,
        error_messages={"invalid_choice": "Choose police, partner or public"},
    )

    def __init__(self, *args: Any, police: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.police = police

    def clean_audience(self) -> str:
        audience = self.cleaned_data.get("audience") or "partner"
        if audience == "police" and not self.police:
            raise forms.ValidationError(
                "Only police users can produce the police version; choose partner or public"
            )
        return str(audience)


class BoardForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    quarter = AreaForm.base_fields["quarter"]
    audience = ReportForm.base_fields["audience"]

    def __init__(self, *args: Any, police: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.police = police

    clean_audience = ReportForm.clean_audience
