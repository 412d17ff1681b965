"""Found on a walk: the SAR decision form did not show how the referral was assessed, a
plain explanation was refused unless the rationale ended with the exact words "Why this
differs from the s44 assessment: …", and that reason was copied to agencies in the IMR
instructions.

Rules: the decision page says how the s44 answers assessed the referral; the reason a
decision differs has its own field, required only when it differs, and nobody types the
stored prefix; the case page shows the reason apart from the rationale; the IMR
instructions sent to agencies never carry it."""

import pytest
from django.urls import reverse

from lantern.adults import decision, review, services
from lantern.adults.models import SarReferral
from lantern.agencyrequests.models import AgencyRequest

from .conftest import TODAY, answer_scoping, imrs_requested, referral_data

pytestmark = pytest.mark.django_db
REASON = "Scoping showed the neglect was serious."


@pytest.fixture
def scoped(referrer, agencies, manager, chair, panel_chair) -> SarReferral:
    """A referral assessed as discretionary (a living adult, harm not serious), scoped."""
    referral = services.referral_submit(
        user=referrer, data=referral_data(agencies, died=False, serious=False)
    )
    services.referral_screen(referral=referral, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=referral, user=chair)
    services.scoping_send(referral=referral)
    answer_scoping(referral)
    services.scoping_complete(referral=referral)
    return referral


def _post(**fields):
    return {
        "kind": "mandatory", "rationale": "Serious neglect found at scoping.", "reason": "",
        "decided_on_0": TODAY.day, "decided_on_1": TODAY.month, "decided_on_2": TODAY.year,
    } | fields  # fmt: skip


def test_found_on_a_walk_the_decision_page_says_how_the_referral_was_assessed(
    client, scoped, manager
):
    client.force_login(manager)
    page = client.get(reverse("adults:action", args=[scoped.case.reference, "decision"]))
    text = page.content.decode()
    assert "The referral was assessed as a discretionary SAR (Care Act s44(4))." in text
    assert "Why the decision differs from the s44 assessment" in text


def test_found_on_a_walk_the_reason_has_its_own_field_and_no_typed_prefix(client, scoped, manager):
    client.force_login(manager)
    url = reverse("adults:action", args=[scoped.case.reference, "decision"])
    refused = client.post(url, _post())
    assert refused.status_code == 200
    form = refused.context["form"]
    assert form.errors["reason"] == [
        "Enter why the decision differs from the s44 assessment. The referral was assessed "
        "as a discretionary SAR (Care Act s44(4))."
    ]
    assert "End the rationale with" not in refused.content.decode()
    assert decision.sar_decision(scoped) is None

    assert client.post(url, _post(reason=REASON)).status_code == 302
    made = decision.sar_decision(scoped)
    assert decision.differs_reason(made) == REASON
    assert decision.rationale_only(made) == "Serious neglect found at scoping."

    case_page = client.get(reverse("adults:case", args=[scoped.case.reference])).content.decode()
    assert "Why the decision differs from the s44 assessment</dt>" in case_page
    assert REASON in case_page
    # The stored prefix is Lantern's own: it is never shown in the rationale.
    assert decision.DIFFERS_PREFIX not in case_page


def test_found_on_a_walk_a_matching_decision_needs_no_reason(client, scoped, manager):
    client.force_login(manager)
    url = reverse("adults:action", args=[scoped.case.reference, "decision"])
    assert client.post(url, _post(kind="discretionary")).status_code == 302
    assert decision.differs_reason(decision.sar_decision(scoped)) == ""


def test_found_on_a_walk_imr_instructions_never_carry_the_differs_reason(scoped, manager, chair):
    decision.decision_record(
        referral=scoped, kind="mandatory", rationale="Serious neglect found at scoping.",
        decided_on=TODAY, user=manager, reason=REASON,
    )  # fmt: skip
    decision.chair_agree(referral=scoped, user=chair)
    scoped.refresh_from_db()
    sar = review.sar_commission(referral=scoped, on=TODAY)
    assert "Why the SAR: Serious neglect found at scoping.\n" in sar.terms_of_reference
    # Terms written before the reason was kept apart still carry it: it is left out too.
    sar.terms_of_reference = (
        "Agencies in scope: Council.\nWhy the SAR: Serious neglect found at scoping.\n\n"
        f"{decision.DIFFERS_PREFIX}{REASON}\nQuestions for the review: how agencies shared."
    )
    sar.save()
    imrs_requested(sar)
    instructions = AgencyRequest.objects.get(case=sar.case, kind="imr").instructions
    assert REASON not in instructions
    assert decision.DIFFERS_PREFIX not in instructions
    assert "Why the SAR: Serious neglect found at scoping." in instructions
    assert "Questions for the review: how agencies shared." in instructions


def test_found_on_a_walk_a_panel_meeting_never_asks_for_the_typed_prefix(scoped, manager, agencies):
    """The meetings kernel's decision form has no field for the reason: a differing
    decision there is sent to the SAR's decision page, never told to end its rationale
    with Lantern's stored words."""
    from django.core.exceptions import ValidationError

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
    with pytest.raises(ValidationError) as refused:
        meetings.decision_record(
            meeting=meeting, kind="mandatory", choices=decision.SAR_DECISIONS,
            immediate_actions="", user=manager, rationale="Serious neglect: it is mandatory.",
        )  # fmt: skip
    said = " ".join(refused.value.messages)
    assert "End the rationale with" not in said and decision.DIFFERS_PREFIX not in said
    assert "Record this decision on the SAR's page instead" in said
