"""The audit trail: every create, change, delete and confidential read; append-only."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from lantern.audit.admin import AuditEventAdmin
from lantern.audit.context import Actor, acting_as
from lantern.audit.models import AuditEvent, AuditTrailIsAppendOnly
from lantern.cases.services import case_open
from tests.factories import PartnershipFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _event(**filters) -> AuditEvent:
    return AuditEvent.objects.get(**filters)


class TestRecordsChanges:
    def test_create_names_actor_address_channel_and_values(self):
        partnership = PartnershipFactory()
        user = UserFactory(partnership=partnership)
        with acting_as(Actor(user=user, ip_address="192.0.2.7", channel="web")):
            case = case_open(
                partnership=partnership,
                pathway="rapid-review",
                title="Fall at home",
                subject_name="Real Name",
            )
        event = _event(action="create", object_type="cases.case", object_id=str(case.pk))
        assert event.actor == user
        assert event.actor_label == user.email
        assert event.ip_address == "192.0.2.7"
        assert event.channel == "web"
        assert event.partnership_id == partnership.pk
        assert event.changes["title"] == "Fall at home"

    def test_subject_identity_is_never_copied_into_the_trail(self):
        subject = SubjectFactory(full_name="Jane Confidential")
        subject.full_name = "Jane Renamed"
        subject.save()
        events = AuditEvent.objects.filter(object_type="cases.subject")
        assert events.count() == 2
        assert "Jane" not in str(list(events.values_list("changes", "object_label")))
        update = events.get(action="update")
        assert update.changes == {"full_name": ["(confidential)", "(confidential)"]}

    def test_change_records_before_and_after(self):
        partnership = PartnershipFactory(name="Old name")
        partnership.name = "New name"
        partnership.save()
        event = _event(action="update", object_type="partnerships.partnership")
        assert event.changes == {"name": ["Old name", "New name"]}

    def test_a_partly_loaded_record_is_tracked_without_reloading_itself(self):
        # .only() defers fields; the snapshot must not read them (that reloads the row,
        # whose own snapshot would reload it again, for ever).
        from lantern.partnerships.models import Partnership

        partnership = PartnershipFactory(name="Old name")
        partial = Partnership.objects.only("id", "name").get(pk=partnership.pk)
        partial.name = "New name"
        partial.save(update_fields=["name"])
        event = _event(action="update", object_type="partnerships.partnership")
        assert event.changes == {"name": ["Old name", "New name"]}

    def test_saving_without_a_change_records_nothing(self):
        partnership = PartnershipFactory()
        before = AuditEvent.objects.count()
        partnership.save()
        assert AuditEvent.objects.count() == before

    def test_delete_is_recorded(self):
        user = UserFactory()
        assignment = user.role_assignments.create(role="reviewer")
        assignment.delete()
        event = _event(action="delete", object_type="accounts.roleassignment")
        assert event.changes["role"] == "reviewer"
        assert event.partnership_id == user.partnership_id

    def test_password_hash_is_redacted(self):
        user = UserFactory()
        user.set_password("Another-long-password-1")
        user.save()
        event = AuditEvent.objects.filter(object_type="accounts.user", action="update").last()
        assert event.changes["password"] == ["(confidential)", "(confidential)"]

    def test_without_a_request_the_system_is_the_actor(self):
        PartnershipFactory()
        event = AuditEvent.objects.latest("id")
        assert event.actor is None
        assert event.actor_label == "system"
        assert event.channel == "system"

    def test_a_rolled_back_change_leaves_no_event(self):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            PartnershipFactory()
            raise RuntimeError("stop")
        assert AuditEvent.objects.count() == before


class TestAppendOnly:
    def test_model_refuses_change_and_delete(self):
        PartnershipFactory()
        event = AuditEvent.objects.latest("id")
        event.action = "read"
        with pytest.raises(AuditTrailIsAppendOnly):
            event.save()
        with pytest.raises(AuditTrailIsAppendOnly):
            event.delete()

    def test_queryset_refuses_bulk_update_and_delete(self):
        PartnershipFactory()
        with pytest.raises(AuditTrailIsAppendOnly):
            AuditEvent.objects.all().update(action="read")
        with pytest.raises(AuditTrailIsAppendOnly):
            AuditEvent.objects.all().delete()

    def test_database_refuses_raw_changes(self):
        """A trigger refuses UPDATE and DELETE on both databases (the DELETE refusal, and
        the permit the test databases hold for their flush, are in test_chain.py)."""
        PartnershipFactory()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET action = 'read'")
        assert not AuditEvent.objects.filter(action="read").exists()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_delete_permit")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent")
        assert AuditEvent.objects.exists()

    def test_admin_offers_no_add_change_or_delete(self):
        superuser = UserFactory(partnership=None, is_superuser=True, is_staff=True)
        request = RequestFactory().get("/")
        request.user = superuser
        model_admin = AuditEventAdmin(AuditEvent, admin.site)
        event = AuditEvent.objects.latest("id")
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, event)
        assert not model_admin.has_delete_permission(request, event)

    def test_admin_change_page_refuses_a_post(self, client):
        superuser = UserFactory(partnership=None, is_superuser=True, is_staff=True)
        event = AuditEvent.objects.latest("id")
        client.force_login(superuser)
        url = reverse("admin:audit_auditevent_change", args=[event.pk])
        assert client.post(url, {"action": "read"}).status_code == 403
        event.refresh_from_db()
        assert event.action != "read"


class TestSignInEvents:
    def test_sign_in_and_failure_are_recorded(self, client):
        user = UserFactory(email="someone@example.org")
        client.post(
            reverse("accounts:login"),
            {"username": user.email, "password": "wrong"},
            REMOTE_ADDR="198.51.100.4",
        )
        failed = _event(action="sign_in_failed")
        assert failed.actor_label == "someone@example.org"
        assert failed.ip_address == "198.51.100.4"
        from tests.factories import PASSWORD

        client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
        assert _event(action="sign_in").actor == user


def test_platform_admin_creates_a_partnership_and_its_first_business_manager(client):
    from lantern.accounts.models import User
    from lantern.partnerships.models import Partnership

    operator = UserFactory(partnership=None, is_superuser=True, is_staff=True)
    client.force_login(operator)
    response = client.post(
        reverse("admin:partnerships_partnership_add"),
        {
            "name": "New Partnership",
            "short_name": "NP",
            "slug": "np",
            "has_independent_chair": "on",
            "groups-TOTAL_FORMS": "0",
            "groups-INITIAL_FORMS": "0",
            "agencies-TOTAL_FORMS": "0",
            "agencies-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partnership = Partnership.objects.get(slug="np")
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "bm@np.example.org",
            "full_name": "First Manager",
            "partnership": partnership.pk,
            "password1": "A-good-long-password-9",
            "password2": "A-good-long-password-9",
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": "business_manager",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    manager = User.objects.get(email="bm@np.example.org")
    assert manager.partnership == partnership
    assert manager.role_set() == {"business_manager"}
    assert AuditEvent.objects.filter(
        object_type="partnerships.partnership", action="create", actor=operator
    ).exists()


def test_platform_admin_offers_no_case_records(client):
    operator = UserFactory(partnership=None, is_superuser=True, is_staff=True)
    client.force_login(operator)
    body = client.get(reverse("admin:index")).content.decode()
    assert "Partnerships" in body
    assert "Subject" not in body and "/cases/" not in body
