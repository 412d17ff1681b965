"""Two people change the same chronology entry (issue 12, item 12): the second save no
longer silently reverts the first; it is refused, showing what the first changed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from lantern.chronology import services
from lantern.chronology.models import ChronologyEntry
from tests.web.conflicts import shown_copy

pytestmark = pytest.mark.django_db


def _form(event: str, **extra: str) -> dict[str, str]:
    return {
        "happened_on_0": "1",
        "happened_on_1": "3",
        "happened_on_2": "2026",
        "event": event,
        **extra,
    }


def test_second_save_of_an_entry_sees_what_changed_and_loses_nothing_issue_12_item_12(
    cast, agencies
):
    entry = services.entry_add(
        case=cast.case,
        agency=agencies.police,
        happened_on=datetime.date(2026, 3, 1),
        event="Called to the home",
    )
    url = reverse("chronology:entry_edit", args=[cast.case.reference, entry.pk])
    rep, lead = Client(), Client()
    rep.force_login(agencies.police_rep)
    lead.force_login(cast.member)
    reps_copy, leads_copy = shown_copy(rep, url), shown_copy(lead, url)

    assert rep.post(url, _form("Called to the home at 2am", **reps_copy)).status_code == 302
    refused = lead.post(url, _form("Police called to the home", **leads_copy))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "nothing you sent has been saved" in page
    assert "Called to the home at 2am" in page  # theirs, against the field
    stored = ChronologyEntry.objects.get(pk=entry.pk)
    assert (stored.event, stored.version) == ("Called to the home at 2am", 2)


def test_an_entry_changed_in_different_fields_keeps_both_issue_12_item_12(cast, agencies):
    entry = services.entry_add(
        case=cast.case,
        agency=agencies.police,
        happened_on=datetime.date(2026, 3, 1),
        event="Called to the home",
    )
    url = reverse("chronology:entry_edit", args=[cast.case.reference, entry.pk])
    rep, lead = Client(), Client()
    rep.force_login(agencies.police_rep)
    lead.force_login(cast.member)
    reps_copy, leads_copy = shown_copy(rep, url), shown_copy(lead, url)
    rep.post(url, _form("Called to the home", practitioner_role="PC", **reps_copy))
    saved = lead.post(
        url, _form("Called to the home", action_taken="Strategy meeting", **leads_copy)
    )
    assert saved.status_code == 302
    stored = ChronologyEntry.objects.get(pk=entry.pk)
    assert (stored.practitioner_role, stored.action_taken) == ("PC", "Strategy meeting")
