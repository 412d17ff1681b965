"""The work list comes from the declarations: a step is on the list of the people who
must act on it, once the steps before it are done, and leaves it when it is done."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.adults import services
from lantern.workflow.selectors import RETURNED, steps_waiting_for

from .conftest import TODAY, referral_data


def titles(user):
    return [item.title for item in steps_waiting_for(user)]


def test_a_step_reaches_the_people_its_declaration_names_and_leaves_when_done(
    submitted, manager, chair, panel_chair
):
    screen = next(i for i in steps_waiting_for(manager) if i.title.startswith("Screen"))
    assert screen.why == "Business Manager"
    assert screen.url.endswith(f"/{submitted.case.reference}/record/screen/")
    assert "Sign the referral off for scoping" not in titles(chair)  # not yet screened

    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)

    assert not any(t.startswith("Screen") for t in titles(manager))
    signoff = next(i for i in steps_waiting_for(chair) if i.kind == "signoff")
    assert signoff.title == "Sign the referral off for scoping"
    assert signoff.why == "Independent Chair"

    services.scoping_sign_off(referral=submitted, user=chair)
    assert "Sign the referral off for scoping" not in titles(chair)
    assert "Ask every involved agency for a scoping return" in titles(manager)


def test_the_independent_chair_is_asked_to_agree_a_decided_sar(agreed, chair):
    """The endorsement leaves the chair's list once it is given (the `agreed` fixture)."""
    assert "Agree the Safeguarding Adult Review" not in titles(chair)


def test_a_returned_referral_waits_for_its_referrer_not_for_screening(submitted, referrer, manager):
    services.referral_return(referral=submitted, reason="The authoriser's role is missing.")
    mine = steps_waiting_for(referrer)
    assert [(i.kind, i.title) for i in mine] == [("referral", RETURNED)]
    assert mine[0].url.endswith(f"/{submitted.case.reference}/correct/")
    assert "authoriser" in mine[0].why
    assert not any(t.startswith("Screen") for t in titles(manager))


def test_a_step_with_a_clock_carries_its_due_date_and_overdue_flag(agreed, manager):
    from lantern.adults import review

    review.sar_commission(referral=agreed, on=TODAY)
    item = next(i for i in steps_waiting_for(manager) if i.title.startswith("Record that the rev"))
    step = agreed.case.steps.get(pathway="sar", step_id="reviewers-commissioned")
    assert item.due == step.due and item.overdue is False


def test_the_work_list_makes_the_same_number_of_queries_for_one_case_or_many(
    referrer, manager, agencies
):
    services.referral_submit(user=referrer, data=referral_data(agencies))
    with CaptureQueriesContext(connection) as one:
        steps_waiting_for(manager)
    for _ in range(3):
        services.referral_submit(user=referrer, data=referral_data(agencies))
    manager = type(manager).objects.get(pk=manager.pk)
    with CaptureQueriesContext(connection) as four:
        assert len(steps_waiting_for(manager)) == 4
    assert len(four) == len(one)
