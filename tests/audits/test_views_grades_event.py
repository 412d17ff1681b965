"""Grades, moderation and the learning event pages, each tried with the four people; a
bad form shows its GOV.UK error and changes nothing."""

import datetime

import pytest
from django.core import mail

from lantern.audits import events, grading
from lantern.audits.models import Audit, AuditReturn, CaseJudgement, Engagement, Invitee
from lantern.cases.models import Capacity, CaseMembership
from tests.factories import UserFactory

from .conftest import TODAY, date_data, four, moderate_all, url

pytestmark = pytest.mark.django_db

READ = [200, 200, 404, 404]
LEAD = [200, 403, 404, 404]


def _first(audit):
    return grading.selected_references(audit)[0]


def test_grades_page_is_read_by_members_and_offers_moderation_to_leads(
    client, audit_cast, cast_returned
):
    case = audit_cast.case
    four(client, audit_cast, url("grades", case), READ)
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("grades", case)).content.decode()
    assert f"Case {_first(cast_returned)}" in body and "Grade and moderate" not in body
    client.force_login(audit_cast.member)
    assert "Grade and moderate case" in client.get(url("grades", case)).content.decode()


def test_moderation_page_four_people_errors_then_saved(client, audit_cast, cast_returned):
    case, reference = audit_cast.case, _first(cast_returned)
    address = url("moderate", case, reference)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"judgement": "good"}).content.decode()
    assert "Choose a grade for Council." in body and "Enter the moderation note" in body
    assert not CaseJudgement.objects.exists()
    ret = AuditReturn.objects.get(case_reference=reference)
    data = {f"return_{ret.pk}": "outstanding", "judgement": "good", "note": "Agreed."}
    assert client.post(address, data).status_code == 302
    ret.refresh_from_db()
    assert ret.grade == "outstanding" and CaseJudgement.objects.get().note == "Agreed."
    assert client.get(url("moderate", case, "C-999")).status_code == 404


def test_the_theme_lead_moderates_an_agency_representative_may_not(
    client, audit_cast, cast_returned
):
    case = audit_cast.case
    lead = UserFactory(partnership=case.partnership)
    CaseMembership.objects.create(case=case, person=lead, capacity=Capacity.THEME_LEAD)
    rep = UserFactory(partnership=case.partnership)
    council = case.partnership.agencies.get(name="Council")
    CaseMembership.objects.create(
        case=case, person=rep, agency=council, capacity=Capacity.AGENCY_REPRESENTATIVE
    )
    address = url("moderate", case, _first(cast_returned))
    client.force_login(lead)
    assert client.get(address).status_code == 200
    client.force_login(rep)
    assert client.get(address).status_code == 403
    assert client.get(url("grades", case)).status_code == 200


def test_audit_judgement_page_four_people_refused_until_every_case_is_moderated(
    client, audit_cast, cast_returned
):
    address = url("judge", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"judgement": "good", "note": "x"}).content.decode()
    assert "Moderate every selected case before the audit as a whole" in body
    moderate_all(cast_returned, audit_cast.member)
    assert client.post(address, {"judgement": "good", "note": "Fine."}).status_code == 302
    assert Audit.objects.get().judgement == "good"


def test_grades_page_query_count_stays_flat(
    client, audit_cast, cast_returned, django_assert_num_queries
):
    client.force_login(audit_cast.business_manager)
    address = url("grades", audit_cast.case)
    client.get(address)
    # session, user, two-factor device, partnership, the case, roles, the audit chain's
    # head taken and the read logged (issue 12, item 4),
    # the audit, the returns (agency joined), the judgements (moderator joined), the
    # draw; no session write (issue 13)
    with django_assert_num_queries(12):
        client.get(address)
    moderate_all(cast_returned, audit_cast.member)
    with django_assert_num_queries(12):
        client.get(address)


def _event(audit, user):
    return events.event_schedule(
        audit=audit, date=TODAY, time=None, location="Civic Centre",
        programme="09:30 Welcome", user=user,
    )  # fmt: skip


