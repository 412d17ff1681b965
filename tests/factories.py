"""factory_boy factories for the kernel's records."""

import factory

from lantern.accounts.models import AGENCY_ROLES, GROUP_ROLES, Role, RoleAssignment, User
from lantern.cases.models import Capacity, Case, CaseMembership, Subject
from lantern.partnerships.models import Agency, AgencyKind, Group, GroupKind, Partnership

PASSWORD = "A-long-test-password-2026"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Partnership {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    partnership = factory.SubFactory(PartnershipFactory)
    kind = GroupKind.QAP
    name = factory.Sequence(lambda n: f"Group {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    """A person. `roles=[Role.X, (Role.GROUP_CHAIR, group), (Role.SAFEGUARDING_LEAD,
    agency), ...]` gives them roles, naming the group or agency where the role needs one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    partnership = factory.SubFactory(PartnershipFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for entry in extracted or []:
            role, where = entry if isinstance(entry, tuple) else (entry, None)
            RoleAssignment.objects.create(
                person=self,
                role=role,
                group=where if role in GROUP_ROLES else None,
                agency=where if role in AGENCY_ROLES else None,
            )


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "child"
    full_name = factory.Sequence(lambda n: f"Subject Name {n}")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"RR-2026-{n:03d}")
    pathway = "rapid-review"
    stage = "referral"
    title = factory.Sequence(lambda n: f"Case {n}")
    pseudonym = "Child A"
    subject = factory.SubFactory(SubjectFactory, partnership=factory.SelfAttribute("..partnership"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMembership

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(
        UserFactory, partnership=factory.SelfAttribute("..case.partnership")
    )
    capacity = Capacity.LEAD


__all__ = [
    "PASSWORD",
    "AgencyFactory",
    "CaseFactory",
    "GroupFactory",
    "MembershipFactory",
    "PartnershipFactory",
    "Role",
    "SubjectFactory",
    "UserFactory",
]
