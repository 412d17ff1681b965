"""Two Business Unit officers change the same agency, group or the partnership's settings
(issue 12, item 12): the second save is refused, showing what the first changed; nothing
the first saved is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.partnerships.models import Agency, Group, Partnership
from tests.factories import UserFactory
from tests.web.conflicts import shown_copy

pytestmark = pytest.mark.django_db


def _two_managers(admin_cast):
    first, second = Client(), Client()
    first.force_login(admin_cast.manager)
    second.force_login(
        UserFactory(partnership=admin_cast.partnership, roles=[Role.BUSINESS_MANAGER])
    )
    return first, second


def test_second_agency_save_sees_what_changed_issue_12_item_12(admin_cast):
    url = reverse("manage:record_edit", args=["agencies", admin_cast.agency.pk])
    first, second = _two_managers(admin_cast)
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)
    data = {"kind": "police", "is_active": "on"}
    assert first.post(url, {**data, "name": "Northshire Police", **firsts}).status_code == 302
    refused = second.post(url, {**data, "name": "Police Service", **seconds})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "nothing you sent has been saved" in page and "Northshire Police" in page
    assert Agency.objects.get(pk=admin_cast.agency.pk).name == "Northshire Police"


def test_group_changes_to_different_fields_both_survive_issue_12_item_12(admin_cast):
    group = admin_cast.group
    url = reverse("manage:record_edit", args=["groups", group.pk])
    first, second = _two_managers(admin_cast)
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)
    data = {"name": group.name, "short_name": group.short_name, "kind": group.kind}
    first.post(url, {**data, "short_name": "QAP", "is_active": "on", **firsts})
    assert second.post(url, {**data, **seconds}).status_code == 302  # made it inactive
    stored = Group.objects.get(pk=group.pk)
    assert (stored.short_name, stored.is_active) == ("QAP", False)


def test_second_settings_save_reverts_nothing_of_the_first_issue_12_item_12(admin_cast):
    url = reverse("manage:settings")
    first, second = _two_managers(admin_cast)
    firsts, seconds = shown_copy(first, url), shown_copy(second, url)
    names = {"name": "Renamed", "short_name": "RP"}
    assert first.post(url, {**names, "has_independent_chair": "on", **firsts}).status_code == 302
    refused = second.post(url, {**names, **seconds, "short_name": "R"})
    assert refused.status_code == 200
    assert "nothing you sent has been saved" in refused.content.decode()
    stored = Partnership.objects.get(pk=admin_cast.partnership.pk)
    assert (stored.has_independent_chair, stored.short_name) == (True, "RP")
