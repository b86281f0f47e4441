"""The register's forms: a line, its status, numbers, people, addresses and check-backs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from linewatch.core.geography import AUTHORITIES
from linewatch.feeds.errors import InvalidValue
from linewatch.feeds.values import parse_phone
from linewatch.web.date_pairs import check_date_pair
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.lines.models import (
    ADDRESS_ROLES,
    CHECKBACK_RESULTS,
    CLOSURE_TYPES,
    LINE_STATUS_LABELS,
    MEMBER_ROLES,
)
from linewatch.web.lines.status import allowed_next
from linewatch.web.provenance import HANDLING_CODE_CHOICES, SENSITIVITY_CHOICES

AREA_CHOICES = [(a.code, f"{a.name} ({a.code})") for a in AUTHORITIES]
DATE = forms.DateInput(attrs={"type": "date"})


class _ValidPeriod:
    """A register row's ``valid_from`` and ``valid_to``: the end not before the start."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # type: ignore[misc]
        check_date_pair(self, data, "valid_from", "valid_to")
        return data


def _reference(text: str, kind: str) -> int:
    """``"person:12"``, ``"12"`` → 12, naming what was expected otherwise."""
    value = text.strip()
    if value.startswith(f"{kind}:"):
        value = value[len(kind) + 1 :]
    if not value.isdigit():
        raise forms.ValidationError(
            f"{text.strip()!r} is not a {kind} reference: give the number from the record's "
            f"page, e.g. {kind}:123"
        )
    return int(value)


class LineForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    name = forms.CharField(label="Line name or brand", max_length=120)
    exporting_force = forms.CharField(
        label="Exporting force",
        max_length=80,
        required=False,
        help_text="For example, West Midlands Police.",
    )
    exporting_area = forms.CharField(
        label="Exporting area", max_length=80, required=False, help_text="For example, Birmingham."
    )
    importing_areas = forms.MultipleChoiceField(
        label="Importing local authorities",
        choices=AREA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    importing_towns = forms.CharField(
        label="Importing towns",
        required=False,
        max_length=500,
        help_text="Separate towns with commas, e.g. Loughborough, Shepshed.",
    )
    first_seen = forms.DateField(label="First seen", required=False, widget=DATE)
    summary = forms.CharField(
        label="Summary", required=False, widget=forms.Textarea, max_length=5000
    )
    handling_code = forms.ChoiceField(
        label="Handling code", choices=HANDLING_CODE_CHOICES, initial="P", widget=forms.RadioSelect
    )
    sensitivity = forms.ChoiceField(
        label="Sensitivity", choices=SENSITIVITY_CHOICES, initial="standard"
    )

    def clean_first_seen(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("first_seen")
        if day and day > dt.date.today():
            raise forms.ValidationError("First seen must not be in the future")
        return day

    def clean_importing_towns(self) -> list[str]:
        text = str(self.cleaned_data.get("importing_towns") or "")
        towns = [t.strip() for t in text.split(",") if t.strip()]
        return list(dict.fromkeys(towns))


class StatusForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    closure_type = forms.ChoiceField(
        label="Closure type (when closing)",
        choices=[("", "Not a closure"), *CLOSURE_TYPES],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Why", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        field.choices = [(s, LINE_STATUS_LABELS[s]) for s in allowed_next(current)]
        self.current = current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, closure = data.get("status"), data.get("closure_type", "")
        if status == "closed" and not closure:
            self.add_error("closure_type", "Choose Type 1 or Type 2 for a closure")
        if status and status != "closed" and closure:
            self.add_error("closure_type", "Only a closure has a closure type")
        return data


class NumberForm(_ValidPeriod, GovukFormMixin, forms.Form):  # type: ignore[misc]
    number = forms.CharField(
        label="Deal-line number", max_length=40, help_text="Any format, e.g. 07700 900123."
    )
    valid_from = forms.DateField(label="In use from", required=False, widget=DATE)
    valid_to = forms.DateField(label="In use until", required=False, widget=DATE)

    def clean_number(self) -> str:
        try:
            return parse_phone(str(self.cleaned_data["number"]))
        except InvalidValue as error:
            raise forms.ValidationError(f"{error} (e.g. 07700 900123 or +447700900123)") from error


class NumberCheckForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    number = NumberForm.base_fields["number"]
    clean_number = NumberForm.clean_number


class MemberForm(_ValidPeriod, GovukFormMixin, forms.Form):  # type: ignore[misc]
    person = forms.CharField(
        label="Person", max_length=30, help_text="The person's reference, e.g. person:123."
    )
    role = forms.ChoiceField(label="Role", choices=MEMBER_ROLES)
    valid_from = forms.DateField(label="From", required=False, widget=DATE)
    valid_to = forms.DateField(label="Until", required=False, widget=DATE)

    def clean_person(self) -> int:
        return _reference(str(self.cleaned_data["person"]), "person")


class AddressForm(_ValidPeriod, GovukFormMixin, forms.Form):  # type: ignore[misc]
    location = forms.CharField(
        label="Address", max_length=30, help_text="The location's reference, e.g. location:45."
    )
    role = forms.ChoiceField(label="How the line uses it", choices=ADDRESS_ROLES)
    valid_from = forms.DateField(label="From", required=False, widget=DATE)
    valid_to = forms.DateField(label="Until", required=False, widget=DATE)

    def clean_location(self) -> int:
        return _reference(str(self.cleaned_data["location"]), "location")


class CheckBackResultForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    result = forms.ChoiceField(label="Result", choices=CHECKBACK_RESULTS, widget=forms.RadioSelect)
    done_on = forms.DateField(label="Checked on", widget=DATE)
    notes = forms.CharField(label="Notes", max_length=300, required=False)

    def clean_done_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["done_on"]
        if day > dt.date.today():
            raise forms.ValidationError("A check-back cannot be recorded for a future date")
        return day


class ScheduleCheckBackForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    due_on = forms.DateField(label="Due on", widget=DATE)
