"""The intelligence submission and grading forms (GOV.UK patterns, errors named per field)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from linewatch.core.geography import (
    InvalidPostcode,
    LonLat,
    normalise_postcode,
    within_uk_bounds,
)
from linewatch.core.grading import GradingError, validate_grading
from linewatch.core.indicators import CUCKOOING, EXPLOITATION, INDICATORS
from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.values import parse_phone, parse_vrm
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.intel.models import INTELLIGENCE_ASSESSMENTS, SOURCE_EVALUATIONS
from linewatch.web.provenance import HANDLING_CODE_CHOICES, SENSITIVITY_CHOICES

LONDON = ZoneInfo("Europe/London")
MAX_TEXT = 20_000


def _choices(group: str, plain: bool) -> list[tuple[str, str]]:
    return [(i.code, i.plain if plain else i.label) for i in INDICATORS if i.group == group]


def _no_control_characters(text: str, what: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise forms.ValidationError(f"{what} contains control characters; remove them")
    return text


def check_grading(form: forms.Form, data: dict[str, Any]) -> None:
    """Add each 3x5x2 grading problem to the field it concerns (C needs its conditions)."""
    try:
        validate_grading(
            data.get("source_evaluation") or None,
            data.get("intelligence_assessment") or None,
            data.get("handling_code") or None,
            data.get("handling_conditions", ""),
        )
    except GradingError as error:
        for name, messages in error.by_field().items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class SubmitIntelligenceForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    """What was seen, where, when, who; the signs; and (for trained graders) the 3x5x2 grade."""

    text = forms.CharField(
        label="What did you see or hear?",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text="Say what happened, who was involved and how you know. Do not name the "
        "person who told you if they asked not to be identified.",
        error_messages={
            "required": "Enter what you saw or heard",
            "max_length": "What you saw or heard must be 20,000 characters or fewer",
        },
    )
    day = forms.IntegerField(label="Day", required=False, min_value=1, max_value=31)
    month = forms.IntegerField(label="Month", required=False, min_value=1, max_value=12)
    year = forms.IntegerField(label="Year", required=False, min_value=1900, max_value=2100)
    time_seen = forms.CharField(
        label="Time (optional)", required=False, max_length=5, help_text="For example, 21:30"
    )
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=10, help_text="For example, LE11 3TU"
    )
    address = forms.CharField(
        label="Address or place (optional)",
        required=False,
        max_length=300,
        help_text="For example, 14 Rosebery Street, or 'the park behind the library'",
    )
    # Filled by the map on the page (static/intel/pin-map.js); without JavaScript the postcode
    # and address say where.
    pin_latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    pin_longitude = forms.CharField(required=False, widget=forms.HiddenInput)
    people = forms.CharField(
        label="Who was involved? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names, nicknames, ages or descriptions, one person per line",
    )
    phones = forms.CharField(
        label="Phone numbers (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, in any format, for example 07700 900123",
    )
    vehicles = forms.CharField(
        label="Vehicle registrations (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, for example AB12 CDE",
    )
    exploitation_signs = forms.MultipleChoiceField(
        label="Signs of child criminal exploitation",
        required=False,
        choices=_choices(EXPLOITATION, plain=False),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    cuckooing_signs = forms.MultipleChoiceField(
        label="Signs of cuckooing at an address",
        required=False,
        choices=_choices(CUCKOOING, plain=False),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    source_evaluation = forms.ChoiceField(
        label="Source evaluation",
        required=False,
        choices=SOURCE_EVALUATIONS,
        widget=forms.RadioSelect,
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment",
        required=False,
        choices=INTELLIGENCE_ASSESSMENTS,
        widget=forms.RadioSelect,
    )
    handling_code = forms.ChoiceField(
        label="Handling code",
        required=False,
        choices=HANDLING_CODE_CHOICES,
        widget=forms.RadioSelect,
    )
    handling_conditions = forms.CharField(
        label="Handling conditions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for handling code C: how it may be shared and acted on",
    )
    sensitivity = forms.ChoiceField(
        label="Sensitivity",
        choices=SENSITIVITY_CHOICES,
        initial="standard",
        widget=forms.RadioSelect,
    )

    GRADING_FIELDS = (
        "source_evaluation",
        "intelligence_assessment",
        "handling_code",
        "handling_conditions",
    )

    def __init__(self, *args: Any, can_grade: bool, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_grade = can_grade
        if not can_grade:
            for name in self.GRADING_FIELDS:
                del self.fields[name]
        if plain:
            exploitation: Any = self.fields["exploitation_signs"]
            cuckooing: Any = self.fields["cuckooing_signs"]
            exploitation.choices = _choices(EXPLOITATION, plain=True)
            cuckooing.choices = _choices(CUCKOOING, plain=True)
            self.fields["exploitation_signs"].label = "Have you noticed any of these about a child?"
            self.fields["cuckooing_signs"].label = "Have you noticed any of these at an address?"

    def clean_text(self) -> str:
        return _no_control_characters(self.cleaned_data["text"].strip(), "What you saw")

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except InvalidPostcode:
            raise forms.ValidationError(
                f"Enter a real UK postcode, like LE11 3TU ('{value}' is not one)"
            ) from None

    def clean_time_seen(self) -> time | None:
        value = self.cleaned_data["time_seen"].strip()
        if not value:
            return None
        try:
            return datetime.strptime(value.replace(".", ":"), "%H:%M").time()
        except ValueError:
            raise forms.ValidationError("Enter the time as hours and minutes, like 21:30") from None

    def clean_phones(self) -> list[str]:
        numbers = []
        for line in _lines(self.cleaned_data["phones"]):
            try:
                numbers.append(parse_phone(line))
            except InvalidValue:
                raise forms.ValidationError(
                    f"'{line}' is not a phone number; enter one number per line, like 07700 900123"
                ) from None
        return list(dict.fromkeys(numbers))

    def clean_vehicles(self) -> list[str]:
        vrms = []
        for line in _lines(self.cleaned_data["vehicles"]):
            try:
                vrms.append(parse_vrm(line))
            except InvalidValue:
                raise forms.ValidationError(
                    f"'{line}' is not a vehicle registration; enter one per line, like AB12 CDE"
                ) from None
        return list(dict.fromkeys(vrms))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_when(data)
        self._clean_pin(data)
        if self.can_grade:
            check_grading(self, data)
        return data

    def _clean_when(self, data: dict[str, Any]) -> None:
        parts = [data.get("day"), data.get("month"), data.get("year")]
        if not any(parts):
            data["occurred_at"] = None
            return
        if not all(parts):
            self.add_error(
                "day", "Enter the date it happened as day, month and year, or leave all three blank"
            )
            return
        try:
            day = date(int(data["year"]), int(data["month"]), int(data["day"]))
        except ValueError:
            self.add_error("day", "The date it happened must be a real date")
            return
        moment = datetime.combine(day, data.get("time_seen") or time(12, 0), tzinfo=LONDON)
        if moment > timezone.now() + timedelta(hours=1):
            self.add_error("day", "The date it happened must be today or in the past")
            return
        data["occurred_at"] = moment

    def _clean_pin(self, data: dict[str, Any]) -> None:
        """The map pin, as a (longitude, latitude) pair inside the UK, or ``None``."""
        lat_text = (data.get("pin_latitude") or "").strip()
        lon_text = (data.get("pin_longitude") or "").strip()
        data["pin"] = None
        if not (lat_text or lon_text):
            return
        try:
            point = LonLat(float(lon_text), float(lat_text))
        except ValueError:
            self.add_error("postcode", "The map pin could not be read; place it again")
            return
        if not within_uk_bounds(point):
            self.add_error("postcode", "The map pin must be in the UK; place it again")
            return
        data["pin"] = point

    @property
    def indicators(self) -> list[str]:
        return [
            *self.cleaned_data.get("exploitation_signs", []),
            *self.cleaned_data.get("cuckooing_signs", []),
        ]


class GradeForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    """An analyst's grading of a report from the queue."""

    source_evaluation = forms.ChoiceField(
        label="Source evaluation", choices=SOURCE_EVALUATIONS, widget=forms.RadioSelect
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment",
        choices=INTELLIGENCE_ASSESSMENTS,
        widget=forms.RadioSelect,
    )
    handling_code = forms.ChoiceField(
        label="Handling code", choices=HANDLING_CODE_CHOICES, widget=forms.RadioSelect
    )
    handling_conditions = forms.CharField(
        label="Handling conditions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for handling code C",
    )
    sanitised_text = forms.CharField(
        label="Sanitised report",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text="Remove anything that identifies the source before others read it. The text "
        "as submitted is kept for the record.",
    )
    link = forms.MultipleChoiceField(
        label="Link what the report mentions", required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    """The report's state when the form was opened (intel/locking.py)."""

    def __init__(self, *args: Any, suggestions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        link: Any = self.fields["link"]
        link.choices = suggestions
        if not suggestions:
            del self.fields["link"]

    def clean_sanitised_text(self) -> str:
        return _no_control_characters(self.cleaned_data["sanitised_text"].strip(), "The report")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_grading(self, data)
        return data
