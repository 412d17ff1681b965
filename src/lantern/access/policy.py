"""The one permission policy: role × membership of the case × agency.

Every page and API call asks this module. It answers from three facts only:
- the person's partnership (nobody ever reaches another partnership's records),
- the roles they hold in it (lantern.accounts.models.Role),
- their membership of a case: in what capacity, and for which agency.

docs/permissions.md carries the table that `permission_table()` prints; a test
keeps them the same.
"""

from enum import IntEnum, StrEnum
from typing import Any, Protocol

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, Case, CaseMembership


class Perm(StrEnum):
    # Partnership-wide
    VIEW_ADMINISTRATION = "view_administration"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_AGENCIES = "manage_agencies"
    MANAGE_GROUPS = "manage_groups"
    MANAGE_PARTNERSHIP = "manage_partnership"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    VIEW_ALL_CASES = "view_all_cases"
    CHANGE_ALL_CASES = "change_all_cases"
    ACCEPT_NAME_CHECK = "accept_name_check"
    # Per case
    VIEW_CASE = "view_case"
    CHANGE_CASE = "change_case"
    MANAGE_CASE_MEMBERS = "manage_case_members"
    VIEW_SUBJECT = "view_subject"
    CONTRIBUTE = "contribute"


PERM_LABELS: dict[Perm, str] = {
    Perm.VIEW_ADMINISTRATION: "See the administration area (people, agencies, groups, settings)",
    Perm.MANAGE_PEOPLE: "Manage people and their roles",
    Perm.MANAGE_AGENCIES: "Manage agencies",
    Perm.MANAGE_GROUPS: "Manage groups",
    Perm.MANAGE_PARTNERSHIP: "Change partnership settings (e.g. mandatory two-factor)",
    Perm.VIEW_AUDIT_TRAIL: "View and filter the audit trail",
    Perm.VIEW_ALL_CASES: "Read every case of the partnership",
    Perm.CHANGE_ALL_CASES: "Change every case of the partnership",
    Perm.ACCEPT_NAME_CHECK: "Accept, with a reason, a passage the name check flagged",
}

#: Partnership-wide permissions each role grants. Roles not named grant none:
#: those people reach cases only through membership.
ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.BUSINESS_MANAGER: frozenset(
        {
            Perm.VIEW_ADMINISTRATION,
            Perm.MANAGE_PEOPLE,
            Perm.MANAGE_AGENCIES,
            Perm.MANAGE_GROUPS,
            Perm.MANAGE_PARTNERSHIP,
            Perm.VIEW_AUDIT_TRAIL,
            Perm.VIEW_ALL_CASES,
            Perm.CHANGE_ALL_CASES,
            Perm.ACCEPT_NAME_CHECK,
        }
    ),
    Role.BUSINESS_UNIT_OFFICER: frozenset(
        {
            Perm.VIEW_ADMINISTRATION,
            Perm.MANAGE_PEOPLE,
            Perm.MANAGE_AGENCIES,
            Perm.MANAGE_GROUPS,
            Perm.VIEW_ALL_CASES,
            Perm.CHANGE_ALL_CASES,
        }
    ),
    Role.INDEPENDENT_CHAIR: frozenset({Perm.VIEW_ALL_CASES, Perm.VIEW_ADMINISTRATION}),
    # The read-only auditor reads everything, including the trail, and changes nothing.
    Role.AUDITOR: frozenset({Perm.VIEW_ALL_CASES, Perm.VIEW_ADMINISTRATION, Perm.VIEW_AUDIT_TRAIL}),
}


class Access(IntEnum):
    """How far a person reaches into one case."""

    NONE = 0
    READ = 1  # see it
    CONTRIBUTE = 2  # add their own work: their agency's returns, their report, updates
    MANAGE = 3  # run it: change its details and who is on it


#: What membership in each capacity gives. Any capacity not named contributes.
CAPACITY_ACCESS: dict[str, Access] = {
    Capacity.LEAD: Access.MANAGE,
    Capacity.CHAIR: Access.MANAGE,
    # The theme lead runs the audit: grades, learning event, findings, recommendations.
    Capacity.THEME_LEAD: Access.MANAGE,
    Capacity.OBSERVER: Access.READ,
    Capacity.REFERRER: Access.READ,
}

