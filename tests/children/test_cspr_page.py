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


def test_once_sent_the_sending_and_choosing_forms_give_way_to_publication(signed_in, cspr):
    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
    page = _page(signed_in, cspr)
    assert _actions(page) == {"plan", "publish"}
    assert "sent to the National Panel and Secretary of State on 3 December 2026" in page


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
