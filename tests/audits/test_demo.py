"""The demo partnership's two current audits: one with overdue returns, one carried
through to its final report. Loaded once, whatever how often the demo is loaded. (The
demo's last financial year has two more, presented then: tests/demo/test_demo_year.py.)"""

import pytest
import time_machine

from lantern.accounts.models import User
from lantern.actions.models import Action, Finding, Recommendation
from lantern.actions.selectors import recommendations_for_user
from lantern.agencyrequests.models import AgencyRequest
from lantern.audits.models import Audit, AuditReturn
from lantern.demo.audits import demo_audits_load
from lantern.partnerships.models import Partnership

from .conftest import TODAY

pytestmark = pytest.mark.django_db

CHILDREN, ADULTS = "Neglect in children under five", "Self-neglect in adults living alone"


@pytest.fixture(scope="module")
def _today_for_the_module():
    """The audits' day (conftest) from before the demo loads: the demo is loaded once for
    the module (demo_once), on that day, not once a test."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def demo(_today_for_the_module, demo_once):
    return Partnership.objects.get(slug="demo")


def test_the_childrens_audit_waits_on_overdue_agency_returns(demo):
    audit = Audit.objects.select_related("case").get(theme=CHILDREN, case__partnership=demo)
    assert audit.case.stage == "returns"
    overdue = AgencyRequest.objects.filter(case=audit.case).overdue()
    assert sorted(r.agency.name for r in overdue) == [
        "Demoshire Council Children's Services", "Demoshire Integrated Care Board",
        "Demoshire Police",
    ]  # fmt: skip
    submitted = AuditReturn.objects.filter(audit=audit, status="submitted")
    assert {r.agency.name for r in submitted} == {"Demo Hospitals NHS Foundation Trust"}


def test_the_adults_audit_is_graded_ratified_reported_and_closed(demo):
    audit = Audit.objects.select_related("case").get(theme=ADULTS, case__partnership=demo)
    assert (audit.case.stage, audit.case.status) == ("closed", "closed")
    assert not audit.returns.filter(grade="").exists() and audit.judgements.count() == 4
    assert audit.judgement == "requires_improvement"
    assert Finding.objects.filter(case=audit.case).count() == 2
    assert audit.learning_flagged_for_publication
    assert [r.group.name for r in audit.ratifications.all()] == [
        "Demo Safeguarding Adults Board", "Executive"
    ]  # fmt: skip
    documents = audit.case.documents.filter(is_draft=False, kind="final_report")
    assert sorted(d.filename.rsplit(".", 1)[1] for d in documents) == ["docx", "pdf"]
    assert audit.event.invitees.filter(attendance="apologies").count() == 1
    assert audit.case.steps.filter(done_on__isnull=True).count() == 0


def test_the_adults_audits_recommendations_are_in_the_action_tracker_with_an_action(demo):
    audit = Audit.objects.select_related("case").get(theme=ADULTS, case__partnership=demo)
    recommendations = Recommendation.objects.filter(case=audit.case).order_by("number")
    assert [(r.number, r.finding.number) for r in recommendations] == [(1, 1), (2, 2)]
    manager = User.objects.get(email="business.manager@example.org")
    mine = recommendations_for_user(manager).filter(case=audit.case)
    assert set(mine) == set(recommendations)
    [action] = Action.objects.filter(recommendation__case=audit.case)
    assert action.recommendation.number == 1
    assert action.lead_agency.name == "Demoshire Council Adult Social Care"


def test_loading_the_audits_again_adds_nothing(demo):
    counts = (Recommendation.objects.count(), Action.objects.count())
    assert demo_audits_load(demo) == 0
    assert Audit.objects.filter(case__partnership=demo, theme__in=[CHILDREN, ADULTS]).count() == 2
    assert (Recommendation.objects.count(), Action.objects.count()) == counts