CASE_PERM_ACCESS: dict[Perm, Access] = {
    Perm.VIEW_CASE: Access.READ,
    Perm.VIEW_SUBJECT: Access.READ,
    Perm.CONTRIBUTE: Access.CONTRIBUTE,
    Perm.CHANGE_CASE: Access.MANAGE,
    Perm.MANAGE_CASE_MEMBERS: Access.MANAGE,
}


class _PartnershipRecord(Protocol):
    partnership_id: int


def _active_in_partnership(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.partnership_id)


def partnership_perms(user: Any) -> frozenset[Perm]:
    if not _active_in_partnership(user):
        return frozenset()
    perms: set[Perm] = set()
    for role in user.role_set():
        perms |= ROLE_PERMS.get(role, frozenset())
    return frozenset(perms)


def has_perm(user: Any, perm: Perm) -> bool:
    """A partnership-wide permission (not about one case)."""
    return perm in partnership_perms(user)


def same_partnership(user: Any, record: _PartnershipRecord) -> bool:
    return _active_in_partnership(user) and record.partnership_id == user.partnership_id


def membership(user: Any, case: Case) -> CaseMembership | None:
    """The person's membership of the case, fetched once per case and request."""
    cache: dict[int, CaseMembership | None] = user.__dict__.setdefault("_case_memberships", {})
    if case.pk not in cache:
        cache[case.pk] = CaseMembership.objects.filter(case=case, person=user).first()
    return cache[case.pk]


def capacity_access(capacity: str) -> Access:
    return CAPACITY_ACCESS.get(capacity, Access.CONTRIBUTE)


def case_access(user: Any, case: Case) -> Access:
    if not same_partnership(user, case):
        return Access.NONE
    perms = partnership_perms(user)
    if Perm.CHANGE_ALL_CASES in perms:
        return Access.MANAGE
    level = Access.READ if Perm.VIEW_ALL_CASES in perms else Access.NONE
    member = membership(user, case)
    if member is not None:
        level = max(level, capacity_access(member.capacity))
    return level


def can(user: Any, perm: Perm, case: Case) -> bool:
    """A permission on one case."""
    return case_access(user, case) >= CASE_PERM_ACCESS[perm]


def can_act_for_agency(user: Any, case: Case, agency_id: int) -> bool:
    """May this person answer for an agency on this case (scoping returns, IMRs, updates)?

    Whoever manages the case may, for any agency; a contributing member only for the
    agency they represent on it.
    """
    level = case_access(user, case)
    if level >= Access.MANAGE:
        return True
    member = membership(user, case)
    return level >= Access.CONTRIBUTE and member is not None and member.agency_id == agency_id


def permission_table() -> str:
    """The Markdown tables in docs/permissions.md, printed from this module."""
    roles = list(Role)
    lines = ["| Permission | " + " | ".join(r.label for r in roles) + " |"]
    lines.append("|---" * (len(roles) + 1) + "|")
    for perm, label in PERM_LABELS.items():
        marks = ["yes" if perm in ROLE_PERMS.get(r, frozenset()) else "–" for r in roles]
        lines.append(f"| {label} | " + " | ".join(marks) + " |")
    lines.append("")
    lines.append(
        "| On one case | Business Manager, Business Unit officer | "
        "Independent Chair, Read-only auditor (not members) | "
        + " | ".join(f"Member: {c.label}" for c in Capacity)
        + " |"
    )
    lines.append("|---" * (3 + len(Capacity)) + "|")
    case_rows = [
        (Perm.VIEW_CASE, "Read the case"),
        (Perm.VIEW_SUBJECT, "See the subject's identity (logged)"),
        (Perm.CONTRIBUTE, "Add their own work (their agency's returns, their report)"),
        (Perm.CHANGE_CASE, "Change the case's details"),
        (Perm.MANAGE_CASE_MEMBERS, "Add or remove members"),
    ]
    levels = [Access.MANAGE, Access.READ, *(capacity_access(c) for c in Capacity)]
    for perm, label in case_rows:
        cells = ["yes" if level >= CASE_PERM_ACCESS[perm] else "403" for level in levels]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# The action tracker. A recommendation is read by whoever reads its source case, by the
