"""The training programme and its evaluation.

A *course* (core or specialist) runs as *sessions*; people *book* a place on a session
(or wait for one) and attend or not. Attendees are mostly practitioners without a
Lantern account: a booking holds their name, e-mail, agency and manager.

Evaluation follows the framework: a survey *on the day*; for every core course a survey
to each attendee **three months after completion**; then one to their manager about the
impact on the team or service. Each survey is answered through a signed, single-use,
expiring link (a *SurveyInvitation*); the answers are a *SurveyResponse*. Where the course
says its surveys are anonymous, a response is stored with no link to the invitation or the
booking, so nobody can tell who answered what.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.partnerships.models import Agency, Partnership
from lantern.web.versioning import version_field


class TrainingSettings(models.Model):
    """The partnership's own timescales for evaluating training (defaults: the framework's)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="training_settings"
    )
    follow_up_months = models.PositiveSmallIntegerField(
        "Months after the session before the attendee's survey",
        default=3,
        help_text="The framework says three months after completion.",
    )
    link_days = models.PositiveSmallIntegerField("Days a survey link stays open", default=28)
    reminder_days = models.PositiveSmallIntegerField(
        "Days before the one reminder",
        default=10,
        help_text="One reminder is sent to anyone who has not answered by then.",
    )
    manager_after_days = models.PositiveSmallIntegerField(
        "Days after the attendee's survey is sent before the manager's",
        default=14,
        help_text="The manager's survey goes when the attendee answers, or after this "
        "many days if they have not.",
    )
    version = version_field()

    class Meta:
        verbose_name = "training settings"
        verbose_name_plural = "training settings"

    def __str__(self) -> str:
        return f"Training settings of {self.partnership}"


class CourseKind(models.TextChoices):
    CORE = "core", "Core"
    SPECIALIST = "specialist", "Specialist"


class CourseQuerySet(models.QuerySet["Course"]):
    def in_partnership(self, partnership_id: int | None) -> "CourseQuerySet":
        return self.filter(partnership_id=partnership_id)


class Course(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CourseKind.choices, default=CourseKind.CORE)
    description = models.TextField(blank=True)
    learning_outcomes = models.TextField(
        help_text="What attendees will know or be able to do, one outcome a line."
    )
    themes = models.ManyToManyField("learning.Theme", related_name="+", blank=True)
    actions = models.ManyToManyField(
        "actions.Action",
        related_name="courses",
        blank=True,
        help_text="Actions from reviews and audits this course answers.",
    )
    anonymous_surveys = models.BooleanField(
        "Surveys are anonymous",
        default=False,
        help_text="Answers are kept with no link to who gave them.",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["partnership", "title"])]

    def __str__(self) -> str:
        return self.title

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class TrainingSession(models.Model):
    """One delivery of a course. `ends_at` is its completion: the three-month survey is
    counted from that day."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    trainer = models.CharField(max_length=200)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(
        max_length=300, blank=True, help_text="The address, or how to join online."
    )
    capacity = models.PositiveSmallIntegerField(help_text="Places available.")
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancelled_reason = models.CharField(max_length=500, blank=True)
    attendance_recorded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the register was taken (entered or imported)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["partnership", "starts_at"]),
            models.Index(fields=["course", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_session_ends_after"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="training_session_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title}, {self.starts_at:%-d %B %Y}"


class Judgement(models.TextChoices):
    """Ofsted's grades, as the partnership's audits use."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Observation(models.Model):
    """Quality assurance of a course, or of one session of it: who observed, the judgement
    and why."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="observations")
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
    )
    observed_on = models.DateField()
    observer = models.CharField(max_length=200)
    judgement = models.CharField(max_length=30, choices=Judgement.choices)
    strengths = models.TextField(blank=True)
    improvements = models.TextField("Areas to improve", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"Observation of {self.course.title} on {self.observed_on:%-d %B %Y}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


#: Statuses that hold a place on the session.
PLACE_STATUSES = (BookingStatus.BOOKED, BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND)


class Booking(models.Model):
    """A person's place on a session (or on its waiting list), and whether they came."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    job_title = models.CharField(max_length=200, blank=True)
    manager_name = models.CharField(max_length=200, blank=True)
    manager_email = models.EmailField(max_length=254, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Their Lantern account, if they have one.",
    )
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=500, blank=True)
    version = version_field()

    class Meta:
        ordering = ["session", "booked_at", "pk"]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["partnership", "status"]),
        ]
        constraints = [
            # One live booking per e-mail address and session (a cancelled one may rebook).
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~Q(status="cancelled"),
                name="training_booking_once_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.session}"


class Stage(models.TextChoices):
    ON_THE_DAY = "on_the_day", "On the day"
    FOLLOW_UP = "follow_up", "Three months after"
    MANAGER = "manager", "Manager's survey"


class QuestionKind(models.TextChoices):
    SCALE = "scale", "A scale of 1 to 5"
    YES_NO = "yes_no", "Yes or no"
    TEXT = "text", "Written answer"


class Measure(models.TextChoices):
    """What a question measures, so the impact page can count like with like whatever
    the partnership words its questions."""

    KNOWLEDGE = "knowledge", "Knowledge"
    CONFIDENCE_BEFORE = "confidence_before", "Confidence before the training"
    CONFIDENCE_AFTER = "confidence_after", "Confidence after the training"
    PRACTICE_CHANGE = "practice_change", "Change in practice"
    OBSERVED_CHANGE = "observed_change", "Change the manager observed"
    EXAMPLE = "example", "An example"
    OTHER = "other", "Other"


class SurveyQuestion(models.Model):
    """A question of one stage's survey. Questions with no course are the partnership's
    standard ones; a course may add its own."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    measure = models.CharField(max_length=30, choices=Measure.choices, default=Measure.OTHER)
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["stage", "order", "pk"]
        indexes = [models.Index(fields=["partnership", "stage", "order"])]

    def __str__(self) -> str:
        return self.text


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"
    EXPIRED = "expired", "Closed without an answer"


class SurveyInvitation(models.Model):
    """One person asked to answer one survey about one booking: the attendee (on the day,
    three months after) or their manager. The link carries the invitation's id and a
    random key, signed; only the key's hash is stored, it works once (`answered_at`) and
    not after `expires_at`."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="invitations")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    email = models.EmailField(max_length=254)
    key_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["partnership", "stage", "sent_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "stage"], name="training_invitation_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} survey for {self.booking}"


class SurveyResponse(models.Model):
    """Answers to one survey. `invitation` is empty when the course's surveys are
    anonymous: the response then says which session and agency, never who."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="responses")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(
        help_text="The day only, so an anonymous answer cannot be matched to the moment "
        "an invitation was used."
    )

    class Meta:
        ordering = ["session", "stage", "pk"]
        indexes = [models.Index(fields=["partnership", "stage", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} answers on {self.session}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)  # scale 1–5; yes 1, no 0
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="training_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class EvaluationReport(models.Model):
    """The L&D co-ordinator's evaluation of the programme for a period, recorded as
    reported to where the evaluation table routes training (a group, or a role), and
    when. Issue 16's 360 evaluation reads these."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    reported_to_group = models.ForeignKey(
        "partnerships.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_to_role = models.CharField(max_length=30, blank=True)
    reported_on = models.DateField()
    summary = models.TextField(
        "What the co-ordinator concluded", blank=True, help_text="Shown at the top of the report."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="training_report_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"Training evaluation {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"
