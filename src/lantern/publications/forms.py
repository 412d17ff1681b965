"""The forms of the signed-in publication pages (GOV.UK markup through lantern.web.forms)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.cases.models import Case
from lantern.web.forms import GovukDateField, GovukForm, text_area
from lantern.web.versioning import VersionedFormMixin

from .models import Kind, Publication
from .text import lines_of


class PublicationForm(GovukForm):
    kind = forms.ChoiceField(label="What kind of publication is it?", choices=Kind.choices)
    case = forms.ModelChoiceField(
        label="The review or audit it comes from",
        queryset=Case.objects.none(),
        required=False,
        empty_label="None (for example a briefing on national learning)",
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title."},
        help_text="Never the subject's name: use the pseudonym.",
    )
    pseudonym = forms.CharField(
        label="Pseudonym", max_length=50, required=False, help_text='For example "Child A".'
    )
    summary = text_area("Summary", required="Enter a summary.", rows=4)
    body = text_area(
        "Report",
        rows=12,
        help_text="Paragraphs separated by a blank line. A line starting “## ” is a "
        "heading; lines starting “- ” are a list.",
    )
    themes = text_area("Themes", rows=3, help_text="One a line.")
    key_findings = text_area("Key findings", rows=6, help_text="One a line.")
    show_actions = forms.BooleanField(
        label="Show our recommendations and the status of their actions", required=False
    )
    external_url = forms.URLField(
        label="Link to the full report elsewhere",
        required=False,
        assume_scheme="https",
        help_text="For example the Community Safety Partnership's page for a DHR.",
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cases = Case.objects.filter(partnership_id=partnership_id).order_by("-opened_on")
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["case"].label_from_instance = lambda case: (  # type: ignore[attr-defined]
            f"{case.reference}: {case.display_title}"
        )

    @classmethod
    def initial_from(cls, publication: Publication) -> dict[str, Any]:
        return {
            "kind": publication.kind,
            "case": publication.case_id,
            "title": publication.title,
            "pseudonym": publication.pseudonym,
            "summary": publication.summary,
            "body": publication.body,
            "themes": "\n".join(publication.themes),
            "key_findings": "\n".join(publication.key_findings),
            "show_actions": publication.show_actions,
            "external_url": publication.external_url,
        }

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["themes"] = lines_of(data.get("themes") or "")
        data["key_findings"] = lines_of(data.get("key_findings") or "")
        data.pop("reason", None)
        return data


class EditForm(VersionedFormMixin, PublicationForm):  # type: ignore[misc]
    """The draft's form, carrying the version it showed: no edit is lost (issue 12)."""

    version_fields = list(PublicationForm.base_fields)

    def content(self) -> dict[str, Any]:
        data = super().content()
        data.pop("version", None)
        data.pop("seen", None)
        return data


class AmendForm(PublicationForm):
    reason = text_area(
        "Why is it amended?", required="Enter why it is amended: the public page says so."
    )


class WithdrawForm(GovukForm):
    reason = text_area(
        "Why is it withdrawn?",
        required="Enter why it is withdrawn: the public page says so.",
        help_text="The public page shows this instead of the publication.",
    )


_TIME = forms.RegexField(
    regex=r"^([01]?\d|2[0-3]):[0-5]\d$",
    label="Time the embargo ends",
    required=False,
    help_text="24-hour clock, for example 09:30. Leave blank for the start of the day.",
    error_messages={"invalid": "Enter a time like 09:30."},
)


class PublishForm(GovukForm):
    embargo_on = GovukDateField(
        label="Date the embargo ends",
        required=False,
        help_text="Leave blank to publish now. Nothing is public before this date and time.",
    )
    embargo_time = _TIME

    def embargo_until(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("embargo_on")
        if day is None:
            if self.cleaned_data.get("embargo_time"):
                raise ValidationError({"embargo_on": "Enter the date the embargo ends."})
            return None
        hours, minutes = (self.cleaned_data.get("embargo_time") or "00:00").split(":")
        moment = datetime.datetime.combine(day, datetime.time(int(hours), int(minutes)))
        return timezone.make_aware(moment)
