"""Care Act 2014 s44: a decision that differs from the referral's s44 assessment needs a
recorded reason; the kernel's gate for the SAR "decision" step asks for it."""

import pytest
from django.core.exceptions import ValidationError

from lantern.adults import decision, services
from lantern.adults.models import SarReferral

from .conftest import TODAY, answer_scoping, referral_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(referrer, agencies, manager, chair, panel_chair) -> SarReferral:
    """A referral assessed as discretionary (a living adult, harm not serious), scoped."""
    referral = services.referral_submit(
        user=referrer, data=referral_data(agencies, died=False, serious=False)
    )
    assert referral.criteria == "discretionary"
    services.referral_screen(referral=referral, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=referral, user=chair)
    services.scoping_send(referral=referral)
    answer_scoping(referral)
    services.scoping_complete(referral=referral)
    return referral


def test_rule_s44_deciding_mandatory_against_a_discretionary_assessment_needs_a_reason(
    scoped, manager
):
    record = dict(referral=scoped, kind="mandatory", rationale="Serious neglect found at scoping.",
                  decided_on=TODAY, user=manager)  # fmt: skip
    # The refusal is on the form's own field for the reason (found on a walk).
    refusal = r"Enter why the decision differs from the s44 assessment\. The referral was assessed"
    with pytest.raises(ValidationError, match=refusal):
        decision.decision_record(**record)
    assert decision.sar_decision(scoped) is None

    made = decision.decision_record(**record, reason="Scoping showed the neglect was serious.")
    assert made.kind == "mandatory"
    assert decision.differs_reason(made) == "Scoping showed the neglect was serious."
    assert made.rationale.startswith("Serious neglect found at scoping.")


def test_rule_s44_a_decision_that_matches_the_assessment_needs_no_reason(scoped, manager):
    made = decision.decision_record(
        referral=scoped, kind="discretionary", rationale="Learning.", decided_on=TODAY,
        user=manager,
    )  # fmt: skip
    assert decision.differs_reason(made) == ""


def test_rule_the_decision_follows_every_scoping_return(submitted, manager, chair, panel_chair):
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    services.scoping_send(referral=submitted)
    with pytest.raises(ValidationError, match="every scoping return"):
        decision.decision_record(referral=submitted, kind="mandatory", rationale="x",
                                 decided_on=TODAY, user=manager)  # fmt: skip


def test_the_decision_page_asks_for_the_reason_when_the_decision_differs(client, scoped, manager):
    from django.urls import reverse

    from .conftest import make_member

    make_member(scoped.case, manager)
    client.force_login(manager)
    url = reverse("adults:action", args=[scoped.case.reference, "decision"])
    post = {"kind": "mandatory", "rationale": "Serious neglect.", "decided_on_0": "2",
            "decided_on_1": "3", "decided_on_2": "2026"}  # fmt: skip
    page = client.post(url, post)
    assert page.status_code == 200
    # Asked on the reason's own field (found on a walk).
    assert "Enter why the decision differs from the s44 assessment" in page.content.decode()
    assert decision.sar_decision(scoped) is None
    done = client.post(url, post | {"reason": "Scoping showed serious neglect."})
    assert done.status_code == 302
    made = decision.sar_decision(scoped)
    assert decision.differs_reason(made) == "Scoping showed serious neglect."


def test_rule_s44_a_panel_meeting_deciding_against_the_assessment_records_its_reason(
    scoped, manager, agencies
):
    """The same rule when the SAR Panel meeting decides (the meetings kernel's decision)."""
    from lantern.accounts.models import User
    from lantern.meetings import services as meetings

    meeting = meetings.meeting_schedule(
        case=scoped.case, title="SAR Panel", kind="panel", date=TODAY, window=None
    )
    leads = {a: User.objects.get(full_name=f"{a} lead") for a in ("Council", "ICB", "Police")}
    meetings.attendance_record(meeting=meeting, rows=[
        {"person": person, "agency": agencies[name], "attended": True}
        for name, person in leads.items()
    ])  # fmt: skip
    meetings.meeting_held(meeting=meeting, held_on=TODAY, minutes="Minutes.")
    record = dict(meeting=meeting, kind="mandatory", choices=decision.SAR_DECISIONS,
                  immediate_actions="", user=manager)  # fmt: skip
    with pytest.raises(ValidationError, match="Care Act 2014 s44: the referral was assessed"):
        meetings.decision_record(**record, rationale="Serious neglect.")
    assert decision.sar_decision(scoped) is None
    made = meetings.decision_record(
        **record, rationale=f"Serious neglect.\n\n{decision.DIFFERS_PREFIX}Scoping showed it."
    )
    assert decision.differs_reason(made) == "Scoping showed it."
