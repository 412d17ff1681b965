"""Safeguarding Adult Reviews (Care Act 2014 s44): the referral to decision, and the review.

The adult's identity lives on the case's Subject (confidential, logged on read); nothing
here names the adult. One case carries both timetables: "sar-referral" then "sar".
"""

from django.conf import settings
from django.db import models

from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
from lantern.partnerships.models import Agency


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NOT_SUSPECTED = "not_suspected", "Neither known nor suspected"


class Authoriser(models.TextChoices):
    SAFEGUARDING_LEAD = "safeguarding_lead", "The agency's safeguarding lead"
    SENIOR_MANAGER = "senior_manager", "A senior manager"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned as incomplete"
    SCREENED = "screened", "Screened"
    SIGNED_OFF = "signed_off", "Signed off for scoping"


class SarDecision(models.TextChoices):
    MANDATORY = "mandatory", "A mandatory SAR (Care Act s44(1) to (3))"
    DISCRETIONARY = "discretionary", "A discretionary SAR (Care Act s44(4))"
    OTHER = "other", "Other steps, not a SAR"


class Publication(models.TextChoices):
    FULL = "full", "Publish the full report"
    SUMMARY = "summary", "Publish a summary"


class SarReferral(models.Model):
    """A SAR referral and its path to a decision, one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="sar_referral")
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A member of the public's concern is entered by the worker involved.
    public_concern_from = models.CharField(max_length=200, blank=True)
    authorised_by = models.CharField(max_length=200)
    authoriser_role = models.CharField(max_length=30, choices=Authoriser.choices)
    authorised_on = models.DateField()
    received_on = models.DateField()
    # The Care Act s44 questions
    care_and_support_needs = models.BooleanField()
    died = models.BooleanField()
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices)
    serious = models.BooleanField("The abuse or neglect was serious")
    agencies_concern = models.BooleanField("Concern about how agencies worked together")
    what_happened = models.TextField()
    involved_agencies = models.ManyToManyField(Agency, related_name="+")
    criteria = models.CharField(
        "What the s44 answers make it", max_length=20, choices=SarDecision.choices
    )
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    returned_reason = models.TextField(blank=True)
    # Screening (Business Manager and SAR Panel chair) and sign-off (Independent Chair)
    screened_on = models.DateField(null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    panel_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The family told, once the Independent Chair agreed the SAR
    family_notified_on = models.DateField(null=True, blank=True)
    family_notified_by = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"SAR referral {self.case.reference}"


class Sar(models.Model):
    """The review itself, from the commission date."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="sar")
    commissioned_on = models.DateField()
    terms_of_reference = models.TextField(blank=True)
    signed_off_on = models.DateField("SAB sign-off", null=True, blank=True)
    publication = models.CharField(max_length=10, choices=Publication.choices, blank=True)
    family_shared_on = models.DateField(null=True, blank=True)
    final_report = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    publication_url = models.URLField(blank=True)
    learning_event_on = models.DateField(null=True, blank=True)
    # Longer than six months: the adult or advocate told in writing, with the reasons.
    delay_reasons = models.TextField(blank=True)
    delay_notice_on = models.DateField(null=True, blank=True)
    delay_recipients = models.TextField(blank=True)
    next_update_due = models.DateField(null=True, blank=True)
    update_reminded_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"SAR {self.case.reference}"


class ImrAuthor(models.Model):
    """Who writes an agency's IMR: a manager independent of the case, recorded and confirmed."""

    request = models.OneToOneField(
        AgencyRequest, on_delete=models.CASCADE, related_name="imr_author"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    independence = models.TextField(
        help_text="How the author is independent of the case and of its line management."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_on = models.DateField()

    def __str__(self) -> str:
        return f"IMR author for request #{self.request_id}"

    @property
    def case(self) -> Case:
        return self.request.case
