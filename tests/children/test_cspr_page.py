"""Rule (issue 11, "Finding things"): done forms are replaced by what was recorded. The
CSPR page offers each publication step's form only while that step is open; once the
review is published it shows what was recorded and no form at all."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lantern.children import cspr as cspr_services

pytestmark = pytest.mark.django_db
D = datetime.date


def _page(client, cspr):
    return client.get(reverse("children:cspr", args=[cspr.case.reference])).content.decode()


def _actions(page):
    return {a for a in ("final-report", "plan", "sent", "publish") if f"/cspr/{a}/" in page}


@pytest.fixture
def signed_in(client, cspr, manager):
    from lantern.cases.models import Capacity, CaseMembership

    CaseMembership.objects.create(case=cspr.case, person=manager, capacity=Capacity.LEAD)
    client.force_login(manager)
    return client


def test_with_a_final_report_chosen_it_may_be_sent_but_not_yet_published(signed_in, cspr):
    assert _actions(_page(signed_in, cspr)) == {"final-report", "plan", "sent"}


def test_once_sent_the_sending_form_gives_way_to_publication(signed_in, cspr):
    """The report can still be replaced until publication (found on a walk: a report the
    name check refused after it was sent could not be replaced, a dead end)."""
    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
    page = _page(signed_in, cspr)
    assert _actions(page) == {"final-report", "plan", "publish"}
    assert "sent to the National Panel and Secretary of State on 3 December 2026" in page
    assert "should go to the National Panel and the Secretary of State too" in page


def test_a_refused_publication_is_shown_on_its_form_with_what_was_typed(signed_in, cspr):
    """Found on a walk: refusals were blue banners and what was typed was lost."""
    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
        response = signed_in.post(
            reverse("children:cspr_action", args=[cspr.case.reference, "publish"]),
            {"publish-on_0": "3", "publish-on_1": "12", "publish-on_2": "2026",
             "publish-url": "https://example.org/typed"},
        )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "7 working days" in page
    assert 'value="https://example.org/typed"' in page
    cspr.refresh_from_db()
    assert cspr.published_on is None


def test_a_published_review_shows_what_was_recorded_and_no_form(signed_in, cspr):
    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
    with time_machine.travel(D(2026, 12, 14), tick=False):
        cspr_services.publish(cspr=cspr, on=D(2026, 12, 14), url="https://example.org/c")
    page = _page(signed_in, cspr)
    assert _actions(page) == set()
    assert "<form" not in page.split("<main")[1].split("</main>")[0]
    assert "14 December 2026" in page and "https://example.org/c" in page
    assert "SILP" in page  # the plan, as recorded
