"""SAR pages: every view tried with the four people (a member who may, a member who may
only read, an outsider of the same partnership, a user of another partnership)."""

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.adults.models import SarReferral
from lantern.cases.models import Case
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sar_cast(cast):
    case = cast.case
    Case.objects.filter(pk=case.pk).update(pathway="sar")
    agency = AgencyFactory(partnership=case.partnership, name="Care Home")
    referral = SarReferral.objects.create(
        case=case, referring_agency=agency, referred_by=cast.outsider, authorised_by="Pat",
        authoriser_role="senior_manager", authorised_on="2026-03-01", received_on="2026-03-01",
        care_and_support_needs=True, died=True, abuse_or_neglect="known", serious=False,
        agencies_concern=True, what_happened="x", criteria="mandatory",
    )  # fmt: skip
    referral.involved_agencies.set([agency])
    return cast


def _page(name, case, *args):
    return reverse(f"adults:{name}", args=[case.reference, *args])


def test_case_page_is_read_by_members_and_hidden_from_outsiders(client, sar_cast):
    url = _page("case", sar_cast.case)
    for person, status in [
        (sar_cast.member, 200), (sar_cast.read_only_member, 200),
        (sar_cast.outsider, 404), (sar_cast.stranger, 404),
    ]:  # fmt: skip
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(sar_cast.member)
    body = client.get(url).content.decode()
    assert "Record the screening" in body and "A mandatory SAR" in body


@pytest.mark.parametrize("name", ["screen", "decision", "commission", "delay", "publish"])
def test_recording_steps_needs_a_member_who_may_change_the_case(client, sar_cast, name):
    url = _page("action", sar_cast.case, name)
    for person, status in [
        (sar_cast.member, 200), (sar_cast.read_only_member, 403),
        (sar_cast.outsider, 404), (sar_cast.stranger, 404),
    ]:  # fmt: skip
        client.force_login(person)
        assert client.get(url).status_code == status, (person, name)


def test_return_page_four_people_and_the_return_tells_the_referrer(client, sar_cast, mailoutbox):
    url = _page("return", sar_cast.case)
    for person, status in [
        (sar_cast.read_only_member, 403), (sar_cast.outsider, 404), (sar_cast.stranger, 404),
    ]:  # fmt: skip
        client.force_login(person)
        assert client.get(url).status_code == status
    client.force_login(sar_cast.member)
    response = client.post(url, {"reason": "Say who authorised it."})
    assert response.status_code == 302
    assert SarReferral.objects.get().status == "returned"
    assert "Say who authorised it." in mailoutbox[-1].body


def test_screen_form_shows_service_errors_on_the_page(client, sar_cast):
    from lantern.accounts.models import RoleAssignment
    from lantern.partnerships.models import GroupKind
    from tests.factories import GroupFactory

    # The member sits on the SAR Panel, so the form offers them (only the panel is offered,
    # found on a walk); the service then refuses them as the screening's second person.
    panel = GroupFactory(partnership=sar_cast.case.partnership, kind=GroupKind.SAR_PANEL)
    RoleAssignment.objects.create(person=sar_cast.member, role=Role.GROUP_MEMBER, group=panel)
    client.force_login(sar_cast.member)
    url = _page("action", sar_cast.case, "screen")
    data = {"panel_chair": sar_cast.member.pk, "on_0": "1", "on_1": "3", "on_2": "2026"}
    body = client.post(url, data).content.decode()
    assert "Screening takes two people" in body


def test_sign_off_is_for_the_independent_chair_only(client, sar_cast):
    url = _page("button", sar_cast.case, "sign-off")
    chair = UserFactory(partnership=sar_cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    for person, status in [
        (sar_cast.member, 403), (sar_cast.read_only_member, 403),
        (sar_cast.outsider, 404), (sar_cast.stranger, 404), (chair, 302),
    ]:  # fmt: skip
        client.force_login(person)
        assert client.post(url).status_code == status, person


def test_correct_is_only_for_the_referrer_of_a_returned_referral(client, sar_cast):
    SarReferral.objects.update(status="returned", returned_reason="Missing")
    url = _page("correct", sar_cast.case)
    client.force_login(sar_cast.member)
    assert client.get(url).status_code == 403
    client.force_login(sar_cast.stranger)
    assert client.get(url).status_code == 404


def test_referral_page_opens_a_sar(client, partnership_user_agency):
    user, agency = partnership_user_agency
    client.force_login(user)
    assert client.get(reverse("adults:refer")).status_code == 200
    data = {
        "referring_agency": agency.pk, "authorised_by": "Pat Lead",
        "authoriser_role": "safeguarding_lead",
        "authorised_on_0": "1", "authorised_on_1": "3", "authorised_on_2": "2026",
        "adult_name": "Alex Example", "care_and_support_needs": "yes", "died": "alive",
        "abuse_or_neglect": "known", "serious": "yes", "agencies_concern": "no",
        "what_happened": "Neglect at home.", "involved_agencies": [agency.pk],
    }  # fmt: skip
    response = client.post(reverse("adults:refer"), data)
    referral = SarReferral.objects.get()
    assert response.status_code == 302 and referral.criteria == "discretionary"
    body = client.post(reverse("adults:refer"), {"what_happened": ""}).content.decode()
    assert "Say whether the adult has needs for care and support." in body


@pytest.fixture
def partnership_user_agency(db):
    agency = AgencyFactory()
    return UserFactory(partnership=agency.partnership), agency


def test_sar_page_shows_the_review_imrs_and_the_delay_line(client, sar, agreed, manager):
    import datetime

    from lantern.adults import delay
    from lantern.clock.models import CaseStep
    from lantern.clock.services import step_extend

    from .conftest import imrs_requested

    imrs_requested(sar)
    step = CaseStep.objects.get(case=sar.case, pathway="sar", step_id="sab-signoff")
    step_extend(step=step, new_due=datetime.date(2026, 12, 1), reason="Trial.")
    client.force_login(manager)
    body = client.get(reverse("adults:case", args=[sar.case.reference])).content.decode()
    assert "Write the notice of delay" in body and "IMR authors" in body
    delay.delay_notice(sar=sar, reasons="Trial.", recipients="Advocate", user=manager)
    body = client.get(reverse("adults:case", args=[sar.case.reference])).content.decode()
    assert "Send the next update by" in body and "SAR Panel, month 1" in body
