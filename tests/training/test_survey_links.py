"""The signed survey links and the public answer page (issue 15): a link works once,
not after it closes, not when tampered with, not with another invitation's key; no
sign-in; anonymous courses keep no link from the answers to the person."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lantern.training import links
from lantern.training.models import (
    Stage,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from lantern.training.services_surveys import (
    LinkRefused,
    invitation_for_token,
    stage_questions,
    survey_answer,
)
from tests.factories import AgencyFactory

from .factories import BookingFactory, CourseFactory, TrainingSessionFactory
from .survey_helpers import full_answers, invite

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("survey:answer", args=[token])


@pytest.fixture
def booking():
    return BookingFactory(name="Alex Rivers", email="alex.rivers@agency.example.org")


def test_a_link_names_the_invitation_but_carries_no_name_or_email(booking):
    """No e-mail address or name in the URL; only the key's hash is stored."""
    invitation, token = invite(booking)
    url = _url(token)
    assert "alex" not in url.lower() and "rivers" not in url.lower() and "@" not in url
    parts = links.read_token(token)
    assert parts.invitation_id == invitation.pk
    assert invitation.key_hash == links.key_hash(parts.key) and parts.key not in invitation.key_hash


def test_the_page_opens_without_signing_in_and_says_how_answers_are_used(client, booking):
    """survey:answer needs no account, names the partnership, the course and the day,
    and shows the stage's questions as GOV.UK radios and text areas."""
    _invitation, token = invite(booking)
    response = client.get(_url(token))
    assert response.status_code == 200
    page = response.content.decode()
    session = booking.session
    assert session.course.partnership.name in page and session.course.title in page
    assert f"{timezone.localtime(session.starts_at):%-d %B %Y}" in page
    assert "used to evaluate the training" in page and "in totals" in page
    assert "Sign out" not in page and "Your account" not in page
    assert 'class="govuk-radios__input"' in page and "govuk-textarea" in page
    assert "<legend" in page
    for question in stage_questions(_invitation):
        assert question.text in page or question.text.replace("'", "&#x27;") in page


def test_answering_twice_is_refused_the_second_time(client, booking):
    """Single use: the second POST with the same link is 410 "already answered", and
    only one response is stored."""
    invitation, token = invite(booking)
    data = full_answers(stage_questions(invitation))
    first = client.post(_url(token), data)
    assert first.status_code == 302 and first["Location"] == reverse("survey:thanks")
    second = client.post(_url(token), data)
    assert second.status_code == 410
    assert "You have already answered this survey" in second.content.decode()
    assert client.get(_url(token)).status_code == 410
    assert SurveyResponse.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_two_tabs_cannot_both_answer(booking):
    """The claim is a conditional UPDATE: a tab that opened the form before the other
    tab answered is refused when it sends, and nothing of it is stored."""
    invitation, token = invite(booking)
    answers = {q.pk: v for q, v in zip(stage_questions(invitation), [3, 4, 4, ""], strict=False)}
    survey_answer(token=token, answers=answers)
    with pytest.raises(LinkRefused) as refused:
        survey_answer(token=token, answers=answers)
    assert refused.value.reason == "used"
    assert SurveyResponse.objects.count() == 1


def test_a_link_closes_at_its_expiry(client, booking):
    """Expiry proved by moving time past expires_at: 410 "This survey has closed"."""
    invitation, token = invite(booking, days_open=28)
    assert client.get(_url(token)).status_code == 200
    with time_machine.travel(invitation.expires_at + datetime.timedelta(seconds=1), tick=False):
        response = client.get(_url(token))
        assert response.status_code == 410
        assert "This survey has closed" in response.content.decode()
        posted = client.post(_url(token), full_answers(stage_questions(invitation)))
        assert posted.status_code == 410
    assert not SurveyResponse.objects.exists()


