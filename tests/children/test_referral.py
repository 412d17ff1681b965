"""Serious-incident referral → rapid review case (Working Together 2023; domain.md)."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.cases.models import Capacity, Case, CaseMembership
from lantern.children.models import RapidReview
from lantern.children.rules import serious_incident_problems

from .conftest import TODAY, referral_post

pytestmark = pytest.mark.django_db
REFER = reverse("children:refer")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_a_complete_referral_opens_a_rapid_review_received_today(client, referrer, agencies):
    client.force_login(referrer)
    response = client.post(REFER, referral_post(agencies))
    review = RapidReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("children:review", args=[review.case.reference])
    case = review.case
    assert case.pathway == "rapid-review" and case.stage == "referral"
    assert review.received_on == TODAY
    assert case.subject.full_name == "Jamie Example"
    assert case.subject.address == "1 Example Street"
    assert case.title == "Serious incident referral from School"  # the title never names the child
    assert set(review.involved_agencies.values_list("name", flat=True)) == {
        "School",
        "Police",
        "Council",
    }
    membership = CaseMembership.objects.get(case=case, person=referrer)
    assert membership.capacity == Capacity.REFERRER


def test_missing_answers_are_each_explained_and_nothing_is_saved(client, referrer, agencies):
    client.force_login(referrer)
    response = client.post(REFER, {"what_happened": ""})
    body = response.content.decode()
    for message in [
        "Choose the agency making the referral.",
        "Enter the name of the safeguarding lead who agreed it.",
        "Enter the date they agreed it.",
        "Enter the child&#x27;s full name.",
        "Say whether the child is looked after.",
        "Say whether the child died or was seriously harmed.",
        "Say whether abuse or neglect is known or suspected.",
        "Describe what happened.",
    ]:
        assert message in body, message
    assert Case.objects.count() == 0


def test_a_date_missing_its_month_says_so(client, referrer, agencies):
    client.force_login(referrer)
    response = client.post(REFER, referral_post(agencies, incident_on_1=""))
    assert "Date of the incident must include a month." in response.content.decode()
    assert Case.objects.count() == 0


def test_an_impossible_date_is_refused(client, referrer, agencies):
    client.force_login(referrer)
    response = client.post(REFER, referral_post(agencies, incident_on_0="31", incident_on_1="2"))
    assert "Date of the incident must be a real date." in response.content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"incident_on_2": "2018"},
            "The incident cannot be before the child&#x27;s date of birth.",
        ),
        (
            {"incident_on_0": "25", "incident_on_2": "2026", "incident_on_1": "12"},
            "The date of the incident must be today or in the past.",
        ),
        ({"date_of_birth_2": "2001"}, "This child would be over 18."),
        ({"authorised_on_1": "10"}, "The referral cannot be agreed before the incident happened."),
    ],
)
def test_contradictory_dates_are_refused(client, referrer, agencies, overrides, message):
    client.force_login(referrer)
    response = client.post(REFER, referral_post(agencies, **overrides))
    assert message in response.content.decode()
    assert Case.objects.count() == 0


def test_rule_serious_incident_needs_death_or_serious_harm(client, referrer, agencies):
    client.force_login(referrer)
    response = client.post(REFER, referral_post(agencies, harm="neither"))
    assert "A serious incident is one where the child has died or been seriously harmed." in (
        response.content.decode()
    )
    assert Case.objects.count() == 0


def test_rule_serious_incident_needs_abuse_or_neglect_known_or_suspected():
    problems = serious_incident_problems(
        abuse_or_neglect="not_suspected", harm="serious_harm", looked_after=False
    )
    assert "abuse_or_neglect" in problems


def test_rule_a_looked_after_childs_death_is_referred_without_suspected_abuse(
    client, referrer, agencies
):
    client.force_login(referrer)
    client.post(
        REFER,
        referral_post(agencies, looked_after="yes", harm="died", abuse_or_neglect="not_suspected"),
    )
    assert RapidReview.objects.get().lac_death


def test_the_referral_does_not_copy_the_childs_name_into_the_trail(client, referrer, agencies):
    client.force_login(referrer)
    client.post(REFER, referral_post(agencies))
    assert "Jamie" not in str(list(AuditEvent.objects.values_list("changes", "object_label")))


class TestBusinessManager:
    @pytest.fixture
    def review(self, client, referrer, agencies):
        client.force_login(referrer)
        client.post(REFER, referral_post(agencies))
        return RapidReview.objects.get()

    def test_returns_incomplete_referral_with_reasons_and_referrer_corrects_it(
        self, client, review, manager, referrer, agencies
    ):
        ref = review.case.reference
        client.force_login(manager)
        empty = client.post(reverse("children:return", args=[ref]), {"reason": ""})
        assert "Say what is missing" in empty.content.decode()
        client.post(reverse("children:return", args=[ref]), {"reason": "No date of birth check."})
        review.refresh_from_db()
        assert review.status == "returned"

        # The kernel's referral service tells the referrer at once, as for a SAR.
        assert any(referrer.email in m.to and "No date of birth check." in m.body
                   for m in mail.outbox)  # fmt: skip
        client.force_login(referrer)
        page = client.get(reverse("children:review", args=[ref])).content.decode()
        assert "No date of birth check." in page and "Correct and send again" in page
        assert "Returned to you: correct and resend" in page and "Timetable" not in page
        response = client.post(
            reverse("children:correct", args=[ref]),
            referral_post(agencies, child_name="Jamie Corrected"),
        )
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.status == "submitted" and review.returned_reason == ""
        assert review.case.subject.full_name == "Jamie Corrected"

    def test_accepts_then_records_the_panel_notification(self, client, review, manager):
        ref = review.case.reference
        client.force_login(manager)
        client.post(reverse("children:accept", args=[ref]))
        review.refresh_from_db()
        assert review.status == "accepted"
        response = client.post(
            reverse("children:notification", args=[ref]),
            {"notified_on_0": "21", "notified_on_1": "11", "notified_on_2": "2026"},
        )
        assert "cannot be in the future" in response.content.decode()
        client.post(
            reverse("children:notification", args=[ref]),
            {"notified_on_0": "20", "notified_on_1": "11", "notified_on_2": "2026"},
        )
        review.refresh_from_db()
        assert review.panel_notified_on == TODAY and review.panel_notified_by == manager
        assert review.case.stage == "scoping"

    def test_referrer_cannot_accept_or_return(self, client, review, referrer):
        ref = review.case.reference
        client.force_login(referrer)
        assert client.post(reverse("children:accept", args=[ref])).status_code == 403
        assert (
            client.post(reverse("children:return", args=[ref]), {"reason": "x"}).status_code == 403
        )

    def test_outsider_and_other_partnership_get_404(self, client, review):
        from tests.factories import UserFactory

        ref = review.case.reference
        for user in [UserFactory(partnership=review.case.partnership), UserFactory()]:
            client.force_login(user)
            assert client.get(reverse("children:review", args=[ref])).status_code == 404

    def test_only_the_referrer_corrects_and_only_when_returned(self, client, review, manager):
        client.force_login(manager)
        assert (
            client.get(reverse("children:correct", args=[review.case.reference])).status_code == 403
        )
