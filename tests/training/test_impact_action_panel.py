"""Issue 15, Impact: "an action whose evidence is training links to its sessions and
survey results". The action's page lists the courses linked to it (Course.actions),
their sessions with how many attended, and the course's three-month response rate and
the share reporting a change in practice, in a fixed number of queries however many
courses, sessions and answers there are. Links go to the training pages only for those
who may read training."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.training.impact import action_training
from lantern.training.models import BookingStatus, Measure, Stage
from tests.actions.helpers import make_plan

from .factories import CourseFactory
from .impact_helpers import book, invite, respond, session_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast):
    return make_plan(cast)


def linked_course(plan, title="Discharge planning", sessions=1):
    course = CourseFactory(partnership=plan.case.partnership, title=title)
    course.actions.add(plan.action)
    for n in range(sessions):
        session = session_on(course, 120 + n)
        first = book(session)
        book(session)
        book(session, BookingStatus.DID_NOT_ATTEND)
        respond(
            session,
            Stage.FOLLOW_UP,
            {Measure.PRACTICE_CHANGE: 1},
            invitation=invite(first, Stage.FOLLOW_UP, answered=True),
        )
    return course


def test_the_panel_figures(plan):
    """Per linked course: its sessions with attendance, the three-month survey's
    response rate and the share reporting a change in practice (anonymous included)."""
    course = linked_course(plan)
    session = course.sessions.get()
    second = book(session)
    unanswered = invite(second, Stage.FOLLOW_UP, answered=False)
    respond(session, Stage.FOLLOW_UP, {Measure.PRACTICE_CHANGE: 0})  # anonymous
    # While its link is open it is not yet a non-response: 1 answered of 1 closed.
    [entry] = action_training(plan.action)
    assert (entry.follow_up.sent, entry.follow_up.still_open, entry.follow_up.rate) == (2, 1, 100)
    unanswered.expires_at = unanswered.sent_at
    unanswered.save()
    [entry] = action_training(plan.action)
    assert entry.course == course
    assert [(s.state, s.attended) for s in entry.sessions] == [("Held", 3)]
    assert (entry.follow_up.sent, entry.follow_up.answered, entry.follow_up.rate) == (2, 1, 50)
    assert (entry.measures.practice_yes, entry.measures.practice_answered) == (1, 2)
    assert entry.measures.practice_share == 50


def test_another_partnerships_course_is_not_listed(plan):
    from tests.factories import PartnershipFactory

    theirs = CourseFactory(partnership=PartnershipFactory())
    theirs.actions.add(plan.action)
    assert action_training(plan.action) == []


def test_the_action_page_shows_the_panel_with_links_for_training_readers(client, plan):
    course = linked_course(plan)
    client.force_login(plan.cast.business_manager)
    html = client.get(reverse("actions:action", args=[plan.action.pk])).content.decode()
    assert "Training that answers this action" in html
    assert course.title in html
    assert reverse("training:impact_course", args=[course.pk]) in html
    assert "100%" in html  # the share reporting a change in practice


def test_someone_who_may_not_read_training_sees_the_results_without_links(client, plan):
    """The results are counts and shares, nobody named: whoever may read the action sees
    them; the links to training pages are only for those who may open them."""
    course = linked_course(plan)
    client.force_login(plan.owner)
    response = client.get(reverse("actions:action", args=[plan.action.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert course.title in html
    assert reverse("training:impact_course", args=[course.pk]) not in html


def test_no_panel_without_a_linked_course(client, plan):
    client.force_login(plan.cast.business_manager)
    html = client.get(reverse("actions:action", args=[plan.action.pk])).content.decode()
    assert "Training that answers this action" not in html


def queries_for(client, url) -> int:
    client.get(url)  # the session settles
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_action_page_query_count_stays_flat(client, plan):
    """One course with one session, or three with four sessions each and their answers:
    the same number of queries."""
    client.force_login(plan.cast.business_manager)
    url = reverse("actions:action", args=[plan.action.pk])
    linked_course(plan)
    one = queries_for(client, url)
    linked_course(plan, "Second", sessions=4)
    linked_course(plan, "Third", sessions=4)
    assert queries_for(client, url) == one
