"""The one check every pathway's steps go through: the step against its declaration."""

import datetime
from typing import Any

from lantern.cases.models import Case, CaseMembership

from .declarations import Step
from .state import CaseState, case_state


def actor_problem(step: Step, *, user: Any, case: Case) -> str:
    """Empty when `user` is one of the step's actors (by role, or capacity on the case)."""
    if user is None or not step.actors_only:
        return ""
    if user.partnership_id == case.partnership_id and set(step.roles) & set(user.role_set()):
        return ""
    if (
        step.capacities
        and CaseMembership.objects.filter(
            case=case, person=user, capacity__in=step.capacities
        ).exists()
    ):
        return ""
    who = " or ".join(_role_label(r) for r in step.roles) or "its actors"
    return f"Only the {who} can {step.title[0].lower()}{step.title[1:]}."


def _role_label(role: str) -> str:
    from lantern.accounts.models import Role

    return str(Role(role).label)


def step_problems(
    case: Case,
    step_id: str,
    *,
    user: Any = None,
    on: datetime.date | None = None,
    state: CaseState | None = None,
    only: tuple[type, ...] = (),
    **facts: Any,
) -> list[str]:
    """Everything that stops `step_id` on `case` on the date `on`, as messages that name
    the rule. `facts` carry what the step is about to record (e.g. a decision's `kind`
    and `reason`); `only` limits the check to rules of those kinds (and skips the actor).
    Empty: the step may be recorded."""
    state = state or case_state(case)
    step = state.declaration(step_id)
    problems = [] if only else [p for p in [actor_problem(step, user=user, case=case)] if p]
    for rule in step.requires:
        if not only or isinstance(rule, only):
            problems += rule.problems(state, step, on, facts)
    return problems
