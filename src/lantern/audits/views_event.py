"""The audit session and learning event pages. Thin: the rules are in
lantern.audits.events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantern.cases.access import get_case_for_user
from lantern.meetings.services import moved_by_person_sentence
from lantern.web.forms import add_service_errors

from . import events
from .access import audit_of, get_led_audit_for_user, may_lead
from .forms_event import AttendanceForm, EngagementForm, EventForm, InviteForm
from .models import AttendanceStatus, Audit, LearningEvent
from .views import form_page


def _back(reference: str) -> str:
    return reverse("audits:event", args=[reference])


def _event_of(audit: Audit) -> LearningEvent:
    event = LearningEvent.objects.filter(audit=audit).select_related("meeting").first()
    if event is None:
        raise Http404("The learning event has not been arranged.")
    return event


@login_required
def event(request: HttpRequest, reference: str) -> HttpResponse:
    """The event, who was invited and who came (and who did not), and who was heard."""
    case = get_case_for_user(request.user, reference, what="audit learning event")
    audit = audit_of(case)
    found = LearningEvent.objects.filter(audit=audit).select_related("meeting").first()
    invitees = list(found.invitees.select_related("agency")) if found else []
    context = {
        "case": case,
        "audit": audit,
        "event": found,
        "invitees": invitees,
        "not_attended": [i for i in invitees if i.attendance != AttendanceStatus.ATTENDED],
        "engagements": audit.engagements.all(),
        "can_lead": may_lead(request.user, audit),
        "moved": events.event_moved(found) if found else "",
        "moved_by_person": moved_by_person_sentence(found.meeting) if found else "",
    }
    return render(request, "audits/event.html", context)


@login_required
def event_schedule(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    found = LearningEvent.objects.filter(audit=audit).select_related("meeting").first()
    initial = {}
    if found is not None:
        meeting = found.meeting
        initial = {"date": meeting.date, "time": meeting.time, "location": meeting.location}
        initial["programme"] = found.programme
    form = EventForm(request.POST or None, initial=initial, arranged=found is not None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = events.event_schedule(audit=audit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # As meetings do: a date that was not a working day moved, and the page says so.
            moved = events.event_moved(saved)
            messages.success(
                request,
                "The learning event has been arranged." + (f" {moved}." if moved else ""),
            )
            return redirect(_back(reference))
    spec = {
        "title": "Arrange the audit session and learning event",
        "button": "Save the arrangements",
        "intro": "",
    }
    context = {"case": audit.case, "form": form, "spec": spec, "back": _back(reference)}
    return render(request, "audits/form.html", context)


@login_required
def invite(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    found = _event_of(audit)
    form = InviteForm(request.POST or None, partnership=audit.case.partnership)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: events.invitee_add(event=found, user=request.user, **data),
        title="Invite someone to the learning event",
        button="Add the invitee",
        success="The invitee has been added. Send the programme when everyone is invited.",
        back=_back(reference),
        intro="Attendance is required: invite each agency's auditors and leads.",
    )


@login_required
@require_POST
def programme_send(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    try:
        sent = events.programme_send(event=_event_of(audit), user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The programme has been e-mailed to {len(sent)} invitees.")
    return redirect("audits:event", reference=reference)


@login_required
def attendance(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    found = _event_of(audit)
    # Held on the day arranged (events.attendance_save), so that day is offered.
    initial = {"held_on": found.meeting.held_on or found.meeting.date}
    invitees = list(found.invitees.select_related("agency"))
    form = AttendanceForm(request.POST or None, invitees=invitees, initial=initial)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: events.attendance_save(
            event=found, attendance=form.attendance(), held_on=data["held_on"], user=request.user
        ),
        title="Record attendance at the learning event",
        button="Save attendance",
        success="Attendance has been recorded and the learning event marked as held.",
        back=_back(reference),
        intro="Attendance is required: record everyone invited.",
    )


@login_required
def engagement(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    form = EngagementForm(request.POST or None)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: events.engagement_record(audit=audit, user=request.user, **data),
        title="Record the engagement of a child, young person, parent or carer",
        button="Save the engagement",
        success="The engagement has been recorded.",
        back=_back(reference),
    )
