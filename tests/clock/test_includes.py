"""The includes other pages use: the case's steps table and the timeline picture."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

from lantern.clock.models import CaseStep
from lantern.clock.selectors import steps_for_case
from lantern.clock.services import case_schedule, step_done, step_extend, step_pause
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime(2027, 1, 13, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def steps():
    with time_machine.travel(TODAY, tick=False):
        case = CaseFactory()
        case_schedule(case=case, pathway="rapid-review", start=date(2026, 12, 21))
        by_id = {s.step_id: s for s in case.steps.all()}
        step_done(step=by_id["scoping-sent"], on=date(2026, 12, 22))  # on time
        step_done(step=by_id["panel-notified"], on=date(2027, 1, 4))  # late (due 30 Dec)
        step_extend(step=by_id["complete"], new_due=date(2027, 1, 15), reason="Police delay")
        step_pause(step=by_id["outcome-sent"], reason="Awaiting the coroner")
        yield steps_for_case(case)


def test_case_steps_table_shows_each_status_as_a_coloured_tag(steps):
    """Upcoming grey, due soon yellow, overdue red, done on time green, done late orange."""
    with time_machine.travel(TODAY, tick=False):
        html = render_to_string("clock/_case_steps.html", {"steps": steps})
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Timescales</caption>' in html
    )
    tags = [
        t for t in re.findall(r'govuk-tag (govuk-tag--\w+)">([^<]+)<', html) if t[1] != "Statutory"
    ]
    # Seen on Wed 13 Jan 2027:
    assert tags == [
        ("govuk-tag--green", "Done on time"),  # scoping sent 22 Dec, due 23 Dec
        ("govuk-tag--red", "Overdue"),  # scoping returned: due 31 Dec (5 after 22 Dec)
        ("govuk-tag--red", "Overdue"),  # meeting: due 12 Jan
        ("govuk-tag--yellow", "Due soon"),  # complete: extended to Fri 15 Jan, 2 working days
        ("govuk-tag--purple", "Paused"),  # outcome sent
        ("govuk-tag--orange", "Done late"),  # panel notified 4 Jan, due 30 Dec
    ]
    assert "Extended: Police delay" in html
    assert "Paused since 13 Jan 2027: Awaiting the coroner" in html
    assert html.count('scope="row"') == 6


def test_upcoming_is_grey():
    html = render_to_string(
        "clock/_case_steps.html",
        {"steps": [CaseStep(title="Later", due=date(2099, 1, 1), start=date(2098, 1, 1))]},
    )
    assert '<strong class="govuk-tag govuk-tag--grey">Upcoming</strong>' in html


def test_timeline_is_an_accessible_inline_svg_without_styles(steps):
    """A picture of planned against actual dates: role="img" with a summary, the same facts
    as a visually hidden list, and presentation attributes (CSP forbids inline styles)."""
    with time_machine.travel(TODAY, tick=False):
        html = render_to_string("clock/_timeline.html", {"steps": steps})
    assert "style=" not in html
    assert "<script" not in html
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg
    assert (
        'aria-label="Timeline of 6 steps, due dates against the dates done: 2 done (1 late), '
        in svg
    )
    items = re.findall(r"<li>([^<]+)</li>", html)
    assert (
        "Scoping template and letter sent to every involved agency: due 23 December 2026, "
        "done 22 December 2026. Done on time." in items
    )
    assert (
        "Rapid review meeting held: due 12 January 2027 (not before 4 January 2027)."
        in " ".join(items)
    )
    assert html.count("<circle") == 6 + 2  # a due marker per step, a done marker per done step
    assert 'fill="#f47738"' in html  # done late, orange


def test_timeline_of_no_steps_draws_nothing():
    assert render_to_string("clock/_timeline.html", {"steps": []}).strip() == ""
