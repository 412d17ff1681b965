import datetime
from dataclasses import dataclass

import pytest

from lantern.accounts.models import Role
from lantern.partnerships.models import GroupKind
from lantern.publications import services
from lantern.publications.models import Kind, Publication
from tests.factories import (
    CaseFactory,
    GroupFactory,
    PartnershipFactory,
    SubjectFactory,
    UserFactory,
)

#: Distinctive subject details: no public page may ever carry any of them.
SUBJECT_NAME = "Zebedee Quillfeather"
SUBJECT_DOB = datetime.date(2014, 3, 17)
SUBJECT_ADDRESS = "14 Marlpit Lane\nDemotown\nDT4 9QX"
OTHER_SUBJECT_NAME = "Ottoline Brackenridge"


@dataclass
class Cast:
    partnership: object
    case: object
    other_case: object
    manager: object  # Business Manager: approves on the L&I sub-group's behalf
    li_chair: object  # chairs the L&I sub-group: approves
    li_member: object  # sits on the L&I sub-group: drafts, submits
    unit: object  # Business Unit officer: drafts, publishes
    auditor: object  # reads only
    outsider: object  # same partnership, no part in publications
    qap_chair: object  # chairs another group: no part in publications
    stranger: object  # a Business Manager of another partnership


@pytest.fixture
def cast(db) -> Cast:
    partnership = PartnershipFactory(slug="demoshire", name="Demoshire Safeguarding Partnership")
    li = GroupFactory(partnership=partnership, kind=GroupKind.LI, name="L&I sub-group")
    qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP, name="QA&P")
    subject = SubjectFactory(
        partnership=partnership,
        full_name=SUBJECT_NAME,
        date_of_birth=SUBJECT_DOB,
        address=SUBJECT_ADDRESS,
    )
    case = CaseFactory(
        partnership=partnership,
        pathway="cspr",
        stage="publication",
        subject=subject,
        pseudonym="Child K",
    )
    other = CaseFactory(
        partnership=partnership,
        pathway="sar",
        stage="review",
        pseudonym="Adult M",
        subject=SubjectFactory(partnership=partnership, kind="adult", full_name=OTHER_SUBJECT_NAME),
    )
    elsewhere = PartnershipFactory(slug="elsewhere")
    return Cast(
        partnership=partnership,
        case=case,
        other_case=other,
        manager=UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER]),
        li_chair=UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, li)]),
        li_member=UserFactory(partnership=partnership, roles=[(Role.GROUP_MEMBER, li)]),
        unit=UserFactory(partnership=partnership, roles=[Role.BUSINESS_UNIT_OFFICER]),
        auditor=UserFactory(partnership=partnership, roles=[Role.AUDITOR]),
        outsider=UserFactory(partnership=partnership),
        qap_chair=UserFactory(partnership=partnership, roles=[(Role.GROUP_CHAIR, qap)]),
        stranger=UserFactory(partnership=elsewhere, roles=[Role.BUSINESS_MANAGER]),
    )


def draft(cast: Cast, **content) -> Publication:
    fields = {
        "kind": Kind.CSPR_SUMMARY,
        "case": cast.case,
        "title": "Child K: learning from a practice review",
        "pseudonym": "Child K",
        "summary": "Agencies did not share what they knew about neglect.",
        "body": (
            "## What happened\nChild K was known to many agencies.\n\n- Share concerns\n- Escalate"
        ),
        "themes": ["Neglect", "Information sharing"],
        "key_findings": ["Health and children's services did not share concerns."],
    } | content
    return services.publication_create(partnership=cast.partnership, user=cast.li_member, **fields)


def published(cast: Cast, **content) -> Publication:
    publication = draft(cast, **content)
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    services.publication_publish(publication=publication, user=cast.unit)
    return publication