# group that monitors it, and by the agencies that lead its actions; it is written by
# whoever manages the case. An agency updates only its own actions.


def _role_targets(user: Any, roles: set[str], field: str) -> set[int]:
    """The groups (or agencies) for which this person holds one of `roles`, cached."""
    cache: dict[tuple, set[int]] = user.__dict__.setdefault("_role_targets", {})
    key = (frozenset(roles), field)
    if key not in cache:
        cache[key] = set(
            user.role_assignments.filter(role__in=roles, **{f"{field}__isnull": False}).values_list(
                field, flat=True
            )
        )
    return cache[key]


def monitoring_groups(user: Any) -> set[int]:
    """Groups this person sits on or chairs (whose monitored items they read)."""
    if not _active_in_partnership(user):
        return set()
    return _role_targets(user, {Role.GROUP_CHAIR, Role.GROUP_MEMBER}, "group_id")


def chaired_groups(user: Any) -> set[int]:
    if not _active_in_partnership(user):
        return set()
    return _role_targets(user, {Role.GROUP_CHAIR}, "group_id")


def acting_agencies(user: Any) -> set[int]:
    """Agencies this person answers for: their safeguarding lead or representative roles."""
    if not _active_in_partnership(user):
        return set()
    return _role_targets(user, {Role.SAFEGUARDING_LEAD, Role.NOMINATED_REPRESENTATIVE}, "agency_id")


class _Recommendation(Protocol):
    partnership_id: int
    case: Case
    monitoring_group_id: int


class _Action(Protocol):
    recommendation: Any
    lead_agency_id: int
    owner_id: int


def can_read_recommendation(user: Any, recommendation: _Recommendation) -> bool:
    if not same_partnership(user, recommendation):
        return False
    if case_access(user, recommendation.case) >= Access.READ:
        return True
    if recommendation.monitoring_group_id in monitoring_groups(user):
        return True
    actions = recommendation.actions.all()  # type: ignore[attr-defined]
    agencies = acting_agencies(user)
    return any(a.owner_id == user.pk or a.lead_agency_id in agencies for a in actions)


def can_manage_recommendation(user: Any, recommendation: _Recommendation) -> bool:
    return same_partnership(user, recommendation) and can(
        user, Perm.CHANGE_CASE, recommendation.case
    )


def can_update_action(user: Any, action: _Action) -> bool:
    """The owner, the lead agency's safeguarding lead or representative, a member acting
    for that agency on the case, or whoever manages the case."""
    recommendation = action.recommendation
    if not same_partnership(user, recommendation):
        return False
    if can_manage_recommendation(user, recommendation):
        return True
    if action.owner_id == user.pk or action.lead_agency_id in acting_agencies(user):
        return True
    return can_act_for_agency(user, recommendation.case, action.lead_agency_id)


def can_verify_action(user: Any, action: _Action) -> bool:
    """Verification is the monitoring group's sign-off: its chair records it, or the
    Business Unit records it on the group's behalf."""
    recommendation = action.recommendation
    if not same_partnership(user, recommendation):
        return False
    if recommendation.monitoring_group_id in chaired_groups(user):
        return True
    return Perm.CHANGE_ALL_CASES in partnership_perms(user)


# People and their roles ------------------------------------------------------------------
#: How far each role reaches, for granting roles and changing people. The Business
#: Manager runs the partnership (its settings and trail); the Independent Chair and the
#: read-only auditor scrutinise it, so nobody they scrutinise may make them. A role not
#: named is an ordinary one (rank 1).
ROLE_RANK: dict[str, int] = {
    Role.BUSINESS_MANAGER: 3,
    Role.INDEPENDENT_CHAIR: 3,
    Role.AUDITOR: 3,
    Role.BUSINESS_UNIT_OFFICER: 2,
}


