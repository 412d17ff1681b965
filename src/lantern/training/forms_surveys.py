"""The survey forms: the public answer form (built from the stage's questions), a
question, and the partnership's survey timescales."""

from typing import Any

from django import forms

from lantern.web.forms import GovukForm
from lantern.web.versioning import VersionedFormMixin

from .models import Course, Measure, QuestionKind, Stage, SurveyQuestion
from .services_surveys import TEXT_LIMIT

SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO_CHOICES = [("1", "Yes"), ("0", "No")]


def _answer_field(question: SurveyQuestion) -> forms.Field:
    common: dict[str, Any] = {
        # GOV.UK marks the optional questions, not the required ones.
        "label": question.text if question.required else f"{question.text} (optional)",
        "help_text": question.hint,
        "required": question.required,
    }
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 5}),
            max_length=TEXT_LIMIT,
            error_messages={
                "required": f"Answer “{question.text}”",
                "max_length": f"Your answer must be {TEXT_LIMIT:,} characters or fewer.",
            },
            **common,
        )
    choices = SCALE_CHOICES if question.kind == QuestionKind.SCALE else YES_NO_CHOICES
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose an answer to “{question.text}”",
            "invalid_choice": "Choose one of the answers.",
        },
        **common,
    )


class AnswerForm(GovukForm):
    """One field a question, named q<id>: scales and yes/no as radios in a fieldset with
    its legend and hint (govuk/field.html), written answers as text areas."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = _answer_field(question)

    def answers(self) -> dict[int, Any]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class QuestionForm(GovukForm):
    stage = forms.ChoiceField(
        label="Which survey is it in?",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which survey the question is in."},
    )
    text = forms.CharField(
        label="Question",
        max_length=300,
        error_messages={"required": "Enter the question."},
    )
    hint = forms.CharField(
        label="Hint (optional)",
        max_length=300,
        required=False,
        help_text="Shown under the question, for example what 1 and 5 mean.",
    )
    kind = forms.ChoiceField(
        label="How is it answered?",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the question is answered."},
    )
    measure = forms.ChoiceField(
        label="What does it measure?",
        choices=Measure.choices,
        help_text="The impact page counts answers by what they measure.",
        error_messages={"required": "Choose what the question measures."},
    )
    required = forms.BooleanField(label="An answer is required", required=False)
    order = forms.IntegerField(
        label="Order",
        min_value=0,
        max_value=999,
        help_text="Questions are asked from the lowest number up.",
        error_messages={
            "required": "Enter the order, for example 10.",
            "invalid": "Enter the order as a whole number, for example 10.",
            "min_value": "Enter an order from 0 to 999.",
            "max_value": "Enter an order from 0 to 999.",
        },
    )
    is_active = forms.BooleanField(
        label="Asked in new surveys",
        required=False,
        help_text="Untick to retire the question: its answers are kept.",
    )

    def __init__(
        self,
        *args: Any,
        locked: bool = False,
        courses: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if courses is not None:
            # A new question: for every course (a standard one) or for one course only.
            self.fields["course"] = forms.ChoiceField(
                label="Which course is it for?",
                choices=[("", "Every course (a standard question)"), *courses],
                required=False,
                error_messages={"invalid_choice": "Choose a course from the list."},
            )
            self.order_fields(["course"])
        if locked:
            # Answered already: what it asks and how is fixed, or old and new answers
            # would be counted together though they mean different things.
            for name in ("stage", "kind", "measure"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Fixed: the question has been answered."


class SettingsForm(VersionedFormMixin, GovukForm):  # type: ignore[misc]
    follow_up_months = forms.IntegerField(
        label="Months after the session before the attendee's survey",
        help_text="From 1 to 12. The framework says three months after completion.",
    )
    link_days = forms.IntegerField(label="Days a survey link stays open", help_text="From 7 to 90.")
    reminder_days = forms.IntegerField(
        label="Days before the one reminder",
        help_text="Fewer than the days a link stays open.",
    )
    manager_after_days = forms.IntegerField(
        label="Days after the attendee's survey is sent before the manager's",
        help_text="From 1 to 60. The manager's survey goes as soon as the attendee answers, "
        "or after this many days if they have not.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("follow_up_months", "link_days", "reminder_days", "manager_after_days"):
            field = self.fields[name]
            field.error_messages.update(
                {
                    "required": f"Enter the {str(field.label).lower()}.",
                    "invalid": "Enter a whole number.",
                }
            )


def course_choices(partnership_id: int) -> list[tuple[str, str]]:
    return [
        (str(c.pk), c.title)
        for c in Course.objects.in_partnership(partnership_id).filter(is_active=True)
    ]
