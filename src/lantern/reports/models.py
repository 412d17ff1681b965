"""The annual reports: one a kind a partnership a year, drafted from Lantern's records.

A report's figures (`facts`, drawn by lantern.reports.annual_facts) are refreshed while it
is a draft and frozen when it is approved, so what was approved is what is sent and
published. Each section's narrative is written in Lantern; a section is keyed by what it
answers (for the SAB, the items of Care Act 2014 Sch. 2 para 4), and a member's own
contribution by "member:<agency id>". Each sending to a statutory recipient is recorded.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.partnerships.models import Partnership
from lantern.web.versioning import version_field


class ReportKind(models.TextChoices):
    SAB = "sab", "Safeguarding Adults Board annual report"
    CHILDREN = "children", "Children's safeguarding partners' yearly report"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting approval"
    APPROVED = "approved", "Approved"


class AnnualReport(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    year_start = models.DateField(help_text="The first day of the year reported on (1 April).")
    year_end = models.DateField(help_text="The last day of the year reported on (31 March).")
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    facts = models.JSONField(default=dict, blank=True, editable=False)
    facts_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
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
    returned_reason = models.TextField("Why it was sent back", blank=True)
    published_on = models.DateField("On the public site since", null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["-year_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "year_start"], name="annual_report_one_a_year"
            ),
            models.CheckConstraint(
                condition=Q(year_end__gt=F("year_start")), name="annual_report_year_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="annual_report_approved_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year_label(self) -> str:
        """ "2025 to 2026", as GOV.UK writes a financial year."""
        return f"{self.year_start.year} to {self.year_end.year}"

    @property
    def is_draft(self) -> bool:
        return self.status != ReportStatus.APPROVED

    def covers(self, day: datetime.date) -> bool:
        return self.year_start <= day <= self.year_end


class AnnualReportSection(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    narrative = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="annual_report_section_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.key}"


class ReportSending(models.Model):
    """The report sent to one recipient: a statutory one (by its key in
    lantern.reports.recipients) or another (`recipient` "other")."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="sendings")
    recipient = models.CharField(max_length=40)
    name = models.CharField("Who it was sent to", max_length=200)
    sent_on = models.DateField()
    how = models.CharField("How it was sent", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.report} sent to {self.name} on {self.sent_on:%d %B %Y}"
