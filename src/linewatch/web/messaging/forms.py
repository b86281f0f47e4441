"""Forms of the campaign pages (GOV.UK style, every error naming its field)."""

from __future__ import annotations

from typing import Any

from django import forms

from linewatch.core.geography import AUTHORITIES
from linewatch.web.forms_govuk import GovukFormMixin
from linewatch.web.messaging.models import TreatmentService

MAX_DIRECTORY_BYTES = 5 * 1024 * 1024


class NewCampaignForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    source = forms.ChoiceField(
        label="Seized handset's contact list",
        help_text="A handset-contacts import. Only the contacts you may see are used.",
        error_messages={"required": "Choose the handset's contact list"},
    )
    name = forms.CharField(
        label="Campaign name",
        max_length=120,
        error_messages={"required": "Enter a name for the campaign"},
    )
    area = forms.ChoiceField(
        label="Local authority of the handset's area",
        required=False,
        help_text="Leave as it is to take the area from the handset's records.",
    )
    service = forms.ChoiceField(
        label="Treatment service named in the message",
        required=False,
        help_text="Leave as it is to use the directory's service for the area.",
    )

    def __init__(self, *args: Any, imports: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source, area, service = (self.fields[name] for name in ("source", "area", "service"))
        assert isinstance(source, forms.ChoiceField)
        assert isinstance(area, forms.ChoiceField)
        assert isinstance(service, forms.ChoiceField)
        source.choices = [("", "Choose a contact list")] + [
            (str(i.pk), f"{i.filename} ({i.accepted} rows, imported {i.started_at:%d %b %Y})")
            for i in imports
        ]
        area.choices = [("", "From the handset's records")] + [
            (a.code, a.name) for a in AUTHORITIES
        ]
        service.choices = [("", "The directory's service for the area")] + [
            (str(s.pk), s.name) for s in TreatmentService.objects.order_by("name")
        ]


class DirectoryUploadForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    file = forms.FileField(
        label="Open Referral UK services file (JSON)",
        help_text="A service, a list of services, or a page from an ORUK API's /services.",
        error_messages={"required": "Choose an Open Referral UK JSON file"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DIRECTORY_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload
