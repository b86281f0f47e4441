"""The network filter (centre, dates, record kinds, depth) and the export reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from linewatch.web.events.models import EVENT_KINDS
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.network.collect import REGISTER_KINDS, BadCentre, parse_ref

KIND_CHOICES = [*EVENT_KINDS, *REGISTER_KINDS.items()]
DEPTH_CHOICES = [(1, "1 link"), (2, "2 links"), (3, "3 links")]


def split_kinds(data: QueryDict) -> QueryDict:
    """Accept ``kinds=arrest,asb`` as well as repeated ``kinds=`` parameters; depth 2 unless
    given."""
    copy = data.copy()
    if not copy.get("depth"):
        copy["depth"] = "2"  # the default, shown as chosen when the link did not say
    if "kinds" in copy:
        copy.setlist(
            "kinds", [k.strip() for value in data.getlist("kinds") for k in value.split(",") if k]
        )
    return copy


class NetworkFilterForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    """Works as a plain GET form; the page's script reads the same parameters."""

    centre = forms.CharField(
        label="Centre",
        help_text="A record reference such as phone:12, person:40, location:7 or line:3.",
        max_length=40,
    )
    depth = forms.TypedChoiceField(
        label="Links from the centre", choices=DEPTH_CHOICES, coerce=int, initial=2, required=False
    )
    kinds = forms.MultipleChoiceField(
        label="Records to include",
        help_text="Leave all unticked to include every kind.",
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_centre(self) -> str:
        centre = str(self.cleaned_data["centre"]).strip()
        try:
            parse_ref(centre)
        except BadCentre as error:
            raise forms.ValidationError(str(error)) from error
        return centre

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error(
                "to", f"'To' ({end:%d %B %Y}) must not be before 'From' ({start:%d %B %Y})"
            )
        data["depth"] = data.get("depth") or 2
        return data


# "from" is a Python keyword, so the two date fields are added by name; field order follows.
NetworkFilterForm.base_fields["from"] = forms.DateField(
    label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
)
NetworkFilterForm.base_fields["to"] = forms.DateField(
    label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
)
NetworkFilterForm.base_fields = {
    name: NetworkFilterForm.base_fields[name] for name in ("centre", "from", "to", "kinds", "depth")
}


class ExportForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    """Why the network is being exported: an export is a disclosure, logged with its reason."""

    reason = forms.CharField(
        label="Reason for exporting",
        help_text="For example: briefing for Operation X, shared with the exporting force.",
        max_length=300,
    )
    recipients = forms.CharField(label="Shared with (if anyone)", max_length=300, required=False)
