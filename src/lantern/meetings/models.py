"""Meetings of a case, who was invited and who came, and the decisions they record.

The attendance list doubles as the invitation list: everyone on it may see the
meeting's papers (they are sent before the meeting); `attended` says who came, and
only those who came count towards the quorum.

A meeting whose date has passed is either recorded as held (with its attendance) or
marked not held, with the reason and who said so; until then it "needs recording".
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import version_field


class MeetingKind(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "Rapid review meeting"
    PANEL = "panel", "Panel meeting"
    SCOPING = "scoping", "Scoping meeting"
    LEARNING_EVENT = "learning_event", "Learning event"
    OTHER = "other", "Other meeting"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def to_record(self, today: datetime.date) -> "MeetingQuerySet":
        """Past meetings nobody has yet recorded as held or not held."""
        return self.filter(date__lt=today, held=False, not_held_at__isnull=True)


class Meeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    location = models.CharField(
        "Where", max_length=300, blank=True, help_text="A room and address, or how to join online."
    )
    outside_window_reason = models.TextField(blank=True)
    # Meetings are held on working days: the date asked for, when it was not one, and
    # why it was moved ("a Sunday"), so the page can say so.
    requested_date = models.DateField(null=True, blank=True)
    moved_because = models.CharField(max_length=100, blank=True)
    # A person moved it (it was held, or will be, on another day than arranged): the day
    # it was arranged for before the move, and why. Recorded as held only on its date.
    moved_from = models.DateField(null=True, blank=True)
    moved_reason = models.TextField("Why the meeting was moved", blank=True)
    held = models.BooleanField(default=False)
    held_on = models.DateField(null=True, blank=True)
    not_held_reason = models.TextField("Why the meeting was not held", blank=True)
    not_held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_held_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    actions = models.TextField(
        "Actions agreed", blank=True, help_text="One a line: what, who, by when."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    version = version_field()  # two people recording it lose nothing (issue 12, item 12)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "time", "pk"]

    def __str__(self) -> str:
        return f"{self.title} on {self.date:%d/%m/%Y}"

    @property
    def not_held(self) -> bool:
        return self.not_held_at is not None

    def needs_recording(self, today: datetime.date) -> bool:
        """Its date has passed and nobody has said whether it was held."""
        return self.date < today and not self.held and not self.not_held

    def status_label(self, today: datetime.date) -> str:
        if self.held:
            return "Held"
        if self.not_held:
            return "Not held"
        if self.date < today:
            return "Needs recording: held or not held?"
        return "Scheduled"


class Attendance(models.Model):
    """One person invited to a meeting: a member of the case, or someone named."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendance",
    )
    # Copied from the person's account too, so the record reads the same later.
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(default=False)

    class Meta:
        verbose_name = "meeting attendance"
        verbose_name_plural = "meeting attendances"
        ordering = ["meeting", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="one_attendance_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def case(self) -> Case:
        # For the audit trail, which finds a record's partnership through its case.
        return self.meeting.case


class Decision(models.Model):
    """What a meeting decided. `kind` is one of the choices its pathway declares
    (lantern.meetings.rules); its label is kept so the record reads the same later."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField(max_length=40)
    kind_label = models.CharField(max_length=200)
    rationale = models.TextField()
    immediate_actions = models.TextField(blank=True)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "meeting decision"
        ordering = ["decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(meeting__isnull=False),
                name="one_decision_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"Decision: {self.kind_label}"
