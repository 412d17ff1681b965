"""The framework's evaluation table: where each kind of item is reported.

    Case audits         → Quality Assurance & Performance sub-group
    Case reviews        → Learning & Improvement sub-group
    Action plans        → Learning & Improvement sub-group (or QA&P)
    Training evaluation → the L&D co-ordinator (a role, not a group)

A partnership changes the table without code: each saved EvaluationRoute row replaces
the default for its item. The defaults are resolved against the partnership's own
groups by GroupKind, so they follow whatever the partnership has called its groups.

The table drives reporting. A source case's action plan is reported where its item
goes: an audit's with the audit (AUDITS), a review's with the review (REVIEWS), and an
action plan that has neither behind it (adopted national learning) under ACTION_PLANS.
So the reporting pack of the group a route names lists those actions, and a new
recommendation is monitored by that group unless its author chooses another.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from lantern.access.policy import Perm, has_perm
from lantern.accounts.models import AGENCY_ROLES, GROUP_ROLES, Role
from lantern.cases.models import Case
from lantern.partnerships.models import Group, GroupKind, Partnership

from .models import EvaluationRoute, ReportedItem, SourceKind, source_kind, source_pathways

#: The framework's table: each item's group kinds in order of preference, or a role.
DEFAULT_GROUP_KINDS: dict[str, tuple[str, ...]] = {
    ReportedItem.AUDITS: (GroupKind.QAP,),
    ReportedItem.REVIEWS: (GroupKind.LI,),
    ReportedItem.ACTION_PLANS: (GroupKind.LI, GroupKind.QAP),
}
DEFAULT_ROLES: dict[str, str] = {ReportedItem.TRAINING: Role.LD_COORDINATOR}

#: The item under which each kind of source case's action plan is reported.
SOURCE_ITEM: dict[str, str] = {
    SourceKind.AUDIT: ReportedItem.AUDITS,
    SourceKind.REVIEW: ReportedItem.REVIEWS,
    SourceKind.NATIONAL: ReportedItem.ACTION_PLANS,
}

#: Roles a route may name: those held for the whole partnership, not for a group or agency.
ROUTE_ROLES = [r for r in Role if r not in GROUP_ROLES and r not in AGENCY_ROLES]

#: What each item covers, for the table's page.
ITEM_HINTS: dict[str, str] = {
    ReportedItem.AUDITS: "Multi-agency case file audits, their findings and action plans.",
    ReportedItem.REVIEWS: ("Rapid reviews, CSPRs, SARs and DHRs, their learning and action plans."),
    ReportedItem.ACTION_PLANS: (
        "Action plans with no review or audit behind them, such as national learning "
        "adopted locally."
    ),
    ReportedItem.TRAINING: "The evaluation of the multi-agency training programme.",
}


@dataclass(frozen=True)
class Route:
    """One row of the table as it stands: a group or a role, or nothing (`group` None and
    `role` blank) when the default names a kind of group the partnership does not have."""

    item: str
    group: Group | None
    role: str
    is_default: bool

    @property
    def item_label(self) -> str:
        return ReportedItem(self.item).label

    @property
    def hint(self) -> str:
        return ITEM_HINTS[self.item]

    @property
    def target_label(self) -> str:
        if self.group is not None:
            return self.group.name
        if self.role:
            return Role(self.role).label
        return "Nobody: no group of the right kind"

    @property
    def target_key(self) -> str:
        """The route as the change form's choice: "group:<id>" or "role:<role>"."""
        if self.group is not None:
            return f"group:{self.group.pk}"
        return f"role:{self.role}" if self.role else ""


def _default_group(groups: list[Group], item: str) -> Group | None:
    for kind in DEFAULT_GROUP_KINDS.get(item, ()):
        for group in groups:
            if group.kind == kind:
                return group
    return None


def evaluation_table(partnership: Partnership | int) -> list[Route]:
    """Every item's route for the partnership: saved rows, else the defaults (two queries)."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    saved = {
        r.item: r
        for r in EvaluationRoute.objects.filter(partnership_id=partnership_id).select_related(
            "group"
        )
    }
    groups = list(
        Group.objects.filter(partnership_id=partnership_id, is_active=True).order_by("name", "pk")
    )
    table = []
    for item in ReportedItem:
        row = saved.get(item)
        if row is not None:
            table.append(Route(item, row.group, row.role, is_default=False))
        else:
            group = _default_group(groups, item)
            table.append(Route(item, group, DEFAULT_ROLES.get(item, ""), is_default=True))
    return table


def reporting_route(partnership: Partnership | int, item: str) -> Route:
    return next(r for r in evaluation_table(partnership) if r.item == item)


def reporting_group(partnership: Partnership | int, item: str) -> Group | None:
    """The group an item is reported to, or None when it goes to a role (or nowhere)."""
    return reporting_route(partnership, item).group


def case_item(case: Case) -> str:
    """The item a case's action plan is reported under."""
    return SOURCE_ITEM[source_kind(case.pathway)]


def default_monitoring_group(case: Case) -> Group | None:
    """The group the table routes this case's learning to: the tracker's suggestion for a
    new recommendation's monitoring group (None if the table names no group)."""
    return reporting_group(case.partnership_id, case_item(case))


def routed_pathways(table: list[Route], group_id: int) -> list[str]:
    """The pathways whose action plans the table routes to this group."""
    pathways: list[str] = []
    for kind, item in SOURCE_ITEM.items():
        route = next(r for r in table if r.item == item)
        if route.group is not None and route.group.pk == group_id:
            pathways += source_pathways(kind)
    return pathways


def routed_items(table: list[Route], group_id: int) -> list[Route]:
    return [r for r in table if r.group is not None and r.group.pk == group_id]


def evaluation_route_set(
    *, partnership: Partnership, user: Any, routes: Mapping[str, Group | str]
) -> list[Route]:
    """Saves the routes given: item → a group of the partnership, or a role (by its value).
    Items left out keep their route. Everything is checked first; nothing is saved if any
    route is refused."""
    if not has_perm(user, Perm.MANAGE_PARTNERSHIP) or user.partnership_id != partnership.pk:
        raise PermissionDenied("Only the Business Manager can change the evaluation table.")
    errors: dict[str, str] = {}
    rows: dict[str, tuple[Group | None, str]] = {}
    for item, target in routes.items():
        if item not in ReportedItem.values:
            errors[str(item)] = "Choose an item of the evaluation table."
        elif isinstance(target, Group):
            if target.partnership_id != partnership.pk or not target.is_active:
                errors[item] = "Choose a group of this partnership."
            else:
                rows[item] = (target, "")
        elif target in ROUTE_ROLES:
            rows[item] = (None, str(target))
        else:
            errors[item] = "Choose a group, or a role held for the whole partnership."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for item, (group, role) in rows.items():
            EvaluationRoute.objects.update_or_create(
                partnership=partnership, item=item, defaults={"group": group, "role": role}
            )
    return evaluation_table(partnership)
