from __future__ import annotations

from django import forms

from linewatch.web.forms_govuk import GovukFormMixin


class ErasureForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    reason = forms.CharField(
        label="Why is this record being erased?",
        help_text="For example: review under the retention policy found no reason to keep it; "
        "a data subject's erasure request (reference). Recorded in the audit trail.",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the record is being erased",
            "min_length": "Enter why the record is being erased, in at least 10 characters",
        },
    )
