"""What waits for a person, from the declarations: the open steps of open cases that
they must act on now, and referrals returned to them. A fixed number of queries."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, CaseMembership, CaseStatus
from lantern.cases.selectors import cases_for_user
from lantern.work.items import WorkItem

from .declarations import Step
from .state import CaseState, load_states

WHY_CAPACITY = {
    Capacity.LEAD: "You lead this case",
    Capacity.CHAIR: "You chair this case",
    Capacity.REVIEWER: "You review this case",
    Capacity.THEME_LEAD: "You lead this audit's theme",
}
WHY_ROLE = {
    Role.INDEPENDENT_CHAIR: "Independent Chair",
    Role.BUSINESS_MANAGER: "Business Manager",
    Role.BUSINESS_UNIT_OFFICER: "Business Unit",
}
RETURNED = "Referral returned to you: correct and resend"


def why_yours(step: Step, roles: frozenset[str], capacity: str | None) -> str:
    """Why `step` is this person's (empty: it is not): a capacity on the case first."""
    if capacity and capacity in step.capacities:
        return WHY_CAPACITY.get(capacity, Capacity(capacity).label)
    for role in step.roles:
        if role in roles:
            return WHY_ROLE.get(role, Role(role).label)
    return ""


def is_waiting(state: CaseState, step: Step) -> bool:
    """Not done, on this case's branch of the pathway, and every earlier step done."""
    if state.is_done(step) or not state.on_clock(step):
        return False
    if step.when and not state.holds(step.when):
        return False
    return all(state.is_done(state.declaration(key)) for key in step.predecessors)


def step_url(state: CaseState, step: Step) -> str:
    # Every page of a step is under its case, the endorsement page included
    # (cases/<reference>/meetings/decisions/<id>/endorse/).
    kwargs: dict[str, Any] = {"reference": state.case.reference}
    for name, value in step.url_args:
        kwargs[name] = state.value(value[1:]) if value.startswith("@") else value
    try:
        return reverse(step.url or "cases:detail", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("cases:detail", kwargs={"reference": state.case.reference})


def returned_referral(state: CaseState, user: Any) -> WorkItem | None:
    """A referral returned to the person who made it: theirs to correct and resend."""
    for record, url in ((state.review, "children:correct"), (state.referral, "adults:correct")):
        if record is not None and record.status == "returned" and record.referred_by_id == user.pk:
            return WorkItem(
                kind="referral",
                title=RETURNED,
                url=reverse(url, kwargs={"reference": state.case.reference}),
                due=None,
                case_reference=state.case.reference,
                case_title=state.case.display_title,
                why=f"You made this referral. What is missing: {record.returned_reason}",
            )
    return None


def steps_waiting_for(user: Any, *, today: datetime.date | None = None) -> list[WorkItem]:
    """Every declared step `user` must act on now, and referrals returned to them, due
    soonest first (undated last)."""
    if not getattr(user, "is_authenticated", False) or not user.partnership_id:
        return []
    today = today or timezone.localdate()
    roles = user.role_set()
    cases = list(cases_for_user(user).filter(status=CaseStatus.OPEN))
    capacities = dict(
        CaseMembership.objects.filter(person=user, case__in=[c.pk for c in cases]).values_list(
            "case_id", "capacity"
        )
    )
    items: list[WorkItem] = []
    for case_id, state in load_states(cases).items():
        returned = returned_referral(state, user)
        if returned is not None:
            items.append(returned)
            continue
        for step in state.declarations():
            why = why_yours(step, roles, capacities.get(case_id))
            if not why or not is_waiting(state, step):
                continue
            clock = state.clock_step(step)
            due = clock.due if clock is not None else None
            paused = clock is not None and clock.paused_on is not None
            items.append(
                WorkItem(
                    kind=step.kind,
                    title=step.title,
                    url=step_url(state, step),
                    due=due,
                    case_reference=state.case.reference,
                    case_title=state.case.display_title,
                    why=why,
                    overdue=bool(due and due < today and not paused),
                )
            )
    items.sort(key=lambda i: (i.due is None, i.due or today, i.case_reference))
    return items


@dataclass(frozen=True)
class NextStep:
    """A step of a case that is waiting, as its page shows it."""

    title: str
    url: str
    due: datetime.date | None
    who: str  # who acts, in words
    problems: list[str]  # what still stops it today (the gates' messages)
    yours: bool
    # Why the step no longer applies (a decision ruled it out, or the case is closed):
    # shown without a link, and on no one's work list.
    not_applicable: str = ""


def _who(step: Step) -> str:
    names = [str(WHY_ROLE.get(r, Role(r).label)) for r in step.roles]
    names += [f"the {Capacity(c).label.lower()}" for c in step.capacities]
    return " or ".join(", ".join(names).rsplit(", ", 1)) if names else ""


def ruled_out(state: CaseState, step: Step) -> str:
    """Why `step` no longer applies, when a decision took the case down another branch:
    the steps before it are done, but its condition (`when`) is now false. Empty
    otherwise (a step with no steps before it, e.g. the Secretary of State's notice for
    a child who was not looked after, was never on this case's way)."""
    if not step.when or not step.predecessors or state.holds(step.when):
        return ""
    if state.is_done(step) or not state.on_clock(step):
        return ""
    if not all(state.is_done(state.declaration(key)) for key in step.predecessors):
        return ""
    head = step.when.partition(".")[0]
    decided = ""
    if head == "decision" and state.decision is not None:
        decided = state.decision.kind_label
    elif head == "dhr" and state.dhr is not None and state.dhr.outcome:
        decided = state.dhr.get_outcome_display()
    if decided:
        return f"The decision was “{decided}”."
    return "It does not apply to this case."


def case_next_steps(case: Any, user: Any, *, today: datetime.date | None = None) -> list[NextStep]:
    """The case's waiting steps from the declarations: who acts, when each is due, and
    what still stops it (for the case's page); then the steps a decision ruled out, and
    on a closed case every step, as not applicable (issue 13: no dead-end link). A fixed
    number of queries."""
    from .gates import step_problems
    from .state import case_state

    today = today or timezone.localdate()
    state = case_state(case)
    capacity = (
        CaseMembership.objects.filter(case=case, person=user)
        .values_list("capacity", flat=True)
        .first()
    )
    roles = user.role_set()
    closed = case.status == CaseStatus.CLOSED
    steps = []
    for step in state.declarations():
        why_not = ruled_out(state, step)
        if not why_not and not is_waiting(state, step):
            continue
        clock = state.clock_step(step)
        if why_not or closed:
            steps.append(
                NextStep(
                    title=step.title,
                    url="",
                    due=None,
                    who=_who(step),
                    problems=[],
                    yours=False,
                    not_applicable=why_not or "The case is closed.",
                )
            )
            continue
        steps.append(
            NextStep(
                title=step.title,
                url=step_url(state, step),
                due=clock.due if clock is not None else None,
                who=_who(step),
                problems=step_problems(case, step.key, user=user, on=today, state=state),
                yours=bool(why_yours(step, roles, capacity)),
            )
        )
    # What still waits first; what no longer applies after it, in the pathway's order.
    steps.sort(key=lambda s: bool(s.not_applicable))
    return steps
