"""The intervention form (GOV.UK patterns: every error named per field in the summary)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from linewatch.core.geography import AUTHORITIES
from linewatch.web.access import filter_visible
from linewatch.web.accounts.models import Agency
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.interventions.models import INTERVENTION_KINDS, Intervention
from linewatch.web.lines.models import CountyLine
from linewatch.web.pole.models import Location, Person
from linewatch.web.provenance import HANDLING_CODE_CHOICES, SENSITIVITY_CHOICES

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"]
CLOSES = [
    ("", "No"),
    ("1", "Yes – Type 1 (line holder charged)"),
    ("2", "Yes – Type 2 (number deactivated)"),
]


def _date(
    label: str, required: bool = False, help_text: str = "For example, 27/03/2026"
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={
            "required": f"Enter the {label.lower().replace(' (optional)', '')}",
            "invalid": f"{label.replace(' (optional)', '')} must be a real date, like 27/03/2026",
        },
    )


def _moment(label: str, help_text: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M"),
        error_messages={
            "invalid": f"{label.split(' (')[0]} must be a date and time, like 27/03/2026 14:30"
        },
    )


class _References(forms.CharField):
    """Reference numbers, separated by commas or spaces."""

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        refs = []
        for part in text.replace(",", " ").split():
            if not part.isdigit():
                raise forms.ValidationError(
                    f"{part!r} is not a reference number; give the numbers shown on the person "
                    "pages, separated by commas"
                )
            refs.append(int(part))
        return refs


def _offer(field: forms.Field, records: list[Any], empty: str) -> None:
    if not records:
        _reference_box(field, "address" if empty == "No address" else "person")
        return
    choices = [("", empty)] + [(r.pk, str(r)) for r in records]
    field.widget = forms.Select(choices=choices, attrs={"class": "govuk-select"})


def _reference_box(field: forms.Field, what: str) -> None:
    field.widget = forms.TextInput(
        attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}
    )
    field.help_text = f"The {what}'s reference number, shown on its page"


class InterventionForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    """Any intervention kind against a line, a person or an address."""

    kind = forms.ChoiceField(
        label="What was done?",
        choices=[("", "Choose an intervention"), *INTERVENTION_KINDS],
        error_messages={"required": "Choose what was done"},
    )
    line = forms.ModelChoiceField(
        label="County line (optional)",
        queryset=CountyLine.objects.none(),
        required=False,
        empty_label="No line",
    )
    person = forms.ModelChoiceField(
        label="Person (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No person",
        error_messages={"invalid_choice": "Choose a person you may see in Linewatch"},
    )
    location = forms.ModelChoiceField(
        label="Address or premises (optional)",
        queryset=Location.objects.none(),
        required=False,
        empty_label="No address",
        error_messages={"invalid_choice": "Choose an address you may see in Linewatch"},
    )
    started_on = _date(
        "Start date",
        required=True,
        help_text="The day it was done or served, for example 27/03/2026",
    )
    ends_on = _date(
        "End or expiry date (optional)",
        help_text="A closure order's end; bail expiry; an order's end",
    )
    follow_up_on = _date(
        "Follow-up date (optional)", help_text="When someone should check what happened next"
    )
    partner_agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved (optional)",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.CharField(label="Outcome (optional)", required=False, max_length=200)
    closes_line = forms.ChoiceField(
        label="Did this close the line?",
        choices=CLOSES,
        required=False,
        widget=forms.RadioSelect,
        help_text="A charge of the line holder closes it (Type 1) without being asked",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Closure notices and orders (ASBCPA 2014 ss76-82)
    served_at = _moment(
        "Notice served at (closure notices)", "Date and time, for example 27/03/2026 14:30"
    )
    notice_hours = forms.IntegerField(
        label="Notice lasts (hours)",
        required=False,
        min_value=1,
        max_value=48,
        initial=24,
        help_text="24; up to 48 if a superintendent or the council's chief executive authorised it",
        error_messages={
            "max_value": "A closure notice lasts at most 48 hours (s77)",
            "min_value": "A closure notice lasts at least 1 hour",
            "invalid": "Enter the notice's length as a whole number of hours, like 24",
        },
    )
    hearing_at = _moment(
        "Magistrates' hearing at (optional)",
        "Date and time the order application was or will be heard",
    )
    adjourned = forms.BooleanField(label="The court adjourned the hearing (s81)", required=False)
    notice = forms.ModelChoiceField(
        label="Closure notice this order follows (optional)",
        queryset=Intervention.objects.none(),
        required=False,
        empty_label="The latest notice on these premises",
    )
    extends = forms.ModelChoiceField(
        label="Order this extends (extensions only)",
        queryset=Intervention.objects.none(),
        required=False,
        empty_label="Not an extension",
    )
    # Bail conditions
    exclusion_area_codes = forms.MultipleChoiceField(
        label="Exclusion area: local authorities (bail)",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    exclusion_other_codes = forms.CharField(
        label="Exclusion area: ward or LSOA codes (bail, optional)",
        required=False,
        max_length=2000,
        help_text="GSS codes separated by commas, for example E05005412, E01025683",
    )
    exclusion_polygon = forms.CharField(
        label="Exclusion area drawn on the map (bail, optional)",
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "lw-geojson"}),
        help_text="GeoJSON polygon in longitude/latitude; the map fills this in",
    )
    no_contact_persons = _References(
        label="Not to contact (bail, optional)",
        required=False,
        max_length=500,
        help_text="Reference numbers of the people, separated by commas",
    )
    other_conditions = forms.CharField(
        label="Other conditions (bail, optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, curfew 20:00 to 07:00",
    )
    # NRM
    child = forms.BooleanField(label="The person is a child (under 18)", required=False)
    consent = forms.BooleanField(label="The adult consented to the NRM referral", required=False)
    handling_code = forms.ChoiceField(
        label="Handling code", choices=HANDLING_CODE_CHOICES, initial="P", widget=forms.RadioSelect
    )
    sensitivity = forms.ChoiceField(
        label="Sensitivity",
        choices=SENSITIVITY_CHOICES,
        initial="standard",
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, user: Any, line: CountyLine | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = filter_visible(user, CountyLine.objects.all())  # type: ignore[attr-defined]
        people = filter_visible(user, Person.objects.all())
        places = filter_visible(user, Location.objects.all())
        # Any record the user may see is accepted; the list offered is the line's own people
        # and places (its addresses and its people's homes), or a reference box without a line.
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["location"].queryset = places  # type: ignore[attr-defined]
        if line is not None:
            members = people.filter(line_roles__line=line).distinct()
            homes = places.filter(
                Q(line_uses__line=line) | Q(residents__line_roles__line=line)
            ).distinct()
            _offer(self.fields["person"], list(members), "No person")
            _offer(self.fields["location"], list(homes), "No address")
        else:
            _reference_box(self.fields["person"], "person")
            _reference_box(self.fields["location"], "address")
        self.fields["partner_agencies"].queryset = Agency.objects.order_by("name")  # type: ignore[attr-defined]
        visible = filter_visible(user, Intervention.objects.all())
        self.fields["notice"].queryset = visible.filter(kind="closure_notice")  # type: ignore[attr-defined]
        self.fields["extends"].queryset = visible.filter(kind="closure_order")  # type: ignore[attr-defined]
        self.fields["exclusion_area_codes"].choices = [(a.code, a.name) for a in AUTHORITIES]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = list(data.get("exclusion_area_codes") or [])
        codes += [c for c in (data.get("exclusion_other_codes") or "").replace(",", " ").split()]
        data["exclusion_area_codes"] = codes
        return data
