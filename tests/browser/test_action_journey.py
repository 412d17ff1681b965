"""The action tracker walked in a real browser by the roles involved, axe on every page:
the Business Manager writes a recommendation (quality prompt, repeat learning) and an
action and asks for an update; the agency's owner records progress and completes it with
evidence; the monitoring group's chair records the sign-off.

My work, as the owner sees it: the action waits on its owner's My work with its due date
(and not on the Business Manager's, who wrote it), the request for an update waits there
too until progress is recorded, and the action leaves once it is complete: completing it
is first refused without evidence."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lantern.actions.models import Action, ActionStatus, Recommendation
from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.cases.models import Case
from lantern.demo.actions import demo_actions_load
from lantern.demo.services import demo_load
from lantern.partnerships.models import Group, Partnership
from tests.browser.helpers import as_due_on_my_work, fill_date, on_my_work, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QAP = "Quality Assurance & Performance sub-group"
VAGUE = (
    "The hospital and children's social care should raise awareness of sharing discharge "
    "plans for infants with the health visitor."
)
SPECIFIC = (
    "The hospital trust sends the discharge plan of every baby under one to the health "
    "visitor and children's social care within 24 hours, and audits it each quarter."
)


def test_recommendation_to_verified_action_by_the_roles_involved(page, axe):
    demo_load()
    partnership = Partnership.objects.get(slug="demo")
    demo_actions_load(partnership)  # idempotent: the demo's earlier learning to find
    today = timezone.localdate()
    child_b = Case.objects.get(partnership=partnership, pseudonym="Child B")
    earlier = Recommendation.objects.get(case__pseudonym="Child D", number=1)

    # The Business Manager opens the learning of Child B's review from the case page.
    sign_in_as(page, "business.manager@example.org")
    page.goto(f"/cases/{child_b.reference}/")
    page.get_by_role("link", name="Learning and actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning and actions")
    axe.check(page, "Learning of a review (empty)")
    page.get_by_role("link", name="Add a recommendation").click()
    axe.check(page, "Add a recommendation")

    # A vague recommendation: the prompt's advice, and the similar earlier one of Child D.
    page.get_by_label("Recommendation", exact=True).fill(VAGUE)
    page.get_by_role("button", name="Check for similar recommendations").click()
    panel = page.locator("#repeat-learning")
    expect(panel).to_contain_text(earlier.label)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Has an owner")
    axe.check(page, "Add a recommendation: checked")
    page.get_by_label(f"This repeats {earlier.label}").check()
    page.get_by_label("Which group will monitor it?").select_option(label=QAP)
    page.get_by_label("Owner").select_option(
        label="Tom Hughes (Demo Hospitals NHS Foundation Trust)"
    )
    page.get_by_label("How will the group know it has made a difference?").fill(
        "Quarterly audits show nine in ten discharge plans shared within 24 hours."
    )
    fill_date(page, "Date the impact will be reviewed", today + datetime.timedelta(days=180))
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("raise awareness")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Specific")
    expect(page.get_by_label("Keep it as written")).to_be_visible()
    axe.check(page, "Add a recommendation: quality prompt")
    page.get_by_label("Recommendation", exact=True).fill(SPECIFIC)
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been added")
    repeats_row = page.locator(".govuk-summary-list__row", has_text="Repeats")
    expect(repeats_row.first).to_contain_text(earlier.label)
    recommendation = Recommendation.objects.get(case=child_b)
    assert recommendation.repeats == earlier
    axe.check(page, "Recommendation page")

    # An action for the hospital, owned by its nominated representative.
    page.get_by_role("link", name="Add an action").click()
    axe.check(page, "Add an action")
    page.get_by_label("What will be done?").fill("Send discharge plans through the secure portal")
    page.get_by_label("Lead agency").select_option(label="Demo Hospitals NHS Foundation Trust")
    page.get_by_label("Owner").select_option(
        label="Nadia Rahman (Demo Hospitals NHS Foundation Trust)"
    )
    fill_date(page, "Due date", today + datetime.timedelta(days=60))
    page.get_by_label("What success looks like").fill(
        "Every infant discharge plan sent on the portal."
    )
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send discharge plans through the secure portal"
    )
    action = Action.objects.get(recommendation=recommendation)
    axe.check(page, "Action page (Business Manager)")

    # ...and asks the hospital for an update.
    page.get_by_role("link", name="Ask the agency for an update").click()
    fill_date(page, "Date the update is due", today + datetime.timedelta(days=14))
    axe.check(page, "Ask for an update")
    page.get_by_role("button", name="Ask for the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("asked for an update")
    request = AgencyRequest.objects.get(case=child_b, kind="action_update")
    # The action is its owner's, not its writer's: nothing of it waits for the Business
    # Manager.
    owned = f"Report progress on action {recommendation.label}.{action.number}: {action.title}"
    update = f"Demo Hospitals NHS Foundation Trust: {request.title}"
    for item in (owned, update):
        expect(on_my_work(page, child_b.reference, item)).to_have_count(0)

    # On the owner's My work: the action, due when it is due, and the request for an update.
    sign_in_as(page, "hospital.rep@example.org")
    row = on_my_work(page, child_b.reference, owned)
    expect(row).to_contain_text(as_due_on_my_work(action.due))
    expect(row).to_contain_text("You own this action")
    expect(on_my_work(page, child_b.reference, update)).to_contain_text(
        as_due_on_my_work(request.due)
    )
    axe.check(page, "My work (action owner)")

    # The hospital's representative finds it on the tracker too, and records progress.
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
    axe.check(page, "Tracker (owner)")
    page.get_by_label("Only actions I own").check()
    page.get_by_role("button", name="Filter actions").click()
    axe.check(page, "Tracker filtered (owner)")
    page.get_by_role("link", name="Send discharge plans through the secure portal").click()
    axe.check(page, "Action page (owner)")
    page.get_by_role("link", name="Record progress").click()
    axe.check(page, "Record progress")
    page.get_by_label("On track").check()
    page.get_by_label("Progress made").fill("The portal is live on two wards.")
    page.get_by_role("button", name="Save the progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been updated")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    # The update is answered and leaves My work; the action, still open, stays.
    expect(on_my_work(page, child_b.reference, update)).to_have_count(0)
    row = on_my_work(page, child_b.reference, owned)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=owned).click()

    # Complete without evidence: refused, with the reason; then with a link.
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("Complete", exact=True).check()
    page.get_by_label("Progress made").fill("Live on every ward.")
    page.get_by_role("button", name="Save the progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An action is complete only with evidence"
    )
    axe.check(page, "Record progress with an error")
    page.get_by_label("Evidence (needed to complete the action)").fill("Portal usage report")
    page.get_by_label("Or give a link").fill("https://intranet.demohospitals.example.org/portal")
    page.get_by_role("button", name="Save the progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is complete")
    expect(page.get_by_role("link", name="Portal usage report")).to_be_visible()
    axe.check(page, "Action complete with evidence")
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE
    expect(on_my_work(page, child_b.reference, owned)).to_have_count(0)

    # The QA&P chair finds it on the group's list and records the group's sign-off.
    sign_in_as(page, "qap.chair@example.org")
    qap = Group.objects.get(partnership=partnership, name=QAP)
    page.goto(f"/actions/groups/{qap.pk}/")
    expect(page.locator("main")).to_contain_text("Complete (1)")
    axe.check(page, "Group list (chair)")
    page.get_by_role("link", name="Send discharge plans through the secure portal").click()
    page.get_by_role("link", name="Record the group's sign-off").click()
    axe.check(page, "Record the sign-off")
    fill_date(page, "Date of the group's sign-off", today)
    page.get_by_label("What the group agreed").fill("QA&P saw the portal report and agreed.")
    page.get_by_role("button", name="Record the sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("verified")
    expect(page.locator("main")).to_contain_text("Signed off by the group")
    axe.check(page, "Action verified")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED

    # The QA&P chair produces the group's reporting pack for its next meeting and finds
    # the action there, verified with its evidence.
    page.goto("/actions/reporting/pack/")
    axe.check(page, "Choose a pack (chair)")
    page.get_by_label(QAP).check()
    fill_date(page, "Date of the meeting", today + datetime.timedelta(days=28))
    page.get_by_role("button", name="Show the pack").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reporting pack for the meeting")
    expect(page.locator("#verified + .lantern-table-scroll table")).to_contain_text(
        "Send discharge plans through the secure portal"
    )
    expect(page.locator("#verified + .lantern-table-scroll table")).to_contain_text(
        "QA&P saw the portal report and agreed."
    )
    expect(page.locator("svg[role=img]")).to_be_visible()
    axe.check(page, "The group's pack")
    page.get_by_role("button", name="Prepare a PDF").click()  # issue 13: in the background
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download reporting-pack-").click()
    assert download.value.suggested_filename.endswith(".pdf")

    axe.assert_no_violations()
