"""Each member's figures, and the work done on recommendations, count the right records
"as at year end" (both annual reports share them: lantern.reports.facts_work)."""

import datetime

import pytest
from django.utils import timezone

from lantern.actions.models import Action, ActionStatus, Evidence, Recommendation
from lantern.adults.models import Sar
from lantern.agencyrequests.models import AgencyRequest
from lantern.partnerships.models import StatutoryFor
from lantern.reports.annual_facts import draw_facts
from lantern.reports.models import AnnualReport, ReportKind
from lantern.training.models import Booking, BookingStatus, Course, TrainingSession
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    UserFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def world():
    p = PartnershipFactory()
    user = UserFactory(partnership=p)
    agency = AgencyFactory(partnership=p, name="Council", statutory_for=StatutoryFor.ADULTS)
    case = CaseFactory(
        partnership=p,
        pathway="sar",
        reference="SAR-M1",
        pseudonym="Adult M",
        subject__kind="adult",
        subject__full_name="Hidden Person",
    )
    Sar.objects.create(case=case, commissioned_on=D(2024, 6, 1))
    rec = Recommendation.objects.create(
        partnership=p,
        case=case,
        number=1,
        text="Share discharge plans",
        monitoring_group=GroupFactory(partnership=p),
        owner=user,
        impact_measure="Audit",
        impact_review_on=D(2026, 2, 1),
        created_by=user,
    )
    report = AnnualReport.objects.create(
        partnership=p,
        kind=ReportKind.SAB,
        year_start=D(2025, 4, 1),
        year_end=D(2026, 3, 31),
        title="Annual report",
        created_by=user,
    )
    return p, user, agency, case, rec, report


def _action(rec, agency, user, number, due, status=ActionStatus.ON_TRACK, completed_on=None):
    """An action recorded on 1 May 2025 (within the year)."""
    action = Action.objects.create(
        recommendation=rec,
        number=number,
        title=f"Action {number}",
        lead_agency=agency,
        owner=user,
        due=due,
        success_measure="Done",
        status=status,
        completed_on=completed_on,
        created_by=user,
    )
    Action.objects.filter(pk=action.pk).update(created_at=_at(D(2025, 5, 1)))
    return action


def _member_value(facts, label):
    items = facts["members"][0]["blocks"][0]["items"]
    return next(i["value"] for i in items if i["label"] == label)


def test_rule_member_actions_completed_in_year_open_and_overdue_as_at_year_end(world):
    _p, user, agency, _case, rec, report = world
    _action(rec, agency, user, 1, D(2026, 1, 1), ActionStatus.COMPLETE, D(2026, 3, 31))
    # complete today, but completed the day after the year end: overdue on 31 March
    _action(rec, agency, user, 2, D(2026, 1, 1), ActionStatus.COMPLETE, D(2026, 4, 1))
    _action(rec, agency, user, 3, D(2026, 3, 31))  # due on the last day: open, not overdue
    _action(rec, agency, user, 4, D(2026, 3, 30), ActionStatus.AT_RISK)  # overdue at year end
    facts = draw_facts(report)
    assert _member_value(facts, "Actions completed") == 1
    assert _member_value(facts, "Actions open at year end") == 1
    assert _member_value(facts, "Actions overdue at year end") == 2
    # the members section's table summarises the same figures
    table = facts["sections"]["members"][0]
    assert table["rows"][0][0] == "Council"
    assert table["rows"][0][table["head"].index("Actions overdue at year end")] == 2


def test_rule_actions_by_status_and_overdue_are_as_at_year_end_from_the_dates(world):
    _p, user, agency, _case, rec, report = world
    # completed in May, after the year end: open on 31 March (due then in June)
    _action(rec, agency, user, 1, D(2026, 6, 1), ActionStatus.COMPLETE, D(2026, 5, 12))
    # completed in May and past due on 31 March: overdue then
    _action(rec, agency, user, 2, D(2026, 3, 1), ActionStatus.COMPLETE, D(2026, 5, 12))
    _action(rec, agency, user, 3, D(2026, 1, 1), ActionStatus.COMPLETE, D(2026, 3, 31))
    late = _action(rec, agency, user, 4, D(2026, 1, 1))  # recorded after the year end
    Action.objects.filter(pk=late.pk).update(created_at=_at(D(2026, 4, 1)))
    facts = draw_facts(report)
    strategy = facts["sections"]["strategy"][0]
    assert strategy["head"][:5] == ["Source", "Open", "Overdue", "Complete", "Verified"]
    assert strategy["rows"] == [["Safeguarding Adult Review", 1, 1, 1, 0, 1]]
    overdue = facts["sections"]["members"][0]
    assert overdue["rows"][0][overdue["head"].index("Actions overdue at year end")] == 1


