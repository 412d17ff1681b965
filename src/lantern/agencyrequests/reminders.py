"""Reminders to agencies: once shortly before the due date, then daily while overdue.

Run every day by `lantern send-reminders --send`. A person is reminded of a request at
most once a day (the Reminder rows say who has been), so running it twice is harmless.
Overdue reminders also go to the case's leads, who need to know who is late. An action
update is also chased with the action's owner.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from lantern.notifications.services import notify

from .models import AgencyRequest, Reminder, ReminderKind
from .selectors import case_contacts
from .services import request_link


@dataclass(frozen=True)
class PlannedReminder:
    request: AgencyRequest
    kind: str  # a ReminderKind
    recipients: list[Any]  # people; empty when the case has nobody to remind
    days_overdue: int = 0
    #: Of the recipients, those told only because they lead the case (when overdue).
    leads: list[Any] = field(default_factory=list)

    def describe(self) -> str:
        r = self.request
        when = (
            f"{self.days_overdue} day{'s' if self.days_overdue != 1 else ''} overdue"
            if self.kind == ReminderKind.AFTER
            else f"due {r.due:%d %b %Y}"
        )
        to = ", ".join(p.email for p in self.recipients) or "nobody to remind"
        return f"{r.case.reference} · {r.agency} · {r.title} ({when}) → {to}"


def _already_reminded(requests: list[AgencyRequest], today: datetime.date) -> set[tuple]:
    """(request id, kind, address): 'before' reminders ever sent, 'after' ones sent today."""
    sent = Reminder.objects.filter(request__in=requests).filter(
        Q(kind=ReminderKind.BEFORE) | Q(kind=ReminderKind.AFTER, sent_on=today)
    )
    return set(sent.values_list("request_id", "kind", "to"))


def reminders_plan(*, today: datetime.date, before_days: int = 2) -> list[PlannedReminder]:
    """The reminders due today. Three queries, however many requests."""
    requests = list(
        AgencyRequest.objects.live()
        .filter(due__lte=today + datetime.timedelta(before_days))
        .select_related("case__partnership", "agency", "action__owner")
        .order_by("due", "case__reference", "agency__name")
    )
    done = _already_reminded(requests, today)
    contacts = case_contacts({r.case_id for r in requests})
    plans = []
    for request in requests:
        people = contacts[request.case_id].for_agency(request.agency_id)
        if request.action is not None and request.action.owner.is_active:
            people.append(request.action.owner)  # answers for the action, on the case or not
        answering = {p.email.lower() for p in people}
        if request.due < today:
            kind = ReminderKind.AFTER
            people += contacts[request.case_id].leads
        elif request.due > today and request.sent_on < today:
            kind = ReminderKind.BEFORE
        else:  # due today, or sent today: the request itself is reminder enough
            continue
        if not people:
            plans.append(PlannedReminder(request, kind, []))
            continue
        unique = {p.email.lower(): p for p in people}
        to = [p for email, p in unique.items() if (request.pk, kind, email) not in done]
        if to:
            overdue = (today - request.due).days if kind == ReminderKind.AFTER else 0
            leads = [p for p in to if p.email.lower() not in answering]
            plans.append(PlannedReminder(request, kind, to, overdue, leads))
    return plans


def _send(plan: PlannedReminder, today: datetime.date) -> None:
    request = plan.request
    overdue = plan.kind == ReminderKind.AFTER
    subject = f"{'Overdue' if overdue else 'Reminder'}: {request.title} ({request.case.reference})"
    context = {"request": request, "plan": plan, "link": request_link(request)}
    answering = [p for p in plan.recipients if p not in plan.leads]
    messages = []
    for to, template in ((answering, plan.kind), (plan.leads, f"{plan.kind}_lead")):
        if to:
            messages += notify(
                to=to,
                subject=subject,
                template=f"agencyrequests/email/reminder_{template}.txt",
                context=context,
                case=request.case,
                kind=f"reminder_{plan.kind}",
            )
    for message in messages:
        # A message the server refused is tried again on the next run.
        if not message.failed:
            Reminder.objects.create(
                request=request, kind=plan.kind, sent_on=today, to=message.to_email
            )


def reminders_send(
    *, today: datetime.date, before_days: int = 2, dry_run: bool = True
) -> list[PlannedReminder]:
    """Plans today's reminders and, unless `dry_run`, e-mails them. Returns the plan."""
    plans = reminders_plan(today=today, before_days=before_days)
    if not dry_run:
        for plan in plans:
            with transaction.atomic():
                _send(plan, today)
    return plans
