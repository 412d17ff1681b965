"""Issue 12, item 1: nobody may grant a role that reaches further than their own, nor
change, deactivate or re-address a person whose roles reach further; a sign-in address
changes only once confirmed from the new address, with the old one told; all audited.

Found by a probe: the Business Unit officer made themself Business Manager (then opened
the audit trail and settings), and re-addressed the Business Manager's account to take
it over with a password reset."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lantern.accounts import services
from lantern.accounts.models import Role, RoleAssignment, User
from lantern.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(admin_cast):
    return UserFactory(partnership=admin_cast.partnership, roles=[Role.BUSINESS_UNIT_OFFICER])


def _add_role(client, person, role):
    return client.post(reverse("manage:role_add", args=[person.pk]), {"role": role})


@pytest.mark.parametrize("role", [Role.BUSINESS_MANAGER, Role.INDEPENDENT_CHAIR, Role.AUDITOR])
def test_rule_the_officer_cannot_make_themself_or_anyone_a_role_above_their_own(
    client, admin_cast, officer, role
):
    client.force_login(officer)
    colleague = UserFactory(partnership=admin_cast.partnership)
    for person in (officer, colleague):
        response = _add_role(client, person, role)
        assert response.status_code == 200
        assert "You cannot grant that role" in response.content.decode()
        assert not RoleAssignment.objects.filter(person=person, role=role).exists()
    # Not even offered.
    page = client.get(reverse("manage:person", args=[colleague.pk])).content.decode()
    assert f'value="{role}"' not in page
    assert client.get(reverse("manage:audit")).status_code == 403
    # Settings may be read, never changed (mandatory two-factor stays on).
    assert client.post(reverse("manage:settings"), {}).status_code == 403


def test_rule_a_role_within_their_reach_is_still_theirs_to_grant(client, admin_cast, officer):
    client.force_login(officer)
    colleague = UserFactory(partnership=admin_cast.partnership)
    response = client.post(
        reverse("manage:role_add", args=[colleague.pk]),
        {"role": Role.GROUP_MEMBER, "group": admin_cast.group.pk},
    )
    assert response.status_code == 302
    assert colleague.role_assignments.filter(role=Role.GROUP_MEMBER).exists()


def test_rule_the_officer_cannot_change_deactivate_or_strip_the_business_manager(
    client, admin_cast, officer
):
    manager = admin_cast.manager
    client.force_login(officer)
    edit = reverse("manage:person_edit", args=[manager.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"full_name": "Taken", "email": "officer@evil.example"})
    assert response.status_code == 403
    status = reverse("manage:person_status", args=[manager.pk])
    assert client.post(status, {}).status_code == 403
    assignment = manager.role_assignments.get()
    remove = reverse("manage:role_remove", args=[manager.pk, assignment.pk])
    assert client.post(remove).status_code == 403
    manager.refresh_from_db()
    assert manager.is_active and manager.full_name != "Taken"
    assert manager.role_assignments.filter(role=Role.BUSINESS_MANAGER).exists()
    assert mail.outbox == []
    page = client.get(reverse("manage:person", args=[manager.pk])).content.decode()
    assert "Change their details" not in page


def test_rule_the_service_refuses_too_whoever_calls_it(admin_cast, officer):
    with pytest.raises(PermissionDenied):
        services.role_assign(person=officer, role=Role.BUSINESS_MANAGER, by=officer)
    with pytest.raises(PermissionDenied):
        services.person_create(
            partnership_id=admin_cast.partnership.pk, email="new@example.org",
            full_name="New Chair", roles=[Role.INDEPENDENT_CHAIR], by=officer,
        )  # fmt: skip
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_business_manager_may_appoint_a_chair(client, admin_cast):
    client.force_login(admin_cast.manager)
    colleague = UserFactory(partnership=admin_cast.partnership)
    assert _add_role(client, colleague, Role.INDEPENDENT_CHAIR).status_code == 302


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_rule_a_sign_in_address_changes_only_once_confirmed_and_the_old_one_is_told(
    client, admin_cast
):
    person = UserFactory(partnership=admin_cast.partnership, email="old@example.org")
    client.force_login(admin_cast.manager)
    response = client.post(
        reverse("manage:person_edit", args=[person.pk]),
        {"full_name": "Renamed Person", "email": "New@Example.org", "job_title": ""},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "old@example.org"  # not yet
    assert person.full_name == "Renamed Person"  # the rest is saved
    confirm, notice = mail.outbox
    assert confirm.to == ["new@example.org"] and notice.to == ["old@example.org"]
    assert "new@example.org" in notice.body
    asked = AuditEvent.objects.get(object_type="accounts.user", object_id=str(person.pk),
                                   changes__has_key="email change asked for")  # fmt: skip
    assert asked.actor == admin_cast.manager

    link = _link(confirm)
    client.logout()
    page = client.get(link)  # opening the link (a mail scanner might) changes nothing
    assert page.status_code == 200 and "Confirm the new address" in page.content.decode()
    person.refresh_from_db()
    assert person.email == "old@example.org"
    assert client.post(link).status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.org"
    assert mail.outbox[-1].to == ["old@example.org"]  # told it is done
    changed = AuditEvent.objects.filter(
        action="update", object_type="accounts.user", object_id=str(person.pk),
        changes__has_key="email",
    )  # fmt: skip
    assert changed.count() == 1
    # The link works once.
    again = client.post(link)
    assert again.status_code == 400 and "expired or was already used" in again.content.decode()


def test_a_tampered_confirmation_link_changes_nothing(client, admin_cast):
    person = UserFactory(partnership=admin_cast.partnership, email="old@example.org")
    client.force_login(admin_cast.manager)
    client.post(
        reverse("manage:person_edit", args=[person.pk]),
        {"full_name": person.full_name, "email": "new@example.org", "job_title": ""},
    )
    link = _link(mail.outbox[0])
    response = client.post(link[:-3] + "xyz/")
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.email == "old@example.org"
