import datetime

import pytest
import time_machine

from lantern.accounts.models import Role
from lantern.audits import returns, selection, services
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, GroupFactory, PartnershipFactory, UserFactory

TODAY = datetime.date(2026, 3, 2)
QAP_ON = datetime.date(2026, 6, 8)
REFERENCES = "C-101\nC-102\nC-103\nC-104\nC-105\nC-106"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def partnership(db):
    partnership = PartnershipFactory()
    AgencyFactory(partnership=partnership, name="Council")
    AgencyFactory(partnership=partnership, name="Police")
    return partnership


@pytest.fixture
def agencies(partnership):
    return {a.name: a for a in partnership.agencies.all()}


@pytest.fixture
def manager(partnership):
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


@pytest.fixture
def theme_lead(partnership):
    return UserFactory(partnership=partnership, full_name="Theo Lead")


@pytest.fixture
def qap(partnership):
    return GroupFactory(partnership=partnership, kind=GroupKind.QAP, name="QA&P")


def open_audit(partnership, theme_lead, **overrides):
    values = {
        "partnership": partnership,
        "theme": "Neglect in under-fives",
        "theme_lead": theme_lead,
        "scope": "Children under five on a child protection plan for neglect.",
        "kind": "children",
        "qap_meeting_on": QAP_ON,
    }
    return services.audit_open(**values | overrides)


@pytest.fixture
def audit(partnership, theme_lead, qap):
    return open_audit(partnership, theme_lead, qap_group=qap)


@pytest.fixture
def ready(audit, manager):
    """An audit with a finalised tool (one question of each kind) and four cases drawn."""
    services.question_add(audit=audit, text="How was the child's voice heard?", kind="open")
    services.question_add(audit=audit, text="Was a strategy meeting held?", kind="yes_no")
    services.question_add(audit=audit, text="Quality of the assessment", kind="graded")
    services.tool_finalise(audit=audit)
    selection.cases_draw(audit=audit, user=manager, references_text=REFERENCES)
    return audit


@pytest.fixture
def sent(ready, agencies):
    returns.template_send(audit=ready, agency_ids=[a.pk for a in agencies.values()])
    return ready
