"""An agency's chronology for a review: its entries, and each upload that replaced them."""

from typing import Any

from django.conf import settings
from django.db import models

from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.versioning import version_field

from .flags import CONTRADICTION, DUPLICATE, encode, facts


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
    #: No index of its own: the indexes below lead with the case (one fewer to write for
    #: each row imported, issue 13).
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="chronology_entries", db_index=False
    )
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
    #: What the duplicate check reads of the event and source record (flags.encode), worked
    #: out when they are saved, so re-flagging a day never tokenises its text again (issue 13).
    facts = models.TextField(blank=True, editable=False)

    objects = ChronologyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "happened_at", "pk"]
        indexes = [
            models.Index(fields=["case", "agency"]),
            # The timeline's order and date filters (issue 13).
            models.Index(
                fields=["case", "happened_on", "happened_at"], name="chron_entry_timeline"
            ),
            models.Index(
                fields=["case", "happened_on", "happened_at"],
                condition=models.Q(key_episode=True),
                name="chron_entry_key_episodes",
            ),
        ]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"Chronology entry {self.happened_on:%d/%m/%Y} by agency {self.agency_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps `facts` in step with the event and source record, however the entry is saved."""
        self.facts = encode(facts(self.event, self.source_record))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"event", "source_record"} & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "facts"]
        super().save(*args, **kwargs)


class FlagKind(models.TextChoices):
    DUPLICATE = DUPLICATE, "Likely duplicate"
    CONTRADICTION = CONTRADICTION, "Possible contradiction"


class ChronologyFlag(models.Model):
    """One entry's likely duplicate of, or contradiction with, another agency's entry of
    the same day (the rule in flags.py). Stored when entries change, one row each way, so
    the timeline reads a page of flags instead of comparing every entry on every visit
    (issue 13). Removing either entry removes the flag with it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", db_index=False)
    entry = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="flags")
    other = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="+")
    other_agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=13, choices=FlagKind.choices)
    reason = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["case", "kind", "entry"], name="chron_flag_counts")]

    def __str__(self) -> str:
        return f"{self.kind} of entry {self.entry_id} with entry {self.other_id}"
