"""The clock's records: a partnership's closures, local timescales and settings, and
each case's steps with their dates. The dates are worked out by the engine (engine/)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.partnerships.models import Partnership

from .engine import (
    DUE_SOON_DAYS,
    ENGLAND,
    START,
    TIMETABLES,
    Status,
    StepRule,
    WorkingCalendar,
    step_status,
)
from .engine.timetables import RAPID_REVIEW


class ClosureDay(models.Model):
    """A day the partnership's business unit is closed: it does not count as a working day."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    reason = models.CharField(max_length=200, help_text="For example, office move.")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "date"], name="closure_day_unique")
        ]

    def __str__(self) -> str:
        return f"Closure day {self.date:%d %B %Y}: {self.reason}"


class LocalTimescale(models.Model):
    """A partnership's own amount for a non-statutory step of a pathway's timetable."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    pathway = models.CharField(max_length=20)
    step_id = models.CharField(max_length=40)
    amount = models.PositiveSmallIntegerField()
    earliest_amount = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pathway", "step_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "pathway", "step_id"], name="local_timescale_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pathway} {self.step_id}: {self.amount}"

    @property
    def rule(self) -> StepRule | None:
        timetable = TIMETABLES.get(self.pathway)
        if timetable is None or not timetable.has_step(self.step_id):
            return None
        return timetable.step(self.step_id)

    def clean(self) -> None:
        rule = self.rule
        if rule is None:
            raise ValidationError(
                f"There is no step {self.step_id} in the {self.pathway} timetable."
            )
        if rule.statutory:
            raise ValidationError(
                f"“{rule.title}” is a statutory timescale ({rule.source}): "
                "no partnership can change it."
            )
        unit = rule.period.unit
        low, high = unit.bounds
        if self.amount is None or not low <= self.amount <= high:
            raise ValidationError(
                {"amount": f"Enter a number of {unit.label} between {low} and {high}."}
            )
        try:
            rule.with_amounts(self.amount, self.earliest_amount)
        except ValueError as error:
            raise ValidationError({"earliest_amount": str(error)}) from None


RAPID_REVIEW_ANCHORS = list(RAPID_REVIEW.anchor_choices)


class ClockSettings(models.Model):
    partnership = models.OneToOneField(
        Partnership, on_delete=models.PROTECT, related_name="clock_settings"
    )
    rapid_review_anchor = models.CharField(
        "A rapid review's clock starts",
        max_length=40,
        choices=RAPID_REVIEW_ANCHORS,
        default=START,
        help_text="Working Together 2023 counts from the notification to the National Panel.",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "Show a step as due soon this many working days before it is due",
        default=DUE_SOON_DAYS,
        validators=[MaxValueValidator(20, "Enter a number of working days from 0 to 20.")],
    )

    class Meta:
        verbose_name_plural = "clock settings"

    def __str__(self) -> str:
        return "Clock settings"

    def anchor_for(self, pathway: str) -> str:
        return self.rapid_review_anchor if pathway == RAPID_REVIEW.pathway else START


class CaseStep(models.Model):
    """One step of a case's timetable: when it is due and when it happened.

    Every change of its dates, and the reason for an extension or pause, goes on the
    audit trail (the model is tracked).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    pathway = models.CharField(max_length=20)
    step_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    start = models.DateField(help_text="The date the timetable counts from.")
    earliest = models.DateField(null=True, blank=True)
    due = models.DateField()
    basis = models.CharField(max_length=300, blank=True, help_text="How the due date was set.")
    done_on = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(default=0)
    pause_reason = models.CharField(max_length=500, blank=True)
    extension_reason = models.CharField(max_length=500, blank=True)
    statutory = models.BooleanField(default=False)
    reminded_on = models.DateField(
        null=True, blank=True, help_text="When the case's leads were last reminded of it."
    )

    class Meta:
        verbose_name = "timetable step"
        ordering = ["case_id", "start", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pathway", "step_id"], name="case_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due:%d %b %Y})"

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None

    def status_on(
        self,
        today: date,
        *,
        due_soon_days: int = DUE_SOON_DAYS,
        calendar: WorkingCalendar = ENGLAND,
    ) -> Status:
        return step_status(
            due=self.due,
            today=today,
            done_on=self.done_on,
            paused=self.is_paused,
            due_soon_days=due_soon_days,
            calendar=calendar,
        )

    @property
    def status(self) -> Status:
        """Set by the selectors with the partnership's settings; else worked out for today."""
        cached: Status | None = self.__dict__.get("_status")
        return cached if cached is not None else self.status_on(timezone.localdate())

    @status.setter
    def status(self, value: Status) -> None:
        self.__dict__["_status"] = value
