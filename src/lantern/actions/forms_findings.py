"""The form of a finding's decision: implement it or not, why not, and when."""

from typing import Any

from django import forms

from lantern.web.forms import GovukDateField, GovukForm, text_area
from lantern.web.versioning import VersionedFormMixin

from .models import FindingResponse

REASON_NEEDED = "Enter why the finding will not be implemented."


class FindingResponseForm(VersionedFormMixin, GovukForm):  # type: ignore[misc]
    model_names = {"reason": "response_reason", "on": "response_on"}

    response = forms.ChoiceField(
        label="Will this finding be implemented?",
        choices=[
            (FindingResponse.ACT.value, FindingResponse.ACT.label),
            (FindingResponse.NOT_ACTING.value, FindingResponse.NOT_ACTING.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the finding will be implemented."},
    )
    reason = text_area(
        "Why will it not be implemented?",
        rows=5,
        help_text="The annual report gives this reason. Do not name the child or adult.",
    )
    on = GovukDateField(label="Date of the decision", help_text="For example, 27 3 2026")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        # The reason is asked for only when the finding is not to be implemented.
        if data.get("response") == FindingResponse.NOT_ACTING and not data.get("reason"):
            self.add_error("reason", REASON_NEEDED)
        return data
