"""Forms for grading and moderation. Field names are the services' error keys."""

from typing import Any

from django import forms

from lantern.web.forms import GovukForm

from .models import AuditReturn, Grade


def _grade(label: str, required: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label="Moderation note",
        help_text="How the overall judgement was reached, and any disagreement resolved.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the moderation note: how the overall judgement was reached."
        },
    )


class ModerationForm(GovukForm):
    """One case: a grade for each agency's return, then the moderated judgement."""

    def __init__(
        self,
        data: Any = None,
        *,
        case_reference: str,
        returns: list[AuditReturn],
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        grades = {f"return_{r.pk}": r.grade for r in returns}
        super().__init__(data, initial=grades | (initial or {}), **kwargs)
        self.returns = returns
        for ret in returns:
            self.fields[f"return_{ret.pk}"] = _grade(
                f"Grade for {ret.agency}", f"Choose a grade for {ret.agency}."
            )
        self.fields["judgement"] = _grade(
            f"Overall judgement for {case_reference}",
            f"Choose the overall judgement for {case_reference}.",
            help_text="Moderated across the agencies.",
        )
        self.fields["note"] = _note()

    def grades(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data.get(f"return_{r.pk}", "") for r in self.returns}


class JudgementForm(GovukForm):
    judgement = _grade(
        "Overall judgement for the audit", "Choose the overall judgement for the audit."
    )
    note = _note()
