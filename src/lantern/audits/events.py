"""The audit session and learning event: a kernel Meeting (kind "learning_event") on the
audit's case for its date, time and place, with the programme, the invitations (e-mailed
with the programme), attendance, and the children, young people, parents or carers
heard. Attendance is required: everyone invited is recorded as attended, sent apologies
or absent before the event counts as held."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.calendars.attachments import meeting_ref
from lantern.meetings.models import Meeting, MeetingKind
from lantern.meetings.services import (
    AttendanceRow,
    attendance_record,
    held_on_problem,
    meeting_held,
    meeting_move,
    meeting_schedule,
    moved_sentence,
)
from lantern.notifications.models import Notification
from lantern.notifications.services import notify
from lantern.partnerships.models import Agency

from .access import check_lead
from .models import AttendanceStatus, Audit, Engaged, Engagement, Invitee, LearningEvent
from .services import stage_reach, step_happened


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


RECORDED = [AttendanceStatus.ATTENDED, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]


def _check_not_held(event: LearningEvent) -> None:
    if event.meeting.held:
        raise ValidationError("The learning event has been held: record attendance instead.")


def event_schedule(
    *,
    audit: Audit,
    date: datetime.date | None,
    time: datetime.time | None,
    location: str,
    programme: str,
    user: Any,
    reason: str = "",
) -> LearningEvent:
    """Sets (or changes, until it is held) the date, time, place and programme.

    The event is a kernel meeting and is held as meetings are: on a working day (a
    weekend, bank holiday or closure day moves on to the next one, and `event_moved`
    says so), and a change of date is a move, which needs its `reason` (kept with the
    meeting). A learning event held on another day than arranged is moved first."""
    check_lead(user, audit)
    event = LearningEvent.objects.filter(audit=audit).select_related("meeting").first()
    if event is not None:
        _check_not_held(event)
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = "Enter the date of the learning event."
    if not location.strip():
        errors["location"] = "Enter where the learning event is held."
    if not programme.strip():
        errors["programme"] = "Enter the programme: what the session covers, and when."
    if errors:
        raise ValidationError(errors)
    assert date is not None
    with transaction.atomic():
        if event is None:
            meeting = meeting_schedule(
                case=audit.case,
                kind=MeetingKind.LEARNING_EVENT,
                title=f"Audit session and learning event: {audit.theme}"[:200],
                date=date,
                window=None,
                time=time,
                location=location,
            )
            event = LearningEvent.objects.create(
                audit=audit, meeting=meeting, programme=programme.strip()
            )
        else:
            meeting = event.meeting
            arranged = (meeting.date, meeting.time, meeting.location)
            # The date shown is the working day it is held on; the day first asked for
            # (a Saturday, say) is the same arrangement, not a move.
            if date not in (meeting.date, meeting.requested_date):
                if not reason.strip():
                    raise ValidationError(
                        {
                            "reason": "Enter why the date of the learning event changes "
                            f"from {_day(meeting.date)}."
                        }
                    )
                meeting_move(meeting=meeting, date=date, reason=reason, tell_invitees=False)
            meeting.time, meeting.location = time, location.strip()
            meeting.save(update_fields=["time", "location"])
            event.programme = programme.strip()
            event.save(update_fields=["programme"])
            if event.programme_sent_on is not None and arranged != (
                meeting.date,
                meeting.time,
                meeting.location,
            ):
                _programme_notify(event, changed=True)
    return event


def event_moved(event: LearningEvent) -> str:
    """ "19 December 2026 is a Saturday: moved to Monday 21 December 2026, the next working
    day", or "" when the event is on the day asked for (as meetings say it)."""
    moved = moved_sentence(event.meeting)
    return f"{moved}, the next working day" if moved else ""


def _mirror_attendance(event: LearningEvent) -> None:
    """Keeps the kernel meeting's attendance list (who was invited, who came) the same
    as the invitations, so the case's meetings read true."""
    rows: list[AttendanceRow] = [
        {
            "person": invitee.person,
            "name": invitee.name,
            "agency": invitee.agency,
            "attended": invitee.attendance == AttendanceStatus.ATTENDED,
        }
        for invitee in event.invitees.select_related("person", "agency")
    ]
    # Invited by the programme's e-mail (programme_send), not by the kernel's invitation.
    attendance_record(meeting=event.meeting, rows=rows, invite=False)


def invitee_add(
    *,
    event: LearningEvent,
    user: Any,
    person: User | None = None,
    name: str = "",
    email: str = "",
    agency: Agency | None = None,
) -> Invitee:
    """Invites someone with an account, or anyone else by name and e-mail address."""
    audit = event.audit
    check_lead(user, audit)
    _check_not_held(event)
    partnership_id = audit.case.partnership_id
    errors: dict[str, str] = {}
    if person is not None:
        if person.partnership_id != partnership_id or not person.is_active:
            errors["person"] = "Choose someone of this partnership."
        name, email = person.full_name or person.email, person.email
        agency = agency or person.agency
    else:
        if not name.strip():
            errors["name"] = "Choose someone with an account, or enter the name of the invitee."
        if not email.strip():
            errors["email"] = "Enter the invitee's e-mail address."
    if agency is not None and agency.partnership_id != partnership_id:
        errors["agency"] = "Choose an agency of this partnership."
    email = email.strip().lower()
    if email and event.invitees.filter(email=email).exists():
        errors["person" if person is not None else "email"] = f"{email} is already invited."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitee = Invitee.objects.create(
            event=event, person=person, name=name.strip(), email=email, agency=agency
        )
        _mirror_attendance(event)
    return invitee


