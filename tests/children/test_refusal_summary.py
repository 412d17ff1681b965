"""Issue 13 (walk): when the workflow refuses a step (a gate fails), the person's action
failed: the refusal is a GOV.UK error summary (role="alert", focused as the page loads,
"Error: " before the page's title), not a blue notification banner; what succeeds is
still a banner."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from lantern.children import services
from tests.children.helpers import rapid_review_with_scoping_sent

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def scoping_sent(referrer, manager, agencies):
    review = rapid_review_with_scoping_sent(referrer, manager, agencies)
    return review


@time_machine.travel(D(2026, 11, 9), tick=False)
def test_a_refused_step_is_an_error_summary_not_a_banner(client, scoping_sent, manager):
    reference = scoping_sent.case.reference
    client.force_login(manager)
    response = client.post(reverse("children:scoping_complete", args=[reference]), follow=True)
    page = response.content.decode()
    summary = page[page.index('<div class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    assert 'data-module="govuk-error-summary"' in summary and 'role="alert"' in summary
    assert "There is a problem" in summary
    assert "Still waiting for Council, Police, School" in summary
    assert "govuk-notification-banner" not in page
    assert "<title>Error: Rapid review" in page
    assert not scoping_sent.case.steps.filter(
        step_id="scoping-returned", done_on__isnull=False
    ).exists()


@time_machine.travel(D(2026, 11, 3), tick=False)
def test_what_succeeds_is_still_a_banner(client, referrer, manager, agencies):
    review = services.referral_submit(
        user=referrer,
        data={
            "referring_agency": agencies["School"], "authorised_by": "Pat Lead",
            "authorised_on": D(2026, 11, 2), "child_name": "Jamie Example",
            "date_of_birth": D(2019, 6, 4), "address": "1 Example Street",
            "looked_after": False, "incident_on": D(2026, 11, 1),
            "harm": "serious_harm", "abuse_or_neglect": "suspected",
            "what_happened": "Unexplained injuries.",
            "involved_agencies": [agencies["Police"]],
        },
    )  # fmt: skip
    client.force_login(manager)
    url = reverse("children:accept", args=[review.case.reference])
    page = client.post(url, follow=True).content.decode()
    assert "govuk-notification-banner--success" in page and "has been accepted" in page
    assert "govuk-error-summary" not in page and "<title>Error:" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_refusal_is_focused_and_accessible_in_a_browser(page, axe):
    """The demo's RR-2026-001 still waits for one agency's scoping return: asking to
    confirm every return is in is refused, and the summary takes the focus."""
    from playwright.sync_api import expect

    from lantern.demo.services import demo_load
    from tests.browser.helpers import sign_in_as

    demo_load()
    sign_in_as(page, "business.manager@example.org")
    page.goto("/children/RR-2026-001/")
    # The page offers no button for a step that would be refused; post as a stale page would.
    page.evaluate(
        """() => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = "/children/RR-2026-001/scoping/complete/";
        const token = document.querySelector("input[name=csrfmiddlewaretoken]").cloneNode();
        form.appendChild(token);
        document.body.appendChild(form);
        form.submit();
    }"""
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Still waiting for")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert page.locator(".govuk-notification-banner").count() == 0
    axe.check(page, "A refused step on the rapid review page")
