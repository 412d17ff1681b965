"""Domestic Homicide Reviews (DVCVA 2004 s9; now Domestic Abuse Related Death Reviews).

The person who died is the case's Subject (confidential, logged on read); nothing here
names them. One Dhr per case, and one HomeOfficeSubmission per round of quality
assurance by the Home Office panel.
"""

from django.conf import settings
from django.db import models

from lantern.cases.models import Case


class Relationship(models.TextChoices):
    """Who the alleged perpetrator was to the person who died (s9's qualifying list)."""

    RELATIVE = "relative", "A relative"
    PARTNER = "partner", "An intimate partner"
    EX_PARTNER = "ex_partner", "A former intimate partner"
    HOUSEHOLD = "household", "A member of the same household"
    OTHER = "other", "None of these"


QUALIFYING_RELATIONSHIPS = {
    Relationship.RELATIVE,
    Relationship.PARTNER,
    Relationship.EX_PARTNER,
    Relationship.HOUSEHOLD,
}


class Outcome(models.TextChoices):
    CONDUCT = "conduct", "Conduct a DHR"
    NO_REVIEW = "no_review", "Do not conduct a DHR"


class Response(models.TextChoices):
    PENDING = "pending", "Waiting for the panel"
    ACCEPTED = "accepted", "Accepted"
    RESUBMIT = "resubmit", "Asked for resubmission"


class Dhr(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="dhr")
    # The notification to the Community Safety Partnership
    notified_on = models.DateField("Date the CSP was notified")
    notified_by = models.CharField("Who notified the CSP", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date_of_death = models.DateField()
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    suspected_suicide = models.BooleanField(default=False)
    circumstances = models.TextField()
    # The CSP's decision (default: within 1 month of the notification)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    # A decision not to hold a DHR must be sent to the Home Office.
    home_office_told_on = models.DateField(null=True, blank=True)
    # The independent chair and author
    chair_name = models.CharField(max_length=200, blank=True)
    chair_appointed_on = models.DateField(null=True, blank=True)
    overview_report = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)

    def __str__(self) -> str:
        return f"DHR {self.case.reference}"

    @property
    def age_at_death(self) -> int | None:
        from .rules import age_on

        born = self.case.subject.date_of_birth if self.case.subject else None
        return age_on(born, self.date_of_death) if born else None


class HomeOfficeSubmission(models.Model):
    """One round with the Home Office Quality Assurance Panel."""

    dhr = models.ForeignKey(Dhr, on_delete=models.CASCADE, related_name="submissions")
    round = models.PositiveSmallIntegerField()
    report = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.PENDING)
    feedback = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "Home Office submission"
        ordering = ["dhr", "round"]
        constraints = [
            models.UniqueConstraint(fields=["dhr", "round"], name="dhr_submission_round_unique")
        ]

    def __str__(self) -> str:
        return f"Submission {self.round} of {self.dhr}"
