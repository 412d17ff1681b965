"""DHR pages under the one policy: member, read-only member, outsider, stranger."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.dhr.models import Dhr
from lantern.dhr.views_actions import ACTIONS

pytestmark = pytest.mark.django_db
D = datetime.date

READERS = [("member", 200), ("read_only_member", 200), ("outsider", 404), ("stranger", 404)]
WRITERS = [("member", 200), ("read_only_member", 403), ("outsider", 404), ("stranger", 404)]


def _date(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def notification_post(**overrides):
    data = {
        **_date("notified_on", D(2026, 3, 2)), "notified_by": "DI Moss, Police",
        "full_name": "Alex Example", **_date("date_of_birth", D(1980, 5, 17)),
        **_date("date_of_death", D(2026, 2, 20)), "relationship": "partner",
        "suspected_suicide": "no", "circumstances": "Killed by her partner.",
    }  # fmt: skip
    data.update(overrides)
    return data


class TestNotification:
    url = reverse("dhr:notify")

    @pytest.mark.parametrize(
        "who, status",
        [("business_manager", 200), ("member", 403), ("read_only_member", 403),
         ("outsider", 403)],
    )  # fmt: skip
    def test_only_those_who_change_every_case_record_one(self, client, cast, who, status):
        client.force_login(getattr(cast, who))
        assert client.get(self.url).status_code == status
        assert client.post(self.url, notification_post()).status_code in (status, 302)
        assert Dhr.objects.exists() == (status == 200)

    def test_a_stranger_records_only_in_their_own_partnership(self, client, cast):
        client.force_login(cast.stranger)
        with time_machine.travel(D(2026, 3, 3), tick=False):
            client.post(self.url, notification_post())
        assert Dhr.objects.get().case.partnership_id == cast.stranger.partnership_id

    def test_a_qualifying_death_opens_the_dhr(self, client, cast):
        client.force_login(cast.business_manager)
        with time_machine.travel(D(2026, 3, 3), tick=False):
            response = client.post(self.url, notification_post())
        dhr = Dhr.objects.get()
        assert response.url == reverse("dhr:detail", args=[dhr.case.reference])
        assert dhr.recorded_by == cast.business_manager and dhr.relationship == "partner"

    def test_criteria_not_met_are_explained_and_nothing_is_saved(self, client, cast):
        client.force_login(cast.business_manager)
        post = notification_post(relationship="other", **_date("date_of_birth", D(2012, 1, 1)))
        with time_machine.travel(D(2026, 3, 3), tick=False):
            page = client.post(self.url, post).content.decode()
        assert "was 14 when they died" in page
        assert "a current or former intimate partner or a member of the same household" in page
        assert "govuk-error-summary" in page and not Dhr.objects.exists()

    def test_missing_answers_are_each_explained(self, client, cast):
        client.force_login(cast.business_manager)
        page = client.post(self.url, {}).content.decode()
        for message in [
            "Enter the full name of the person who died.",
            "Say who the alleged perpetrator was to the person who died.",
            "Enter the date of death.",
        ]:
            assert message in page


class TestDetail:
    @pytest.mark.parametrize("who, status", READERS)
    def test_page(self, client, cast, cast_dhr, who, status):
        client.force_login(getattr(cast, who))
        response = client.get(reverse("dhr:detail", args=[cast.case.reference]))
        assert response.status_code == status
        if status == 200:
            page = response.content.decode()
            assert "Decision whether to hold a DHR" in page
            can_act = who == "member"
            assert ("Record the CSP's decision</a>" in page) == can_act

    def test_reading_the_identity_is_logged(self, client, cast, cast_dhr):
        client.force_login(cast.read_only_member)
        client.get(reverse("dhr:detail", args=[cast.case.reference]))
        assert AuditEvent.objects.filter(
            action="read", actor=cast.read_only_member, object_type="cases.subject"
        ).exists()

    def test_a_case_that_is_not_a_dhr_is_not_found(self, client, cast):
        client.force_login(cast.member)
        assert client.get(reverse("dhr:detail", args=[cast.case.reference])).status_code == 404


class TestActions:
    @pytest.mark.parametrize("action", sorted(ACTIONS))
    @pytest.mark.parametrize("who, status", WRITERS)
    def test_every_action_page(self, client, cast, cast_dhr, action, who, status):
        client.force_login(getattr(cast, who))
        url = reverse("dhr:action", args=[cast.case.reference, action])
        assert client.get(url).status_code == status
        if status != 200:
            assert client.post(url, {}).status_code == status

    def test_an_unknown_action_is_not_found(self, client, cast, cast_dhr):
        client.force_login(cast.member)
        url = reverse("dhr:action", args=[cast.case.reference, "nonsense"])
        assert client.get(url).status_code == 404

    def test_the_member_records_the_decision(self, client, cast, cast_dhr):
        client.force_login(cast.member)
        url = reverse("dhr:action", args=[cast.case.reference, "decision"])
        post = {
            "outcome": "conduct",
            "rationale": "Criteria met.",
            **_date("decided_on", D(2026, 3, 20)),
        }
        with time_machine.travel(D(2026, 3, 25), tick=False):
            response = client.post(url, post)
        assert response.status_code == 302
        assert Dhr.objects.get().outcome == "conduct"

    def test_a_service_refusal_shows_on_its_field(self, client, cast, cast_dhr):
        client.force_login(cast.member)
        url = reverse("dhr:action", args=[cast.case.reference, "decision"])
        post = {"outcome": "conduct", "rationale": "Met.", **_date("decided_on", D(2026, 3, 1))}
        with time_machine.travel(D(2026, 3, 25), tick=False):
            page = client.post(url, post).content.decode()
        assert "The decision cannot come before the notification." in page
        assert Dhr.objects.get().outcome == ""

    def test_a_one_date_refusal_shows_on_the_date(self, client, cast, cast_dhr):
        client.force_login(cast.member)
        url = reverse("dhr:action", args=[cast.case.reference, "submit"])
        with time_machine.travel(D(2026, 9, 1), tick=False):
            page = client.post(url, _date("on", D(2026, 9, 1))).content.decode()
        assert "Choose the overview report before submitting it." in page
