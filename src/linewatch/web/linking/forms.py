"""The decision form on a pair page (GOV.UK radios and a reason, errors named per field)."""

from __future__ import annotations

from typing import Any

from django import forms

from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.linking.decisions import CHOICES

LABELS = {
    "confirmed": "Confirm: these are the same person",
    "rejected": "Reject: these are different people",
    "unlinked": "Un-link: these are not the same person after all",
}
MAX_REASON = 2000


class DecisionForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these records are the same person"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="What in the two records decided it for you. Kept with the decision and in "
        "the audit trail.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REASON,
        error_messages={
            "required": "Enter the reason for your decision",
            "max_length": f"Reason must be {MAX_REASON} characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, outcome: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision: Any = self.fields["decision"]
        decision.choices = [(c, LABELS[c]) for c in CHOICES.get(outcome, ())]

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for your decision")
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in reason):
            raise forms.ValidationError("Reason contains control characters; remove them")
        return reason
