"""Reminding the team that the adult or advocate is due an update on a delayed SAR.

Once the notice of delay has gone, an update is due every four weeks. On or after that
date the case's lead and chair (or, if it has none, the partnership's Business
Managers) are e-mailed once; recording the update moves the date on.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from lantern.accounts.models import Role, User
from lantern.cases.models import Capacity
from lantern.notifications.services import notify

from .models import Sar


@dataclass(frozen=True)
class UpdateReminder:
    sar: Sar
    to: list[User]

    def describe(self) -> str:
        names = ", ".join(p.email for p in self.to) or "nobody"
        return (
            f"{self.sar.case.reference}: update due {self.sar.next_update_due:%d %b %Y} → {names}"
        )


def _team(sar: Sar) -> list[User]:
    case = sar.case
    team = list(
        User.objects.filter(
            is_active=True,
            case_memberships__case=case,
            case_memberships__capacity__in=[Capacity.LEAD, Capacity.CHAIR],
        ).distinct()
    )
    if not team:
        team = list(
            User.objects.filter(
                is_active=True,
                partnership_id=case.partnership_id,
                role_assignments__role=Role.BUSINESS_MANAGER,
            ).distinct()
        )
    return team


def update_reminders_plan(*, today: datetime.date) -> list[UpdateReminder]:
    due = (
        Sar.objects.select_related("case")
        .filter(next_update_due__lte=today, published_on__isnull=True, case__status="open")
        .order_by("next_update_due")
    )
    return [
        UpdateReminder(sar, _team(sar))
        for sar in due
        if sar.update_reminded_on is None or sar.update_reminded_on < sar.next_update_due
    ]


def update_reminders_send(*, today: datetime.date, dry_run: bool = True) -> list[UpdateReminder]:
    plans = update_reminders_plan(today=today)
    if dry_run:
        return plans
    for plan in plans:
        if not plan.to:
            continue
        with transaction.atomic():
            Sar.objects.filter(pk=plan.sar.pk).update(update_reminded_on=today)
        notify(
            to=plan.to,
            subject=f"{plan.sar.case.reference}: the adult or advocate is due an update",
            template="adults/email/update_due.txt",
            context={"sar": plan.sar},
            case=plan.sar.case,
            kind="sar_update_due",
        )
    return plans
