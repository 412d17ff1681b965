"""Findings, recommendations and the actions that answer them, for every source at once.

A source is always a case: a review (rapid review, CSPR, SAR, DHR), an audit (macfa) or
national learning adopted locally (pathway "national"). Each recommendation is monitored
by a group; each action is led by an agency, owned by a person and closed only with
evidence; the monitoring group's sign-off makes it verified.
"""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case as CaseWhen
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.text import get_valid_filename

from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Group, Partnership
from lantern.web.versioning import version_field


class SourceKind(models.TextChoices):
    REVIEW = "review", "Case review"
    AUDIT = "audit", "Case file audit"
    NATIONAL = "national", "National learning"


#: Which kind of source each pathway is.
PATHWAY_SOURCE: dict[str, str] = {
    "rapid-review": SourceKind.REVIEW,
    "cspr": SourceKind.REVIEW,
    "sar": SourceKind.REVIEW,
    "dhr": SourceKind.REVIEW,
    "macfa": SourceKind.AUDIT,
    "national": SourceKind.NATIONAL,
}


def source_kind(pathway: str) -> str:
    return PATHWAY_SOURCE.get(pathway, SourceKind.REVIEW)


def source_pathways(kind: str) -> list[str]:
    return [p for p, k in PATHWAY_SOURCE.items() if k == kind]


class FindingResponse(models.TextChoices):
    """What the partnership decided to do about a finding. The SAB's annual report must give
    the reasons for not implementing any SAR finding (Care Act 2014 Sch. 2 para 4(1)(g)),
    so a decision not to act always carries its reason."""

    UNDECIDED = "", "Not decided yet"
    ACT = "act", "To be implemented"
    NOT_ACTING = "not_acting", "Not to be implemented"


class Finding(models.Model):
    """What a review or audit found: the learning a recommendation answers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField(
        "Will it be implemented?",
        max_length=12,
        choices=FindingResponse.choices,
        blank=True,
        default=FindingResponse.UNDECIDED,
    )
    response_reason = models.TextField("Why it will not be implemented", blank=True)
    response_on = models.DateField("Date of the decision", null=True, blank=True)
    response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = version_field()  # two people deciding at once: neither decision lost silently

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="finding_number_unique"),
            models.CheckConstraint(
                condition=~Q(response="not_acting") | ~Q(response_reason=""),
                name="finding_not_acting_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(response="") | Q(response_on__isnull=False),
                name="finding_response_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Finding {self.number}: {self.text[:60]}"


class Recommendation(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    text = models.TextField("Recommendation")
    monitoring_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="monitored_recommendations"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_recommendations",
        help_text="The person answerable to the group for this recommendation.",
    )
    impact_measure = models.TextField("How we will know it has made a difference")
    impact_review_on = models.DateField("When the impact will be reviewed")
    repeats = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeated_by",
        help_text="An earlier recommendation this one repeats.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="recommendation_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} R{self.number}"

    @property
    def label(self) -> str:
        return f"{self.case.reference} R{self.number}"

    @property
    def source(self) -> str:
        return source_kind(self.case.pathway)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"
    COMPLETE = "complete", "Complete"
    VERIFIED = "verified", "Verified"


#: Statuses an agency reports; "overdue" is never stored: it follows from the due date.
REPORTED = [ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.AT_RISK]
OPEN = REPORTED
DONE = [ActionStatus.COMPLETE, ActionStatus.VERIFIED]

#: Not started within this many days of the due date shows amber.
AMBER_WITHIN_DAYS = 28


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


def state_of(status: str, due: datetime.date, today: datetime.date) -> str:
    """The status shown: a stored open status becomes "overdue" once the due date passes."""
    if status in OPEN and due < today:
        return ActionStatus.OVERDUE
    return status


def rag_of(status: str, due: datetime.date, today: datetime.date) -> str:
    """Red when overdue; amber when at risk, or not started with the due date close; green
    otherwise (on track, complete, verified)."""
    state = state_of(status, due, today)
    if state == ActionStatus.OVERDUE:
        return Rag.RED
    if state == ActionStatus.AT_RISK:
        return Rag.AMBER
    if state == ActionStatus.NOT_STARTED and (due - today).days <= AMBER_WITHIN_DAYS:
        return Rag.AMBER
    return Rag.GREEN


def state_q(state: str, today: datetime.date) -> Q:
    """The actions whose status shown is `state` (so "overdue" and "on track" exclude
    each other): a filter over the stored status and due date, both indexed."""
    if state == ActionStatus.OVERDUE:
        # `closed` too, so the read is a range of the indexes that order open actions by due.
        return Q(closed=False, status__in=OPEN, due__lt=today)
    if state in OPEN:
        return Q(status=state, due__gte=today)
    return Q(status=state)


def state_expression(today: datetime.date) -> CaseWhen:
    """The status shown, worked out by the database (as state_of does)."""
    return CaseWhen(
        When(Q(status__in=OPEN) & Q(due__lt=today), then=Value(ActionStatus.OVERDUE)),
        default="status",
        output_field=models.CharField(),
    )


class ActionQuerySet(models.QuerySet["Action"]):
    def bulk_create(  # type: ignore[override]
        self, objs: Iterable["Action"], *args: Any, **kwargs: Any
    ) -> list["Action"]:
        # bulk_create skips save(): each action still takes its recommendation's partnership
        # and group.
        actions = list(objs)
        for action in actions:
            action.take_from_recommendation()
        return list(super().bulk_create(actions, *args, **kwargs))  # type: ignore[arg-type]

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.open().filter(due__lt=today or timezone.localdate())

    def in_state(self, state: str, today: datetime.date | None = None) -> "ActionQuerySet":
        """Filters by the status shown (so "overdue" and "on track" exclude each other)."""
        return self.filter(state_q(state, today or timezone.localdate()))

    def with_state(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.annotate(state=state_expression(today or timezone.localdate()))


class Action(models.Model):
    # The recommendation's partnership, kept on the action so that the tracker's indexes
    # lead with it (issue 13): filled in by save() from the recommendation, never changed.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    # The recommendation's monitoring group, kept here for the same reason: a group's list
    # reads an index of its own. A recommendation's group is chosen once, when it is made.
    monitoring_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="+", editable=False
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions"
    )
    due = models.DateField()
    success_measure = models.TextField("What success looks like")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    verified_on = models.DateField("Date of the group's sign-off", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_note = models.TextField(blank=True)
    overdue_notice_on = models.DateField(
        null=True, blank=True, help_text="When the owner was last told the action is overdue."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()  # two people changing an action lose nothing (issue 12, item 12)
    # Complete and verified actions sort after the open ones on the tracker: a column the
    # database keeps, so that order comes from an index, not a sort of every action.
    closed = models.GeneratedField(
        expression=CaseWhen(
            When(status__in=[str(s) for s in DONE], then=Value(True)),
            default=Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="action_number_unique"
            )
        ]
        # One for each filter and sort of the tracker, a group's list, My work and the
        # API (issue 13); the partnership first wherever the read is a partnership's.
        indexes = [
            models.Index(fields=["partnership", "closed", "due", "id"], name="action_open_first"),
            models.Index(fields=["partnership", "due", "id"], name="action_due"),
            models.Index(fields=["partnership", "status", "due", "id"], name="action_status_due"),
            models.Index(fields=["lead_agency", "closed", "due", "id"], name="action_agency_due"),
            models.Index(fields=["owner", "status", "due", "id"], name="action_owner_due"),
            models.Index(
                fields=["monitoring_group", "closed", "due", "id"], name="action_group_open_first"
            ),
            models.Index(
                fields=["monitoring_group", "status", "due", "id"], name="action_group_status_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.label}.{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.take_from_recommendation()
        super().save(*args, **kwargs)

    def take_from_recommendation(self) -> None:
        """The partnership and monitoring group, copied from the recommendation."""
        if self.recommendation_id is None:
            return
        if self.partnership_id is None:
            self.partnership_id = self.recommendation.partnership_id
        if self.monitoring_group_id is None:
            self.monitoring_group_id = self.recommendation.monitoring_group_id

    def state(self, today: datetime.date | None = None) -> str:
        return state_of(self.status, self.due, today or timezone.localdate())

    def state_label(self, today: datetime.date | None = None) -> str:
        return ActionStatus(self.state(today)).label

    def rag(self, today: datetime.date | None = None) -> str:
        return rag_of(self.status, self.due, today or timezone.localdate())

    @property
    def is_overdue(self) -> bool:
        return self.state() == ActionStatus.OVERDUE


class ActionUpdate(models.Model):
    """An agency's progress note on an action, usually answering a request for an update."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    request = models.ForeignKey(
        AgencyRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField("Progress")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action}: {self.get_status_display()}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # Served only through the evidence view, which checks the policy: no public URL.
    stem, dot, ext = get_valid_filename(filename).rpartition(".")
    name = f"{stem[:100]}{dot}{ext[:10]}" if dot else ext[:100]
    return f"actions/{instance.action.recommendation.partnership_id}/{uuid.uuid4().hex}/{name}"