def test_a_tampered_link_does_not_work(client, booking):
    """One character changed anywhere in the token: 404 "This link does not work"."""
    _invitation, token = invite(booking)
    for index in (0, len(token) // 2, len(token) - 1):
        changed = "A" if token[index] != "A" else "B"
        tampered = token[:index] + changed + token[index + 1 :]
        response = client.get(_url(tampered))
        assert response.status_code == 404, index
        assert "This link does not work" in response.content.decode()
    assert client.get(_url("not-a-link")).status_code == 404


def test_another_invitations_key_is_refused(client, booking):
    """A correctly signed link pairing one invitation's id with another's key (as if the
    signing key had leaked) is refused: the stored hash is the check."""
    first, _ = invite(booking)
    other = BookingFactory(session=booking.session)
    _second, second_token = invite(other)
    key = links.read_token(second_token).key
    forged = signing.dumps([first.pk, key], salt=links.SALT, compress=False)
    assert client.get(_url(forged)).status_code == 404
    with pytest.raises(LinkRefused):
        invitation_for_token(forged)
    # Signed with another salt (another of Lantern's signed values): not a survey link.
    wrong_salt = signing.dumps([first.pk, key], salt="something-else")
    assert client.get(_url(wrong_salt)).status_code == 404


def test_required_questions_are_checked_with_an_error_summary(client, booking):
    """A required question left blank: the form again, the GOV.UK error summary linking
    to it, nothing stored and the link still open."""
    invitation, token = invite(booking)
    data = full_answers(stage_questions(invitation))
    required = next(q for q in stage_questions(invitation) if q.required)
    del data[f"q{required.pk}"]
    response = client.post(_url(token), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and f'href="#id_q{required.pk}_0"' in page
    assert page.count("<h1") == 1 and "<title>Error:" in page
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    # Sent with nothing chosen at all (radios only send what is chosen): still refused.
    empty = client.post(_url(token), {}).content.decode()
    assert "govuk-error-summary" in empty and f'href="#id_q{required.pk}_0"' in empty


def test_impossible_answers_and_long_text_are_refused(booking):
    """A scale answer outside 1–5, and a written answer over 2,000 characters, are
    refused by the service whatever the form let through; control characters too."""
    invitation, token = invite(booking)
    questions = stage_questions(invitation)
    scale = next(q for q in questions if q.kind == "scale")
    text = next(q for q in questions if q.kind == "text")
    base = {q.pk: 3 for q in questions if q.kind == "scale"}
    for bad in ({scale.pk: 6}, {text.pk: "x" * 2001}, {text.pk: "ok\x07bell"}):
        with pytest.raises(ValidationError) as error:
            survey_answer(token=token, answers={**base, **bad})
        [(pk, _value)] = bad.items()
        assert list(error.value.message_dict) == [f"q{pk}"]
    assert not SurveyResponse.objects.exists()
    assert not SurveyInvitation.objects.get(pk=invitation.pk).answered_at


def test_answers_are_stored_by_question(client, booking):
    invitation, token = invite(booking)
    questions = stage_questions(invitation)
    data = full_answers(questions)
    client.post(_url(token), data)
    response = SurveyResponse.objects.get()
    assert response.invitation == invitation and response.session == booking.session
    assert response.stage == Stage.ON_THE_DAY
    stored = {a.question_id: (a.number, a.text) for a in response.answers.all()}
    scale = next(q for q in questions if q.kind == "scale")
    assert stored[scale.pk] == (4, "")
    # Not anonymous: the answering is on the audit trail, against the invitation.
    from lantern.audit.models import AuditEvent

    assert AuditEvent.objects.filter(
        object_type="training.surveyinvitation", object_id=str(invitation.pk), action="update"
    ).exists()


def test_an_anonymous_course_keeps_no_link_to_the_person(client):
    """Anonymous: the response has no invitation (so no booking) and no agency, keeps
    the month only, and the page says nothing Lantern shows or reports says who gave it."""
    agency = AgencyFactory()
    course = CourseFactory(partnership=agency.partnership, anonymous_surveys=True)
    booking = BookingFactory(session=TrainingSessionFactory(course=course), agency=agency)
    invitation, token = invite(booking)
    page = client.get(_url(token)).content.decode()
    assert "nothing Lantern shows or reports says who gave them" in page
    client.post(_url(token), full_answers(stage_questions(invitation)))
    response = SurveyResponse.objects.get()
    assert response.invitation is None and response.agency is None
    assert response.submitted_on == timezone.localdate().replace(day=1)
    assert not hasattr(response, "booking")
    invitation.refresh_from_db()
    # The invitation says it was answered (so it cannot be again), not when.
    assert invitation.answered_at == invitation.sent_at
    assert SurveyAnswer.objects.filter(response=response).count() >= 3


def test_a_manager_sees_the_manager_questions(client, booking):
    _invitation, token = invite(booking, Stage.MANAGER)
    page = client.get(_url(token)).content.decode()
    manager_question = SurveyQuestion.objects.filter(
        partnership_id=booking.partnership_id, stage=Stage.MANAGER, kind="yes_no"
    ).first()
    assert manager_question is not None and "Have you seen a change" in page
    assert "Alex Rivers" in page  # the manager is told whose training it was
    assert "alex.rivers@" not in page


def test_a_course_question_is_asked_after_the_standard_ones(client, booking):
    invitation, token = invite(booking)
    own = SurveyQuestion.objects.create(
        partnership_id=booking.partnership_id,
        course=booking.session.course,
        stage=Stage.ON_THE_DAY,
        text="Which of the outcomes was most useful?",
        kind="text",
        required=False,
        order=1,
    )
    retired = SurveyQuestion.objects.create(
        partnership_id=booking.partnership_id,
        stage=Stage.ON_THE_DAY,
        text="A retired question",
        kind="text",
        is_active=False,
    )
    questions = stage_questions(invitation)
    assert questions[-1] == own and retired not in questions
    assert own.text in client.get(_url(token)).content.decode()


def test_the_audit_trail_records_the_sending_but_nothing_that_unmasks_an_anonymous_answer(
    client,
):
    """Each invitation is on the audit trail. For an anonymous course the answering is
    not: the response's event has no invitation, no booking and no IP address, and no
    event says which invitation was answered then."""
    from lantern.audit.models import AuditEvent

    course = CourseFactory(anonymous_surveys=True)
    booking = BookingFactory(session=TrainingSessionFactory(course=course))
    invitation, token = invite(booking)
    assert AuditEvent.objects.filter(
        object_type="training.surveyinvitation", object_id=str(invitation.pk), action="create"
    ).exists()
    client.post(_url(token), full_answers(stage_questions(invitation)), REMOTE_ADDR="203.0.113.9")
    [created] = AuditEvent.objects.filter(object_type="training.surveyresponse")
    assert created.ip_address is None
    assert "invitation" not in created.changes and booking.name not in created.object_label
    assert not AuditEvent.objects.filter(
        object_type="training.surveyinvitation", object_id=str(invitation.pk), action="update"
    ).exists()
