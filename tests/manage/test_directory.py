"""Agencies, groups and partnership settings in the administration area."""

import pytest
from django.urls import reverse

from lantern.partnerships.models import Agency, Group

pytestmark = pytest.mark.django_db


class TestAgencies:
    def test_list_matrix(self, client, admin_cast):
        url = reverse("manage:records", args=["agencies"])
        for who, status in [("manager", 200), ("auditor", 200), ("outsider", 403)]:
            client.force_login(getattr(admin_cast, who))
            assert client.get(url).status_code == status, who
        client.force_login(admin_cast.stranger)
        assert "Our Police" not in client.get(url).content.decode()

    def test_manager_adds_statutory_partner(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            reverse("manage:record_add", args=["agencies"]),
            {"name": "Demo ICB", "kind": "icb", "statutory_partner": "icb", "is_active": "on"},
        )
        assert response.status_code == 302
        agency = Agency.objects.get(name="Demo ICB")
        assert agency.partnership == admin_cast.partnership
        assert agency.statutory_partner == "icb"

    def test_duplicate_name_is_refused(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            reverse("manage:record_add", args=["agencies"]),
            {"name": "Our Police", "kind": "police"},
        )
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
        assert Agency.objects.filter(name="Our Police").count() == 1

    def test_edit_matrix(self, client, admin_cast):
        url = reverse("manage:record_edit", args=["agencies", admin_cast.agency.pk])
        data = {"name": "Renamed", "kind": "police", "is_active": "on"}
        for who, status in [("auditor", 403), ("outsider", 403), ("stranger", 404)]:
            client.force_login(getattr(admin_cast, who))
            assert client.post(url, data).status_code == status, who
        client.force_login(admin_cast.manager)
        assert client.post(url, data).status_code == 302
        admin_cast.agency.refresh_from_db()
        assert admin_cast.agency.name == "Renamed"


class TestGroups:
    def test_manager_adds_group(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            reverse("manage:record_add", args=["groups"]),
            {"name": "SAR Panel", "short_name": "SARP", "kind": "sar_panel", "is_active": "on"},
        )
        assert response.status_code == 302
        assert Group.objects.get(name="SAR Panel").partnership == admin_cast.partnership

    def test_missing_kind_is_explained(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(reverse("manage:record_add", args=["groups"]), {"name": "X"})
        assert "Choose what kind of group this is." in response.content.decode()
        assert not Group.objects.filter(name="X").exists()

    def test_edit_matrix(self, client, admin_cast):
        url = reverse("manage:record_edit", args=["groups", admin_cast.group.pk])
        for who, status in [
            ("manager", 200),
            ("auditor", 403),
            ("outsider", 403),
            ("stranger", 404),
        ]:
            client.force_login(getattr(admin_cast, who))
            assert client.get(url).status_code == status, who


class TestSettings:
    def test_manager_makes_two_factor_mandatory(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        response = client.post(
            reverse("manage:settings"),
            {"name": "Renamed Partnership", "short_name": "RP", "require_two_factor": "on"},
        )
        assert response.status_code == 302
        admin_cast.partnership.refresh_from_db()
        assert admin_cast.partnership.require_two_factor is True
        assert admin_cast.partnership.has_independent_chair is False

    def test_auditor_reads_settings_but_cannot_post(self, client, admin_cast):
        client.force_login(admin_cast.auditor)
        assert client.get(reverse("manage:settings")).status_code == 200
        response = client.post(reverse("manage:settings"), {"name": "Hijack", "short_name": "H"})
        assert response.status_code == 403
        admin_cast.partnership.refresh_from_db()
        assert admin_cast.partnership.name != "Hijack"

    def test_outsider_gets_403(self, client, admin_cast):
        client.force_login(admin_cast.outsider)
        assert client.get(reverse("manage:settings")).status_code == 403
