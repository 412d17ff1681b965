"""Case pages under the one permission policy: member, read-only member, outsider, stranger."""

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity, CaseMembership

pytestmark = pytest.mark.django_db


def _detail(case):
    return reverse("cases:detail", args=[case.reference])


def _edit(case):
    return reverse("cases:edit", args=[case.reference])


@pytest.fixture
def national(cast):
    """A case of a pathway with no page of its own: the generic case page is its page."""
    cast.case.pathway = "national"
    cast.case.save(update_fields=["pathway"])
    return cast


class TestCaseDetail:
    @pytest.fixture(autouse=True)
    def _national(self, national):
        pass

    def test_member_reads_case_and_subject(self, client, cast):
        client.force_login(cast.member)
        response = client.get(_detail(cast.case))
        assert response.status_code == 200
        page = response.content.decode()
        assert cast.case.subject.full_name in page
        # The parts every case page carries (rule: one page per case).
        assert "Who is on this case" in page and cast.member.full_name in page
        assert reverse("chronology:chronology", args=[cast.case.reference]) in page

    def test_read_only_member_reads_it_too(self, client, cast):
        client.force_login(cast.read_only_member)
        assert client.get(_detail(cast.case)).status_code == 200

    def test_outsider_in_same_partnership_gets_404(self, client, cast):
        client.force_login(cast.outsider)
        assert client.get(_detail(cast.case)).status_code == 404

    def test_user_of_another_partnership_gets_404(self, client, cast):
        client.force_login(cast.stranger)
        assert client.get(_detail(cast.case)).status_code == 404

    def test_signed_out_visitor_is_sent_to_sign_in(self, client, cast):
        response = client.get(_detail(cast.case))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_every_read_of_the_case_and_subject_is_logged(self, client, cast):
        client.force_login(cast.read_only_member)
        client.get(_detail(cast.case), REMOTE_ADDR="10.1.2.3")
        reads = AuditEvent.objects.filter(action="read", actor=cast.read_only_member)
        assert {(e.object_type, e.object_id) for e in reads} == {
            ("cases.case", str(cast.case.pk)),
            ("cases.subject", str(cast.case.subject.pk)),
        }
        assert {e.ip_address for e in reads} == {"10.1.2.3"}

    def test_a_refused_read_is_not_logged_as_a_read(self, client, cast):
        client.force_login(cast.outsider)
        client.get(_detail(cast.case))
        assert not AuditEvent.objects.filter(action="read", actor=cast.outsider).exists()


class TestCaseEdit:
    def test_member_changes_title(self, client, cast):
        client.force_login(cast.member)
        response = client.post(
            _edit(cast.case),
            {
                "title": "New working title",
                "pseudonym": "Child B",
                "confidentiality": "strictly_confidential",
            },
        )
        assert response.status_code == 302
        cast.case.refresh_from_db()
        assert cast.case.title == "New working title"
        change = AuditEvent.objects.get(action="update", object_type="cases.case")
        assert change.changes["title"][1] == "New working title"
        assert change.actor == cast.member

    def test_blank_title_is_refused_with_message_and_changes_nothing(self, client, cast):
        client.force_login(cast.member)
        before = cast.case.title
        response = client.post(
            _edit(cast.case), {"title": "", "confidentiality": "strictly_confidential"}
        )
        assert response.status_code == 200
        assert "Enter a working title for the case." in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
        cast.case.refresh_from_db()
        assert cast.case.title == before

    def test_read_only_member_gets_403(self, client, cast):
        client.force_login(cast.read_only_member)
        assert client.get(_edit(cast.case)).status_code == 403
        assert client.post(_edit(cast.case), {"title": "x"}).status_code == 403

    def test_outsider_gets_404(self, client, cast):
        client.force_login(cast.outsider)
        assert client.get(_edit(cast.case)).status_code == 404

    def test_stranger_gets_404(self, client, cast):
        client.force_login(cast.stranger)
        assert client.post(_edit(cast.case), {"title": "x"}).status_code == 404


class TestMembers:
    def test_lead_adds_agency_representative(self, client, cast):
        from tests.factories import AgencyFactory, UserFactory

        agency = AgencyFactory(partnership=cast.case.partnership)
        person = UserFactory(partnership=cast.case.partnership)
        client.force_login(cast.member)
        response = client.post(
            reverse("cases:member_add", args=[cast.case.reference]),
            {"person": person.pk, "capacity": Capacity.AGENCY_REPRESENTATIVE, "agency": agency.pk},
        )
        assert response.status_code == 302
        assert CaseMembership.objects.get(case=cast.case, person=person).agency == agency

    def test_representative_without_agency_is_refused(self, client, cast):
        from tests.factories import UserFactory

        person = UserFactory(partnership=cast.case.partnership)
        client.force_login(cast.member)
        response = client.post(
            reverse("cases:member_add", args=[cast.case.reference]),
            {"person": person.pk, "capacity": Capacity.AGENCY_REPRESENTATIVE},
        )
        assert response.status_code == 200
        assert "Choose the agency this person represents on the case." in response.content.decode()
        assert not CaseMembership.objects.filter(person=person).exists()

    def test_person_of_another_partnership_cannot_be_added(self, client, cast):
        client.force_login(cast.member)
        response = client.post(
            reverse("cases:member_add", args=[cast.case.reference]),
            {"person": cast.stranger.pk, "capacity": Capacity.OBSERVER},
        )
        assert response.status_code == 200
        assert not CaseMembership.objects.filter(person=cast.stranger).exists()

    @pytest.mark.parametrize(
        "who, status", [("read_only_member", 403), ("outsider", 404), ("stranger", 404)]
    )
    def test_others_cannot_add_members(self, client, cast, who, status):
        client.force_login(getattr(cast, who))
        assert (
            client.get(reverse("cases:member_add", args=[cast.case.reference])).status_code
            == status
        )

    def test_remove_member(self, client, cast):
        membership = CaseMembership.objects.get(person=cast.read_only_member)
        url = reverse("cases:member_remove", args=[cast.case.reference, membership.pk])
        client.force_login(cast.read_only_member)
        assert client.post(url).status_code == 403
        client.force_login(cast.member)
        assert client.post(url).status_code == 302
        assert not CaseMembership.objects.filter(pk=membership.pk).exists()
        assert AuditEvent.objects.filter(
            action="delete", object_type="cases.casemembership"
        ).exists()
