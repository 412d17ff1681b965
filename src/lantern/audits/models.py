"""Multi-agency case file audits (MACFA): the audit, its tool, the random draw of cases
and each agency's return. One audit per "macfa" case; the case carries the timetable."""

from django.conf import settings
from django.db import models

from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
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

    class Meta:
        ordering = ["qap_meeting_on", "theme"]

    def __str__(self) -> str:
        return f"Audit {self.case.reference}: {self.theme}"


class Question(models.Model):
    """One question of the audit tool: the same for every agency."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "order"]

    def __str__(self) -> str:
        return f"Q{self.order}: {self.text[:60]}"


class Draw(models.Model):
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
        ordering = ["audit", "drawn_at", "pk"]

    def __str__(self) -> str:
        return f"Draw for {self.audit.case.reference} at {self.drawn_at:%Y-%m-%d %H:%M}"


class AuditReturn(models.Model):
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

    class Meta:
        ordering = ["audit", "case_reference", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "case_reference", "agency"], name="one_return_per_case_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} on {self.case_reference}"
