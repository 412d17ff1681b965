"""The children's pathway: a serious-incident referral, its rapid review, and a CSPR."""

from django.conf import settings
from django.db import models

from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import version_field


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NOT_SUSPECTED = "not_suspected", "Neither known nor suspected"


class Harm(models.TextChoices):
    DIED = "died", "The child has died"
    SERIOUS_HARM = "serious_harm", "The child has been seriously harmed"
    NEITHER = "neither", "Neither"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned as incomplete"
    ACCEPTED = "accepted", "Accepted"


class PanelResponse(models.TextChoices):
    AGREES = "agrees", "Agrees with the decision"
    ACCEPTED_AS_COMPLETED = "accepted", "Accepts the rapid review as the completed review"
    NATIONAL_REVIEW = "national", "Will carry out a national review"


class RapidReview(models.Model):
    """The referral and everything recorded about its rapid review, one per case.

    The child's identity lives on the case's Subject (confidential, logged on read);
    nothing here names the child.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rapid_review")
    # The referral
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    authorised_by = models.CharField("Safeguarding lead who agreed the referral", max_length=200)
    authorised_on = models.DateField("Date they agreed it")
    received_on = models.DateField("Referral received")
    incident_on = models.DateField("Date of the incident")
    looked_after = models.BooleanField("The child is looked after")
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices)
    harm = models.CharField(max_length=20, choices=Harm.choices)
    what_happened = models.TextField()
    involved_agencies = models.ManyToManyField(Agency, related_name="+")
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    returned_reason = models.TextField(blank=True)
    # Notification to the National Panel (statutory: 5 working days)
    panel_notified_on = models.DateField(null=True, blank=True)
    panel_notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A looked-after child's death: the Secretary of State and Ofsted are told too.
    secretary_of_state_notified_on = models.DateField(null=True, blank=True)
    ofsted_notified_on = models.DateField(null=True, blank=True)
    # Outcome
    outcome_sent_on = models.DateField("Template sent to the National Panel", null=True, blank=True)
    agencies_told_on = models.DateField(null=True, blank=True)
    referrer_told_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rapid review {self.case.reference}"

    @property
    def lac_death(self) -> bool:
        return self.looked_after and self.harm == Harm.DIED


class Cspr(models.Model):
    """A local Child Safeguarding Practice Review, continuing the rapid review's case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="cspr")
    commissioned_on = models.DateField()
    methodology = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    practitioner_involvement = models.TextField(blank=True)
    family_involvement = models.TextField(
        blank=True, help_text="How the family, including surviving children, were invited."
    )
    final_report = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    final_report_sent_on = models.DateField(
        "Sent to the National Panel and Secretary of State", null=True, blank=True
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)
    version = version_field()  # two people changing the plan lose nothing (issue 12, item 12)

    def __str__(self) -> str:
        return f"CSPR {self.case.reference}"
