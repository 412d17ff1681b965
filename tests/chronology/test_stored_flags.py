"""Issue 13: flags are stored when entries change, for the days a change touches, and
always equal what comparing every pair of a day (flags.flag_entries, the reference the
page used to run on every visit) finds."""

import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.chronology import services
from lantern.chronology.flags import DUPLICATE, flag_entries
from lantern.chronology.models import ChronologyEntry, ChronologyFlag
from lantern.chronology.selectors import timeline

from .conftest import csv_file

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)
_WORDS = ["home", "visit", "child", "mother", "bruise", "arm", "school", "police", "seen"]


def _event(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(1, 5))
    if rng.random() < 0.2:
        words.insert(0, rng.choice(["not", "never", "wasn't"]))
    if rng.random() < 0.3:
        words.append(str(rng.randint(1, 3)))
    return " ".join(words)


def _rows(rng: random.Random, count: int) -> bytes:
    rows = []
    for _ in range(count):
        day = DAY + datetime.timedelta(days=rng.randrange(4))
        at = f"{rng.randrange(8, 20):02d}:{rng.choice(['00', '45'])}" if rng.random() < 0.6 else ""
        record = f"R-{rng.randrange(3)}" if rng.random() < 0.2 else ""
        rows.append(f"{day:%d/%m/%Y},{at},,{record},{_event(rng)},,")
    return csv_file(*rows)


def _import(cast, agency, data):
    file = SimpleUploadedFile("rows.csv", data)
    batch = services.chronology_import(case=cast.case, agency=agency, user=None, file=file)
    assert batch.status == "imported", batch.errors


def _stored(case):
    return {line.entry.pk: line.flags for line in timeline(case).lines if line.flags}


def _reference(case):
    return flag_entries(list(ChronologyEntry.objects.for_case(case).timeline()))


def _add(cast, agency, event, day=DAY, **fields):
    return services.entry_add(case=cast.case, agency=agency, happened_on=day, event=event, **fields)


def test_flags_after_imports_and_changes_equal_the_all_pairs_reference_issue_13(cast, agencies):
    from tests.factories import AgencyFactory

    rng = random.Random(13)
    school = AgencyFactory(partnership=cast.case.partnership, name="Demo Academy")
    for agency in (agencies.police, agencies.health, school):
        _import(cast, agency, _rows(rng, 40))
    reference = _reference(cast.case)
    kinds = {flag.kind for flags in reference.values() for flag in flags}
    assert kinds == {"duplicate", "contradiction"}  # the data has both to get right
    assert _stored(cast.case) == reference

    _import(cast, agencies.health, _rows(rng, 30))  # a replacement
    assert _stored(cast.case) == _reference(cast.case)

    added = _add(cast, agencies.police, "child seen home visit")
    entry = ChronologyEntry.objects.filter(agency=school).first()
    services.entry_change(entry=entry, event="mother seen", happened_on=DAY)
    services.entry_remove(entry=ChronologyEntry.objects.filter(agency=agencies.health).last())
    services.entry_mark(entry=added, key_episode=True)
    assert _stored(cast.case) == _reference(cast.case)


def test_an_edit_reflags_its_day_and_the_flag_goes_with_the_duplicate_issue_13(cast, agencies):
    later = DAY + datetime.timedelta(days=5)
    police = _add(cast, agencies.police, "Child brought to A&E with a head injury")
    health = _add(cast, agencies.health, "Child brought to A&E with head injury by mother")
    kept = [_add(cast, agencies.police, "Home visit, mother seen", later),
            _add(cast, agencies.health, "Home visit: mother seen", later)]  # fmt: skip
    other_day = set(ChronologyFlag.objects.filter(entry__in=kept).values_list("pk", flat=True))
    assert len(other_day) == 2
    assert _stored(cast.case)[health.pk][0].other_pk == police.pk

    services.entry_change(entry=health, event="Seen in the eye clinic")
    assert health.pk not in _stored(cast.case) and police.pk not in _stored(cast.case)
    services.entry_change(entry=health, event="Child brought to A&E with a head injury")
    assert [f.kind for f in _stored(cast.case)[police.pk]] == [DUPLICATE]
    # Only the day touched was worked out again: the other day's flags are the same rows.
    assert set(ChronologyFlag.objects.filter(entry__in=kept).values_list("pk", flat=True)) == (
        other_day
    )

    services.entry_remove(entry=police)
    assert health.pk not in _stored(cast.case)
    assert not ChronologyFlag.objects.filter(other=police.pk).exists()
    assert timeline(cast.case).duplicate_count == 2  # the other day's pair