def rank_of(roles: Any) -> int:
    """The reach of a set of roles: its highest role's (0 for none)."""
    return max((ROLE_RANK.get(role, 1) for role in roles), default=0)


def may_grant_role(user: Any, role: str) -> bool:
    """Nobody grants a role that reaches further than their own: a Business Unit officer
    may not make anyone (themselves included) Business Manager, Chair or auditor."""
    return has_perm(user, Perm.MANAGE_PEOPLE) and ROLE_RANK.get(role, 1) <= rank_of(user.role_set())


def may_manage_person(user: Any, person: Any) -> bool:
    """Change someone's details, e-mail, roles or whether they can sign in: only people of
    one's own partnership, and none whose roles reach further than one's own."""
    return (
        has_perm(user, Perm.MANAGE_PEOPLE)
        and person.partnership_id == user.partnership_id
        and rank_of(person.role_set()) <= rank_of(user.role_set())
    )


# Drafts ----------------------------------------------------------------------------------
#: Members in these capacities write the review's report: they see every draft of it.
DRAFT_AUTHOR_CAPACITIES = frozenset({Capacity.REVIEWER})


class _Document(Protocol):
    case: Case
    is_draft: bool
    uploaded_by_id: int


def sees_every_draft(user: Any, case: Case) -> bool:
    """Those who manage the case (its lead, chair or theme lead, the Business Manager and
    the Business Unit) and its authors (the independent reviewer) see all its drafts.
    Practitioners, observers, referrers and partnership-wide readers (the Independent
    Chair, the auditor) do not, unless they hold one of those places on the case."""
    level = case_access(user, case)
    if level >= Access.MANAGE:
        return True
    member = membership(user, case)
    return (
        level >= Access.READ and member is not None and member.capacity in DRAFT_AUTHOR_CAPACITIES
    )


def can_read_draft(user: Any, document: _Document) -> bool:
    """May this person open (or see named) this document, as far as drafts go? A
    published document is anyone's who reads the case; a draft only its managers' and
    authors' (sees_every_draft), and its uploader's: they wrote it."""
    if case_access(user, document.case) < Access.READ:
        return False
    if not document.is_draft:
        return True
    return document.uploaded_by_id == user.pk or sees_every_draft(user, document.case)


# Publications (issue 14) -------------------------------------------------------------------
#: What goes on the public site is approved by the Learning & Improvement sub-group: its
#: chair approves, or the Business Manager on the group's behalf. The sub-group's members
#: and the Business Unit draft; whoever reads every case (the Independent Chair, the
#: auditor) reads drafts too. Nobody else sees a publication before it is public.


def _li_groups(user: Any, roles: set[str]) -> bool:
    from lantern.partnerships.models import Group, GroupKind

    cache: dict[frozenset[str], bool] = user.__dict__.setdefault("_li_groups", {})
    key = frozenset(roles)
    if key not in cache:
        ids = _role_targets(user, roles, "group_id")
        cache[key] = (
            bool(ids)
            and Group.objects.filter(
                pk__in=ids, kind=GroupKind.LI, is_active=True, partnership_id=user.partnership_id
            ).exists()
        )
    return cache[key]


def can_approve_publications(user: Any) -> bool:
    """The L&I sub-group's chair, or the Business Manager on its behalf."""
    if not _active_in_partnership(user):
        return False
    return Role.BUSINESS_MANAGER in user.role_set() or _li_groups(user, {Role.GROUP_CHAIR})


def can_draft_publications(user: Any) -> bool:
    """Approvers, the Business Unit and the L&I sub-group's members."""
    if not _active_in_partnership(user):
        return False
    return (
        can_approve_publications(user)
        or Perm.CHANGE_ALL_CASES in partnership_perms(user)
        or _li_groups(user, {Role.GROUP_MEMBER})
    )


def can_read_publications(user: Any) -> bool:
    return can_draft_publications(user) or has_perm(user, Perm.VIEW_ALL_CASES)


# The learning library (issue 14) -----------------------------------------------------------
def can_manage_library(user: Any) -> bool:
    """Adds national learning by hand, edits it and confirms any item's themes: the
    L&I sub-group's chair, or the Business Manager (those who approve what is published)."""
    return can_approve_publications(user)


