import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from lantern.access.policy import Perm, can
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.documents.selectors import documents_for_user
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list
from lantern.web.versioning import EditConflict

from . import services
from .access import can_see_papers, get_meeting, is_independent_chair
from .forms import (
    AttendanceForm,
    DecisionForm,
    EndorseForm,
    HeldEditForm,
    MeetingFilterForm,
    MoveForm,
    NotHeldForm,
    ScheduleForm,
)
from .models import Meeting, MeetingKind
from .quorum import join_names, partners_needed, quorum_gaps
from .rules import rules_for
from .selectors import (
    MEETING_ORDERINGS,
    attendance_for_meeting,
    decisions_for_case,
    filter_meetings,
    meetings_for_case,
)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _quorum(meeting: Meeting) -> dict[str, str]:
    """What meetings/_quorum.html needs: who the meeting needs, and who is missing."""
    needed = partners_needed(meeting.case)
    gaps = quorum_gaps(meeting)
    return {
        "quorum_needed": join_names(needed, "and") if needed else "",
        "quorum_gaps": join_names(gaps) if gaps else "",
    }


@login_required
def meeting_list(request: HttpRequest, reference: str) -> HttpResponse:
    # Queries: the count and the page of meetings (quorate and "needs recording" are
    # worked out in that query), then the decisions. None per row.
    case = get_case_for_user(request.user, reference, what="meetings")
    listing = paginate_list(
        request,
        meetings_for_case(case),
        form=MeetingFilterForm(request.GET),
        apply=filter_meetings,
        sorts=MEETING_ORDERINGS,
        default_sort="date",
    )
    context = {
        "case": case,
        "listing": listing,
        "form": listing.form,
        "meetings": listing.items,
        "decisions": decisions_for_case(case),
        "can_schedule_meeting": can(request.user, Perm.CHANGE_CASE, case),
    }
    return render(request, "meetings/index.html", context)