def test_event_page_four_people_and_who_has_not_attended(client, audit_cast, cast_returned):
    case = audit_cast.case
    four(client, audit_cast, url("event", case), READ)
    event = _event(cast_returned, audit_cast.member)
    events.invitee_add(event=event, user=audit_cast.member, name="Ann Other", email="a@example.org")
    events.invitee_add(event=event, user=audit_cast.member, name="Bo Bell", email="b@example.org")
    events.programme_send(event=event, user=audit_cast.member)
    ann, bo = event.invitees.order_by("name")
    events.attendance_save(
        event=event, attendance={ann.pk: "attended", bo.pk: "absent"}, held_on=TODAY,
        user=audit_cast.member,
    )  # fmt: skip
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("event", case)).content.decode()
    assert "Not attended (1)" in body and "Bo Bell: absent" in body


def test_arranging_the_event_four_people_errors_then_saved(client, audit_cast, cast_returned):
    address = url("event_schedule", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"location": ""}).content.decode()
    assert "Enter the date of the learning event." in body and "Enter where" in body
    assert not cast_returned.case.meetings.exists()
    data = {**date_data("date", TODAY), "location": "Civic Centre", "programme": "Welcome"}
    assert client.post(address, data | {"time": "9am"}).status_code == 200  # a bad time
    assert client.post(address, data | {"time": "09:30"}).status_code == 302
    assert cast_returned.event.meeting.time == datetime.time(9, 30)


def test_invite_programme_attendance_pages_four_people(client, audit_cast, cast_returned):
    case = audit_cast.case
    assert client.get(url("invite", case)).status_code == 302  # not signed in
    client.force_login(audit_cast.member)
    assert client.get(url("invite", case)).status_code == 404  # no event arranged yet
    event = _event(cast_returned, audit_cast.member)
    four(client, audit_cast, url("invite", case), LEAD)
    client.force_login(audit_cast.member)
    body = client.post(url("invite", case), {"email": "not-an-address"}).content.decode()
    assert "Enter an e-mail address like name@example.org." in body
    assert not Invitee.objects.exists()
    data = {"person": audit_cast.outsider.pk}
    assert client.post(url("invite", case), data).status_code == 302
    four(client, audit_cast, url("programme_send", case), [302, 403, 404, 404], method="post")
    assert any(audit_cast.outsider.email in m.to for m in mail.outbox)
    four(client, audit_cast, url("attendance", case), LEAD)
    client.force_login(audit_cast.member)
    invitee = Invitee.objects.get()
    body = client.post(url("attendance", case), date_data("held_on", TODAY)).content.decode()
    assert f"Say whether {invitee.name} attended." in body
    data = {f"invitee_{invitee.pk}": "attended", **date_data("held_on", TODAY)}
    assert client.post(url("attendance", case), data).status_code == 302
    event.meeting.refresh_from_db()
    assert event.meeting.held


def test_engagement_page_four_people_errors_then_saved(client, audit_cast, cast_returned):
    address = url("engagement", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"how": ""}).content.decode()
    assert "Choose who was engaged." in body and "Enter what they said." in body
    data = {"who": "child", "how": "Visit.", "what_they_said": "I felt safe at school.",
            **date_data("engaged_on", TODAY)}  # fmt: skip
    assert client.post(address, data).status_code == 302
    assert Engagement.objects.get().what_they_said == "I felt safe at school."


def test_event_page_query_count_stays_flat(
    client, audit_cast, cast_returned, django_assert_num_queries
):
    event = _event(cast_returned, audit_cast.member)
    events.invitee_add(event=event, user=audit_cast.member, name="Ann", email="a@example.org")
    client.force_login(audit_cast.business_manager)
    address = url("event", audit_cast.case)
    client.get(address)
    # session, user, two-factor device, partnership, the case, roles, the audit chain's
    # head taken and the read logged (issue 12, item 4),
    # the audit, the event (meeting joined), the invitees (agency joined), the
    # engagements; no session write (issue 13)
    with django_assert_num_queries(12):
        client.get(address)
    for n in range(3):
        events.invitee_add(event=event, user=audit_cast.member, name=f"P{n}", email=f"{n}@x.org")
        events.engagement_record(
            audit=cast_returned, who="parent", how="Call.", what_they_said="Fine.",
            engaged_on=TODAY, user=audit_cast.member,
        )  # fmt: skip
    with django_assert_num_queries(12):
        client.get(address)
