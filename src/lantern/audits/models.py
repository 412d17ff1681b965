"""Multi-agency case file audits (MACFA): the audit, its tool, the random draw of cases,
each agency's return and its grade, the moderated judgements, the audit session and
learning event, and what the audit found. One audit per "macfa" case; the case carries
the timetable and the stage. The audit's findings and recommendations are the action
tracker's (lantern.actions.models), on the audit's case, so its action plan is built
there."""

from django.conf import settings
from django.db import models

from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
from lantern.meetings.models import Meeting
from lantern.partnerships.models import Agency, Group


class AuditKind(models.TextChoices):
    CHILDREN = "children", "Children's"
    ADULTS = "adults", "Adults'"


class QuestionKind(models.TextChoices):
    OPEN = "open", "Open question"
    YES_NO = "yes_no", "Closed question (yes or no)"
    GRADED = "graded", "Graded (outstanding, good, requires improvement, inadequate)"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class PartOfAudit:
    """For the audit trail, which finds a record's partnership through its case."""

    @property
    def case(self) -> Case:
        return self.audit.case  # type: ignore[attr-defined]


class Audit(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="macfa")
    theme = models.CharField(max_length=200)
    theme_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.TextField()
    kind = models.CharField(max_length=10, choices=AuditKind.choices)
    qap_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    qap_meeting_on = models.DateField("QA&P meeting that will receive the audit")
    cases_to_draw = models.PositiveSmallIntegerField(default=4)
    tool_finalised_on = models.DateField(null=True, blank=True)
    # The moderated judgement of the audit as a whole.
    judgement = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    judgement_note = models.TextField("Moderation note", blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    learning_summary = models.TextField(blank=True)
    learning_flagged_for_publication = models.BooleanField(default=False)

    class Meta:
        ordering = ["qap_meeting_on", "theme"]

    def __str__(self) -> str:
        return f"Audit {self.case.reference}: {self.theme}"


class Question(PartOfAudit, models.Model):
    """One question of the audit tool: the same for every agency."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    guidance = models.TextField(blank=True)

    class Meta:
        verbose_name = "audit tool question"
        verbose_name_plural = "audit tool questions"
        ordering = ["audit", "order"]

    def __str__(self) -> str:
        return f"Q{self.order}: {self.text[:60]}"


class Draw(PartOfAudit, models.Model):
    """A random selection of cases: the seed and list are kept so anyone can re-run it.
    A redraw adds a new Draw with a reason; the latest is the one in force."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="draws")
    seed = models.BigIntegerField()
    eligible = models.JSONField(help_text="The sorted eligible case references.")
    count = models.PositiveSmallIntegerField()
    selected = models.JSONField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField()
    redraw_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "random draw of audit cases"
        verbose_name_plural = "random draws of audit cases"
        ordering = ["audit", "drawn_at", "pk"]

    def __str__(self) -> str:
        return f"Draw for {self.audit.case.reference} at {self.drawn_at:%Y-%m-%d %H:%M}"


class AuditReturn(PartOfAudit, models.Model):
    """One agency's answers about one selected case."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="returns")
    case_reference = models.CharField(max_length=100)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        AgencyRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(default=dict, help_text="Question id to answer.")
    impact = models.TextField("Evidence of the impact of your interventions", blank=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default="draft")
    concern = models.BooleanField("Immediate safeguarding concern", default=False)
    concern_details = models.TextField(blank=True)
    concern_escalated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The theme lead's (or the Business Unit's) grade of this agency's work on the case.
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "case_reference", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "case_reference", "agency"], name="one_return_per_case_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.case_reference}"


class CaseJudgement(PartOfAudit, models.Model):
    """The moderated overall judgement of one selected case, across its agencies."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="judgements")
    case_reference = models.CharField(max_length=100)
    grade = models.CharField(max_length=30, choices=Grade.choices)
    note = models.TextField("Moderation note")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField()

    class Meta:
        verbose_name = "audit case judgement"
        ordering = ["audit", "case_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "case_reference"], name="one_judgement_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.get_grade_display()}"


class LearningEvent(PartOfAudit, models.Model):
    """The audit session and learning event. Its date, time, place and whether it was
    held live on the kernel's Meeting (kind "learning_event"); the programme here."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="event")
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="+")
    programme = models.TextField("Programme (agenda)", blank=True)
    programme_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "audit learning event"

    def __str__(self) -> str:
        return f"Learning event of {self.audit.case.reference}"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", "Not recorded yet"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class Invitee(models.Model):
    """Someone invited to the learning event, from an agency, and whether they came."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Copied from the person's account too, so the record reads the same later.
    name = models.CharField(max_length=200)
    email = models.EmailField("E-mail address")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendance = models.CharField(
        max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "learning event invitee"
        ordering = ["event", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_address")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def case(self) -> Case:
        return self.event.audit.case


class Engaged(models.TextChoices):
    CHILD = "child", "A child"
    YOUNG_PERSON = "young_person", "A young person"
    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    ADULT = "adult", "The adult"


class Engagement(PartOfAudit, models.Model):
    """Children, young people, parents or carers heard for the audit: who, how, and
    what they said."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="engagements")
    who = models.CharField(max_length=20, choices=Engaged.choices)
    how = models.TextField("How they were engaged")
    what_they_said = models.TextField()
    engaged_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "engagement with children and families"
        verbose_name_plural = "engagements with children and families"
        ordering = ["audit", "engaged_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_who_display()} on {self.engaged_on:%d/%m/%Y}"


class GoodPractice(PartOfAudit, models.Model):
    """Good or excellent practice found, acknowledged via the senior management team."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="good_practice")
    text = models.TextField("Good practice")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_to = models.CharField(
        "Acknowledged to", max_length=300, blank=True, help_text="Who in which senior team."
    )
    acknowledged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "pk"]
        verbose_name_plural = "good practice"

    def __str__(self) -> str:
        return self.text[:60]


class RatifyingBody(models.TextChoices):
    BOARD = "board", "Children's partnership group or Safeguarding Adults Board"
    EXECUTIVE = "executive", "Executive"


class Ratification(PartOfAudit, models.Model):
    """The findings ratified: first by the DSCPG (children's audit) or the SAB (adults'),
    then by the Executive."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="ratifications")
    body = models.CharField(max_length=10, choices=RatifyingBody.choices)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    ratified_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "ratification of audit findings"
        verbose_name_plural = "ratifications of audit findings"
        ordering = ["audit", "ratified_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "body"], name="one_ratification_per_body")
        ]

    def __str__(self) -> str:
        return f"Ratified by {self.group} on {self.ratified_on:%d/%m/%Y}"


class Seminar(PartOfAudit, models.Model):
    """A lunchtime seminar or briefing that fed the learning back."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="seminars")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=300)
    attended_count = models.PositiveIntegerField("Number attending")

    class Meta:
        verbose_name = "learning seminar"
        ordering = ["audit", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} on {self.held_on:%d/%m/%Y}"