# Training and its impact (issue 15) ---------------------------------------------------------
#: The L&D co-ordinator runs the programme; the Business Unit runs it with them. Whoever
#: scrutinises the partnership (the Independent Chair, the auditor) reads it, and so do the
#: members of the group the evaluation table routes training to (lantern.actions.evaluation).
TRAINING_MANAGERS = frozenset(
    {Role.LD_COORDINATOR, Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER}
)


def can_manage_training(user: Any) -> bool:
    """Set up courses and sessions, take registers, import them, send and read surveys."""
    if not _active_in_partnership(user):
        return False
    return bool(TRAINING_MANAGERS & set(user.role_set()))


def can_read_training(user: Any) -> bool:
    """Read the programme, its impact and the evaluation report (never who answered)."""
    if not _active_in_partnership(user):
        return False
    if can_manage_training(user) or has_perm(user, Perm.VIEW_ALL_CASES):
        return True
    cache = user.__dict__
    if "_training_route_group" not in cache:
        from lantern.actions.evaluation import reporting_group
        from lantern.actions.models import ReportedItem

        group = reporting_group(user.partnership_id, ReportedItem.TRAINING)
        cache["_training_route_group"] = group.pk if group is not None else None
    group_id = cache["_training_route_group"]
    return group_id is not None and group_id in monitoring_groups(user)


# Reporting (issue 16) ------------------------------------------------------------------------
#: The dashboards and the 360 evaluation are for whoever scrutinises the partnership: the
#: Business Manager and the Business Unit, the Independent Chair, the read-only auditor (all
#: read every case) and the members of the Executive. The annual reports are drafted by the
#: Business Unit and approved by the Independent Chair, or by the chair of the board whose
#: report it is (the SAB's for the SAB's, the children's partnership group's for the
#: children's); their members read them too.
REPORT_BOARD_KIND = {"sab": "sab", "children": "childrens_group"}


def _groups_of_kind(user: Any, roles: set[str], kinds: set[str]) -> bool:
    from lantern.partnerships.models import Group

    cache: dict[tuple[frozenset[str], frozenset[str]], bool] = user.__dict__.setdefault(
        "_groups_of_kind", {}
    )
    key = (frozenset(roles), frozenset(kinds))
    if key not in cache:
        ids = _role_targets(user, roles, "group_id")
        cache[key] = (
            bool(ids)
            and Group.objects.filter(
                pk__in=ids, kind__in=kinds, is_active=True, partnership_id=user.partnership_id
            ).exists()
        )
    return cache[key]


def can_view_dashboards(user: Any) -> bool:
    if not _active_in_partnership(user):
        return False
    return has_perm(user, Perm.VIEW_ALL_CASES) or _groups_of_kind(
        user, {Role.GROUP_CHAIR, Role.GROUP_MEMBER}, {"executive"}
    )


def can_draft_annual_reports(user: Any) -> bool:
    if not _active_in_partnership(user):
        return False
    return bool({Role.BUSINESS_MANAGER, Role.BUSINESS_UNIT_OFFICER} & set(user.role_set()))


def can_approve_annual_report(user: Any, kind: str) -> bool:
    if not _active_in_partnership(user):
        return False
    return Role.INDEPENDENT_CHAIR in user.role_set() or _groups_of_kind(
        user, {Role.GROUP_CHAIR}, {REPORT_BOARD_KIND[kind]}
    )


def can_read_annual_reports(user: Any, kind: str | None = None) -> bool:
    """The Business Unit, the Chair and the Executive read both reports; a board's members
    read their own board's (`kind`), and with no `kind`, whether they read either."""
    if not _active_in_partnership(user):
        return False
    boards = set(REPORT_BOARD_KIND.values()) if kind is None else {REPORT_BOARD_KIND[kind]}
    return (
        can_view_dashboards(user)
        or can_draft_annual_reports(user)
        or _groups_of_kind(user, {Role.GROUP_CHAIR, Role.GROUP_MEMBER}, boards)
    )
