"""Issue 13, benchmarks/: the data generator makes the documented counts, every record in
its partnership, and an audit trail whose hash chain holds."""

import pytest
from benchmarks.gen_people import PASSWORD, business_manager_email
from benchmarks.generate import generate
from django.db.models import F

from lantern.accounts.models import Role, User
from lantern.actions.models import Action, Finding, LearningTerms, Recommendation
from lantern.audit import chain
from lantern.audit.models import AuditChainHead, AuditEvent
from lantern.cases.models import Case, CaseMembership
from lantern.cases.pathways import PATHWAYS
from lantern.chronology.models import ChronologyEntry
from lantern.clock.models import CaseStep

pytestmark = pytest.mark.django_db

SCALE = 0.002  # 7 cases, 12 recommendations, 18 actions, 1,000 events, 80 chronology rows


@pytest.fixture
def counts():
    return generate(SCALE, partnerships=2)


def test_issue_13_generator_makes_the_documented_counts_at_a_tiny_scale(counts):
    assert counts["partnerships"] == 2
    assert counts["cases"] == 2 * 7
    assert counts["recommendations"] == 2 * 12
    assert counts["actions"] == 2 * 18
    assert counts["audit events"] == 2 * 1000
    assert counts["chronology entries"] == 2 * 80
    assert Case.objects.count() == counts["cases"]
    assert Action.objects.count() == counts["actions"]
    assert set(Case.objects.values_list("pathway", flat=True)) == set(PATHWAYS)
    assert Case.objects.filter(opened_on__year__lte=2017, pathway="rapid-review").exists()


def test_issue_13_generated_records_stay_in_their_partnership(counts):
    # Every action, its recommendation, case, group, agency and people: one partnership.
    assert not Action.objects.exclude(
        recommendation__partnership=F("lead_agency__partnership")
    ).exists()
    assert not Action.objects.exclude(recommendation__partnership=F("owner__partnership")).exists()
    assert not Recommendation.objects.exclude(partnership=F("case__partnership")).exists()
    assert not Recommendation.objects.exclude(
        partnership=F("monitoring_group__partnership")
    ).exists()
    assert not CaseMembership.objects.exclude(case__partnership=F("person__partnership")).exists()
    assert (
        not Case.objects.filter(subject__isnull=False)
        .exclude(partnership=F("subject__partnership"))
        .exists()
    )
    assert not ChronologyEntry.objects.exclude(case__partnership=F("agency__partnership")).exists()
    assert (
        not AuditEvent.objects.filter(object_type="cases.case")
        .exclude(partnership__in=Case.objects.values("partnership"))
        .exists()
    )
    # Every case with a timetable has its steps; closed cases have all of them done.
    timed = Case.objects.exclude(pathway="national")
    assert set(CaseStep.objects.values_list("case", flat=True).distinct()) == set(
        timed.values_list("pk", flat=True)
    )
    assert not CaseStep.objects.filter(case__status="closed", done_on__isnull=True).exists()


def test_issue_13_generated_audit_trail_keeps_its_hash_chain(counts):
    verdict = chain.verify(AuditEvent.objects.order_by("id"), AuditChainHead.objects.first())
    assert verdict.ok, verdict.problem
    assert verdict.events == AuditEvent.objects.count() >= counts["audit events"]


def test_issue_13_the_business_manager_signs_in_without_a_second_factor(counts):
    manager = User.objects.get(email=business_manager_email(1))
    assert manager.check_password(PASSWORD)
    assert manager.role_set() == {Role.BUSINESS_MANAGER}
    assert not manager.partnership.require_two_factor


def test_issue_13_generator_refuses_a_database_that_holds_generated_data(counts):
    with pytest.raises(SystemExit, match="already holds generated data"):
        generate(SCALE)
    assert Case.objects.count() == counts["cases"]


def test_issue_13_bulk_inserted_learning_is_in_the_repeat_learning_index(counts):
    """bulk_create skips save(): the generator stores every text's weights itself."""
    keys = set(LearningTerms.objects.values_list("key", flat=True))
    assert {f"rec:{pk}" for pk in Recommendation.objects.values_list("pk", flat=True)} <= keys
    assert {f"finding:{pk}" for pk in Finding.objects.values_list("pk", flat=True)} <= keys


def test_issue_16_generated_findings_carry_decisions_for_the_dashboards(counts):
    """The dashboards and the SAB report count findings decided: every generated finding is
    decided and dated, some not to be implemented, each of those with its reason."""
    assert not Finding.objects.filter(response="").exists()
    assert not Finding.objects.filter(response_on__isnull=True).exists()
    not_acting = Finding.objects.filter(response="not_acting")
    assert not_acting.exists()
    assert not not_acting.filter(response_reason="").exists()
