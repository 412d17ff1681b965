"""The 360 evaluation (issue 16): each line of the evaluation table with what the records
show was reported in the period, to whom and when."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import ReportedItem
from lantern.actions.pack import pack_read_what
from lantern.adults.models import Sar
from lantern.audit.recorder import record_read
from lantern.audits import services as audit_services
from lantern.children.models import Cspr
from lantern.clock.models import CaseStep
from lantern.partnerships.models import GroupKind
from lantern.reports.evaluation360 import ANNUAL, evaluation_360, evaluation_blocks
from lantern.reports.models import AnnualReport, ReportKind, ReportSending, ReportStatus
from lantern.reports.period import financial_year
from lantern.training.models import EvaluationReport
from tests.factories import CaseFactory, GroupFactory, PartnershipFactory, UserFactory

YEAR = financial_year(2025)  # 1 April 2025 to 31 March 2026
D = datetime.date


@pytest.fixture
def world(db):
    p = PartnershipFactory()
    groups = {
        kind: GroupFactory(partnership=p, kind=kind, name=label)
        for kind, label in [
            (GroupKind.QAP, "QA&P"),
            (GroupKind.LI, "L&I"),
            (GroupKind.SAB, "SAB"),
            (GroupKind.EXECUTIVE, "Executive"),
        ]
    }
    user = UserFactory(partnership=p)
    return p, groups, user


def lines_of(p):
    return {line.item: line for line in evaluation_360(p.pk, YEAR)}


def presented_audit(p, lead, group, on):
    with time_machine.travel(D(2025, 4, 2), tick=False):
        audit = audit_services.audit_open(
            partnership=p,
            theme="Neglect",
            theme_lead=lead,
            scope="Children under five.",
            kind="children",
            qap_meeting_on=D(2025, 9, 1),
            qap_group=group,
        )
    CaseStep.objects.filter(case=audit.case, step_id="report-presented").update(done_on=on)
    return audit


def test_nothing_recorded_gives_every_line_a_warning_and_a_none_block(world):
    p, _, _ = world
    lines = lines_of(p)
    assert set(lines) == {*ReportedItem.values, ANNUAL}
    assert all(line.nothing_reported for line in lines.values())
    blocks = evaluation_blocks(p.pk, YEAR)
    assert [b["type"] for b in blocks] == ["none"] * 5
    assert "Case audits: nothing recorded as reported" in blocks[0]["text"]


def test_a_pack_counts_for_the_items_routed_to_its_group_on_the_meeting_day(world):
    p, groups, _ = world
    record_read(groups[GroupKind.LI], what=pack_read_what(D(2025, 6, 10), "pdf"))
    record_read(groups[GroupKind.LI], what=pack_read_what(D(2025, 6, 10), "xlsx"))  # same pack
    record_read(groups[GroupKind.QAP], what=pack_read_what(D(2025, 3, 31), "pdf"))  # before
    lines = lines_of(p)
    # L&I is the default route of reviews and action plans; both show the one meeting.
    for item in (ReportedItem.REVIEWS, ReportedItem.ACTION_PLANS):
        assert [(e.what, e.to, e.on) for e in lines[item].entries] == [
            ("Reporting pack", "L&I", D(2025, 6, 10))
        ]
    assert lines[ReportedItem.AUDITS].nothing_reported


def test_an_audit_counts_when_presented_within_the_period_and_off_route_is_flagged(world):
    p, groups, user = world
    presented_audit(p, user, groups[GroupKind.QAP], D(2026, 3, 31))  # last day: in
    # A second QA&P group: the table routes audits to the first by name.
    adults_qap = GroupFactory(partnership=p, kind=GroupKind.QAP, name="QA&P adults")
    presented_audit(p, user, adults_qap, D(2025, 4, 1))  # first day: in
    presented_audit(p, user, groups[GroupKind.QAP], D(2026, 4, 1))  # after: out
    presented_audit(p, user, groups[GroupKind.QAP], None)  # not presented: out
    entries = lines_of(p)[ReportedItem.AUDITS].entries
    assert [(e.to, e.on, e.elsewhere) for e in entries] == [
        ("QA&P adults", D(2025, 4, 1), True),
        ("QA&P", D(2026, 3, 31), False),
    ]
    assert any(
        b["type"] == "paragraph" and "QA&P adults" in b["text"]
        for b in evaluation_blocks(p.pk, YEAR)
    )


def test_sars_signed_off_and_csprs_sent_count_under_reviews(world):
    p, _, _ = world
    sar_case = CaseFactory(partnership=p, reference="SAR-1", pathway="sar")
    Sar.objects.create(case=sar_case, commissioned_on=D(2025, 1, 1), signed_off_on=D(2025, 7, 1))
    old = CaseFactory(partnership=p, reference="SAR-0", pathway="sar")
    Sar.objects.create(case=old, commissioned_on=D(2024, 1, 1), signed_off_on=D(2025, 3, 31))
    cspr_case = CaseFactory(partnership=p, reference="RR-9")
    Cspr.objects.create(
        case=cspr_case, commissioned_on=D(2025, 1, 1), final_report_sent_on=D(2025, 8, 1)
    )
    entries = lines_of(p)[ReportedItem.REVIEWS].entries
    assert [(e.what, e.to, e.on, e.elsewhere) for e in entries] == [
        ("SAR SAR-1 signed off", "SAB", D(2025, 7, 1), True),  # the SAB, not L&I
        (
            "CSPR RR-9 final report",
            "Child Safeguarding Practice Review Panel",
            D(2025, 8, 1),
            False,
        ),
    ]


def test_training_evaluations_recorded_and_a_role_other_than_the_route_is_flagged(world):
    p, groups, user = world
    for on, group, role in [
        (D(2025, 5, 1), None, Role.LD_COORDINATOR),
        (D(2025, 6, 1), groups[GroupKind.LI], ""),
        (D(2024, 6, 1), None, Role.LD_COORDINATOR),
    ]:
        EvaluationReport.objects.create(
            partnership=p,
            period_start=D(2024, 4, 1),
            period_end=D(2025, 3, 31),
            reported_to_group=group,
            reported_to_role=role,
            reported_on=on,
            created_by=user,
        )
    entries = lines_of(p)[ReportedItem.TRAINING].entries
    assert [(e.to, e.on, e.elsewhere) for e in entries] == [
        (Role.LD_COORDINATOR.label, D(2025, 5, 1), False),
        ("L&I", D(2025, 6, 1), True),
    ]


def test_annual_reports_approved_and_sent_in_the_period(world):
    p, _, user = world
    report = AnnualReport.objects.create(
        partnership=p,
        kind=ReportKind.SAB,
        year_start=D(2024, 4, 1),
        year_end=D(2025, 3, 31),
        title="SAB annual report 2024 to 2025",
        created_by=user,
        status=ReportStatus.APPROVED,
        approved_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 12)),
        approved_as="The SAB, 1 September 2025",
    )
    for on in (D(2025, 9, 5), D(2026, 4, 2)):
        ReportSending.objects.create(
            report=report, recipient="healthwatch", name="Healthwatch", sent_on=on, recorded_by=user
        )
    entries = lines_of(p)[ANNUAL].entries
    assert [(e.what, e.to, e.on) for e in entries] == [
        ("SAB annual report 2024 to 2025 approved", "The SAB, 1 September 2025", D(2025, 9, 1)),
        ("SAB annual report 2024 to 2025 sent", "Healthwatch", D(2025, 9, 5)),
    ]


def test_another_partnerships_records_are_not_counted(world):
    p, _, _ = world
    other = PartnershipFactory()
    sar_case = CaseFactory(partnership=other, reference="SAR-X", pathway="sar")
    Sar.objects.create(case=sar_case, commissioned_on=D(2025, 1, 1), signed_off_on=D(2025, 7, 1))
    assert lines_of(p)[ReportedItem.REVIEWS].nothing_reported


def test_one_query_per_source_whatever_the_records(world, django_assert_max_num_queries):
    p, groups, user = world
    for n in range(3):
        presented_audit(p, user, groups[GroupKind.QAP], D(2025, 10, 1 + n))
        c = CaseFactory(partnership=p, reference=f"SAR-{n}", pathway="sar")
        Sar.objects.create(case=c, commissioned_on=D(2025, 1, 1), signed_off_on=D(2025, 7, 1))
    with django_assert_max_num_queries(10):
        evaluation_360(p.pk, YEAR)
