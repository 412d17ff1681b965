"""Writes to meetings, attendance and decisions. Each validates first, then writes in one
transaction."""

import datetime
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case
from lantern.clock.engine import WorkingCalendar
from lantern.clock.models import ClosureDay
from lantern.clock.selectors import working_calendar
from lantern.partnerships.models import Agency
from lantern.web.versioning import save_versioned

from .access import is_independent_chair
from .invitations import invitations_send, invitees_tell_moved
from .models import Attendance, Decision, Meeting, MeetingKind
from .quorum import quorum_problem
from .rules import Choices, Window, rules_for


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


class AttendanceRow(TypedDict, total=False):
    person: Any  # a User, or None for someone without an account
    name: str
    agency: Agency | None
    role: str
    attended: bool


def why_moved(calendar: WorkingCalendar, day: datetime.date) -> str:
    """Why a meeting cannot be on `day`, in words ("a Sunday"); "" on a working day."""
    why = calendar.why_not_working(day)
    return f"a {why}" if why and not why.startswith("a ") else why


def moved_sentence(meeting: Meeting) -> str:
    """ "3 January 2027 is a Sunday: moved to Monday 4 January 2027", or "" if not moved."""
    if meeting.requested_date is None:
        return ""
    return (
        f"{_day(meeting.requested_date)} is {meeting.moved_because}: "
        f"moved to {meeting.date:%A} {_day(meeting.date)}"
    )


def moved_by_person_sentence(meeting: Meeting) -> str:
    """ "Moved from 21 December 2026 to 3 December 2026: …why", or "" if nobody moved it."""
    if meeting.moved_from is None:
        return ""
    return f"Moved from {_day(meeting.moved_from)} to {_day(meeting.date)}: {meeting.moved_reason}"


def held_on_problem(
    meeting: Meeting,
    held_on: datetime.date,
    *,
    what: str = "meeting",
    move: str = "move the meeting to that day first, saying why",
) -> str:
    """Why `held_on` cannot be the day the meeting was held; "" if it can.

    A meeting is held on the day it is arranged for: not before it, not in the future,
    and not on another day unless it was moved there first (meeting_move, which records
    why). Otherwise the timetable would read "done on time" for a meeting recorded
    before the date it was even arranged for.
    """
    if held_on > timezone.localdate():
        return f"The date the {what} was held can't be in the future."
    if held_on == meeting.date:
        return ""
    return (
        f"The {what} was arranged for {_day(meeting.date)}, so it is recorded as held on "
        f"that day. If it was held on {_day(held_on)} instead, {move}."
    )


def working_day_for(partnership_id: int, day: datetime.date) -> tuple[datetime.date, str]:
    """The day a meeting asked for on `day` is held, and why it moved ("" if it did not)."""
    calendar = working_calendar(partnership_id)
    because = why_moved(calendar, day)
    if because == "a closure day":
        closure = ClosureDay.objects.filter(partnership_id=partnership_id, date=day).first()
        because = f"a closure day ({closure.reason})"[:100] if closure else because
    return calendar.next_working_day(day), because


def meeting_schedule(
    *,
    case: Case,
    title: str,
    kind: str,
    date: datetime.date,
    window: Window | None,
    outside_window_reason: str = "",
    time: datetime.time | None = None,
    location: str = "",
) -> Meeting:
    """Schedule a meeting. `window` (earliest, latest) comes from the statutory clock;
    a date outside it needs a reason.

    Meetings are held on working days: a date on a weekend, bank holiday or the
    partnership's closure day moves to the next working day, and the meeting keeps the
    date asked for and why (see `moved_sentence`). The window is checked on the date
    the meeting will really be held.
    """
    errors: dict[str, str] = {}
    reason = outside_window_reason.strip()
    requested = date
    date, because = working_day_for(case.partnership_id, requested)
    if not title.strip():
        errors["title"] = "Enter a title for the meeting."
    if kind not in MeetingKind.values:
        errors["kind"] = "Choose what kind of meeting this is."
    outside = window is not None and not (window[0] <= date <= window[1])
    if outside and not reason:
        assert window is not None
        when = _day(date)
        if because:
            when = f"{_day(requested)} is {because}, so the meeting moves to {when}, which"
        errors["outside_window_reason"] = (
            f"{when} is outside the window for this meeting "
            f"({_day(window[0])} to {_day(window[1])}). Choose a date inside it, "
            "or give the reason for meeting outside it."
        )
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        case=case,
        kind=kind,
        title=title.strip(),
        date=date,
        time=time,
        location=location.strip(),
        outside_window_reason=reason if outside else "",
        requested_date=requested if because else None,
        moved_because=because,
    )
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
    return meeting


