"""The tracker decides who may read a recommendation in two places, and nothing but this
test ties them together:

- as a queryset filter (selectors.recommendations_for_user / actions_for_user), which
  the tracker, the group lists, the reporting pack, the repeats and the API list;
- as a yes/no check (policy.can_read_recommendation), which the detail pages and the
  evidence download ask through access.get_action_for_user and its kin.

Likewise a monitoring group's action list (access.get_group_for_user) and its reporting
pack (views_reporting.get_group_for_pack and pack_groups) each decide who sees the group.

One realistic cast (every role, every case capacity, agency staff, action owners, people
of another partnership and none) is tried against every record, and the two answers must
be the same. A retired (inactive) group is the one place the pack is narrower than the
list, on purpose: its list stays readable, but no new pack is offered for it.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from lantern.access.policy import can_read_recommendation
from lantern.accounts.models import Role, RoleAssignment, User
from lantern.actions.access import (
    get_action_for_user,
    get_evidence_for_user,
    get_group_for_user,
)
from lantern.actions.models import Action, Evidence, Recommendation
from lantern.actions.selectors import actions_for_user, recommendations_for_user
from lantern.actions.services import recommendation_create
from lantern.actions.views_reporting import get_group_for_pack, pack_groups
from lantern.cases.models import Capacity
from lantern.partnerships.models import Group, GroupKind
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    GroupFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)

from .helpers import MEASURE, TEXT, add_action, complete, days

#: The deactivated people: the selectors do not look at is_active, the policy does.
DEACTIVATED = ("deactivated case lead", "deactivated action owner", "deactivated BM")


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)

    def fresh_people(self) -> dict[str, Any]:
        """Everyone re-read, so that no answer comes from a cache filled while building."""
        return {
            label: person if not person.pk else User.objects.get(pk=person.pk)
            for label, person in self.people.items()
        }


@pytest.fixture
def world(db) -> World:
    w = World()
    here = PartnershipFactory()
    li = GroupFactory(partnership=here, kind=GroupKind.LI, name="Learning and Improvement")
    qap = GroupFactory(partnership=here, kind=GroupKind.QAP, name="Quality Assurance")
    quiet = GroupFactory(partnership=here, kind=GroupKind.QAP, name="Quiet group")
    retired = GroupFactory(partnership=here, kind=GroupKind.QAP, name="Retired group")
    social_care = AgencyFactory(partnership=here, name="Children's social care")
    health = AgencyFactory(partnership=here, name="Hospital trust")
    police = AgencyFactory(partnership=here, name="Police")

    review = CaseFactory(partnership=here, pathway="rapid-review", reference="RR-2026-101")
    audit = CaseFactory(partnership=here, pathway="macfa", reference="MACFA-2026-101")
    national = CaseFactory(partnership=here, pathway="national", reference="NAT-2026-101")
    quiet_review = CaseFactory(partnership=here, pathway="rapid-review", reference="RR-2026-102")

    def person(label: str, *roles: Any, where: Any = here, **extra: Any) -> Any:
        w.people[label] = UserFactory(partnership=where, roles=list(roles), **extra)
        return w.people[label]

    # Every role of the partnership, held alone.
    bm = person("business manager", Role.BUSINESS_MANAGER)
    person("business unit officer", Role.BUSINESS_UNIT_OFFICER)
    person("independent chair", Role.INDEPENDENT_CHAIR)
    person("read-only auditor", Role.AUDITOR)
    person("group chair (LI)", (Role.GROUP_CHAIR, li))
    person("group member (QAP)", (Role.GROUP_MEMBER, qap))
    person("group chair (quiet group)", (Role.GROUP_CHAIR, quiet))
    person("group member (retired group)", (Role.GROUP_MEMBER, retired))
    person(
        "safeguarding lead (social care)",
        (Role.SAFEGUARDING_LEAD, social_care),
        agency=social_care,
    )
    person("nominated representative (health)", (Role.NOMINATED_REPRESENTATIVE, health))
    person("safeguarding lead (police, no actions)", (Role.SAFEGUARDING_LEAD, police))
    person("independent reviewer (role)", Role.REVIEWER)
    person("audit theme lead (role)", Role.THEME_LEAD)
    person("L&D co-ordinator", Role.LD_COORDINATOR)
    person("no role at all")
    person("police officer (agency, no role)", agency=police)

    # Case members, one of each capacity on the review; a theme lead on the audit.
    for capacity in Capacity:
        agency = social_care if capacity == Capacity.AGENCY_REPRESENTATIVE else None
        member = person(f"review member: {capacity.label}")
        MembershipFactory(case=review, person=member, capacity=capacity, agency=agency)
    lead = w.people[f"review member: {Capacity.LEAD.label}"]
    MembershipFactory(case=audit, person=person("audit theme lead"), capacity=Capacity.THEME_LEAD)
    MembershipFactory(
        case=national, person=person("national panel member"), capacity=Capacity.PANEL_MEMBER
    )
    # Two hats: a QAP member who observes the national case.
    MembershipFactory(
        case=national,
        person=person("QAP member + national observer", (Role.GROUP_MEMBER, qap)),
        capacity=Capacity.OBSERVER,
    )

    owner_sc = person("action owner (social care)", agency=social_care)
    owner_health = person("action owner (health)", agency=health)
    owner_other = person("action owner (no agency)")
    rec_owner = person("recommendation owner (not on the case)")
    gone_lead = person("deactivated case lead")
    MembershipFactory(case=review, person=gone_lead, capacity=Capacity.LEAD)
    gone_owner = person("deactivated action owner", agency=health)
    person("deactivated BM", Role.BUSINESS_MANAGER)

    # Another partnership, and nobody's.
    elsewhere = PartnershipFactory()
    person("other partnership's BM", Role.BUSINESS_MANAGER, where=elsewhere)
    their_group = GroupFactory(partnership=elsewhere, kind=GroupKind.LI, name="Their group")
    their_agency = AgencyFactory(partnership=elsewhere, name="Their agency")
    their_case = CaseFactory(partnership=elsewhere, pathway="rapid-review", reference="RR-2026-901")
    their_lead = person("other partnership's case lead", where=elsewhere)
    MembershipFactory(case=their_case, person=their_lead, capacity=Capacity.LEAD)
    person("other partnership's group chair", (Role.GROUP_CHAIR, their_group), where=elsewhere)
    w.people["platform operator (no partnership)"] = UserFactory(
        partnership=None, is_superuser=True, is_staff=True
    )
    w.people["signed out"] = AnonymousUser()

    def recommend(label: str, case: Any, group: Group, owner: Any, by: Any) -> Recommendation:
        w.recommendations[label] = recommendation_create(
            case=case,
            text=f"{TEXT} ({label})",
            monitoring_group=group,
            owner=owner,
            impact_measure=MEASURE,
            impact_review_on=days(200),
            user=by,
        )
        return w.recommendations[label]

    def act(label: str, recommendation: Recommendation, agency: Any, owner: Any, by: Any) -> None:
        w.actions[label] = add_action(
            recommendation, agency=agency, owner=owner, user=by, title=f"Action {label}"
        )

    r1 = recommend("review R1 (LI)", review, li, rec_owner, lead)
    act("review R1.1 social care", r1, social_care, owner_sc, lead)
    r2 = recommend("review R2 (QAP, no actions)", review, qap, lead, lead)
    r3 = recommend("audit R1 (QAP)", audit, qap, rec_owner, bm)
    act("audit R1.1 health", r3, health, owner_health, bm)
    act("audit R1.2 health, owner deactivated", r3, health, gone_owner, bm)
    r4 = recommend("national R1 (LI)", national, li, bm, bm)
    act("national R1.1 social care", r4, social_care, owner_other, bm)
    act("national R1.2 health", r4, health, owner_health, bm)
    r5 = recommend("quiet review R1 (quiet group)", quiet_review, quiet, bm, bm)
    act("quiet review R1.1 owned outside its agency", r5, police, owner_sc, bm)
    their_bm = w.people["other partnership's BM"]
    r6 = recommend("their review R1", their_case, their_group, their_lead, their_bm)
    act("their review R1.1", r6, their_agency, their_lead, their_bm)
    assert r2.pk  # no actions: read only through the case or the group

    complete(w.actions["review R1.1 social care"], owner_sc)
    for label in DEACTIVATED:
        User.objects.filter(pk=w.people[label].pk).update(is_active=False)
    Group.objects.filter(pk=retired.pk).update(is_active=False)
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role)

    w.groups = {
        "LI": li,
        "QAP": qap,
        "quiet group": quiet,
        "retired group (inactive)": retired,
        "their group": their_group,
    }
    return w


@pytest.fixture(autouse=True)
def _no_read_log(monkeypatch):
    """The detail fetches log each read; hundreds of log rows would only slow this down."""
    monkeypatch.setattr("lantern.actions.access.record_read", lambda *a, **k: None)


def _yes(fetch: Any, *args: Any) -> bool:
    try:
        fetch(*args)
    except (Http404, PermissionDenied):
        return False
    return True


def _recommendation_answers(
    w: World, include: Any = lambda who: who not in DEACTIVATED
) -> dict[tuple[str, str], tuple[bool, bool]]:
    """(person, recommendation) -> (in the list, the policy's check)."""
    recommendations = {
        label: Recommendation.objects.select_related("case")
        .prefetch_related("actions")
        .get(pk=recommendation.pk)
        for label, recommendation in w.recommendations.items()
    }
    answers = {}
    for who, person in w.fresh_people().items():
        if not include(who):
            continue
        listed = set(recommendations_for_user(person).values_list("pk", flat=True))
        for label, recommendation in recommendations.items():
            answers[who, label] = (
                recommendation.pk in listed,
                can_read_recommendation(person, recommendation),
            )
    return answers


def _action_answers(
    w: World, include: Any = lambda who: who not in DEACTIVATED
) -> dict[tuple[str, str], tuple[bool, bool]]:
    """(person, action) -> (in the list, the detail page's fetch)."""
    answers = {}
    for who, person in w.fresh_people().items():
        if not include(who) or not person.is_authenticated:
            continue  # the pages and the API sign them in first
        listed = set(actions_for_user(person).values_list("pk", flat=True))
        for label, action in w.actions.items():
            answers[who, label] = (
                action.pk in listed,
                _yes(get_action_for_user, person, action.pk),
            )
    return answers


def _mismatches(answers: dict) -> dict:
    return {key: value for key, value in answers.items() if len(set(value)) > 1}


def test_read_rule_recommendation_list_agrees_with_detail_check(world):
    agreed = _recommendation_answers(world)
    assert _mismatches(agreed) == {}
    # Not vacuous: the rule's main lines hold, and every recommendation is read by some
    # people and not by others.
    readers = {
        label: {who for (who, r), v in agreed.items() if r == label and v[0]}
        for label in world.recommendations
    }
    assert readers["review R2 (QAP, no actions)"] >= {
        "business manager",
        "read-only auditor",
        "independent chair",
        "group member (QAP)",
        "review member: Observer (read only)",
        "review member: Referrer (told the outcome)",
    }
    assert "group chair (LI)" not in readers["review R2 (QAP, no actions)"]
    assert readers["quiet review R1 (quiet group)"] >= {
        "action owner (social care)",  # owns its action though another agency leads it
        "safeguarding lead (police, no actions)",  # police lead the action
        "group chair (quiet group)",
    }
    assert "recommendation owner (not on the case)" not in set().union(*readers.values())
    assert readers["their review R1"] == {
        "other partnership's BM",
        "other partnership's case lead",
        "other partnership's group chair",
    }
    for label, who in readers.items():
        assert who and who != {p for p in world.people if p not in DEACTIVATED}, label


def test_read_rule_action_list_agrees_with_action_and_evidence_pages(world):
    answers = _action_answers(world)
    assert _mismatches(answers) == {}
    # Evidence is downloaded under the same rule as its action.
    evidence = Evidence.objects.get()
    assert evidence.action == world.actions["review R1.1 social care"]
    for who, person in world.fresh_people().items():
        if person.is_authenticated and who not in DEACTIVATED:
            listed = answers[who, "review R1.1 social care"][0]
            assert _yes(get_evidence_for_user, person, evidence.pk) == listed, who
    outside = "quiet review R1.1 owned outside its agency"
    assert answers["police officer (agency, no role)", outside] == (False, False)
    assert answers["safeguarding lead (police, no actions)", outside] == (True, True)
    assert answers["action owner (health)", "national R1.1 social care"] == (True, True)


def test_rule_deactivated_people_read_nothing_in_lists_or_on_detail_pages(world):
    """The policy refuses a deactivated person outright, and so do the lists, even where
    they are still a member, an owner or a Business Manager."""
    answers = _recommendation_answers(world, lambda who: who in DEACTIVATED)
    assert answers and _mismatches(answers) == {}
    assert not any(any(v) for v in answers.values())
    actions = _action_answers(world, lambda who: who in DEACTIVATED)
    assert actions and _mismatches(actions) == {}
    assert not any(any(v) for v in actions.values())


def _group_answers(
    w: World, groups: Any = lambda label: True
) -> dict[tuple[str, str], tuple[bool, bool, bool]]:
    """(person, group) -> (its action list, its pack by address, its pack among the choices)."""
    answers = {}
    for who, person in w.fresh_people().items():
        if not person.is_authenticated:
            continue  # both pages are behind sign-in
        choices = {g.pk for g in pack_groups(person)}
        for label, group in w.groups.items():
            if not groups(label):
                continue
            answers[who, label] = (
                _yes(get_group_for_user, person, group.pk),
                _yes(get_group_for_pack, person, group.pk),
                group.pk in choices,
            )
    return answers


def test_group_rule_action_list_agrees_with_reporting_pack(world):
    answers = _group_answers(world)
    active = {k: v for k, v in answers.items() if k[1] != "retired group (inactive)"}
    assert _mismatches(active) == {}
    seen = {(who, g) for (who, g), v in active.items() if v[0]}
    assert ("group chair (LI)", "LI") in seen
    assert ("group member (QAP)", "QAP") in seen
    assert ("read-only auditor", "quiet group") in seen
    assert ("independent chair", "QAP") in seen
    assert ("review member: Case lead", "LI") not in seen  # on the case, not the group
    assert ("other partnership's BM", "LI") not in seen
    assert ("other partnership's group chair", "their group") in seen


def test_rule_a_retired_groups_list_stays_readable_but_it_is_offered_no_new_pack(world, client):
    """An inactive group's action list still opens for its members (and those who read
    every case), and its pack's gate lets them by too, but the pack's form offers only
    active groups: the pack page answers 200 with "Choose one of the groups listed." and
    no pack. The two gates agree; only pack_groups() differs. Pinned as it is."""
    answers = _group_answers(world, lambda label: label == "retired group (inactive)")
    retired = {who: v for (who, _group), v in answers.items()}
    assert all(v[0] == v[1] for v in retired.values())
    assert {who for who, v in retired.items() if v[0]} == {
        "business manager",
        "business unit officer",
        "independent chair",
        "read-only auditor",
        "group member (retired group)",
    }
    assert not any(v[2] for v in retired.values())
    group = world.groups["retired group (inactive)"]
    client.force_login(world.people["group member (retired group)"])
    assert client.get(reverse("actions:group", args=[group.pk])).status_code == 200
    page = client.get(reverse("actions:pack"), {"group": group.pk, "meeting": "2026-06-20"})
    assert page.status_code == 200
    assert "Choose one of the groups listed." in page.content.decode()