@login_required
def meeting_schedule(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    rules = rules_for(case)
    windows = {kind: rules.window_for(case, kind) for kind in MeetingKind.values}
    form = ScheduleForm(_posted(request), initial={"kind": MeetingKind.RAPID_REVIEW})
    hints = [
        f"A {MeetingKind(kind).label.lower()} should be held from {_day(w[0])} to {_day(w[1])}."
        for kind, w in windows.items()
        if w
    ]
    if hints:
        form.fields["date"].help_text = " ".join(hints)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                case=case,
                title=data["title"],
                kind=data["kind"],
                date=data["date"],
                window=windows.get(data["kind"]),
                outside_window_reason=data["outside_window_reason"],
                time=data["time"],
                location=data["location"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            moved = services.moved_sentence(meeting)
            messages.success(
                request,
                f"{meeting.title} has been scheduled."
                + (f" {moved}, the next working day." if moved else ""),
            )
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    return render(request, "meetings/schedule.html", {"case": case, "form": form})


@login_required
def meeting_detail(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what=f"meeting {meeting_id}")
    meeting = get_meeting(case, meeting_id)
    papers_visible = can_see_papers(request.user, meeting)
    decision = meeting.decisions.select_related("endorsed_by", "recorded_by").first()
    can_change = can(request.user, Perm.CHANGE_CASE, case)
    today = timezone.localdate()
    context = {
        "case": case,
        "meeting": meeting,
        "status": meeting.status_label(today),
        "needs_recording": meeting.needs_recording(today),
        "can_mark_not_held": can_change
        and not meeting.held
        and not meeting.not_held
        and meeting.date <= today
        and decision is None,
        "moved": services.moved_sentence(meeting),
        "moved_by_person": services.moved_by_person_sentence(meeting),
        "attendance": attendance_for_meeting(meeting),
        **_quorum(meeting),
        "can_see_papers": papers_visible,
        "papers": documents_for_user(request.user, case).filter(meeting=meeting)
        if papers_visible
        else [],
        "decision": decision,
        "can_change": can_change,
        "can_decide": can_change
        and bool(rules_for(case).decision_choices)
        and not decision
        and meeting.held,  # a decision is recorded once the meeting is recorded as held
        "can_endorse": decision is not None
        and decision.endorsed_on is None
        and case.partnership.has_independent_chair
        and is_independent_chair(request.user),
    }
    return render(request, "meetings/detail.html", context)


@login_required
def meeting_attendance(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    meeting = get_meeting(case, meeting_id)
    memberships = list(case.memberships.select_related("person__agency", "agency"))
    form = AttendanceForm(
        _posted(request),
        case=case,
        memberships=memberships,
        rows=list(meeting.attendance.select_related("agency")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, rows=form.rows())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The attendance has been saved.")
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    return render(
        request, "meetings/attendance.html", {"case": case, "meeting": meeting, "form": form}
    )


@login_required
def meeting_held(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    meeting = get_meeting(case, meeting_id)
    initial = {
        "held_on": meeting.held_on or meeting.date,
        "minutes": meeting.minutes,
        "actions": meeting.actions,
    }
    form = HeldEditForm(_posted(request), initial=initial, record=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_held(meeting=meeting, **form.answers(), **form.versioned())
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, "The meeting has been recorded as held.")
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    context = {
        "case": case,
        "meeting": meeting,
        "form": form,
        "can_move": not meeting.held and not meeting.decisions.exists(),
    }
    return render(request, "meetings/held.html", context)


@login_required
def meeting_move(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    """Move a meeting not yet recorded to another day, saying why (services.meeting_move)."""
    case = get_rw_case_for_user(request.user, reference)
    meeting = get_meeting(case, meeting_id)
    form = MoveForm(_posted(request), initial={"date": meeting.date})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(
                meeting=meeting,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                window=rules_for(case).window_for(case, meeting.kind),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            moved = services.moved_sentence(meeting)
            messages.success(
                request,
                f"The meeting has been moved to {_day(meeting.date)}."
                + (f" {moved}, the next working day." if moved else ""),
            )
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    return render(request, "meetings/move.html", {"case": case, "meeting": meeting, "form": form})


@login_required
def meeting_not_held(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    meeting = get_meeting(case, meeting_id)
    form = NotHeldForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_not_held(
                meeting=meeting, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting has been recorded as not held.")
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    return render(
        request, "meetings/not_held.html", {"case": case, "meeting": meeting, "form": form}
    )


@login_required
def decision_record(request: HttpRequest, reference: str, meeting_id: int) -> HttpResponse:
    case = get_rw_case_for_user(request.user, reference)
    meeting = get_meeting(case, meeting_id)
    choices = rules_for(case).decision_choices
    if not choices:
        raise Http404("This pathway records no decision at a meeting.")
    form = DecisionForm(
        _posted(request), choices=choices, subject_kind=case.pathway_def.subject_kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                meeting=meeting, choices=choices, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The decision has been recorded.")
            return redirect("meetings:detail", reference=case.reference, meeting_id=meeting.pk)
    context = {"case": case, "meeting": meeting, "form": form, **_quorum(meeting)}
    return render(request, "meetings/decision.html", context)


@login_required
def decision_endorse(request: HttpRequest, reference: str, decision_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what=f"decision {decision_id}")
    if not is_independent_chair(request.user):
        raise PermissionDenied("Only the Independent Chair can endorse a decision.")
    decision = get_object_or_404(
        case.decisions.select_related("meeting", "recorded_by"), pk=decision_id
    )
    form = EndorseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_endorse(decision=decision, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "You have endorsed the decision.")
            if decision.meeting_id:
                return redirect(
                    "meetings:detail", reference=case.reference, meeting_id=decision.meeting_id
                )
            return redirect("meetings:list", reference=case.reference)
    return render(
        request, "meetings/endorse.html", {"case": case, "decision": decision, "form": form}
    )