class Evidence(models.Model):
    """Evidence that an action is done or has made a difference: a file or a link."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        ActionUpdate, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    description = models.CharField(max_length=300)
    file = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    link = models.URLField(max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="evidence_has_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def file_name(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


class ReportedItem(models.TextChoices):
    AUDITS = "audits", "Case audits"
    REVIEWS = "reviews", "Case reviews"
    ACTION_PLANS = "action_plans", "Action plans"
    TRAINING = "training", "Training evaluation"


class EvaluationRoute(models.Model):
    """One row of the framework's evaluation table: where an item is reported. A
    partnership changes these without code; the defaults follow the framework."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=20, choices=ReportedItem.choices)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(
        max_length=30, blank=True, help_text="A role reported to instead of a group."
    )

    class Meta:
        ordering = ["partnership", "item"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "item"], name="evaluation_route_unique"),
            models.CheckConstraint(
                condition=Q(group__isnull=False) | ~Q(role=""), name="evaluation_route_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} → {self.group or self.role}"


class LearningTerms(models.Model):
    """A recommendation's or finding's normalised text (lantern.actions.similarity's
    term weights), kept when it is saved so that repeat learning never normalises the
    partnership's whole learning on a visit (issue 13). Filled by
    lantern.actions.learning_index."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=30, unique=True)  # "rec:12", "finding:5"
    terms = models.JSONField()  # {"terms": [...], "weights": [...]}

    class Meta:
        indexes = [models.Index(fields=["partnership", "key"], name="learning_terms_partnership")]

    def __str__(self) -> str:
        return self.key


class LearningVersion(models.Model):
    """Counts the changes to a partnership's learning: every save or delete of one of its
    recommendations or findings bumps it, so each app process knows when its copy of the
    repeat-learning index, and the answers cached under the version, are out of date."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)
    # Drawn again at each bump: a counter alone could repeat after a rollback or a
    # restore and name another state of the learning.
    stamp = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return f"{self.partnership_id}: {self.version}"

    @property
    def name(self) -> str:
        return f"{self.version}-{self.stamp.hex}"
