"""Who may open the page of a step: its declared actors, or those who run the case.

A step's declaration names who acts (roles, or capacities on the case). Lantern puts the
step on those people's My work, so they must be able to do it there: the Independent
Chair signs off a SAR's report although the Chair does not run the case. Everyone else
needs to run the case (the policy's CHANGE_CASE); a step for its actors only
(`actors_only`) is theirs alone.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from lantern.access.policy import Perm, can
from lantern.cases.access import get_case_for_user
from lantern.cases.models import Case, CaseMembership

from .declarations import DECLARATIONS, Step, step_of
from .gates import actor_problem


def is_step_actor(step: Step, user: Any, case: Case) -> bool:
    """One of the step's declared actors: by role in the case's partnership, or by
    capacity on the case."""
    if user.partnership_id == case.partnership_id and set(step.roles) & set(user.role_set()):
        return True
    return (
        bool(step.capacities)
        and CaseMembership.objects.filter(
            case=case, person=user, capacity__in=step.capacities
        ).exists()
    )


def get_case_for_step(user: Any, reference: str, step_key: str, *, what: str = "case") -> Case:
    """The case, for doing `step_key` on it; 404 for who may not read it, 403 (saying
    why) for who may read it but not do the step."""
    case = get_case_for_user(user, reference, what=what)
    step = step_of(case.pathway, step_key)
    if is_step_actor(step, user, case):
        return case
    if step.actors_only:
        raise PermissionDenied(actor_problem(step, user=user, case=case))
    if not can(user, Perm.CHANGE_CASE, case):
        raise PermissionDenied("You can read this case but not change it.")
    return case


def step_at(pathway: str, url_name: str, **url_args: str) -> Step | None:
    """The step declared as done on this page, if any."""
    wanted = tuple(sorted(url_args.items()))
    for step in DECLARATIONS.get(pathway, ()):
        if step.url == url_name and tuple(sorted(step.url_args)) == wanted:
            return step
    return None


def get_case_for_page(
    user: Any, reference: str, url_name: str, *, what: str = "case", **url_args: str
) -> Case:
    """get_case_for_step for the step declared on this page; a page that records no
    declared step needs the right to run the case."""
    case = get_case_for_user(user, reference, what=what)
    step = step_at(case.pathway, url_name, **url_args)
    if step is not None and is_step_actor(step, user, case):
        return case
    if step is not None and step.actors_only:
        raise PermissionDenied(actor_problem(step, user=user, case=case))
    if not can(user, Perm.CHANGE_CASE, case):
        raise PermissionDenied("You can read this case but not change it.")
    return case
