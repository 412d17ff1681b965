"""A publication (a review's report, an audit's learning summary, a briefing) and its
versions: what the partnership drafts, has approved and puts on its public site.

The `Publication` row is the working copy: its draft may say anything until it is
checked. What the public site shows is only ever a `PublicationVersion`: an immutable
copy written when the publication is published, amended or withdrawn, which already
passed the checks (lantern.publications.checks). The public pages read versions and
nothing else, so a burst of public traffic never touches a confidential table.
"""

from django.conf import settings
from django.db import models

from lantern.cases.models import Case
from lantern.partnerships.models import Partnership
from lantern.web.versioning import version_field


class Kind(models.TextChoices):
    CSPR_FULL = "cspr_full", "Child Safeguarding Practice Review: full report"
    CSPR_SUMMARY = "cspr_summary", "Child Safeguarding Practice Review: summary report"
    SAR_FULL = "sar_full", "Safeguarding Adult Review: full report"
    SAR_SUMMARY = "sar_summary", "Safeguarding Adult Review: summary report"
    DHR_OVERVIEW = "dhr_overview", "Domestic Homicide Review: overview"
    AUDIT_SUMMARY = "audit_summary", "Case file audit: learning summary"
    BRIEFING = "briefing", "Briefing"


class Section(models.TextChoices):
    """The public page's sections, in the seed page's order."""

    CHILDREN = "childrens-reviews", "Learning from children's reviews"
    ADULTS = "adults-reviews", "Learning from adults' reviews"
    AUDITS = "audits", "Learning from audits"
    DHR = "domestic-homicide-reviews", "Learning from domestic homicide reviews"
    NATIONAL = "national-learning", "National learning"


#: Where each kind is listed. A briefing goes with the pathway of the case it briefs on;
#: a briefing with no case of the partnership (Cawston Park, say) is national learning.
KIND_SECTIONS = {
    Kind.CSPR_FULL: Section.CHILDREN,
    Kind.CSPR_SUMMARY: Section.CHILDREN,
    Kind.SAR_FULL: Section.ADULTS,
    Kind.SAR_SUMMARY: Section.ADULTS,
    Kind.DHR_OVERVIEW: Section.DHR,
    Kind.AUDIT_SUMMARY: Section.AUDITS,
}
PATHWAY_SECTIONS = {
    "rapid-review": Section.CHILDREN,
    "cspr": Section.CHILDREN,
    "sar": Section.ADULTS,
    "dhr": Section.DHR,
    "macfa": Section.AUDITS,
}


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    AMENDED = "amended", "Published (amended)"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: Statuses in which a version is on the public site (once its embargo has passed).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.AMENDED)
#: Statuses whose working copy may still be edited (an edit sends it back to draft).
EDITABLE_STATUSES = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED)


class PublicationQuerySet(models.QuerySet["Publication"]):
    def in_partnership(self, partnership_id: int | None) -> "PublicationQuerySet":
        return self.filter(partnership_id=partnership_id)


class Publication(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        help_text="The review or audit it comes from, if any.",
    )
    title = models.CharField(max_length=200)
    pseudonym = models.CharField(max_length=50, blank=True)
    summary = models.TextField()
    body = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    key_findings = models.JSONField(default=list, blank=True)
    show_actions = models.BooleanField(
        "Show our recommendations and what we have done about them", default=False
    )
    external_url = models.URLField(
        "Link to the full report elsewhere",
        blank=True,
        help_text="For example the Community Safety Partnership's page for a DHR.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    embargo_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_as = models.CharField(max_length=200, blank=True)
    note = models.TextField(
        blank=True, help_text="Why it is waiting, where Lantern drafted it (not public)."
    )
    version = version_field()  # two people editing a draft lose nothing (issue 12, item 12)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Publication #{self.pk}: {self.title}"

    @property
    def editable(self) -> bool:
        """Still being drafted or approved: its note (why it waits) still applies."""
        return self.status in EDITABLE_STATUSES

    @property
    def section(self) -> str:
        return section_of(self.kind, self.case.pathway if self.case is not None else "")


def section_of(kind: str, pathway: str) -> str:
    if kind == Kind.BRIEFING:
        return PATHWAY_SECTIONS.get(pathway, Section.NATIONAL)
    return KIND_SECTIONS[Kind(kind)]


class VersionChange(models.TextChoices):
    PUBLISHED = "published", "Published"
    AMENDED = "amended", "Amended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AlreadyPublished(Exception):
    """A version is written once and never changed."""


class PublicationVersion(models.Model):
    """What the public saw from `public_from`: a copy, never changed once written.

    Everything a public page shows is here, including the partnership's recommendations
    and the status of their actions as they stood (`actions`), so a public page reads
    this table and no other."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    change = models.CharField(max_length=20, choices=VersionChange.choices)
    reason = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    section = models.CharField(max_length=30, choices=Section.choices)
    title = models.CharField(max_length=200)
    pseudonym = models.CharField(max_length=50, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    key_findings = models.JSONField(default=list, blank=True)
    actions = models.JSONField(default=list, blank=True)
    external_url = models.URLField(blank=True)
    published_on = models.DateField()
    public_from = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publication", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="publication_version_unique"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "public_from"])]

    def __str__(self) -> str:
        return f"Publication #{self.publication_id}, version {self.number}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AlreadyPublished("A published version is never changed: amend it instead.")
        super().save(*args, **kwargs)

    @property
    def withdrawn(self) -> bool:
        return self.change == VersionChange.WITHDRAWN


class DisseminationKind(models.TextChoices):
    SEMINAR = "seminar", "Lunchtime seminar"
    BRIEFING = "briefing", "Briefing delivered"


class Dissemination(models.Model):
    """A lunchtime seminar or briefing delivered: evidence that the learning reached
    practitioners (lantern.publications.briefings.dissemination_record)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=DisseminationKind.choices)
    delivered_on = models.DateField("Date delivered")
    title = models.CharField("What it was about", max_length=200)
    audience = models.CharField(max_length=200)
    agencies = models.ManyToManyField("partnerships.Agency", related_name="+", blank=True)
    attendance = models.PositiveIntegerField("Number attending")
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disseminations",
        help_text="The publication it presented, if any.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = "seminar or briefing delivered"
        verbose_name_plural = "seminars and briefings delivered"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.delivered_on:%-d %B %Y}: {self.title}"
