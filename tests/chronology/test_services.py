"""Imports replace an agency's rows in one change; single entries are audited one by one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.audit.models import AuditEvent
from lantern.chronology import services
from lantern.chronology.models import ChronologyEntry, ImportStatus

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def _import(cast, agency, data, name="police.csv"):
    return services.chronology_import(
        case=cast.case, agency=agency, user=cast.member, file=SimpleUploadedFile(name, data)
    )


def test_import_writes_every_row_and_one_audit_event(cast, agencies):
    before = AuditEvent.objects.count()
    batch = _import(
        cast, agencies.police, csv_file(*[f"0{d}/03/2026,,,,Event {d},," for d in range(1, 6)])
    )
    assert batch.status == ImportStatus.IMPORTED and batch.row_count == 5
    assert ChronologyEntry.objects.filter(case=cast.case, agency=agencies.police).count() == 5
    assert AuditEvent.objects.count() - before == 1
    event = AuditEvent.objects.latest("pk")
    assert event.object_type == "chronology.chronologyimport"
    assert event.changes == {
        "chronology_of": "Demoshire Police",
        "file_name": "police.csv",
        "entries_removed": 0,
        "entries_added": 5,
    }


def test_reupload_replaces_only_that_agencys_rows(cast, agencies):
    _import(cast, agencies.police, csv_file("01/03/2026,,,,Old police row,,"))
    _import(cast, agencies.health, csv_file("01/03/2026,,,,Health row,,"), name="h.csv")
    batch = _import(
        cast, agencies.police, csv_file("02/03/2026,,,,New A,,", "03/03/2026,,,,New B,,")
    )
    assert batch.replaced_count == 1
    events = sorted(ChronologyEntry.objects.values_list("event", flat=True))
    assert events == ["Health row", "New A", "New B"]
    assert AuditEvent.objects.latest("pk").changes["entries_removed"] == 1


def test_an_invalid_file_saves_nothing_and_keeps_its_messages(cast, agencies):
    _import(cast, agencies.police, csv_file("01/03/2026,,,,Kept,,"))
    batch = _import(cast, agencies.police, csv_file("02/03/2026,,,,Fine,,", "31/02/2026,,,,Bad,,"))
    assert batch.status == ImportStatus.REFUSED
    assert batch.errors == ["Row 3, column 'Date': '31/02/2026' is not a real date"]
    assert list(ChronologyEntry.objects.values_list("event", flat=True)) == ["Kept"]


def test_an_unreadable_file_is_refused_with_its_reason(cast, agencies):
    batch = _import(cast, agencies.police, b"%PDF", name="return.pdf")
    assert batch.status == ImportStatus.REFUSED
    assert batch.errors == ["The selected file must be a CSV or XLSX file."]


def test_single_entries_are_on_the_trail(cast, agencies):
    import datetime

    entry = services.entry_add(
        case=cast.case,
        agency=agencies.police,
        happened_on=datetime.date(2026, 3, 1),
        event="Called to the address",
    )
    services.entry_mark(entry=entry, key_episode=True)
    services.entry_remove(entry=entry)
    actions = list(
        AuditEvent.objects.filter(object_type="chronology.chronologyentry").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete", "update"]
    # The words of the event are confidential: the trail says they changed, not what they say.
    created = AuditEvent.objects.get(object_type="chronology.chronologyentry", action="create")
    assert created.changes["event"] == "(confidential)"


def test_an_entry_needs_a_date_and_an_event(cast, agencies):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.entry_add(case=cast.case, agency=agencies.police, happened_on=None, event=" ")
    assert set(error.value.message_dict) == {"happened_on", "event"}
