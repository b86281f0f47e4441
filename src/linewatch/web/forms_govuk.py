"""GOV.UK Frontend classes for Django form widgets.

Mix :class:`GovukFormMixin` into a form so that ``templates/includes/field.html``
renders each field GOV.UK-style without the template having to set attributes::

    class SubmitIntelligenceForm(GovukFormMixin, forms.Form):
        summary = forms.CharField(widget=forms.Textarea)

The mixin must come before ``forms.Form`` / ``forms.ModelForm`` in the bases.

Classes are set once in ``__init__``.  The error modifiers (``govuk-input--error`` and
friends) depend on validation, which happens later, so they are added when the widget is
rendered, by :class:`GovukBoundField` (Django 5.2's ``Form.bound_field_class``).  Django
itself adds ``aria-invalid`` and ``aria-describedby="<id>_helptext <id>_error"``; the
ids of the hint and error message in ``field.html`` match those.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import widgets

__all__ = ["GovukBoundField", "GovukFormMixin", "govuk_widget_classes"]

# (widget class, css class, error modifier or "") — first match wins, so subclasses
# come before their bases (CheckboxSelectMultiple is a RadioSelect; CheckboxInput,
# FileInput, HiddenInput, DateInput are Inputs).
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str, str], ...] = (
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input", ""),
    (forms.RadioSelect, "govuk-radios__input", ""),
    (forms.Select, "govuk-select", "govuk-select--error"),
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (forms.DateInput, "govuk-input govuk-input--width-10", "govuk-input--error"),
    (forms.DateTimeInput, "govuk-input govuk-input--width-20", "govuk-input--error"),
    (forms.TimeInput, "govuk-input govuk-input--width-5", "govuk-input--error"),
    (widgets.Input, "govuk-input", "govuk-input--error"),
)


def govuk_widget_classes(widget: forms.Widget) -> tuple[str, str]:
    """Return ``(css classes, error modifier)`` for a widget; empty strings if none.

    >>> govuk_widget_classes(forms.Textarea())
    ('govuk-textarea', 'govuk-textarea--error')
    """
    if isinstance(widget, forms.HiddenInput):
        return "", ""
    for widget_class, css, error_css in _WIDGET_CLASSES:
        if isinstance(widget, widget_class):
            return css, error_css
    return "", ""


def _add_classes(existing: str, extra: str) -> str:
    classes = existing.split()
    classes += [c for c in extra.split() if c not in classes]
    return " ".join(classes)


def _style_widget(widget: forms.Widget) -> None:
    if isinstance(widget, forms.MultiWidget):
        for subwidget in widget.widgets:
            _style_widget(subwidget)
        return
    css, _ = govuk_widget_classes(widget)
    if css:
        widget.attrs["class"] = _add_classes(widget.attrs.get("class", ""), css)


class GovukBoundField(forms.BoundField):
    """A bound field that adds the GOV.UK error modifier class when the field is invalid."""

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not isinstance(widget, forms.MultiWidget):
            _, error_css = govuk_widget_classes(widget)
            if error_css:
                base = str(attrs.get("class") or widget.attrs.get("class", ""))
                attrs["class"] = _add_classes(base, error_css)
        return attrs


class GovukFormMixin:
    """Give every widget of the form the GOV.UK Frontend class it needs."""

    bound_field_class = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for field in fields.values():
            _style_widget(field.widget)
