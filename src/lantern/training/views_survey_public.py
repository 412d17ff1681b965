"""The survey pages practitioners open from a signed link: no sign-in, no navigation of
the signed-in service, nothing about anyone but the survey itself.

A refused link is a page that says why: already answered or closed (410 Gone: it worked
once and never will again), or not a link that works (404)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from lantern.web.forms import add_service_errors

from .forms_surveys import AnswerForm
from .models import Stage
from .services_surveys import (
    BAD,
    EXPIRED,
    REPLACED,
    USED,
    LinkRefused,
    invitation_for_token,
    stage_questions,
    survey_answer,
)

REFUSALS = {
    USED: (
        410,
        "You have already answered this survey",
        "Each survey link can be used once, and yours has been. Thank you for your answers.",
    ),
    EXPIRED: (
        410,
        "This survey has closed",
        "The survey closed before it was answered, so it can no longer be answered.",
    ),
    REPLACED: (
        410,
        "This link has been replaced",
        "A reminder was sent with a new link. Use the link in the most recent e-mail.",
    ),
    BAD: (
        404,
        "This link does not work",
        "Check that you copied the whole link from the e-mail. If it still does not work, "
        "reply to the e-mail to ask for a new one.",
    ),
}

#: Lantern has no retention period of its own for survey answers: the partnership's
#: records retention schedule decides (see the report on issue 15).
RETENTION = "for as long as the partnership's retention schedule for training records says"


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    status, heading, body = REFUSALS[reason]
    return render(
        request,
        "training/survey_refused.html",
        {"heading": heading, "body": body},
        status=status,
    )


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_for_token(token)
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    questions = stage_questions(invitation)
    # Not `request.POST or None`: a survey of radios sent with none chosen posts nothing,
    # and must still show what is missing.
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, answers=form.answers())
        except LinkRefused as refused:
            return _refused(request, refused.reason)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("survey:thanks")
    session = invitation.booking.session
    return render(
        request,
        "training/survey_answer.html",
        {
            "form": form,
            "partnership_name": session.course.partnership.name,
            "course": session.course,
            "session": session,
            "stage": invitation.stage,
            "is_manager": invitation.stage == Stage.MANAGER,
            "attendee_name": invitation.booking.name if invitation.stage == Stage.MANAGER else "",
            "anonymous": session.course.anonymous_surveys,
            "closes_at": invitation.expires_at,
            "retention": RETENTION,
        },
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "training/survey_thanks.html")
