"""People and roles in the administration area."""

import pytest
from django.core import mail
from django.urls import reverse

from lantern.accounts.models import Role, RoleAssignment, User
from lantern.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestPeopleList:
    def test_manager_sees_own_partnership_only(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.get(reverse("manage:people"))
        assert response.status_code == 200
        body = response.content.decode()
        assert admin_cast.auditor.email in body
        assert admin_cast.stranger.email not in body
        assert "Add a person" in body

    def test_auditor_reads_but_is_not_offered_changes(self, client, admin_cast):
        client.force_login(admin_cast.auditor)
        response = client.get(reverse("manage:people"))
        assert response.status_code == 200
        assert "Add a person" not in response.content.decode()

    def test_outsider_gets_403(self, client, admin_cast):
        client.force_login(admin_cast.outsider)
        assert client.get(reverse("manage:people")).status_code == 403

    def test_stranger_sees_only_their_own_partnership(self, client, admin_cast):
        client.force_login(admin_cast.stranger)
        body = client.get(reverse("manage:people")).content.decode()
        assert admin_cast.manager.email not in body

    def test_query_count_stays_flat_as_people_grow(
        self, client, admin_cast, django_assert_num_queries
    ):
        client.force_login(admin_cast.manager)
        # Queries, the same for 4 people or 24: 1 session, 2 the signed-in user, 3 their
        # authenticator (two-factor middleware), 4 their partnership (two-factor and
        # header), 5 their roles (policy), 6 the count of people, 7 the page of people
        # with their agency, 8 the people's roles with group and agency (prefetch), 9 the
        # agency filter's choices; no session write (issue 13: renewed once a minute).
        client.get(reverse("manage:people"))  # warm the session
        with django_assert_num_queries(9):
            client.get(reverse("manage:people"))
        for _ in range(20):
            UserFactory(partnership=admin_cast.partnership, roles=[Role.REVIEWER, Role.THEME_LEAD])
        with django_assert_num_queries(9):
            client.get(reverse("manage:people"))


class TestAddPerson:
    url = staticmethod(lambda: reverse("manage:person_add"))

    def test_manager_adds_person_who_is_invited_by_email(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            self.url(),
            {
                "full_name": "New Person",
                "email": "New.Person@Example.org",
                "job_title": "Designated Nurse",
                "agency": admin_cast.agency.pk,
                "roles": [Role.THEME_LEAD],
            },
        )
        assert response.status_code == 302
        person = User.objects.get(email="new.person@example.org")
        assert person.partnership == admin_cast.partnership
        assert not person.has_usable_password()
        assert person.role_set() == {Role.THEME_LEAD}
        assert len(mail.outbox) == 1
        assert "/account/password/reset/" in mail.outbox[0].body
        assert mail.outbox[0].to == ["new.person@example.org"]
        assert AuditEvent.objects.filter(
            action="create", object_type="accounts.user", object_id=str(person.pk)
        ).exists()

    def test_missing_name_and_bad_email_are_explained_and_nothing_saved(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        before = User.objects.count()
        response = client.post(self.url(), {"full_name": "", "email": "not-an-email"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Enter the person&#x27;s full name." in body
        assert "Enter an e-mail address in the right format" in body
        assert User.objects.count() == before
        assert mail.outbox == []

    def test_duplicate_email_is_refused(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            self.url(), {"full_name": "Copy", "email": admin_cast.auditor.email.upper()}
        )
        assert response.status_code == 200
        assert User.objects.filter(email=admin_cast.auditor.email).count() == 1

    def test_agency_of_another_partnership_is_refused(self, client, admin_cast):
        from tests.factories import AgencyFactory

        foreign = AgencyFactory(partnership=admin_cast.stranger.partnership)
        client.force_login(admin_cast.manager)
        response = client.post(
            self.url(), {"full_name": "X", "email": "x@example.org", "agency": foreign.pk}
        )
        assert response.status_code == 200
        assert not User.objects.filter(email="x@example.org").exists()

    @pytest.mark.parametrize("who", ["auditor", "outsider"])
    def test_others_in_partnership_get_403(self, client, admin_cast, who):
        client.force_login(getattr(admin_cast, who))
        response = client.post(self.url(), {"full_name": "X", "email": "x@example.org"})
        assert response.status_code == 403
        assert not User.objects.filter(email="x@example.org").exists()


class TestPersonRecord:
    def test_matrix_for_person_page(self, client, admin_cast):
        url = reverse("manage:person", args=[admin_cast.auditor.pk])
        for who, status in [
            ("manager", 200),
            ("auditor", 200),
            ("outsider", 403),
            ("stranger", 404),
        ]:
            client.force_login(getattr(admin_cast, who))
            assert client.get(url).status_code == status, who

    def test_matrix_for_editing(self, client, admin_cast):
        url = reverse("manage:person_edit", args=[admin_cast.outsider.pk])
        data = {"full_name": "Renamed", "email": admin_cast.outsider.email, "job_title": ""}
        for who, status in [("auditor", 403), ("outsider", 403), ("stranger", 404)]:
            client.force_login(getattr(admin_cast, who))
            assert client.post(url, data).status_code == status, who
        admin_cast.outsider.refresh_from_db()
        assert admin_cast.outsider.full_name != "Renamed"
        client.force_login(admin_cast.manager)
        assert client.post(url, data).status_code == 302
        admin_cast.outsider.refresh_from_db()
        assert admin_cast.outsider.full_name == "Renamed"

    def test_close_account(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        url = reverse("manage:person_status", args=[admin_cast.outsider.pk])
        assert client.post(url, {}).status_code == 302
        admin_cast.outsider.refresh_from_db()
        assert admin_cast.outsider.is_active is False

    def test_manager_cannot_close_own_account(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        client.post(reverse("manage:person_status", args=[admin_cast.manager.pk]), {})
        admin_cast.manager.refresh_from_db()
        assert admin_cast.manager.is_active is True


class TestRoles:
    def test_group_role_needs_a_group(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        url = reverse("manage:role_add", args=[admin_cast.outsider.pk])
        response = client.post(url, {"role": Role.GROUP_CHAIR})
        assert response.status_code == 200
        assert "Choose the group this person chairs or sits on." in response.content.decode()
        assert not RoleAssignment.objects.filter(role=Role.GROUP_CHAIR).exists()

    def test_add_group_chair_then_remove(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        person = admin_cast.outsider
        response = client.post(
            reverse("manage:role_add", args=[person.pk]),
            {"role": Role.GROUP_CHAIR, "group": admin_cast.group.pk},
        )
        assert response.status_code == 302
        assignment = RoleAssignment.objects.get(person=person, role=Role.GROUP_CHAIR)
        assert assignment.group == admin_cast.group
        remove = reverse("manage:role_remove", args=[person.pk, assignment.pk])
        assert client.post(remove).status_code == 302
        assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()

    def test_same_role_twice_is_refused(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        url = reverse("manage:role_add", args=[admin_cast.auditor.pk])
        response = client.post(url, {"role": Role.AUDITOR})
        assert response.status_code == 200
        assert "already has the role" in response.content.decode()

    def test_auditor_cannot_grant_roles(self, client, admin_cast):
        client.force_login(admin_cast.auditor)
        url = reverse("manage:role_add", args=[admin_cast.auditor.pk])
        assert client.post(url, {"role": Role.BUSINESS_MANAGER}).status_code == 403
        assert admin_cast.auditor.role_assignments.count() == 1

    def test_stranger_cannot_grant_roles_here(self, client, admin_cast):
        client.force_login(admin_cast.stranger)
        url = reverse("manage:role_add", args=[admin_cast.outsider.pk])
        assert client.post(url, {"role": Role.BUSINESS_MANAGER}).status_code == 404
