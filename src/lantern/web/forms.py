"""GOV.UK Frontend markup for every Django form, so page templates stay two lines.

Forms inherit GovukForm (or GovukModelForm); `{{ form }}` then renders each field
as a GOV.UK form group with its label, hint and error message, and
`{% include "govuk/error_summary.html" %}` renders the error summary.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

_INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input govuk-input--width-5",
    "url": "govuk-input",
    "date": "govuk-input govuk-input--width-10",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class GovukRenderer(DjangoTemplates):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukFormMixin:
    """Adds GOV.UK classes and the aria links from each input to its hint and error."""

    def get_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            widget = field.widget
            classes = _INPUT_CLASSES.get(bound.widget_type, "")
            if bound.errors and classes:
                classes += f" {classes.split()[0]}--error"
            if classes:
                widget.attrs["class"] = classes
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hint")
            if bound.errors:
                described.append(f"{bound.auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)
        return context


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: on its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
