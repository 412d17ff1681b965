"""Requests to agencies: a scoping return, an IMR, an audit return, an action update…

The kernel's one way of asking an agency for something on a case, with a due date,
the agency's answer (typed in Lantern or uploaded), reminders, and the Business
Unit's acceptance or return of it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from lantern.cases.models import Case, CaseStatus
from lantern.partnerships.models import Agency


class RequestKind(models.TextChoices):
    SCOPING = "scoping", "Initial scoping and information sharing return"
    IMR = "imr", "Individual management review"
    AUDIT_RETURN = "audit_return", "Audit return"
    ACTION_UPDATE = "action_update", "Action update"
    CHRONOLOGY = "chronology", "Chronology"
    OTHER = "other", "Other"


class RequestStatus(models.TextChoices):
    SENT = "sent", "Sent"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"


#: Waiting for the agency: it may still save and submit its answer.
WAITING = [RequestStatus.SENT, RequestStatus.IN_PROGRESS, RequestStatus.RETURNED]

#: Kinds that may be asked for, and are chased, on a closed case: audits and DHRs close
#: before their action plans finish.
AFTER_CLOSING = [RequestKind.ACTION_UPDATE]

STATUS_TAGS = {
    RequestStatus.SENT: "govuk-tag--grey",
    RequestStatus.IN_PROGRESS: "govuk-tag--light-blue",
    RequestStatus.SUBMITTED: "govuk-tag--blue",
    RequestStatus.ACCEPTED: "govuk-tag--green",
    RequestStatus.RETURNED: "govuk-tag--orange",
}


def response_upload_to(instance: "AgencyRequest", filename: str) -> str:
    # Under the partnership and case, in a folder of its own so names never collide.
    # Served only through the request's download view: nothing under here has a URL.
    stem, dot, ext = get_valid_filename(filename).rpartition(".")
    name = f"{stem[:100]}{dot}{ext[:10]}" if dot else ext[:100]
    return (
        f"agencyrequests/{instance.case.partnership_id}/{instance.case_id}/"
        f"{uuid.uuid4().hex}/{name}"
    )


class AgencyRequestQuerySet(models.QuerySet["AgencyRequest"]):
    def waiting(self) -> "AgencyRequestQuerySet":
        return self.filter(status__in=WAITING)

    def live(self) -> "AgencyRequestQuerySet":
        """Waiting, on an open case, or of a kind asked for after the case closes."""
        return self.waiting().filter(Q(case__status=CaseStatus.OPEN) | Q(kind__in=AFTER_CLOSING))

    def overdue(self, today: datetime.date | None = None) -> "AgencyRequestQuerySet":
        return self.waiting().filter(due__lt=today or timezone.localdate())


class AgencyRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField("What is asked for", max_length=20, choices=RequestKind.choices)
    # By name, not import: the action tracker builds on this app.
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="update_requests",
        help_text="The action an action update is asked about.",
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    sent_on = models.DateField(default=timezone.localdate)
    due = models.DateField("Due")
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    secure_records_requested = models.BooleanField(
        "Agency asked to secure its records", default=False
    )
    records_secured_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    records_secured_confirmed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("The agency's return", blank=True)
    response_file = models.FileField(
        "Uploaded return", upload_to=response_upload_to, max_length=300, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField("Why it was sent back", blank=True)
    # Who was asked, fixed when it is sent (recipients.py chooses them): a request is
    # never sent to nobody, and the page says to whom it went.
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="requests_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgencyRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due", "agency__name", "pk"]
        verbose_name = "request to an agency"
        verbose_name_plural = "requests to agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency", "kind", "title"], name="agency_request_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind=RequestKind.ACTION_UPDATE) | Q(action__isnull=True),
                name="agency_request_action_only_on_updates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.title}"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    @property
    def is_overdue(self) -> bool:
        return self.is_waiting and self.due < timezone.localdate()

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(RequestStatus(self.status), "govuk-tag--grey")

    @property
    def file_name(self) -> str:
        return (self.response_file.name or "").rsplit("/", 1)[-1]


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before the due date"
    AFTER = "after", "Overdue"


class Reminder(models.Model):
    """One reminder e-mail to one person, so that nobody is reminded twice in a day."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()
    to = models.EmailField()

    class Meta:
        ordering = ["-sent_on", "request"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "sent_on", "to"], name="reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.to} on {self.sent_on}"


class Chase(models.Model):
    """A reminder sent at once by someone who runs the case ("Chase now")."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="chases")
    chased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chased_at = models.DateTimeField(default=timezone.now)
    sent_to = models.TextField(help_text="Who was chased: names and e-mail addresses.")

    class Meta:
        ordering = ["-chased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request} chased on {self.chased_at:%d %b %Y}"
