import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from lantern.accounts.models import Role
from lantern.audits import findings, grading, returns, selection, services
from lantern.audits.models import Audit
from lantern.cases.models import Case
from lantern.clock.services import case_schedule
from lantern.partnerships.models import GroupKind
from tests.factories import AgencyFactory, GroupFactory, PartnershipFactory, UserFactory

TODAY = datetime.date(2026, 3, 2)
QAP_ON = datetime.date(2026, 6, 8)
REFERENCES = "C-101\nC-102\nC-103\nC-104\nC-105\nC-106"
# A recommendation and measure the action tracker's quality prompt accepts as written.
RECOMMENDATION = (
    "Agencies record the child's own words at every visit and show how they shaped the plan."
)
MEASURE = "A re-audit shows the child's words recorded."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def partnership(db):
    """Two agencies, each with its safeguarding lead: the audit template reaches them."""
    partnership = PartnershipFactory()
    for name in ("Council", "Police"):
        agency = AgencyFactory(partnership=partnership, name=name)
        UserFactory(
            partnership=partnership,
            full_name=f"{name} Lead",
            agency=agency,
            roles=[(Role.SAFEGUARDING_LEAD, agency)],
        )
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


def answer_all(audit, user):
    """Every return submitted, each answering "No information available"."""
    answers = {str(q.pk): returns.NO_INFORMATION for q in audit.questions.all()}
    for ret in audit.returns.all():
        returns.return_save(
            ret=ret, user=user, answers=answers, impact="None known.", concern=False,
            concern_details="", submit=True,
        )  # fmt: skip


def moderate_all(audit, user, grade="good"):
    for reference in grading.selected_references(audit):
        rets = audit.returns.filter(case_reference=reference)
        grading.case_moderate(
            audit=audit, case_reference=reference, grades={r.pk: grade for r in rets},
            judgement=grade, note="Agreed at moderation.", user=user,
        )  # fmt: skip


@pytest.fixture
def returned(sent, manager):
    answer_all(sent, manager)
    return sent


@pytest.fixture
def moderated(returned, manager):
    moderate_all(returned, manager)
    grading.audit_judge(audit=returned, judgement="good", note="Consistent.", user=manager)
    return returned


@pytest.fixture
def groups(partnership):
    return {
        "dscpg": GroupFactory(
            partnership=partnership, kind=GroupKind.CHILDRENS_GROUP, name="DSCPG"
        ),
        "sab": GroupFactory(partnership=partnership, kind=GroupKind.SAB, name="SAB"),
        "executive": GroupFactory(partnership=partnership, kind=GroupKind.EXECUTIVE, name="Exec"),
    }


@pytest.fixture
def found(moderated, manager, qap):
    """A moderated audit with one finding and one recommendation under it."""
    finding = findings.finding_add(
        audit=moderated, text="Voice of the child is thin.", user=manager
    )
    findings.recommendation_add(
        audit=moderated, finding=finding, text=RECOMMENDATION, owner=manager,
        monitoring_group=qap, impact_measure=MEASURE,
        impact_review_on=TODAY + datetime.timedelta(days=180), user=manager,
    )  # fmt: skip
    return moderated


@pytest.fixture
def ratified(found, manager, groups):
    """Ratified by the DSCPG, then the Executive."""
    for group in (groups["dscpg"], groups["executive"]):
        findings.ratification_record(
            audit=found, group=group, ratified_on=TODAY, note="", user=manager
        )
    return found


def pdf_figure_alts(data: bytes) -> list[str]:
    """The alternative text of every figure in a tagged PDF, in order."""
    alts: list[str] = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
                walk(kid)

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return alts


# Views: every one tried with the four people of tests/conftest.py's `cast`.


@pytest.fixture
def audit_cast(cast):
    """The cast's case made an audit (the member, its case lead, is also its theme lead)."""
    case = cast.case
    Case.objects.filter(pk=case.pk).update(pathway="macfa", subject=None, stage="preparation")
    case.refresh_from_db()
    Audit.objects.create(
        case=case, theme="Neglect", theme_lead=cast.member, scope="Under-fives",
        kind="children", qap_meeting_on=QAP_ON,
    )  # fmt: skip
    case_schedule(case=case, pathway="macfa", start=QAP_ON)
    council = AgencyFactory(partnership=case.partnership, name="Council")
    UserFactory(
        partnership=case.partnership,
        full_name="Council Lead",
        agency=council,
        roles=[(Role.SAFEGUARDING_LEAD, council)],
    )
    return cast


def url(name, case, *args):
    return reverse(f"audits:{name}", args=[case.reference, *args])


def four(client, c, address, expected, method="get", data=None):
    people = [c.member, c.read_only_member, c.outsider, c.stranger]
    for person, status in zip(people, expected, strict=True):
        client.force_login(person)
        response = getattr(client, method)(address, data or {})
        assert response.status_code == status, (person, address)


@pytest.fixture
def cast_returned(audit_cast):
    """The cast's audit with its four cases drawn and the Council's returns all in."""
    audit = Audit.objects.get(case=audit_cast.case)
    services.question_add(audit=audit, text="How was the child heard?", kind="open")
    services.tool_finalise(audit=audit)
    selection.cases_draw(audit=audit, user=audit_cast.member, references_text=REFERENCES)
    council = audit_cast.case.partnership.agencies.get(name="Council")
    returns.template_send(audit=audit, agency_ids=[council.pk])
    answer_all(audit, audit_cast.member)
    return audit


def date_data(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
