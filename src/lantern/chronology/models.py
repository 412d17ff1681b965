"""An agency's chronology for a review: its entries, and each upload that replaced them."""

from django.conf import settings
from django.db import models

from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import version_field


class ImportStatus(models.TextChoices):
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused"


class ChronologyImport(models.Model):
    """One upload of one agency's chronology: who, when, which file, what came of it.

    A refused upload is kept (with its errors, and no entries) so that the uploader
    can read what to fix on its own page.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology_imports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    row_count = models.PositiveIntegerField(default=0)
    replaced_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Chronology upload {self.file_name} for {self.agency_id} on case {self.case_id}"


class ChronologyEntryQuerySet(models.QuerySet["ChronologyEntry"]):
    def for_case(self, case: Case) -> "ChronologyEntryQuerySet":
        return self.filter(case=case)

    def timeline(self) -> "ChronologyEntryQuerySet":
        return self.select_related("agency").order_by(
            "happened_on", models.F("happened_at").asc(nulls_first=True), "agency__name", "pk"
        )


class ChronologyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology_entries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField("Date")
    happened_at = models.TimeField("Time", null=True, blank=True)
    source_record = models.CharField(max_length=200, blank=True)
    event = models.TextField()
    action_taken = models.TextField(blank=True)
    practitioner_role = models.CharField(max_length=200, blank=True)
    key_episode = models.BooleanField(default=False)
    batch = models.ForeignKey(
        ChronologyImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    version = version_field()  # two people editing an entry lose nothing (issue 12, item 12)

    objects = ChronologyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "happened_at", "pk"]
        indexes = [
            models.Index(fields=["case", "agency"]),
            models.Index(fields=["case", "happened_on"]),
        ]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"Chronology entry {self.happened_on:%d/%m/%Y} by agency {self.agency_id}"
