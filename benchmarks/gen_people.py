"""A generated partnership's skeleton: the partnership, its groups, agencies and people."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from lantern.accounts.models import Role, RoleAssignment, User
from lantern.partnerships.models import (
    Agency,
    AgencyKind,
    Group,
    GroupKind,
    Partnership,
    StatutoryFor,
    StatutoryPartner,
)

#: Everyone generated signs in with this password (the bench signs in as the Business Manager).
PASSWORD = "Lantern-bench-2026"  # noqa: S105 (generated data, never real)

GROUPS = [
    (GroupKind.EXECUTIVE, "Executive", "Exec"),
    (GroupKind.QAP, "Quality Assurance & Performance sub-group", "QA&P"),
    (GroupKind.LI, "Learning & Improvement sub-group", "L&I"),
    (GroupKind.SAR_PANEL, "SAR Panel", "SAR Panel"),
    (GroupKind.SAR_COMMITTEE, "SAR Committee", "SAR Committee"),
    (GroupKind.CHILDRENS_GROUP, "Safeguarding Children Partnership Group", "SCPG"),
    (GroupKind.SAB, "Safeguarding Adults Board", "SAB"),
]

STATUTORY = [
    (
        "Council Children's Services",
        AgencyKind.LOCAL_AUTHORITY,
        StatutoryPartner.LOCAL_AUTHORITY,
        StatutoryFor.CHILDREN,
    ),
    (
        "Council Adult Social Care",
        AgencyKind.LOCAL_AUTHORITY,
        StatutoryPartner.LOCAL_AUTHORITY,
        StatutoryFor.ADULTS,
    ),
    ("Integrated Care Board", AgencyKind.ICB, StatutoryPartner.ICB, StatutoryFor.BOTH),
    ("Police", AgencyKind.POLICE, StatutoryPartner.POLICE, StatutoryFor.BOTH),
]
OTHER_KINDS = [
    AgencyKind.HOSPITAL_TRUST,
    AgencyKind.COMMUNITY_HEALTH,
    AgencyKind.GP,
    AgencyKind.SCHOOL,
    AgencyKind.PROBATION,
    AgencyKind.HOUSING,
    AgencyKind.CARE_PROVIDER,
    AgencyKind.AMBULANCE,
    AgencyKind.VOLUNTARY,
]
FIRST = [
    "Sam",
    "Jo",
    "Ruth",
    "Anita",
    "Tom",
    "Claire",
    "Priya",
    "Martin",
    "Helen",
    "Grace",
    "Peter",
    "Fiona",
    "Mark",
    "Sarah",
    "Omar",
    "Lena",
    "Maya",
    "Dan",
    "Nadia",
    "Daniel",
]
LAST = [
    "Patel",
    "Williams",
    "Okafor",
    "Kowalski",
    "Hughes",
    "Moss",
    "Shah",
    "Reed",
    "Carter",
    "Adeyemi",
    "Lang",
    "Grant",
    "Evans",
    "Haddad",
    "Novak",
    "Singh",
    "Rahman",
    "Osei",
]


@dataclass
class Skeleton:
    partnership: Partnership
    groups: dict[str, Group]  # by kind
    agencies: list[Agency]
    people: list[User]
    business_manager: User
    chair: User
    unit_officers: list[User]
    staff_by_agency: dict[int, list[User]] = field(default_factory=dict)


def partnership_slug(index: int) -> str:
    return f"bench-{index:03d}"


def business_manager_email(index: int) -> str:
    return f"business.manager@{partnership_slug(index)}.bench.example.org"


def build_skeleton(index: int, scale: float, rng: random.Random, password_hash: str) -> Skeleton:
    slug = partnership_slug(index)
    partnership = Partnership.objects.create(
        name=f"Bench Safeguarding Partnership {index:03d}",
        short_name=f"BSP{index}",
        slug=slug,
        has_independent_chair=True,
        require_two_factor=False,  # the bench signs in with a password only
    )
    groups = Group.objects.bulk_create(
        Group(partnership=partnership, kind=kind, name=name, short_name=short)
        for kind, name, short in GROUPS
    )
    n_agencies = max(len(STATUTORY) + 2, round(40 * scale))
    agencies = [
        Agency(
            partnership=partnership, name=name, kind=kind, statutory_partner=sp, statutory_for=side
        )
        for name, kind, sp, side in STATUTORY
    ]
    for i in range(n_agencies - len(STATUTORY)):
        kind = OTHER_KINDS[i % len(OTHER_KINDS)]
        label = AgencyKind(kind).label
        agencies.append(Agency(partnership=partnership, name=f"{label} {i + 1:03d}", kind=kind))
    agencies = Agency.objects.bulk_create(agencies)

    n_people = max(20, round(600 * scale))
    domain = f"{slug}.bench.example.org"

    def person(local: str, title: str, agency: Agency | None) -> User:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return User(
            email=f"{local}@{domain}",
            full_name=name,
            job_title=title,
            partnership=partnership,
            agency=agency,
            password=password_hash,
        )

    people = [
        person("business.manager", "Business Manager", None),
        person("independent.chair", "Independent Chair", None),
        *(person(f"business.unit{i}", "Business Support Officer", None) for i in range(3)),
        *(person(f"reviewer{i}", "Independent Reviewer", None) for i in range(2)),
    ]
    for i in range(n_people - len(people)):
        agency = agencies[i % len(agencies)]
        people.append(person(f"staff{i:05d}", "Practitioner", agency))
    people = User.objects.bulk_create(people)
    bm, chair, *rest = people
    officers, reviewers = rest[:3], rest[3:5]
    staff = rest[5:]

    by_kind = {g.kind: g for g in groups}
    roles = [
        RoleAssignment(person=bm, role=Role.BUSINESS_MANAGER),
        RoleAssignment(person=chair, role=Role.INDEPENDENT_CHAIR),
        RoleAssignment(person=chair, role=Role.GROUP_CHAIR, group=by_kind[GroupKind.EXECUTIVE]),
        *(RoleAssignment(person=p, role=Role.BUSINESS_UNIT_OFFICER) for p in officers),
        *(RoleAssignment(person=p, role=Role.REVIEWER) for p in reviewers),
    ]
    staff_by_agency: dict[int, list[User]] = {}
    for p in staff:
        staff_by_agency.setdefault(p.agency_id, []).append(p)
    group_list = list(groups)
    for agency_id, members in staff_by_agency.items():
        # Each agency: a safeguarding lead, two nominated representatives, the rest
        # members of one group each.
        roles.append(
            RoleAssignment(person=members[0], role=Role.SAFEGUARDING_LEAD, agency_id=agency_id)
        )
        for p in members[1:3]:
            roles.append(
                RoleAssignment(person=p, role=Role.NOMINATED_REPRESENTATIVE, agency_id=agency_id)
            )
        for p in members[3:]:
            roles.append(
                RoleAssignment(person=p, role=Role.GROUP_MEMBER, group=rng.choice(group_list))
            )
    RoleAssignment.objects.bulk_create(roles)
    return Skeleton(partnership, by_kind, agencies, people, bm, chair, officers, staff_by_agency)


def password_hash() -> str:
    """One hash for everyone: hashing 6,000 passwords one by one would take minutes."""
    return make_password(PASSWORD)
