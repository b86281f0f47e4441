"""The public concern form: plain words, the published signs as prompts, nothing required
that would identify the resident."""

from __future__ import annotations

from typing import Any

from django import forms

from linewatch.core.geography import InvalidPostcode, normalise_postcode
from linewatch.core.indicators import CUCKOOING, EXPLOITATION, INDICATORS
from linewatch.web.forms_govuk import GovukFormMixin

CONCERNS = [
    ("cuckooing", "A home that may have been taken over by drug dealers (cuckooing)"),
    ("child_exploitation", "Children or young people who may be being used to sell drugs"),
    ("drug_dealing", "Drug dealing"),
    ("other", "Something else"),
]
MAX_TEXT = 5000


def _signs(group: str) -> list[tuple[str, str]]:
    return [(i.code, i.plain) for i in INDICATORS if i.group == group]


class ConcernForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    concern = forms.ChoiceField(
        label="What are you worried about?",
        choices=CONCERNS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are worried about"},
    )
    text = forms.CharField(
        label="Tell us what you have seen or heard",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened, when, and who was there. Do not put yourself in danger to "
        "find out more.",
        error_messages={
            "required": "Tell us what you have seen or heard",
            "max_length": "Keep it to 5,000 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Postcode of the place (if you know it)", required=False, max_length=10
    )
    address = forms.CharField(label="Street or place", required=False, max_length=200)
    child_signs = forms.MultipleChoiceField(
        label="Have you noticed any of these about a young person?",
        required=False,
        choices=_signs(EXPLOITATION),
        widget=forms.CheckboxSelectMultiple,
    )
    home_signs = forms.MultipleChoiceField(
        label="Have you noticed any of these at a home?",
        required=False,
        choices=_signs(CUCKOOING),
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label="Your name (optional)", required=False, max_length=100)
    contact_details = forms.CharField(
        label="A phone number or email we can reach you on (optional)",
        required=False,
        max_length=200,
        help_text="Leave blank to stay anonymous. We will only contact you about this concern.",
    )
    website = forms.CharField(
        required=False, widget=forms.HiddenInput, label="Leave this empty"
    )  # a field only robots fill in

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except InvalidPostcode:
            raise forms.ValidationError(
                "Enter a real postcode, like LE11 3TU, or leave it blank"
            ) from None

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
            raise forms.ValidationError("Remove the unusual characters from your message")
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError("Your concern could not be sent")
        return data

    @property
    def indicators(self) -> list[str]:
        return [*self.cleaned_data.get("child_signs", []), *self.cleaned_data.get("home_signs", [])]
