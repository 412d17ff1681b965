"""The programme's forms. They read what was typed; services_programme validates it and
names the field to fix, so each rule and its message lives in one place."""

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.actions.models import OPEN, Action
from lantern.learning.models import Theme
from lantern.web.forms import GovukBoundField, GovukDateField, GovukForm, text_area
from lantern.web.versioning import VersionedFormMixin

from .models import Course, CourseKind, Judgement, Mode, TrainingSession

DATE_HINT = "For example, 27 3 2027"


class _TimeBoundField(GovukBoundField):
    """A time box as GOV.UK styles a short text input, red when it is wrong."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        attrs["class"] = "govuk-input govuk-input--width-5" + (
            " govuk-input--error" if self.errors else ""
        )
        return attrs


class GovukTimeField(forms.TimeField):
    """A time of day typed as 09:30 (or 9.30), on the 24-hour clock. GOV.UK has no time
    component; its advice is a short text input with an example in the hint."""

    bound_field_class = _TimeBoundField

    def __init__(self, *, label: str, what: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            help_text=kwargs.pop("help_text", "24-hour clock, for example 09:30"),
            input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
            widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            error_messages={
                "required": f"Enter the time {what}.",
                "invalid": f"Enter the time {what} like 09:30, on the 24-hour clock.",
            },
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value


def _lines(label: str) -> Any:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What attendees will know or be able to do, one outcome a line.",
        error_messages={"required": "Enter at least one learning outcome."},
    )


class _ThemeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name if obj.partnership_id is None else f"{obj.name} (ours)"


class _ActionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.recommendation.label}.{obj.number} {obj.title}"


def themes_for(partnership_id: int) -> QuerySet[Theme]:
    return Theme.objects.for_partnership(partnership_id).active().order_by("name", "pk")


def actions_for(partnership_id: int, course: Course | None = None) -> QuerySet[Action]:
    """The actions a course may answer: those still open (a partnership's ten years of
    done actions would bury them), and any the course already answers."""
    wanted = Q(status__in=OPEN)
    if course is not None:
        wanted |= Q(courses=course)
    return (
        Action.objects.filter(wanted, partnership_id=partnership_id)
        .distinct()
        .select_related("recommendation__case")
        .order_by("recommendation__case__reference", "recommendation__number", "number", "pk")
    )


class CourseForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the course's title."}
    )
    kind = forms.ChoiceField(
        label="Is it a core or a specialist course?",
        choices=CourseKind.choices,
        widget=forms.RadioSelect,
        help_text="Every core course is quality assured each year, and its attendees and "
        "their managers are surveyed three months after it.",
        error_messages={"required": "Choose core or specialist."},
    )
    description = text_area("Description (optional)", rows=4)
    learning_outcomes = _lines("Learning outcomes")
    themes = _ThemeChoice(
        label="Themes (optional)",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The themes of learning the course covers.",
        error_messages={"invalid_choice": "Choose themes from the list."},
    )
    actions = _ActionChoice(
        label="Actions it answers (optional)",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Actions from reviews and audits that this training is evidence for.",
        error_messages={"invalid_choice": "Choose actions of this partnership from the list."},
    )
    anonymous_surveys = forms.BooleanField(
        label="Surveys are anonymous",
        required=False,
        help_text="Answers are kept with no link to who gave them.",
    )
    is_active = forms.BooleanField(
        label="The course is still run",
        required=False,
        initial=True,
        help_text="A course no longer run keeps its sessions and results.",
    )

    def __init__(
        self, *args: Any, partnership_id: int, course: Course | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        themes = themes_for(partnership_id)
        if course is not None:  # a theme retired since it was chosen stays, ticked
            themes = (themes | course.themes.all()).distinct()
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]
        self.fields["actions"].queryset = actions_for(partnership_id, course)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, course: Course) -> dict[str, Any]:
        return {
            "title": course.title,
            "kind": course.kind,
            "description": course.description,
            "learning_outcomes": course.learning_outcomes,
            "themes": list(course.themes.values_list("pk", flat=True)),
            "actions": list(course.actions.values_list("pk", flat=True)),
            "anonymous_surveys": course.anonymous_surveys,
            "is_active": course.is_active,
        }


class CourseEditForm(VersionedFormMixin, CourseForm):  # type: ignore[misc]
    """The course as changed, carrying the version it showed: no edit is lost. The themes
    and actions are not compared (they are not the record's own columns)."""

    version_fields = [
        "title",
        "kind",
        "description",
        "learning_outcomes",
        "anonymous_surveys",
        "is_active",
    ]


class SessionForm(GovukForm):
    day = GovukDateField(label="Date", help_text=DATE_HINT)
    starts = GovukTimeField(label="Start time", what="it starts")
    ends = GovukTimeField(
        label="End time", what="it ends", help_text="24-hour clock, for example 16:30"
    )
    trainer = forms.CharField(
        label="Trainer",
        max_length=200,
        help_text="Who delivers it: a name, or names.",
        error_messages={"required": "Enter the trainer's name."},
    )
    mode = forms.ChoiceField(
        label="In person or online?",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person or online."},
    )
    venue = forms.CharField(
        label="Venue, or how to join online",
        max_length=300,
        help_text="The address, or the meeting link and any code.",
        error_messages={"required": "Enter the venue, or how to join online."},
    )
    capacity = forms.IntegerField(
        label="Places",
        help_text="How many people can attend, from 1 to 500.",
        error_messages={
            "required": "Enter how many places there are.",
            "invalid": "Enter the number of places as a whole number, like 20.",
        },
    )

    @classmethod
    def initial_from(cls, session: TrainingSession) -> dict[str, Any]:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return {
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "trainer": session.trainer,
            "mode": session.mode,
            "venue": session.venue,
            "capacity": session.capacity,
        }


class SessionEditForm(VersionedFormMixin, SessionForm):  # type: ignore[misc]
    """The session as changed, carrying the version it showed."""

    version_fields = ["trainer", "mode", "venue", "capacity"]


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the session's page.",
        error_messages={"required": "Enter why the session is cancelled."},
    )


class ObservationForm(GovukForm):
    session = forms.ModelChoiceField(
        label="Session observed (optional)",
        queryset=TrainingSession.objects.none(),
        required=False,
        empty_label="The course as a whole",
        error_messages={"invalid_choice": "Choose a session of this course from the list."},
    )
    observed_on = GovukDateField(label="Date observed", help_text=DATE_HINT)
    observer = forms.CharField(
        label="Observer",
        max_length=200,
        help_text="Who observed: their name and role.",
        error_messages={"required": "Enter who observed."},
    )
    judgement = forms.ChoiceField(
        label="Judgement",
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the judgement."},
    )
    strengths = text_area("Strengths (optional)", rows=4)
    improvements = text_area("Areas to improve (optional)", rows=4)

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["session"]
        field.queryset = TrainingSession.objects.filter(
            partnership_id=course.partnership_id, course=course
        ).order_by("-starts_at", "-pk")
        field.label_from_instance = _session_label


def _session_label(session: TrainingSession) -> str:
    text = f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}, {session.trainer}"
    return f"{text} (cancelled)" if session.status == "cancelled" else text
