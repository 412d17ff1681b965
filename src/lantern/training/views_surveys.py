"""The signed-in survey pages: the questions, the survey timescales, and one session's
surveys (who was asked and whether they answered; never what they answered)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.access.policy import can_manage_training
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict

from . import questions as question_services
from . import selectors_surveys as selectors
from .access import get_course_for_user, get_session_for_user, require_manage, require_read
from .forms_surveys import QuestionForm, SettingsForm, course_choices
from .models import Stage, SurveyQuestion
from .questions import ensure_standard_questions
from .services_surveys import SETTINGS_FIELDS, training_settings_save
from .surveys import settings_for


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_read(user)
    can_manage = can_manage_training(user)
    if can_manage:
        ensure_standard_questions(user.partnership_id)
    standard = list(selectors.standard_questions(user.partnership_id))
    return render(
        request,
        "training/questions.html",
        {
            "stages": [(stage, [q for q in standard if q.stage == stage.value]) for stage in Stage],
            "courses": selectors.courses_with_questions(user.partnership_id),
            "can_manage": can_manage,
        },
    )


def _question_for_user(user: Any, pk: int) -> SurveyQuestion:
    require_manage(user)
    question = (
        SurveyQuestion.objects.filter(partnership_id=user.partnership_id, pk=pk)
        .select_related("course")
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    return question


@login_required
def question_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manage(user)
    course = None
    course_pk = request.GET.get("course", "")
    if course_pk:
        if not course_pk.isdigit():
            raise Http404("No such course.")
        course = get_course_for_user(user, int(course_pk), change=True)
    form = QuestionForm(
        request.POST or None,
        initial={"required": True, "is_active": True, "order": 10, "measure": "other"},
        courses=None if course else course_choices(user.partnership_id),
    )
    if request.method == "POST" and form.is_valid():
        content = dict(form.cleaned_data)
        chosen = content.pop("course", "")
        if chosen:
            course = get_course_for_user(user, int(chosen), change=True)
        try:
            question_services.question_create(user=user, course=course, **content)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question is added.")
            return redirect("training:questions")
    return render(
        request,
        "training/questions_form.html",
        {"form": form, "course": course, "heading": "Add a question", "button": "Add"},
    )


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    question = _question_for_user(user, pk)
    answered = question_services.question_answered(question)
    initial = {name: getattr(question, name) for name in question_services.QUESTION_FIELDS}
    form = QuestionForm(request.POST or None, initial=initial, locked=answered)
    if request.method == "POST" and form.is_valid():
        try:
            question_services.question_update(user=user, question=question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question is saved.")
            return redirect("training:questions")
    return render(
        request,
        "training/questions_form.html",
        {
            "form": form,
            "course": question.course,
            "question": question,
            "answered": answered,
            "heading": "Change a question",
            "button": "Save",
        },
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    question = _question_for_user(user, pk)
    done = question_services.question_remove(user=user, question=question)
    messages.success(
        request,
        "The question is deleted."
        if done == "deleted"
        else "The question has answers, so it is retired: it is no longer asked and its "
        "answers are kept.",
    )
    return redirect("training:questions")


@login_required
def settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manage(user)
    current = settings_for(user.partnership_id)
    form = SettingsForm(
        request.POST or None,
        initial={name: getattr(current, name) for name in SETTINGS_FIELDS},
        record=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            training_settings_save(user=user, values=form.answers(), **form.versioned())
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "The survey timescales are saved.")
            return redirect("training:settings")
    return render(request, "training/settings.html", {"form": form})


@login_required
def surveys(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = get_session_for_user(user, pk)
    can_manage = can_manage_training(user)
    anonymous = session.course.anonymous_surveys
    return render(
        request,
        "training/surveys.html",
        {
            "session": session,
            "counts": selectors.session_stage_counts(session),
            "invitations": selectors.session_invitations(session)
            if can_manage and not anonymous
            else None,
            "anonymous": anonymous,
            "can_manage": can_manage,
            "now": timezone.now(),
        },
    )
