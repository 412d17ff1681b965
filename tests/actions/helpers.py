"""An action plan on the cast's case, with everyone the tracker's rules name: the
monitoring group's chair and a member, the lead agency's safeguarding lead and the
action's owner. Dates count from today (the services refuse past dates)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import Action, Recommendation
from lantern.actions.services import (
    NewEvidence,
    action_create,
    action_update_record,
    finding_create,
    recommendation_create,
)
from lantern.clock.engine import ENGLAND
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, GroupFactory, UserFactory
from tests.files import PDF

TEXT = (
    "Children's social care and the hospital trust agree a written protocol for sharing "
    "discharge plans for infants under one within 24 hours of discharge."
)
MEASURE = "An audit of ten discharges shows plans shared within 24 hours in nine."
LINK = "https://intranet.example.org/protocol"


@dataclass
class Plan:
    cast: Any
    group: Any
    chair: Any
    group_member: Any
    agency: Any
    lead: Any  # the agency's safeguarding lead
    owner: Any  # owns the action, works for the agency
    recommendation: Recommendation
    action: Action

    @property
    def case(self) -> Any:
        return self.cast.case


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def working(n: int) -> datetime.date:
    """`n` days from today, or the working day after: a request's due date must be a
    working day, and a test must pass whatever day of the week it runs."""
    return ENGLAND.next_working_day(days(n))


def make_plan(cast: Any) -> Plan:
    partnership = cast.case.partnership
    group = GroupFactory(partnership=partnership, kind=GroupKind.LI)
    agency = AgencyFactory(partnership=partnership)
    chair = UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, group)])
    group_member = UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, group)])
    lead = UserFactory(
        partnership=partnership, agency=agency, roles=[(Role.SAFEGUARDING_LEAD, agency)]
    )
    owner = UserFactory(partnership=partnership, agency=agency)
    finding = finding_create(
        case=cast.case,
        text="Discharge plans were not shared with children's social care.",
        user=cast.member,
    )
    recommendation = recommendation_create(
        case=cast.case,
        text=TEXT,
        monitoring_group=group,
        owner=cast.member,
        impact_measure=MEASURE,
        impact_review_on=days(200),
        user=cast.member,
        finding=finding,
    )
    action = add_action(recommendation, agency=agency, owner=owner, user=cast.member)
    return Plan(cast, group, chair, group_member, agency, lead, owner, recommendation, action)


def add_action(
    recommendation: Recommendation,
    *,
    agency: Any,
    owner: Any,
    user: Any,
    due: int = 60,
    title: str = "",
) -> Action:
    return action_create(
        recommendation=recommendation,
        title=title or "Agree the discharge-plan protocol",
        lead_agency=agency,
        owner=owner,
        due=days(due),
        success_measure="Protocol signed by both agencies.",
        user=user,
    )


def complete(action: Action, user: Any, *, link: str = LINK) -> None:
    action_update_record(
        action=action,
        user=user,
        status="complete",
        note="Signed by both agencies.",
        evidence=[NewEvidence("Signed protocol", link=link)],
    )
    action.refresh_from_db()


def pdf(name: str = "protocol.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def grow_learning(plan: Plan, total: int) -> None:
    """`total` actions on the plan's case: its own and new ones, each led and owned by
    someone new. The first new one, and every other after it, is on a new finding and
    recommendation that repeats the plan's (so similar, and linked); the rest are on the
    plan's recommendation; every third is complete."""
    partnership = plan.case.partnership
    for number in range(1, total):
        recommendation = plan.recommendation
        if number % 2:
            recommendation = recommendation_create(
                case=plan.case,
                text=f"{TEXT} ({number})",
                monitoring_group=plan.group,
                owner=plan.cast.member,
                impact_measure=MEASURE,
                impact_review_on=days(200),
                user=plan.cast.member,
                finding=finding_create(
                    case=plan.case, text=f"Finding {number}.", user=plan.cast.member
                ),
                repeats=plan.recommendation,
            )
        agency = AgencyFactory(partnership=partnership)
        owner = UserFactory(partnership=partnership, agency=agency)
        action = add_action(recommendation, agency=agency, owner=owner, user=plan.cast.member)
        if number % 3 == 0:
            complete(action, owner)
