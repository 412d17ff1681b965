"""Issue 15, Impact: the impact page and its course and theme drill-downs, for those who
may read training (the L&D co-ordinator and the Business Unit manage; the auditor and
the members of the group the evaluation table routes training to read); 404 to anyone
else and for another partnership's course or theme. Filters by period (GOV.UK date
inputs), course and theme; a bad date is an error summary, not ignored. Each chart has
its table. Nobody who answered is named."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import EvaluationRoute, ReportedItem
from lantern.learning.models import Theme
from lantern.partnerships.models import GroupKind
from lantern.training.models import Measure, Stage
from tests.factories import GroupFactory, PartnershipFactory, UserFactory

from .factories import CourseFactory
from .impact_helpers import book, build_year, invite, observe, respond

pytestmark = pytest.mark.django_db

IMPACT = reverse("training:impact")


@pytest.fixture
def year():
    y = build_year()
    attendee = book(y.a1, agency=y.police, name="Olu Secretname")
    respond(
        y.a1,
        Stage.ON_THE_DAY,
        {Measure.CONFIDENCE_BEFORE: 2, Measure.CONFIDENCE_AFTER: 4},
        invitation=invite(attendee, Stage.ON_THE_DAY, answered=True),
    )
    respond(
        y.a1,
        Stage.FOLLOW_UP,
        {Measure.PRACTICE_CHANGE: 1, Measure.EXAMPLE: "I ask about the wider family now."},
    )
    book(y.b1, agency=y.council, name="Kim Hiddenname")
    observe(y.course_a)
    group = GroupFactory(partnership=y.partnership, kind=GroupKind.LI, name="L&I sub-group")
    EvaluationRoute.objects.create(
        partnership=y.partnership, item=ReportedItem.TRAINING, group=group
    )
    y.group_member = UserFactory(partnership=y.partnership, roles=[(Role.GROUP_MEMBER, group)])
    y.auditor = UserFactory(partnership=y.partnership, roles=[Role.AUDITOR])
    y.outsider = UserFactory(partnership=y.partnership)
    y.stranger = UserFactory(partnership=PartnershipFactory(), roles=[Role.LD_COORDINATOR])
    return y


def page(client, user, url, data=None):
    client.force_login(user)
    return client.get(url, data)


def test_the_impact_page_shows_the_figures_with_every_chart_beside_its_table(client, year):
    """The default period's figures: the headline tables, per course and per theme with
    links to their drill-downs, by agency, the chart (an SVG image with its text
    alternative) and its table, judgements and examples without names."""
    response = page(client, year.coordinator, IMPACT)
    assert response.status_code == 200
    html = response.content.decode()
    found = response.context["impact"]
    assert found.totals.attendance.attended == 2
    assert found.totals.measures.practice_share == 100
    assert reverse("training:impact_course", args=[year.course_a.pk]) in html
    assert reverse("training:impact_theme", args=[year.theme_one.pk]) in html
    assert 'role="img"' in html and "<desc" in html
    assert "Attendance and survey answers by quarter (the chart's numbers)" in html
    assert "I ask about the wider family now." in html
    assert "Secretname" not in html and "Hiddenname" not in html
    assert "Demoshire Police" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("who", ["coordinator", "auditor", "group_member"])
def test_readers_see_the_impact_pages(client, year, who):
    """The L&D co-ordinator, the auditor and a member of the group training is reported
    to may read the impact pages."""
    user = getattr(year, who)
    for url in (
        IMPACT,
        reverse("training:impact_course", args=[year.course_a.pk]),
        reverse("training:impact_theme", args=[year.theme_one.pk]),
    ):
        assert page(client, user, url).status_code == 200, url


def test_someone_who_may_not_read_training_gets_404(client, year):
    """Someone of the partnership who may not read training: 404 on every impact page."""
    for url in (
        IMPACT,
        reverse("training:impact_course", args=[year.course_a.pk]),
        reverse("training:impact_theme", args=[year.theme_one.pk]),
    ):
        assert page(client, year.outsider, url).status_code == 404, url


def test_another_partnerships_coordinator_sees_only_their_own(client, year):
    """Another partnership's L&D co-ordinator: their own (empty) figures, and 404 on this
    partnership's course and theme."""
    found = page(client, year.stranger, IMPACT).context["impact"]
    assert found.totals.attendance.booked == 0 and found.by_course == []
    for url in (
        reverse("training:impact_course", args=[year.course_a.pk]),
        reverse("training:impact_theme", args=[year.theme_one.pk]),
    ):
        assert page(client, year.stranger, url).status_code == 404, url


