"""Agencies, groups and partnership settings in the administration area."""

import pytest
from django.urls import reverse

from lantern.partnerships.models import Agency, Group, StatutoryFor, StatutoryPartner
from tests.factories import AgencyFactory

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

    def test_rule_quorum_configurable_adult_social_care_stands_for_adults(self, client, admin_cast):
        """Quorum is configured on the agency page, without code: the council's adult
        social care is the local authority partner for adults' decisions only."""
        client.force_login(admin_cast.manager)
        form = client.get(reverse("manage:record_add", args=["agencies"])).content.decode()
        assert "Statutory partner for" in form
        response = client.post(
            reverse("manage:record_add", args=["agencies"]),
            {
                "name": "Council Adult Social Care",
                "kind": "local_authority",
                "statutory_partner": "local_authority",
                "statutory_for": "adults",
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        agency = Agency.objects.get(name="Council Adult Social Care")
        assert (agency.statutory_partner, agency.statutory_for) == ("local_authority", "adults")
        listing = client.get(reverse("manage:records", args=["agencies"])).content.decode()
        assert "for adults' decisions" in listing

    def test_an_agency_saved_without_a_side_stands_for_both(self, client, admin_cast):
        client.force_login(admin_cast.manager)
        client.post(
            reverse("manage:record_add", args=["agencies"]),
            {"name": "Demo ICB", "kind": "icb", "statutory_partner": "icb", "is_active": "on"},
        )
        assert Agency.objects.get(name="Demo ICB").statutory_for == StatutoryFor.BOTH

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

    def test_the_page_says_who_stands_for_each_partner_at_decision_meetings(
        self, client, admin_cast
    ):
        AgencyFactory(
            partnership=admin_cast.partnership,
            name="Council Children's Services",
            statutory_partner=StatutoryPartner.LOCAL_AUTHORITY,
            statutory_for=StatutoryFor.CHILDREN,
        )
        client.force_login(admin_cast.auditor)
        page = client.get(reverse("manage:settings")).content.decode()
        assert "Quorum at decision meetings" in page
        children = page.split("Children&#x27;s decisions")[1].split("Adults&#x27; decisions")[0]
        assert "Council Children&#x27;s Services" in children
        adults = page.split("Adults&#x27; decisions")[1]
        assert "Council Children&#x27;s Services" not in adults
        assert "No agency set" in adults  # nobody stands for the local authority for adults

    def test_outsider_gets_403(self, client, admin_cast):
        client.force_login(admin_cast.outsider)
        assert client.get(reverse("manage:settings")).status_code == 403
