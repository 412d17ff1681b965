"""The dashboard's figures that count actions, learning, audits and training (issue 16),
each proved against the records it counts; the overdue trend; the pathway and lead
agency filters (and their refusal of ids that are not the user's to choose)."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lantern.accounts.models import Role
from lantern.actions.models import Action, Recommendation
from lantern.audits.models import Audit, AuditReturn, CaseJudgement
from lantern.learning.models import LibraryItem, Theme
from lantern.partnerships.models import GroupKind
from lantern.reports.dashboard import actions_by_agency, referrals, timeliness
from lantern.reports.dashboard_filters import Filters, month_ends
from lantern.reports.dashboard_more import (
    audit_grades,
    open_actions_by_age,
    overdue_trend,
    themes,
    training_by_quarter,
)
from lantern.reports.period import Period
from lantern.training.models import Booking, Course, TrainingSession
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    UserFactory,
)

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2026, 3, 31))


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


@pytest.fixture
def world(partnership):
    person = UserFactory(partnership=partnership)
    group = GroupFactory(partnership=partnership, kind=GroupKind.EXECUTIVE)
    return {"person": person, "group": group, "n": [0]}


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _action(world, agency, *, created, due, pathway="rapid-review", status="on_track", **dates):
    """An action made on `created` (dates as the services record them)."""
    world["n"][0] += 1
    person = world["person"]
    case = CaseFactory(partnership=person.partnership, pathway=pathway)
    recommendation = Recommendation.objects.create(
        partnership=person.partnership,
        case=case,
        number=world["n"][0],
        text="Agree the protocol.",
        monitoring_group=world["group"],
        owner=person,
        impact_measure="Audit shows it.",
        impact_review_on=D(2027, 1, 1),
        created_by=person,
    )
    action = Action.objects.create(
        recommendation=recommendation,
        number=1,
        title="Agree the protocol",
        lead_agency=agency,
        owner=person,
        due=due,
        success_measure="Signed.",
        status=status,
        created_by=person,
        **dates,
    )
    Action.objects.filter(pk=action.pk).update(created_at=_at(created))
    return action


def test_action_status_is_as_it_stood_at_the_periods_end_not_as_stored_now(partnership, world):
    police = AgencyFactory(partnership=partnership, name="Police")
    # Completed after the period: open and past due at its end, so overdue then.
    _action(
        world,
        police,
        created=D(2025, 5, 1),
        due=D(2026, 1, 1),
        status="complete",
        completed_on=D(2026, 5, 1),
    )
    # Completed within it: complete.
    _action(
        world,
        police,
        created=D(2025, 5, 1),
        due=D(2026, 1, 1),
        status="complete",
        completed_on=D(2026, 2, 1),
    )
    # Verified within it.
    _action(
        world,
        police,
        created=D(2025, 5, 1),
        due=D(2026, 1, 1),
        status="verified",
        completed_on=D(2025, 9, 1),
        verified_on=D(2025, 10, 1),
    )
    # Not due until after the period and completed after it: open then.
    _action(
        world,
        police,
        created=D(2025, 5, 1),
        due=D(2026, 9, 1),
        status="complete",
        completed_on=D(2026, 5, 1),
    )
    # Open (stored on track), not yet due at the period's end.
    _action(world, police, created=D(2025, 5, 1), due=D(2026, 9, 1), status="on_track")
    # Made after the period: not counted.
    _action(world, police, created=D(2026, 4, 2), due=D(2026, 9, 1))

    rows = {row[1]: row[2] for row in actions_by_agency(partnership.id, PERIOD).rows}

    assert rows == {"Complete": 1, "Open": 2, "Overdue": 1, "Verified": 1}


def test_open_actions_are_bucketed_by_age_at_the_periods_end(partnership, world):
    agency = AgencyFactory(partnership=partnership)
    end = PERIOD.end
    _action(world, agency, created=end - datetime.timedelta(days=10), due=D(2026, 9, 1))
    _action(world, agency, created=end - datetime.timedelta(days=100), due=D(2026, 1, 1))
    _action(world, agency, created=end - datetime.timedelta(days=200), due=D(2026, 9, 1))
    _action(world, agency, created=end - datetime.timedelta(days=400), due=D(2025, 6, 1))
    # Completed after the period: still open at its end, so counted (and overdue).
    _action(
        world,
        agency,
        created=end - datetime.timedelta(days=400),
        due=D(2025, 6, 1),
        status="complete",
        completed_on=D(2026, 5, 1),
    )
    # Completed within the period: not open.
    _action(
        world,
        agency,
        created=end - datetime.timedelta(days=10),
        due=D(2026, 9, 1),
        status="complete",
        completed_on=D(2026, 3, 30),
    )

    rows = open_actions_by_age(partnership.id, PERIOD).rows

    assert rows == [
        ["Under 3 months", 1, 0],
        ["3 to 6 months", 1, 1],
        ["6 to 12 months", 1, 0],
        ["A year or more", 2, 2],
    ]


def test_the_overdue_trend_counts_overdue_actions_at_each_months_end(partnership, world):
    agency = AgencyFactory(partnership=partnership)
    # Overdue from 1 May (due 30 April) until completed on 15 July.
    _action(
        world,
        agency,
        created=D(2025, 3, 1),
        due=D(2025, 4, 30),
        status="complete",
        completed_on=D(2025, 7, 15),
    )
    # Made on 10 June, already past due: overdue at each month's end from June.
    _action(world, agency, created=D(2025, 6, 10), due=D(2025, 6, 1))
    period = Period(D(2025, 4, 1), D(2025, 8, 31))

    rows = overdue_trend(partnership.id, period).rows

    assert rows == [
        ["30 Apr 2025", 0],  # due that day: not yet overdue
        ["31 May 2025", 1],
        ["30 Jun 2025", 2],
        ["31 Jul 2025", 1],
        ["31 Aug 2025", 1],
    ]


def test_the_trend_covers_at_most_36_month_ends_and_a_short_period_its_end():
    assert len(month_ends(D(2015, 1, 1), D(2025, 12, 31))) == 36
    assert month_ends(D(2015, 1, 1), D(2025, 12, 31))[-1] == D(2025, 12, 31)
    assert month_ends(D(2025, 5, 2), D(2025, 5, 20)) == [D(2025, 5, 20)]


def test_the_trend_is_one_query_however_many_months(partnership, world):
    agency = AgencyFactory(partnership=partnership)
    _action(world, agency, created=D(2020, 1, 1), due=D(2020, 2, 1))
    with CaptureQueriesContext(connection) as context:
        rows = overdue_trend(partnership.id, Period(D(2020, 1, 1), D(2025, 12, 31))).rows
    assert len(context) == 1 and len(rows) == 36 and rows[0][1] == 1


def test_the_agency_filter_narrows_the_actions_tables_and_the_trend(partnership, world):
    police = AgencyFactory(partnership=partnership, name="Police")
    health = AgencyFactory(partnership=partnership, name="Health")
    _action(world, police, created=D(2025, 5, 1), due=D(2025, 6, 1))
    _action(world, health, created=D(2025, 5, 1), due=D(2025, 6, 1))
    only = Filters(agency_id=police.pk)

    assert [r[0] for r in actions_by_agency(partnership.id, PERIOD, only).rows] == ["Police"]
    assert open_actions_by_age(partnership.id, PERIOD, only).rows[2] == ["6 to 12 months", 1, 1]
    assert overdue_trend(partnership.id, PERIOD, only).rows[-1] == ["31 Mar 2026", 1]


def test_the_pathway_filter_narrows_actions_by_their_cases_pathway(partnership, world):
    agency = AgencyFactory(partnership=partnership, name="Police")
    _action(world, agency, created=D(2025, 5, 1), due=D(2025, 6, 1), pathway="sar")
    _action(world, agency, created=D(2025, 5, 1), due=D(2025, 6, 1), pathway="rapid-review")

    rows = actions_by_agency(partnership.id, PERIOD, Filters(pathway="sar")).rows

    assert rows == [["Police", "Overdue", 1]]


def test_the_pathway_filter_narrows_referrals_and_timeliness(partnership):
    CaseFactory(partnership=partnership, pathway="sar", opened_on=D(2025, 5, 1))
    CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2025, 5, 1))

    rows = referrals(partnership.id, PERIOD, Filters(pathway="sar")).rows
    steps = timeliness(partnership.id, PERIOD, D(2026, 6, 1), Filters(pathway="sar")).rows

    assert len(rows) == 1 and rows[0][1] == 1
    assert {row[0] for row in steps} <= {rows[0][0]}


def _item(partnership, ref, published_on, theme, pathway="sar"):
    case = CaseFactory(partnership=partnership, pathway=pathway)
    item = LibraryItem.objects.create(
        partnership=partnership,
        ref=ref,
        kind="finding",
        title=ref,
        text="Learning.",
        published_on=published_on,
        case=case,
    )
    item.themes.add(theme)
    return item


def test_themes_count_local_learning_per_theme_and_year(partnership):
    neglect = Theme.objects.create(partnership=partnership, slug="dash-neglect", name="Neglect")
    _item(partnership, "A", D(2025, 5, 1), neglect)
    _item(partnership, "B", D(2025, 12, 1), neglect)
    _item(partnership, "C", D(2026, 2, 1), neglect, pathway="rapid-review")
    _item(partnership, "D", D(2024, 2, 1), neglect)  # before the period
    LibraryItem.objects.create(  # not from a local case: not local learning
        partnership=partnership,
        ref="E",
        kind="briefing",
        title="E",
        text="x",
        published_on=D(2025, 6, 1),
    ).themes.add(neglect)

    assert themes(partnership.id, PERIOD).rows == [["Neglect", "2025", 2], ["Neglect", "2026", 1]]
    assert themes(partnership.id, PERIOD, Filters(pathway="sar")).rows == [["Neglect", "2025", 2]]


def test_audit_grades_are_counted_per_quarter_and_by_agency_when_one_is_chosen(partnership):
    lead = UserFactory(partnership=partnership)
    police = AgencyFactory(partnership=partnership)
    health = AgencyFactory(partnership=partnership)
    audit = Audit.objects.create(
        case=CaseFactory(partnership=partnership, pathway="macfa"),
        theme="Neglect",
        theme_lead=lead,
        scope="Scope.",
        kind="children",
        qap_meeting_on=D(2025, 5, 20),
        judgement="good",
    )
    AuditReturn.objects.create(audit=audit, case_reference="C1", agency=police, grade="good")
    AuditReturn.objects.create(audit=audit, case_reference="C1", agency=health, grade="good")
    AuditReturn.objects.create(audit=audit, case_reference="C2", agency=police, grade="")
    CaseJudgement.objects.create(
        audit=audit,
        case_reference="C1",
        grade="inadequate",
        note="n",
        moderated_by=lead,
        moderated_at=_at(D(2025, 5, 20)),
    )

    assert audit_grades(partnership.id, PERIOD).rows == [
        ["Agency returns", "2025 Q2", "Good", 2],
        ["Case judgements", "2025 Q2", "Inadequate", 1],
        ["Audit judgements", "2025 Q2", "Good", 1],
    ]
    assert audit_grades(partnership.id, PERIOD, Filters(agency_id=police.pk)).rows == [
        ["Agency returns", "2025 Q2", "Good", 1]
    ]


def test_training_totals_count_sessions_held_places_booked_and_attended(partnership):
    person = UserFactory(partnership=partnership)
    course = Course.objects.create(partnership=partnership, title="Neglect", created_by=person)
    for day in (D(2025, 5, 1), D(2025, 8, 1)):
        session = TrainingSession.objects.create(
            partnership=partnership,
            course=course,
            starts_at=_at(day),
            ends_at=_at(day) + datetime.timedelta(hours=2),
            trainer="T",
            capacity=10,
            created_by=person,
        )
        for n, status in enumerate(["attended", "did_not_attend", "waiting"]):
            Booking.objects.create(
                partnership=partnership,
                session=session,
                name=f"P{n}",
                email=f"p{n}@example.org",
                status=status,
            )

    rows = training_by_quarter(partnership.id, PERIOD).rows

    assert rows[-1] == ["All quarters", 2, 4, 2]


@pytest.fixture
def executive_member(partnership):
    executive = GroupFactory(partnership=partnership, kind=GroupKind.EXECUTIVE)
    return UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, executive)])


@pytest.mark.parametrize("which", ["other partnership", "inactive", "not a number", "unknown"])
def test_an_agency_not_the_users_to_choose_is_refused_with_a_govuk_error(
    client, partnership, executive_member, which
):
    ids = {
        "other partnership": lambda: AgencyFactory(partnership=PartnershipFactory()).pk,
        "inactive": lambda: AgencyFactory(partnership=partnership, is_active=False).pk,
        "not a number": lambda: "police",
        "unknown": lambda: 999999,
    }
    client.force_login(executive_member)
    for page in ("reports:dashboard", "reports:dashboard_xlsx"):
        response = client.get(reverse(page), {"agency": ids[which]()})
        body = response.content.decode()
        assert "govuk-error-summary" in body and "Choose a lead agency from the list." in body
        assert "Download these tables" not in body and "Actions by lead agency" not in body


def test_an_unknown_pathway_is_refused_with_a_govuk_error(client, executive_member):
    client.force_login(executive_member)
    body = client.get(reverse("reports:dashboard"), {"pathway": "nope"}).content.decode()
    assert "Choose a pathway from the list." in body and "Download these tables" not in body


def test_the_filters_are_kept_in_the_export_link_and_presets_and_each_section_says_which_apply(
    client, partnership, executive_member
):
    police = AgencyFactory(partnership=partnership, name="Police")
    client.force_login(executive_member)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12), tick=False):
        body = client.get(
            reverse("reports:dashboard"), {"pathway": "sar", "agency": police.pk}
        ).content.decode()
    assert f"start=2025-04-01&amp;end=2026-03-31&amp;pathway=sar&amp;agency={police.pk}" in body
    assert f"dashboard.xlsx?pathway=sar&amp;agency={police.pk}" in body
    assert "Lead agency: Police." in body
    assert "Filtered by pathway (of the case the action answers) and lead agency." in body
    assert "Not filtered: covers every pathway and agency." in body  # training


def test_the_export_carries_the_trend_and_the_filtered_figures(
    client, partnership, world, executive_member
):
    police = AgencyFactory(partnership=partnership, name="Police")
    health = AgencyFactory(partnership=partnership, name="Health")
    _action(world, police, created=D(2025, 5, 1), due=D(2025, 6, 1))
    _action(world, health, created=D(2025, 5, 1), due=D(2025, 6, 1))
    client.force_login(executive_member)
    response = client.get(
        reverse("reports:dashboard_xlsx"),
        {"start": "2025-04-01", "end": "2025-07-31", "agency": police.pk},
    )
    book = load_workbook(io.BytesIO(response.content))
    trend = list(book["overdue_trend"].iter_rows(values_only=True))
    assert trend[1] == ("Month end", "Overdue actions")
    assert trend[2:] == [
        ("30 Apr 2025", 0),
        ("31 May 2025", 0),
        ("30 Jun 2025", 1),
        ("31 Jul 2025", 1),
    ]
    assert [r[0] for r in book["actions"].iter_rows(min_row=3, values_only=True)] == ["Police"]


def test_the_filtered_page_query_count_is_fixed_however_many_records(
    client, partnership, world, executive_member
):
    police = AgencyFactory(partnership=partnership)
    client.force_login(executive_member)
    query = {"start": "2023-04-01", "end": "2026-03-31", "pathway": "sar", "agency": police.pk}

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("reports:dashboard"), query).status_code == 200
        return len(context)

    few = count()
    for _n in range(4):
        _action(world, police, created=D(2024, 5, 1), due=D(2025, 6, 1), pathway="sar")
    assert few == count() == FILTERED_QUERIES


FILTERED_QUERIES = (
    26  # the unfiltered 27, one to check the agency is the user's, two fewer audit judgements
)