def test_another_partnerships_course_or_theme_is_404(client, year):
    other = PartnershipFactory()
    course = CourseFactory(partnership=other)
    theme = Theme.objects.create(partnership=other, slug="theirs", name="Theirs")
    assert (
        page(
            client, year.coordinator, reverse("training:impact_course", args=[course.pk])
        ).status_code
        == 404
    )
    assert (
        page(
            client, year.coordinator, reverse("training:impact_theme", args=[theme.pk])
        ).status_code
        == 404
    )


def dates(start: datetime.date, end: datetime.date) -> dict[str, str]:
    return {
        "start_0": str(start.day),
        "start_1": str(start.month),
        "start_2": str(start.year),
        "end_0": str(end.day),
        "end_1": str(end.month),
        "end_2": str(end.year),
    }


def test_the_period_course_and_theme_filters(client, year):
    """A period from the date inputs, and a course or theme chosen, narrow the figures."""
    today = timezone.localdate()
    short = dates(today - datetime.timedelta(days=60), today)
    found = page(client, year.coordinator, IMPACT, short).context["impact"]
    assert found.totals.attendance.attended == 1  # b1 was 100 days ago
    found = page(client, year.coordinator, IMPACT, {"course": year.course_b.pk}).context["impact"]
    assert found.totals.attendance.attended == 1 and found.scope.course == year.course_b
    found = page(client, year.coordinator, IMPACT, {"theme": year.theme_two.pk}).context["impact"]
    assert [line.label for line in found.by_course] == ["B capacity course"]


@pytest.mark.parametrize(
    "data,message",
    [
        ({"start_0": "31", "start_1": "2", "start_2": "2026"}, "must be a real date"),
        ({"start_0": "1", "start_1": "2"}, "must include a year"),
        ({**dates(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1))}, "on or after its start"),
        ({**dates(datetime.date(1899, 5, 1), datetime.date(2026, 4, 1))}, "between 1 January 1900"),
        ({**dates(datetime.date(1901, 5, 1), datetime.date(2026, 4, 1))}, "20 years or shorter"),
        ({"course": "999999"}, "Choose one of the courses listed."),
        ({"theme": "abc"}, "Choose one of the themes listed."),
    ],
)
def test_bad_filters_show_an_error_summary_and_no_figures(client, year, data, message):
    """A date that is not real, incomplete, out of range or before the start, or a course
    or theme not offered: an error summary, and no figures (never silently ignored)."""
    response = page(client, year.coordinator, IMPACT, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert "impact" not in response.context or response.context.get("impact") is None


def test_the_course_drill_down(client, year):
    """A course's page: its own figures, its observations and its examples."""
    response = page(
        client, year.auditor, reverse("training:impact_course", args=[year.course_a.pk])
    )
    found = response.context["impact"]
    assert found.totals.attendance.attended == 1 and found.scope.course == year.course_a
    html = response.content.decode()
    assert "Lee Observer" in html and "I ask about the wider family now." in html
    bad = page(
        client,
        year.auditor,
        reverse("training:impact_course", args=[year.course_a.pk]),
        {"end_0": "40", "end_1": "1", "end_2": "2026"},
    )
    assert "govuk-error-summary" in bad.content.decode()


def test_the_theme_drill_down(client, year):
    response = page(
        client, year.group_member, reverse("training:impact_theme", args=[year.theme_one.pk])
    )
    found = response.context["impact"]
    assert [line.label for line in found.by_course] == ["A neglect course", "B capacity course"]
    assert found.totals.attendance.attended == 2


def test_the_impact_and_report_pages_query_counts_stay_flat(client, year):
    """The pages' queries do not grow with the sessions, bookings and answers they count
    (the figures are aggregates: about twenty queries for the impact, a few more for the
    report's routing, actions, next sessions and open surveys)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(year.coordinator)

    def counted(url):
        client.get(url)  # the session settles
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [
        IMPACT,
        reverse("training:report"),
        reverse("training:impact_course", args=[year.course_a.pk]),
    ]
    before = [counted(url) for url in urls]
    for n in range(6):
        booking = book(year.b1, agency=year.council)
        respond(
            year.b1,
            Stage.ON_THE_DAY,
            {Measure.CONFIDENCE_BEFORE: 1 + n % 5, Measure.CONFIDENCE_AFTER: 5},
            invitation=invite(booking, Stage.ON_THE_DAY, answered=True),
        )
        observe(year.course_b)
    assert [counted(url) for url in urls] == before
    assert max(before) <= 45
