"""A case (a review or an audit), its subject and who is on it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lantern.partnerships.models import Agency, Partnership
from lantern.web.versioning import version_field

from .pathways import PATHWAY_CHOICES, PATHWAYS, Pathway


class SubjectKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class Subject(models.Model):
    """The child or adult a review is about. Confidential: every read is logged.

    Kept apart from the case so that the published pseudonym ("Child A") lives on
    the case and nothing published needs to touch this record.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    full_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        # Deliberately not the name: this string reaches logs and the audit trail.
        return f"{self.get_kind_display()} subject #{self.pk}"


class Confidentiality(models.TextChoices):
    OFFICIAL_SENSITIVE = "official_sensitive", "Official – sensitive"
    STRICTLY_CONFIDENTIAL = "strictly_confidential", "Strictly confidential"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


#: How a title names each pathway after the pseudonym: "Child A — rapid review".
TITLE_PATHWAY_NAMES = {
    "rapid-review": "rapid review",
    "cspr": "Child Safeguarding Practice Review",
    "sar": "Safeguarding Adult Review",
    "dhr": "Domestic Homicide Review",
    "macfa": "case file audit",
    "national": "national learning",
}


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> "CaseQuerySet":
        return self.filter(status=CaseStatus.OPEN)

    def in_partnership(self, partnership_id: int | None) -> "CaseQuerySet":
        return self.filter(partnership_id=partnership_id)

    def with_member(self, user_id: int) -> "CaseQuerySet":
        return self.filter(memberships__person_id=user_id).distinct()


class Case(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=30)
    pathway = models.CharField(max_length=20, choices=PATHWAY_CHOICES)
    stage = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    title = models.CharField(max_length=200, help_text="A working title that does not name anyone.")
    pseudonym = models.CharField(
        max_length=50,
        blank=True,
        help_text='How the subject is named in anything published, e.g. "Child A".',
    )
    subject = models.OneToOneField(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    confidentiality = models.CharField(
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.STRICTLY_CONFIDENTIAL,
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()  # two people editing the case lose nothing (issue 12, item 12)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="case_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def pathway_def(self) -> Pathway:
        return PATHWAYS[self.pathway]

    def get_stage_display(self) -> str:
        return self.pathway_def.stage_label(self.stage)

    @property
    def display_title(self) -> str:
        """The title people find a case by: its pseudonym (or, for a review with none
        yet, its reference) and its pathway. An audit or adopted national learning has
        no subject, so its own title (the theme) leads instead. Never the subject's name.
        """
        pathway = TITLE_PATHWAY_NAMES.get(self.pathway, self.pathway_def.name)
        if not self.pathway_def.subject_kind:
            return f"{self.title} — {pathway}" if self.title else f"{self.reference} — {pathway}"
        return f"{self.pseudonym.strip() or self.reference} — {pathway}"


class Capacity(models.TextChoices):
    """What a person does on one case. Observers may only read."""

    LEAD = "lead", "Case lead"
    CHAIR = "chair", "Chair"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    REVIEWER = "reviewer", "Reviewer"
    PANEL_MEMBER = "panel_member", "Panel member"
    THEME_LEAD = "theme_lead", "Theme lead"
    REFERRER = "referrer", "Referrer (told the outcome)"
    OBSERVER = "observer", "Observer (read only)"


class CaseMembership(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    capacity = models.CharField(max_length=30, choices=Capacity.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_memberships",
        help_text="The agency this person represents on the case, if any.",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "capacity", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_membership_per_person"),
            models.CheckConstraint(
                condition=~Q(capacity="agency_representative") | Q(agency__isnull=False),
                name="agency_representative_names_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_capacity_display()} on {self.case.reference}"
