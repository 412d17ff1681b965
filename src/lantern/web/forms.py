"""GOV.UK Frontend markup for every Django form, so page templates stay two lines.

Forms inherit GovukForm (or GovukModelForm); `{{ form }}` then renders each field
as a GOV.UK form group with its label, hint and error message, and
`{% include "govuk/error_summary.html" %}` renders the error summary.
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from .dates import check_in_range
from .text import clean_text

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


def _cleaning(field: forms.CharField) -> Any:
    to_python = field.to_python
    one_line = not isinstance(field.widget, forms.Textarea)

    def cleaned(value: Any) -> Any:
        value = to_python(value)
        if not isinstance(value, str):
            return value
        value = clean_text(value, keep_nul=True)
        # A line break pasted into a one-line box (a title, a name) is a space.
        return " ".join(value.split("\n")) if one_line else value

    cleaned.lantern_cleans = True  # type: ignore[attr-defined]
    return cleaned


class GovukBoundField(BoundField):
    """A field as GOV.UK renders it: the input's class, with its error modifier, and its
    aria-describedby naming the hint and the error message the field template shows
    (ids `<id>-hint` and `<id>-error`). Worked out when the widget renders, not before,
    so a field placed alone (`{{ form.x.as_field_group }}`) or given an error by a
    service after validation still tells a screen reader what is wrong (WCAG 3.3.1)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        target = widget or self.field.widget
        if self.widget_type == "govukdate":
            # The date input's own template styles its three boxes; the fieldset around
            # them carries the aria links (govuk/field.html).
            target.attrs["data_error"] = bool(self.errors)
            attrs = super().build_widget_attrs(attrs, widget)
            attrs.pop("aria-describedby", None)
            return attrs
        classes = _INPUT_CLASSES.get(self.widget_type, "")
        if classes:
            if self.errors:
                classes += f" {classes.split()[0]}--error"
            target.attrs["class"] = classes
        described = []
        if self.field.help_text:
            described.append(f"{self.auto_id}-hint")
        if self.errors:
            described.append(f"{self.auto_id}-error")
        if described:
            target.attrs["aria-describedby"] = " ".join(described)
        else:
            target.attrs.pop("aria-describedby", None)
        attrs = super().build_widget_attrs(attrs, widget)
        if not described:
            # Django's own `_helptext`/`_error` ids, which no GOV.UK template renders.
            attrs.pop("aria-describedby", None)
        return attrs


def _in_range(day: datetime.date) -> None:
    check_in_range(day, "The date")


class GovukFormMixin:
    """Adds GOV.UK classes and the aria links from each input to its hint and error, and
    cleans every text field's value (lantern.web.text): no form keeps a control character."""

    bound_field_class = GovukBoundField

    def full_clean(self) -> None:
        # Here, not in __init__: forms add fields after it, and all of them are cleaned.
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField) and not hasattr(
                field.to_python, "lantern_cleans"
            ):
                field.to_python = _cleaning(field)  # type: ignore[method-assign]
            if isinstance(field, forms.DateField) and _in_range not in field.validators:
                # One range for every date a form takes (lantern.web.dates), as the
                # GOV.UK date input has: 31/12/9999 plus a day overflows.
                field.validators.append(_in_range)
        super().full_clean()  # type: ignore[misc]

    def get_context(self) -> dict[str, Any]:
        # The classes and aria links are worked out as each field renders (GovukBoundField),
        # when every error, a service's too, is known, however the template places it.
        context: dict[str, Any] = super().get_context()  # type: ignore[misc]
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


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        parts = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)]
        super().__init__(parts, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date from the GOV.UK date input, with the design system's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.what = label[0].lower() + label[1:]
        part = {"required": self.enter, "invalid": "x"}
        fields = (
            forms.IntegerField(error_messages=part),
            forms.IntegerField(error_messages=part),
            forms.IntegerField(error_messages=part),
        )
        super().__init__(
            fields=fields,
            require_all_fields=False,
            label=label,
            error_messages={"required": self.enter, "incomplete": self.enter},
            **kwargs,
        )

    @property
    def enter(self) -> str:
        """The message for a date not given: "Enter the date of the meeting.", as GOV.UK's
        date input advises ("Enter date of death." does not read). A form may change
        `what` after the field is made."""
        article = "the " if self.what.startswith("date") else ""
        return f"Enter {article}{self.what}."

    def clean(self, value: Any) -> datetime.date | None:
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise ValidationError(self.enter, code="required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}.")
        if not all(p.isascii() and p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{self.label} must be a real date, like 27 3 2026.")
        if max(len(parts[0]), len(parts[1])) > 2:
            raise ValidationError(f"{self.label} must be a real date.")
        try:
            day = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date.") from None
        # One range for every date a person types (lantern.web.dates): 0001 and 9999 are
        # mistakes, and the working-day arithmetic cannot count from them.
        return check_in_range(day, str(self.label))

    def compress(self, data_list: list[Any]) -> None:  # clean() does the work
        return None


def text_area(
    label: str, required: str = "", rows: int = 4, help_text: str = ""
) -> forms.CharField:
    """A multi-line answer. `required` is the error when it is left blank; without one the
    answer is optional."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
    )