def programme_send(
    *, event: LearningEvent, user: Any, on: datetime.date | None = None
) -> list[Notification]:
    """E-mails the programme to everyone invited. Step "programme-sent" done; the case
    moves on to the audit and learning event. Sending again (a changed programme) is
    allowed; the step keeps its first date."""
    on = on or timezone.localdate()
    audit = event.audit
    check_lead(user, audit)
    _check_not_held(event)
    invitees = list(event.invitees.select_related("person"))
    if not invitees:
        raise ValidationError("Invite people to the learning event before sending the programme.")
    with transaction.atomic():
        if event.programme_sent_on is None:
            event.programme_sent_on = on
            event.save(update_fields=["programme_sent_on"])
        step_happened(audit, "programme-sent", on)
        stage_reach(audit, "audit")
    return _programme_notify(event, invitees=invitees)


def _programme_notify(
    event: LearningEvent, *, invitees: list[Invitee] | None = None, changed: bool = False
) -> list[Notification]:
    """The programme to everyone invited, with the event as a calendar file (the same
    UID each time, so a changed date or time updates the one event in their calendar)."""
    audit = event.audit
    if invitees is None:
        invitees = list(event.invitees.select_related("person"))
    to: list[Any] = [invitee.person or invitee.email for invitee in invitees]
    what = "Changed" if changed else "Programme"
    return notify(
        to=to,
        subject=f"{what}: audit session and learning event, {audit.theme}",
        template="audits/email/programme.txt",
        context={"audit": audit, "event": event, "meeting": event.meeting, "changed": changed},
        case=audit.case,
        kind="audit_programme",
        calendar_event=meeting_ref(event.meeting_id),
    )


def attendance_save(
    *, event: LearningEvent, attendance: dict[int, str], held_on: datetime.date | None, user: Any
) -> LearningEvent:
    """Records who attended, sent apologies or was absent (everyone invited) and the day
    the event was held. The kernel marks the meeting held, which marks the "audit" step
    done and moves the case on to the findings and report (see on_event_held)."""
    audit = event.audit
    check_lead(user, audit)
    invitees = list(event.invitees.all())
    errors: dict[str, Any] = {}
    if event.programme_sent_on is None:
        errors["__all__"] = "Send the programme to the invitees before recording attendance."
    for invitee in invitees:
        if attendance.get(invitee.pk) not in RECORDED:
            errors[f"invitee_{invitee.pk}"] = f"Say whether {invitee.name} attended."
    if invitees and not errors and AttendanceStatus.ATTENDED not in attendance.values():
        errors["__all__"] = "Nobody attended: record the event when it has been held."
    if held_on is None:
        errors["held_on"] = "Enter the date the learning event was held."
    elif problem := held_on_problem(
        event.meeting,
        held_on,
        what="learning event",
        move="change the arrangements to that day first, saying why",
    ):
        # Held on the day arranged, once it has come: not before it (found on a walk).
        errors["held_on"] = problem
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    with transaction.atomic():
        for invitee in invitees:
            if invitee.attendance != attendance[invitee.pk]:
                invitee.attendance = attendance[invitee.pk]
                invitee.save(update_fields=["attendance"])
        _mirror_attendance(event)
        meeting_held(meeting=event.meeting, held_on=held_on, minutes=event.meeting.minutes)
    return event


def on_event_held(meeting: Meeting) -> None:
    """The kernel's hook (lantern.meetings.rules) when a macfa case's meeting is held."""
    event = LearningEvent.objects.filter(meeting=meeting).select_related("audit__case").first()
    if event is not None and meeting.held_on is not None:
        step_happened(event.audit, "audit", meeting.held_on)
        stage_reach(event.audit, "report")


def engagement_record(
    *,
    audit: Audit,
    who: str,
    how: str,
    what_they_said: str,
    engaged_on: datetime.date | None,
    user: Any,
) -> Engagement:
    """A child, young person, parent or carer heard for the audit."""
    check_lead(user, audit)
    errors: dict[str, str] = {}
    if who not in Engaged.values:
        errors["who"] = "Choose who was engaged."
    if not how.strip():
        errors["how"] = "Enter how they were engaged."
    if not what_they_said.strip():
        errors["what_they_said"] = "Enter what they said."
    if engaged_on is None:
        errors["engaged_on"] = "Enter the date they were engaged."
    elif engaged_on > timezone.localdate():
        errors["engaged_on"] = "The date they were engaged can't be in the future."
    if errors:
        raise ValidationError(errors)
    assert engaged_on is not None
    with transaction.atomic():
        return Engagement.objects.create(
            audit=audit,
            who=who,
            how=how.strip(),
            what_they_said=what_they_said.strip(),
            engaged_on=engaged_on,
            recorded_by=user,
        )