def test_moving_an_entry_to_another_day_moves_its_flags_issue_13(cast, agencies):
    later = DAY + datetime.timedelta(days=1)
    police = _add(cast, agencies.police, "Strategy discussion held", source_record="SD-44")
    health = _add(cast, agencies.health, "Strategy discussion held", later, source_record="sd-44")
    assert _stored(cast.case) == {}
    services.entry_change(entry=health, happened_on=DAY)
    assert [f.other_pk for f in _stored(cast.case)[police.pk]] == [health.pk]
    services.entry_change(entry=police, happened_on=later + datetime.timedelta(days=1))
    assert _stored(cast.case) == {}


def test_a_reimport_drops_the_old_rows_flags_on_both_sides_issue_13(cast, agencies):
    _import(cast, agencies.police, csv_file("02/03/2026,,,,Home visit mother seen,,"))
    _import(cast, agencies.health, csv_file("02/03/2026,,,,Home visit mother seen,,"))
    assert ChronologyFlag.objects.count() == 2
    _import(cast, agencies.police, csv_file("02/03/2026,,,,School attendance meeting,,"))
    assert ChronologyFlag.objects.count() == 0
    assert _stored(cast.case) == _reference(cast.case) == {}


def test_the_spreadsheet_export_carries_the_stored_flags_issue_13(client, cast, agencies):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    _add(cast, agencies.police, "Child brought to A&E with a head injury")
    _add(cast, agencies.health, "Child brought to A&E with head injury by mother")
    client.force_login(cast.member)
    url = reverse("chronology:export", args=[cast.case.reference, "xlsx"])
    rows = list(load_workbook(io.BytesIO(client.get(url).content)).active.values)[2:]
    assert [row[2] for row in rows] == ["Demo Hospitals", "Demoshire Police"]  # by name
    assert rows[0][8].startswith("Likely duplicate with Demoshire Police (same day and")
    assert rows[1][8].startswith("Likely duplicate with Demo Hospitals (same day and")


def test_imports_over_many_days_equal_the_reference_issue_13(cast, agencies):
    """An import of more than a hundred days reads the other agencies' entries by the
    range of its days (flagging._DAYS_BY_NAME), as stored text: still exactly the
    reference's flags, for a third agency imported after two (issue 13)."""
    from tests.factories import AgencyFactory

    rng = random.Random(1913)
    third = AgencyFactory(partnership=cast.case.partnership, name="Demo Schools")

    def spread(count: int) -> bytes:
        rows = []
        for _ in range(count):
            day = DAY + datetime.timedelta(days=rng.randrange(0, 300, 2))
            at = (
                f"{rng.randrange(8, 20):02d}:{rng.choice(['00', '45'])}"
                if rng.random() < 0.6
                else ""
            )
            record = f"R-{rng.randrange(3)}" if rng.random() < 0.2 else ""
            rows.append(f"{day:%d/%m/%Y},{at},,{record},{_event(rng)},,")
        return csv_file(*rows)

    for agency in (agencies.police, agencies.health, third):
        _import(cast, agency, spread(400))
    stored = _stored(cast.case)
    assert stored, "the data should make some flags"
    assert stored == _reference(cast.case)