def meeting_reschedule(
    *,
    meeting: Meeting,
    date: datetime.date,
    time: datetime.time | None = None,
    location: str = "",
) -> Meeting:
    """Move a meeting not yet held to another day, on the same working-day rule as
    `meeting_schedule` (for pathways that let their meetings be rearranged). Everyone
    invited is told, with the calendar event updated."""
    if meeting.held or meeting.not_held or meeting.decisions.exists():
        raise ValidationError("This meeting is already recorded, so its date cannot change.")
    held_on, because = working_day_for(meeting.case.partnership_id, date)
    meeting.date, meeting.time, meeting.location = held_on, time, location.strip()
    meeting.requested_date, meeting.moved_because = (date if because else None), because
    with transaction.atomic():
        meeting.save()
        invitees_tell_moved(meeting)
    return meeting


def meeting_move(
    *,
    meeting: Meeting,
    date: datetime.date,
    reason: str,
    window: Window | None = None,
    tell_invitees: bool = True,
) -> Meeting:
    """A person moves a meeting not yet recorded to another day, saying why: it will be,
    or was, held on another day than it was arranged for. The day it was arranged for
    and the reason are kept (`moved_by_person_sentence`), the move is on the audit trail,
    and a move outside the meeting's `window` keeps the reason as the reason for that.
    A weekend, bank holiday or closure day moves on to the next working day, as when
    scheduling. Everyone invited is e-mailed the new date with the calendar event
    updated (unless `tell_invitees` is False: the caller tells them itself)."""
    errors: dict[str, str] = {}
    if meeting.held or meeting.not_held or meeting.decisions.exists():
        errors["__all__"] = "This meeting is already recorded, so its date cannot change."
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Enter why the meeting is moved."
    held_on, because = working_day_for(meeting.case.partnership_id, date)
    if not errors and held_on == meeting.date:
        errors["date"] = f"The meeting is already arranged for {_day(held_on)}."
    if errors:
        raise ValidationError(errors)
    outside = window is not None and not (window[0] <= held_on <= window[1])
    meeting.moved_from = meeting.moved_from or meeting.date  # the day first arranged
    meeting.moved_reason = reason
    meeting.date = held_on
    meeting.requested_date, meeting.moved_because = (date if because else None), because
    if outside and not meeting.outside_window_reason:
        meeting.outside_window_reason = reason
    fields = ["date", "moved_from", "moved_reason", "requested_date", "moved_because"]
    with transaction.atomic():
        save_versioned(meeting, [*fields, "outside_window_reason"], version=None)
        if tell_invitees:
            invitees_tell_moved(meeting)
    return meeting


def _attendance_problems(meeting: Meeting, rows: list[AttendanceRow]) -> list[str]:
    problems = []
    partnership_id = meeting.case.partnership_id
    seen: set[int] = set()
    for row in rows:
        person, agency = row.get("person"), row.get("agency")
        if person is None and not row.get("name", "").strip():
            problems.append("Enter the name of everyone invited who is not on the case.")
        if person is not None:
            if person.partnership_id != partnership_id:
                problems.append("Choose people from this partnership.")
            if person.pk in seen:
                problems.append(f"{person} is on the list twice.")
            seen.add(person.pk)
        if agency is not None and agency.partnership_id != partnership_id:
            problems.append("Choose agencies from this partnership.")
    if meeting.decisions.exists():
        problems.append(
            "A decision has been recorded at this meeting, so who attended can no longer change."
        )
    # The list doubles as the invitations, made before the meeting; who *attended* is
    # known only once it has happened.
    if meeting.date > timezone.localdate() and any(row.get("attended") for row in rows):
        problems.append(
            f"The meeting is on {_day(meeting.date)}: who attended can be recorded once it "
            "has happened. Until then, record who is invited."
        )
    return list(dict.fromkeys(problems))


def attendance_record(
    *, meeting: Meeting, rows: list[AttendanceRow], invite: bool = True
) -> list[Attendance]:
    """Replace who was invited to the meeting and who attended, as one change. Before
    the meeting, people with an account added to the list are e-mailed an invitation
    and those taken off a cancellation, each with the calendar file (unless `invite`
    is False: the caller invites them itself, as the learning event's programme does)."""
    problems = _attendance_problems(meeting, rows)
    if problems:
        raise ValidationError(problems)
    before = set(meeting.attendance.filter(person__isnull=False).values_list("person", flat=True))
    with transaction.atomic():
        for old in meeting.attendance.all():
            old.delete()  # one by one, so the audit trail records each
        created = []
        for row in rows:
            person = row.get("person")
            attendance = Attendance(
                meeting=meeting,
                person=person,
                name=(row.get("name") or "").strip() or (str(person) if person else ""),
                agency=row.get("agency"),
                role=(row.get("role") or "").strip(),
                attended=bool(row.get("attended")),
            )
            attendance.save()
            created.append(attendance)
        if invite:
            people = [a.person for a in created if a.person is not None]
            invitations_send(meeting, before=before, after=people)
    return created


