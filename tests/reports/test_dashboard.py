"""The reporting dashboard (issue 16): figures proved against the records they count,
who may see it, its period filter and its XLSX export."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lantern.accounts.models import Role
from lantern.clock.models import CaseStep
from lantern.meetings.models import Decision
from lantern.partnerships.models import GroupKind
from lantern.reports.dashboard import referrals, timeliness
from lantern.reports.dashboard_clocks import clocks
from lantern.reports.dashboard_more import decisions
from lantern.reports.period import Period
from tests.factories import CaseFactory, GroupFactory, PartnershipFactory, UserFactory

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2026, 3, 31))
TODAY = D(2026, 6, 1)


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


def _step(case, step_id, due, done_on=None):
    return CaseStep.objects.create(
        case=case,
        pathway=case.pathway,
        step_id=step_id,
        title=f"Dashboard step {step_id}",
        order=90,
        start=due - datetime.timedelta(days=10),
        due=due,
        done_on=done_on,
        statutory=True,
    )


def _row(table, title):
    return next(row for row in table.rows if row[1] == title)


def test_timeliness_counts_on_time_late_and_overdue_for_steps_due_in_the_period(partnership):
    case = CaseFactory(partnership=partnership, pathway="rapid-review")
    other = CaseFactory(partnership=partnership, pathway="rapid-review")
    third = CaseFactory(partnership=partnership, pathway="rapid-review")
    fourth = CaseFactory(partnership=partnership, pathway="rapid-review")
    _step(case, "dash-x", D(2025, 6, 10), D(2025, 6, 10))  # on time (on the day)
    _step(other, "dash-x", D(2025, 7, 1), D(2025, 7, 2))  # late
    _step(third, "dash-x", D(2026, 1, 5))  # open and overdue
    _step(fourth, "dash-x", D(2024, 1, 5))  # due before the period: not counted
    CaseFactory(partnership=PartnershipFactory(), pathway="rapid-review")  # elsewhere

    row = _row(timeliness(partnership.id, PERIOD, TODAY), "Dashboard step dash-x")

    assert row[2:] == [1, 1, 1, 33]


def test_a_paused_step_or_one_on_a_closed_case_is_not_overdue(partnership):
    """As reminders and case lists count it: a paused clock is neither due nor overdue,
    and a closed case waits on no one."""
    paused = CaseFactory(partnership=partnership, pathway="rapid-review")
    closed = CaseFactory(partnership=partnership, pathway="rapid-review", status="closed")
    open_case = CaseFactory(partnership=partnership, pathway="rapid-review")
    step = _step(paused, "dash-p", D(2026, 1, 5))
    CaseStep.objects.filter(pk=step.pk).update(paused_on=D(2026, 1, 2))
    _step(closed, "dash-p", D(2026, 1, 5))
    _step(open_case, "dash-p", D(2026, 1, 5))

    row = _row(timeliness(partnership.id, PERIOD, TODAY), "Dashboard step dash-p")

    assert row[2:] == [0, 0, 1, 0]


def test_a_step_not_yet_due_as_at_today_is_not_overdue(partnership):
    case = CaseFactory(partnership=partnership, pathway="rapid-review")
    _step(case, "dash-y", D(2026, 3, 20))

    row = _row(timeliness(partnership.id, PERIOD, D(2026, 3, 1)), "Dashboard step dash-y")

    assert row[2:] == [0, 0, 0, None]


def test_referrals_count_cases_opened_in_the_period_per_pathway(partnership):
    CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2025, 4, 1))
    CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2026, 3, 31))
    CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2026, 4, 1))
    CaseFactory(partnership=partnership, pathway="sar", opened_on=D(2025, 9, 1))

    rows = {row[0]: row[1] for row in referrals(partnership.id, PERIOD).rows}

    assert sorted(rows.values()) == [1, 2]
    assert len(rows) == 2


@pytest.fixture
def executive_member(partnership):
    executive = GroupFactory(partnership=partnership, kind=GroupKind.EXECUTIVE)
    return UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, executive)])


def test_the_business_manager_and_the_executive_see_the_dashboard(
    client, partnership, executive_member
):
    manager = UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])
    for person in (manager, executive_member):
        client.force_login(person)
        assert client.get(reverse("reports:dashboard")).status_code == 200


def test_someone_without_the_dashboards_permission_gets_403(client, partnership):
    client.force_login(UserFactory(partnership=partnership))
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:dashboard_xlsx")).status_code == 403


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2026-03-01", "end": "2025-03-01"}, "on or after the start date"),
        ({"start": "1066-10-14"}, "between 2000"),
        ({"start": "not a date"}, "valid date"),
    ],
)
def test_bad_periods_get_a_govuk_error_and_no_figures(client, executive_member, query, message):
    client.force_login(executive_member)
    response = client.get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert "Download these tables" not in body


def test_the_export_has_a_sheet_per_table_with_numbers_as_numbers(
    client, partnership, executive_member
):
    case = CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2025, 5, 1))
    _step(case, "dash-z", D(2025, 6, 10), D(2025, 6, 9))
    client.force_login(executive_member)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12), tick=False):
        response = client.get(
            reverse("reports:dashboard_xlsx"), {"start": "2025-04-01", "end": "2026-03-31"}
        )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "clocks",
        "timeliness",
        "referrals",
        "decisions",
        "themes",
        "actions",
        "action_age",
        "overdue_trend",
        "audit_grades",
        "training",
    ]
    row = next(
        r for r in book["timeliness"].iter_rows(values_only=True) if r[1] == "Dashboard step dash-z"
    )
    assert row[2:] == (1, 0, 0, 100)


DASHBOARD_QUERIES = (
    27  # session, user and roles, the agencies to choose from, then a few GROUP BYs per table
)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(
            reverse("reports:dashboard"), {"start": "2025-04-01", "end": "2026-03-31"}
        )
    assert response.status_code == 200
    return len(context)


def test_the_page_query_count_is_fixed_however_many_records_it_counts(
    client, partnership, executive_member
):
    client.force_login(executive_member)
    case = CaseFactory(partnership=partnership, pathway="rapid-review", opened_on=D(2025, 5, 1))
    _step(case, "dash-q", D(2025, 6, 10))
    few = _queries(client)
    for _n in range(5):
        case = CaseFactory(partnership=partnership, pathway="sar", opened_on=D(2025, 5, 1))
        _step(case, "dash-q", D(2025, 6, 10))
    assert few == _queries(client) == DASHBOARD_QUERIES


def test_decisions_are_counted_per_pathway_kind_and_quarter(partnership):
    case = CaseFactory(partnership=partnership, pathway="rapid-review")
    person = UserFactory(partnership=partnership)
    for day in (D(2025, 4, 2), D(2025, 6, 30), D(2025, 7, 1), D(2026, 4, 1)):
        Decision.objects.create(
            case=case,
            kind="dash",
            kind_label="Dash decision",
            rationale="Why.",
            decided_on=day,
            recorded_by=person,
        )

    rows = [row[2:] for row in decisions(partnership.id, PERIOD).rows]

    assert rows == [["2025 Q2", 2], ["2025 Q3", 1]]


def test_the_landing_page_links_to_the_dashboard(client, executive_member):
    client.force_login(executive_member)
    body = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:dashboard") in body


def test_the_headline_clocks_count_the_named_statutory_steps(partnership):
    case = CaseFactory(partnership=partnership, pathway="rapid-review")
    late = CaseFactory(partnership=partnership, pathway="rapid-review")
    CaseStep.objects.filter(case__in=[case, late]).delete()  # only the steps made here
    _step(case, "panel-notified", D(2025, 5, 1), D(2025, 4, 30))
    _step(late, "panel-notified", D(2025, 5, 1), D(2025, 5, 9))
    _step(late, "complete", D(2025, 5, 20), D(2025, 5, 20))

    rows = clocks(partnership.id, PERIOD, TODAY).rows

    assert rows[0][1] == "Local authority notifies the National Panel of the serious incident"
    assert rows[0][2:] == [1, 1, 0, 50]
    assert rows[1][1] == "Rapid review complete" and rows[1][2:] == [1, 0, 0, 100]
    assert [r[2:] for r in rows[2:]] == [[0, 0, 0, None]] * 3


def test_the_page_offers_financial_year_presets_and_says_its_period(client, executive_member):
    client.force_login(executive_member)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12), tick=False):
        body = client.get(reverse("reports:dashboard")).content.decode()
    assert "Financial year 2025 to 2026" in body and "start=2025-04-01&amp;end=2026-03-31" in body
    assert "Showing 2 June 2025 to 1 June 2026." in body


def test_on_29_february_the_dashboard_shows_the_last_twelve_months(client, executive_member):
    """A year before 29 February has no 29 February: the period starts on 1 March."""
    with time_machine.travel(datetime.datetime(2028, 2, 29, 12), tick=False):
        client.force_login(executive_member)
        response = client.get(reverse("reports:dashboard"))
        dated = client.get(reverse("reports:dashboard"), {"start": "2028-01-01", "end": ""})
    assert response.status_code == 200
    assert "Showing 1 March 2027 to 29 February 2028." in response.content.decode()
    assert dated.status_code == 200


@pytest.mark.parametrize("name", ["reports:index", "reports:dashboard", "reports:dashboard_xlsx"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
