"""The signed-in survey pages (issue 15): the questions, the survey timescales and one
session's surveys. Each for one who manages training, one who may only read, a member
of the partnership with no part in training, and another partnership's manager."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.training.models import (
    Measure,
    QuestionKind,
    Stage,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    TrainingSettings,
)
from lantern.training.questions import question_update
from tests.factories import PartnershipFactory, UserFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    partnership = PartnershipFactory()
    return {
        "manager": UserFactory(partnership=partnership, roles=[Role.LD_COORDINATOR]),
        "reader": UserFactory(partnership=partnership, roles=[Role.AUDITOR]),
        "outsider": UserFactory(partnership=partnership),
        "stranger": UserFactory(partnership=PartnershipFactory(), roles=[Role.LD_COORDINATOR]),
    }


@pytest.fixture
def session(people):
    course = CourseFactory(partnership=people["manager"].partnership, title="Neglect")
    return TrainingSessionFactory(course=course)


def _get(client, person, url):
    client.force_login(person)
    return client.get(url)


# The questions page


def test_questions_page_by_role(client, people):
    url = reverse("training:questions")
    page = _get(client, people["manager"], url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "How confident are you now, after the training?" in text  # standard ones made
    assert reverse("training:question_new") in text
    reader = _get(client, people["reader"], url)
    assert reader.status_code == 200 and reverse("training:question_new") not in (
        reader.content.decode()
    )
    assert _get(client, people["outsider"], url).status_code == 404
    assert _get(client, people["reader"], reverse("training:question_new")).status_code == 403


def test_a_course_question_is_added_and_anothers_course_is_404(client, people, session):
    client.force_login(people["manager"])
    course = session.course
    data = {
        "course": str(course.pk),
        "stage": Stage.FOLLOW_UP,
        "text": "Have you used the neglect toolkit since?",
        "hint": "",
        "kind": QuestionKind.YES_NO,
        "measure": Measure.PRACTICE_CHANGE,
        "required": "on",
        "order": "20",
        "is_active": "on",
    }
    response = client.post(reverse("training:question_new"), data)
    assert response.status_code == 302
    question = SurveyQuestion.objects.get(text=data["text"])
    assert question.course == course and question.required and question.is_active
    # Another partnership's course cannot be given a question.
    client.force_login(people["stranger"])
    answer = client.get(reverse("training:question_new") + f"?course={course.pk}")
    assert answer.status_code == 404


def test_a_blank_question_shows_the_error_summary_and_saves_nothing(client, people):
    client.force_login(people["manager"])
    before = SurveyQuestion.objects.count()
    response = client.post(reverse("training:question_new"), {"stage": "", "text": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Enter the question." in page
    assert SurveyQuestion.objects.count() == before


def _answered_question(session):
    booking = BookingFactory(session=session)
    invitation, _token = invite(booking)
    question = SurveyQuestion.objects.filter(
        partnership_id=session.partnership_id, stage=Stage.ON_THE_DAY, kind="scale"
    ).first()
    response = SurveyResponse.objects.create(
        partnership_id=session.partnership_id,
        session=session,
        stage=Stage.ON_THE_DAY,
        invitation=invitation,
        submitted_on=datetime.date(2026, 3, 3),
    )
    SurveyAnswer.objects.create(response=response, question=question, number=4)
    return question


def test_an_answered_question_is_reworded_but_keeps_its_meaning(client, people, session):
    """Its wording may change; its stage, kind and measure may not; its answers stay."""
    question = _answered_question(session)
    manager = people["manager"]
    question_update(user=manager, question=question, text="How confident do you feel now?")
    question.refresh_from_db()
    assert question.text == "How confident do you feel now?" and question.answers.count() == 1
    with pytest.raises(Exception) as refused:
        question_update(user=manager, question=question, kind=QuestionKind.TEXT)
    assert "kind" in refused.value.message_dict  # type: ignore[attr-defined]
    # The page fixes those answers: a posted change to them is ignored.
    client.force_login(manager)
    url = reverse("training:question_edit", args=[question.pk])
    page = client.get(url).content.decode()
    assert "has been answered" in page and "Retire this question" in page
    client.post(
        url,
        {
            "stage": Stage.MANAGER,
            "text": "Reworded",
            "kind": QuestionKind.TEXT,
            "measure": Measure.OTHER,
            "order": "3",
            "required": "on",
            "is_active": "on",
        },
    )
    question.refresh_from_db()
    assert question.text == "Reworded"
    assert (question.stage, question.kind) == (Stage.ON_THE_DAY, QuestionKind.SCALE)


def test_an_answered_question_is_retired_not_deleted(client, people, session):
    question = _answered_question(session)
    client.force_login(people["manager"])
    client.post(reverse("training:question_remove", args=[question.pk]))
    question.refresh_from_db()
    assert not question.is_active and question.answers.count() == 1
    unanswered = SurveyQuestion.objects.create(
        partnership_id=session.partnership_id, stage=Stage.MANAGER, text="Spare", kind="text"
    )
    client.post(reverse("training:question_remove", args=[unanswered.pk]))
    assert not SurveyQuestion.objects.filter(pk=unanswered.pk).exists()
    # Another partnership's question: 404.
    client.force_login(people["stranger"])
    assert client.post(reverse("training:question_remove", args=[question.pk])).status_code == 404


# The timescales


def _settings(**overrides):
    data = {
        "follow_up_months": "3",
        "link_days": "28",
        "reminder_days": "10",
        "manager_after_days": "14",
    }
    return data | {k: str(v) for k, v in overrides.items()}


def test_settings_are_for_managers_only(client, people):
    url = reverse("training:settings")
    assert _get(client, people["manager"], url).status_code == 200
    assert _get(client, people["reader"], url).status_code == 403
    assert _get(client, people["outsider"], url).status_code == 404


def test_settings_are_saved_and_validated(client, people):
    client.force_login(people["manager"])
    url = reverse("training:settings")
    assert client.post(url, _settings(follow_up_months=6)).status_code == 302
    saved = TrainingSettings.objects.get(partnership_id=people["manager"].partnership_id)
    assert saved.follow_up_months == 6
    for bad, message in [
        ({"follow_up_months": 13}, "from 1 to 12"),
        ({"follow_up_months": 0}, "from 1 to 12"),
        ({"link_days": 6}, "from 7 to 90"),
        ({"link_days": 91}, "from 7 to 90"),
        ({"reminder_days": 28}, "fewer than the days a link stays open"),
        ({"manager_after_days": 61}, "from 1 to 60"),
    ]:
        page = client.post(url, _settings(**bad))
        assert page.status_code == 200 and message in page.content.decode(), bad
    saved.refresh_from_db()
    assert (saved.follow_up_months, saved.link_days) == (6, 28)


def test_a_stale_settings_form_does_not_overwrite_a_newer_save(client, people):
    """Versioned: a form shown before someone else saved the same answer differently
    shows the conflict and saves nothing."""
    client.force_login(people["manager"])
    url = reverse("training:settings")
    client.post(url, _settings(link_days=30))
    saved = TrainingSettings.objects.get(partnership_id=people["manager"].partnership_id)
    version = saved.version
    client.post(url, _settings(link_days=40) | {"version": str(version)})
    stale = client.post(url, _settings(link_days=50) | {"version": str(version)})
    assert stale.status_code == 200 and "govuk-error-summary" in stale.content.decode()
    saved.refresh_from_db()
    assert saved.link_days == 40


# One session's surveys


def test_the_surveys_page_lists_who_was_asked_for_managers_only(client, people, session):
    asked = BookingFactory(session=session, name="Alex Rivers")
    invitation, _ = invite(asked)
    invitation.answered_at = timezone.now()
    invitation.save()
    response = SurveyResponse.objects.create(
        partnership_id=session.partnership_id,
        session=session,
        stage=Stage.ON_THE_DAY,
        invitation=invitation,
        submitted_on=timezone.localdate(),
    )
    question = SurveyQuestion.objects.filter(kind="text", stage=Stage.ON_THE_DAY).first()
    SurveyAnswer.objects.create(response=response, question=question, text="SECRET-ANSWER")
    url = reverse("training:surveys", args=[session.pk])
    page = _get(client, people["manager"], url).content.decode()
    assert "Alex Rivers" in page and "Who was asked" in page
    assert "SECRET-ANSWER" not in page  # never their answers next to their name
    reader = _get(client, people["reader"], url)
    assert reader.status_code == 200
    assert "Alex Rivers" not in reader.content.decode()  # readers: counts only
    assert _get(client, people["outsider"], url).status_code == 404
    assert _get(client, people["stranger"], url).status_code == 404


def test_an_anonymous_course_shows_counts_only(client, people):
    course = CourseFactory(partnership=people["manager"].partnership, anonymous_surveys=True)
    session = TrainingSessionFactory(course=course)
    invite(BookingFactory(session=session, name="Alex Rivers"))
    invite(BookingFactory(session=session, name="Sam Other"))
    page = _get(client, people["manager"], reverse("training:surveys", args=[session.pk]))
    text = page.content.decode()
    assert "Alex Rivers" not in text and "Sam Other" not in text
    assert "anonymous" in text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in text


def test_the_surveys_page_queries_stay_flat_as_people_are_added(client, people, session):
    """The counts are one query and the list one more, however many were asked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["manager"])
    url = reverse("training:surveys", args=[session.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    invite(BookingFactory(session=session))
    few = queries()
    for _ in range(5):
        invite(BookingFactory(session=session))
    assert queries() == few