def test_rule_member_requests_due_in_year_answered_and_on_time(world):
    _p, _user, agency, case, _rec, report = world

    def ask(due, submitted=None, on=case):
        AgencyRequest.objects.create(
            case=on,
            agency=agency,
            kind="scoping",
            title=f"Return due {due}",
            sent_on=due - datetime.timedelta(days=7),
            due=due,
            submitted_at=_at(submitted) if submitted else None,
        )

    ask(D(2025, 5, 1), D(2025, 5, 1))  # on time, on the due day
    ask(D(2025, 6, 1), D(2025, 6, 3))  # late
    ask(D(2025, 7, 1))  # not answered
    ask(D(2026, 4, 1), D(2026, 3, 1))  # due next year: not counted
    # A children's rapid review asked the same agency: the children's report counts it.
    rapid = CaseFactory(partnership=case.partnership, pathway="rapid-review")
    ask(D(2025, 8, 1), D(2025, 8, 1), on=rapid)
    facts = draw_facts(report)
    assert _member_value(facts, "Requests due in the year") == 3
    assert _member_value(facts, "Answered") == 2
    assert _member_value(facts, "Answered on time") == 1


def test_rule_member_people_trained_are_attended_bookings_in_the_year(world):
    p, user, agency, _case, _rec, report = world
    course = Course.objects.create(partnership=p, title="Self-neglect", created_by=user)

    def session(day):
        return TrainingSession.objects.create(
            partnership=p,
            course=course,
            starts_at=_at(day),
            ends_at=_at(day) + datetime.timedelta(hours=2),
            trainer="T",
            capacity=20,
            created_by=user,
        )

    inside, outside = session(D(2025, 9, 1)), session(D(2026, 4, 2))
    bookings = [
        (inside, BookingStatus.ATTENDED),
        (inside, BookingStatus.ATTENDED),
        (inside, BookingStatus.DID_NOT_ATTEND),
        (outside, BookingStatus.ATTENDED),
    ]
    for n, (s, status) in enumerate(bookings):
        Booking.objects.create(
            partnership=p,
            session=s,
            name="Someone",
            email=f"a{n}@example.org",
            agency=agency,
            status=status,
        )
    assert _member_value(draw_facts(report), "People trained") == 2


def test_rule_implementing_lists_actions_completed_in_year_with_their_evidence(world):
    _p, user, agency, _case, rec, report = world
    done = _action(rec, agency, user, 1, D(2026, 1, 1), ActionStatus.COMPLETE, D(2025, 10, 1))
    _action(rec, agency, user, 2, D(2026, 1, 1), ActionStatus.COMPLETE, D(2025, 3, 31))
    Evidence.objects.create(
        action=done,
        description="Discharge audit: 9 of 10",
        added_by=user,
        link="https://example.org/audit",
    )
    blocks = draw_facts(report)["sections"]["sars-implementing"]
    items = {i["label"]: i["value"] for i in blocks[0]["items"]}
    assert items["Actions completed or verified"] == 1 and items["Evidence recorded"] == 1
    assert items["Impact reviews due"] == 1
    tables = {b["caption"]: b["rows"] for b in blocks if b["type"] == "table"}
    assert [r[1] for r in tables["Actions completed or verified in the year"]] == ["1.1"]
    assert tables["Evidence recorded"][0][2] == "Discharge audit: 9 of 10"
    strategy = draw_facts(report)["sections"]["strategy"][0]
    assert strategy["rows"][0][0] == "Safeguarding Adult Review"