def meeting_held(
    *,
    meeting: Meeting,
    held_on: datetime.date,
    minutes: str,
    actions: str = "",
    version: int | None = None,
    seen: dict[str, str] | None = None,
) -> Meeting:
    """Record the meeting as held, with its minutes and actions (and correct them later).
    Made from an older `version`, it raises lantern.web.versioning.EditConflict and saves
    nothing (issue 12, item 12)."""
    problem = held_on_problem(meeting, held_on)
    if problem:
        raise ValidationError({"held_on": problem})
    meeting.held = True
    # Recording it as held corrects an earlier "not held"; the audit trail keeps that.
    meeting.not_held_reason, meeting.not_held_by, meeting.not_held_at = "", None, None
    meeting.held_on = held_on
    meeting.minutes = minutes.strip()
    meeting.actions = actions.strip()
    fields = ["held", "not_held_reason", "not_held_by", "not_held_at", "held_on"]
    with transaction.atomic():
        save_versioned(meeting, [*fields, "minutes", "actions"], version=version, seen=seen)
        hook = rules_for(meeting.case).on_held
        if hook:
            hook(meeting)
    return meeting


def meeting_not_held(*, meeting: Meeting, reason: str, user: Any) -> Meeting:
    """Record that a meeting whose day has come was not held, why, and who said so."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors.setdefault("reason", []).append("Enter why the meeting was not held.")
    if meeting.date > timezone.localdate():
        errors.setdefault("__all__", []).append(
            f"The meeting is on {_day(meeting.date)}: it can be marked not held once that "
            "day has come."
        )
    if meeting.held:
        errors.setdefault("__all__", []).append(
            f"This meeting is recorded as held on {_day(meeting.held_on or meeting.date)}."
        )
    if meeting.decisions.exists():
        errors.setdefault("__all__", []).append(
            "A decision has been recorded at this meeting, so it was held."
        )
    if errors:
        raise ValidationError(errors)
    meeting.not_held_reason = reason.strip()
    meeting.not_held_by = user
    meeting.not_held_at = timezone.now()
    # Bumps the version too: a "held" form opened before this is refused, not silently
    # turning the meeting back into one held (issue 12, item 12).
    fields = ["not_held_reason", "not_held_by", "not_held_at"]
    save_versioned(meeting, fields, version=None)
    return meeting


def decision_record(
    *,
    meeting: Meeting,
    kind: str,
    choices: Choices,
    rationale: str,
    immediate_actions: str,
    user: Any,
) -> Decision:
    """Record what a quorate meeting decided. `choices` are the pathway's own (see rules)."""
    labels = dict(choices)
    errors: dict[str, list[str]] = {}
    if kind not in labels:
        errors.setdefault("kind", []).append("Choose what the meeting decided.")
    if not rationale.strip():
        errors.setdefault("rationale", []).append("Enter the rationale for the decision.")
    problem = quorum_problem(meeting)
    if problem:
        errors.setdefault("__all__", []).append(problem)
    if meeting.decisions.exists():
        errors.setdefault("__all__", []).append("This meeting's decision is already recorded.")
    if meeting.not_held:
        errors.setdefault("__all__", []).append(
            "This meeting is recorded as not held, so it cannot record a decision."
        )
    elif not meeting.held:
        # A decision is made at a meeting that happened: record it as held first (its
        # date and who attended, which the quorum is counted from).
        errors.setdefault("__all__", []).append(
            "Record that the meeting was held, and who attended, before recording its decision."
        )
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        case=meeting.case,
        meeting=meeting,
        kind=kind,
        kind_label=labels[kind],
        rationale=rationale.strip(),
        immediate_actions=immediate_actions.strip(),
        decided_on=meeting.held_on or meeting.date,
        recorded_by=user,
    )
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        hook = rules_for(meeting.case).on_decided
        if hook:
            hook(decision)
    return decision


def decision_endorse(*, decision: Decision, user: Any) -> Decision:
    """The Independent Chair endorses a decision, where the partnership has one."""
    case = decision.case
    if not case.partnership.has_independent_chair:
        raise ValidationError(
            "This partnership has no Independent Chair, so its decisions are not endorsed."
        )
    if not is_independent_chair(user) or user.partnership_id != case.partnership_id:
        raise ValidationError("Only the partnership's Independent Chair can endorse a decision.")
    if decision.endorsed_on is not None:
        raise ValidationError(f"This decision was endorsed on {_day(decision.endorsed_on)}.")
    decision.endorsed_by = user
    decision.endorsed_on = timezone.localdate()
    with transaction.atomic():
        decision.save()
    return decision
