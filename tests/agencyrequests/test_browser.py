"""A request's life in a real browser, with axe-core (WCAG 2.2 AA) on every page:
the case lead sends it, the police's representative answers, the lead sends it back."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Capacity
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    CaseFactory,
    MembershipFactory,
    PartnershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, person) -> None:
    page.context.clear_cookies()
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")


def test_lead_sends_a_request_the_representative_answers_the_lead_sends_it_back(page, axe):
    partnership = PartnershipFactory()
    case = CaseFactory(partnership=partnership)
    lead = MembershipFactory(case=case, capacity=Capacity.LEAD).person
    police = AgencyFactory(partnership=partnership, name="Demoshire Police")
    AgencyFactory(partnership=partnership, name="Demoshire ICB")
    rep = MembershipFactory(
        case=case, capacity=Capacity.AGENCY_REPRESENTATIVE, agency=police
    ).person
    requests_page = reverse("agencyrequests:list", args=[case.reference])

    _sign_in(page, lead)
    page.goto(requests_page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests to agencies")
    axe.check(page, "Requests to agencies, none yet")

    page.get_by_role("link", name="Send a request to agencies").click()
    axe.check(page, "Send a request")
    page.get_by_role("button", name="Send the requests").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one agency.")
    axe.check(page, "Send a request, with errors")

    page.get_by_label("Initial scoping and information sharing return").check()
    page.get_by_label("Title").fill("Initial scoping return")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("Demoshire Police").check()
    page.get_by_label("Ask the agencies to secure their records").check()
    page.get_by_role("button", name="Send the requests").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Demoshire Police")
    axe.check(page, "Requests to agencies, one sent")

    _sign_in(page, rep)
    page.goto(requests_page)
    page.get_by_role("link", name="Initial scoping return").click()
    axe.check(page, "Answering")
    page.get_by_label("Your agency's return").fill("What the police knew.")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("secured its records")
    axe.check(page, "Answering, with an error")
    page.get_by_label("My agency has secured its records about this case").check()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted")
    axe.check(page, "A submitted return")

    _sign_in(page, lead)
    page.goto(requests_page)
    page.get_by_role("link", name="Initial scoping return").click()
    page.get_by_role("link", name="Send it back").click()
    page.get_by_label("Why is the return being sent back?").fill("Add the chronology.")
    axe.check(page, "Send it back")
    page.get_by_role("button", name="Send it back").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Add the chronology.")
    axe.check(page, "A returned request")
    assert AgencyRequest.objects.get().status == "returned"

    page.goto(reverse("notifications:history", args=[case.reference]))
    expect(page.get_by_role("heading", level=1)).to_have_text("History of the case")
    expect(page.locator("table")).to_contain_text("E-mail to")
    axe.check(page, "History of the case")

    axe.assert_no_violations()
