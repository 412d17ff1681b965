"""Reminders of a case's steps (tool devised, cases selected, report due…): e-mailed to
whoever runs the case a few days before a step is due, and on the first day it is overdue
and weekly after that, until it is done. Requests to agencies have reminders of their own
(lantern.agencyrequests.reminders); these are for the steps the case's leads must take."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse

from lantern.access.policy import ROLE_PERMS, Access, Perm, capacity_access
from lantern.accounts.models import User
from lantern.cases.models import CaseMembership, CaseStatus
from lantern.notifications.services import lantern_link, notify

from .models import CaseStep

BEFORE_DAYS = 3
OVERDUE_EVERY_DAYS = 7


@dataclass
class StepReminder:
    step: CaseStep
    overdue: bool
    recipients: list[Any] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.step.case.reference}: {self.step.title} (due {self.step.due:%Y-%m-%d})"


def _wanted(step: CaseStep, today: datetime.date, before_days: int) -> bool | None:
    """True: remind as overdue; False: remind as due soon; None: no reminder today."""
    last = step.reminded_on
    if step.due < today:
        if (
            last is None
            or last <= step.due  # reminded only while it was not yet overdue
            or last <= today - datetime.timedelta(days=OVERDUE_EVERY_DAYS)
        ):
            return True
        return None
    if step.due - today <= datetime.timedelta(days=before_days):
        window_opened = step.due - datetime.timedelta(days=before_days)
        return False if last is None or last < window_opened else None
    return None


def _leads(case_ids: set[int]) -> dict[int, list[Any]]:
    """Each case's managing members; the Business Unit where a case has none."""
    leads: dict[int, list[Any]] = {i: [] for i in case_ids}
    memberships = CaseMembership.objects.filter(case_id__in=case_ids).select_related("person")
    for membership in memberships:
        if capacity_access(membership.capacity) >= Access.MANAGE and membership.person.is_active:
            leads[membership.case_id].append(membership.person)
    return leads


def _business_unit(partnership_ids: set[int]) -> dict[int, list[Any]]:
    roles = [r for r, perms in ROLE_PERMS.items() if Perm.CHANGE_ALL_CASES in perms]
    people = User.objects.filter(
        partnership_id__in=partnership_ids, is_active=True, role_assignments__role__in=roles
    ).distinct()
    found: dict[int, list[Any]] = {i: [] for i in partnership_ids}
    for person in people:
        if person.partnership_id is not None:  # filtered above; says so to the type checker
            found[person.partnership_id].append(person)
    return found


def step_reminders_plan(
    *, today: datetime.date, before_days: int = BEFORE_DAYS
) -> list[StepReminder]:
    steps = (
        CaseStep.objects.filter(
            done_on__isnull=True, paused_on__isnull=True, case__status=CaseStatus.OPEN
        )
        .filter(due__lte=today + datetime.timedelta(days=before_days))
        .select_related("case__partnership")
        .order_by("due", "case__reference", "order")
    )
    plans = [
        StepReminder(step, overdue=wanted)
        for step in steps
        if (wanted := _wanted(step, today, before_days)) is not None
    ]
    leads = _leads({p.step.case_id for p in plans})
    unit = _business_unit({p.step.case.partnership_id for p in plans})
    for plan in plans:
        plan.recipients = leads[plan.step.case_id] or unit[plan.step.case.partnership_id]
    return plans


def step_reminders_send(
    *, today: datetime.date, before_days: int = BEFORE_DAYS, dry_run: bool = True
) -> list[StepReminder]:
    plans = step_reminders_plan(today=today, before_days=before_days)
    if dry_run:
        return plans
    for plan in plans:
        if not plan.recipients:
            continue
        step, case = plan.step, plan.step.case
        state = "overdue" if plan.overdue else "due soon"
        with transaction.atomic():
            notify(
                to=plan.recipients,
                subject=f"{case.reference}: {step.title} is {state}",
                template="clock/email/step_reminder.txt",
                context={
                    "step": step,
                    "overdue": plan.overdue,
                    "days": abs((step.due - today).days),
                    "link": lantern_link(reverse("cases:detail", args=[case.reference])),
                },
                kind="step_overdue" if plan.overdue else "step_due_soon",
                case=case,
            )
            step.reminded_on = today
            step.save(update_fields=["reminded_on"])
    return plans
