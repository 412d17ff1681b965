"""The audit report: what it holds, the chart in both formats, draft marking until the
Executive ratifies, its version chain, and closing the audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as read_docx

from lantern.actions.models import Recommendation
from lantern.actions.services import action_create
from lantern.audits import findings, grading, report, returns, selection, services
from lantern.cases.models import CaseStatus
from lantern.documents.models import DRAFT_MARKING
from tests.factories import UserFactory

from .conftest import TODAY, pdf_figure_alts

pytestmark = pytest.mark.django_db


def _sections(audit):
    return dict(report.report_sections(audit, report.grade_summary(audit)))


def test_the_report_holds_theme_scope_case_references_grades_and_findings(found):
    sections = _sections(found)
    assert list(sections) == [
        "Theme", "Scope", "Cases audited", "Grades", "Audit session and learning event",
        "Findings and recommendations", "Good practice", "Ratification", "Learning summary",
        "Seminars and briefings",
    ]  # fmt: skip
    for reference in grading.selected_references(found):
        assert reference in sections["Cases audited"]
    assert (
        "Council: outstanding 0, good 4, requires improvement 0, inadequate 0."
        in (sections["Grades"])
    )
    assert f"{grading.OVERALL}: outstanding 0, good 4" in sections["Grades"]
    assert (
        "Overall judgement of the audit: Good. Moderation note: Consistent." in (sections["Grades"])
    )
    assert "Finding 1. Voice of the child is thin." in sections["Findings and recommendations"]
    assert "Recommendation 1. Agencies record" in sections["Findings and recommendations"]


def test_the_report_lists_each_recommendations_actions_as_the_action_plan(
    ratified, manager, agencies
):
    recommendation = Recommendation.objects.get(case=ratified.case)
    assert "Action plan" not in _sections(ratified)["Findings and recommendations"]
    for title, agency, days in (("Change the visit template", "Police", 60),
                                ("Brief every social worker", "Council", -1)):  # fmt: skip
        action = action_create(
            recommendation=recommendation, title=title, lead_agency=agencies[agency],
            owner=manager, due=TODAY, success_measure="Done.", user=manager,
        )  # fmt: skip
        type(action).objects.filter(pk=action.pk).update(due=TODAY + datetime.timedelta(days))
    text = _sections(ratified)["Findings and recommendations"]
    assert (
        "Action plan for recommendation 1:\n\n"
        "Action 1.1. Change the visit template. Lead agency: Police. Due 1 May 2026. "
        "Status: Not started.\n\n"
        "Action 1.2. Brief every social worker. Lead agency: Council. Due 1 March 2026. "
        "Status: Overdue."
    ) in text
    docx = next(d for d in report.report_generate(audit=ratified, user=manager)
                if d.filename.endswith(".docx"))  # fmt: skip
    paragraphs = [p.text for p in read_docx(docx.file.open("rb")).paragraphs]
    assert any(p.startswith("Action 1.2. Brief every social worker.") for p in paragraphs)


def test_the_report_never_holds_the_eligible_cases_not_selected(found):
    text = " ".join(body for _h, body in report.report_sections(found, report.grade_summary(found)))
    chosen = set(grading.selected_references(found))
    left_out = set(found.draws.get().eligible) - chosen
    assert left_out and not any(reference in text for reference in left_out)


def test_rule_the_report_is_a_marked_draft_until_the_executive_ratifies(found, manager):
    docx, pdf = sorted(report.report_generate(audit=found, user=manager), key=lambda d: d.filename)
    assert docx.filename.endswith(".docx") and pdf.filename.endswith(".pdf")
    assert docx.is_draft and pdf.is_draft and docx.kind == "report_draft"
    header = read_docx(docx.file.open("rb")).sections[0].header.paragraphs[0].text
    assert header == DRAFT_MARKING


def test_the_docx_carries_the_chart_as_a_picture_and_the_pdf_as_a_figure(found, manager):
    docx, pdf = sorted(report.report_generate(audit=found, user=manager), key=lambda d: d.filename)
    document = read_docx(docx.file.open("rb"))
    described = document.inline_shapes[0]._inline.docPr.get("descr")
    assert described.startswith("Grades by agency, and the moderated judgements. Bar chart.")
    assert pdf_figure_alts(pdf.file.open("rb").read()) == [described]


def test_once_ratified_the_report_is_final_and_the_next_version(ratified, manager):
    first = report.report_generate(audit=ratified, user=manager)
    again = report.report_generate(audit=ratified, user=manager)
    latest = report.report_documents(ratified)
    assert {d.pk for d in latest} == {d.pk for d in again}
    assert all(d.version == 2 and not d.is_draft and d.kind == "final_report" for d in latest)
    assert {d.supersedes_id for d in again} == {d.pk for d in first}


def test_rule_the_report_is_generated_by_a_lead(found):
    with pytest.raises(PermissionDenied):
        report.report_generate(audit=found, user=UserFactory(partnership=found.case.partnership))


def test_rule_no_report_before_any_finding(returned, manager):
    with pytest.raises(ValidationError, match="Record the findings"):
        report.report_generate(audit=returned, user=manager)


def test_rule_the_audit_closes_after_the_executive_and_a_final_report(found, manager, groups):
    with pytest.raises(ValidationError, match="Executive has ratified"):
        report.audit_close(audit=found, user=manager)
    # The draft report and action plan go to the QA&P; ratification follows.
    report.report_generate(audit=found, user=manager)
    report.report_presented(audit=found, user=manager, on=TODAY)
    for group in (groups["dscpg"], groups["executive"]):
        findings.ratification_record(
            audit=found, group=group, ratified_on=found.case.opened_on, note="", user=manager
        )
    with pytest.raises(ValidationError, match="Generate the final report"):
        report.audit_close(audit=found, user=manager)
    report.report_generate(audit=found, user=manager)
    report.audit_close(audit=found, user=manager)
    found.case.refresh_from_db()
    assert (found.case.stage, found.case.status) == ("closed", CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="already closed"):
        report.audit_close(audit=found, user=manager)


def test_rule_the_audit_closes_only_once_its_report_went_to_the_qap(ratified, manager):
    report.report_generate(audit=ratified, user=manager)
    with pytest.raises(ValidationError, match="presented at the QA&P meeting"):
        report.audit_close(audit=ratified, user=manager)
    ratified.case.refresh_from_db()
    assert ratified.case.status == CaseStatus.OPEN


def test_stages_move_preparation_returns_and_never_back(audit, agencies, manager):
    assert audit.case.stage == "preparation"
    services.question_add(audit=audit, text="Q?", kind="open")
    services.tool_finalise(audit=audit)
    selection.cases_draw(audit=audit, user=manager, references_text="C-1\nC-2\nC-3\nC-4")
    returns.template_send(audit=audit, agency_ids=[agencies["Police"].pk])
    audit.case.refresh_from_db()
    assert audit.case.stage == "returns"
    audit.case.stage = "report"
    services.stage_reach(audit, "returns")
    assert audit.case.stage == "report"


def test_rule_the_report_and_action_plan_are_presented_at_the_qap_meeting(found, manager):
    step = found.case.steps.get(step_id="report-presented")
    assert step.due == found.qap_meeting_on  # the meeting the timetable counts back from
    with pytest.raises(ValidationError, match="Generate the report before"):
        report.report_presented(audit=found, user=manager, on=TODAY)
    report.report_generate(audit=found, user=manager)  # a draft: ratification comes later
    with pytest.raises(ValidationError, match="today or in the past"):
        report.report_presented(audit=found, user=manager, on=TODAY + datetime.timedelta(1))
    with pytest.raises(ValidationError, match="after the audit"):
        report.report_presented(audit=found, user=manager, on=TODAY - datetime.timedelta(400))
    step.refresh_from_db()
    assert step.done_on is None
    with pytest.raises(PermissionDenied):
        report.report_presented(
            audit=found, user=UserFactory(partnership=found.case.partnership), on=TODAY
        )
    report.report_presented(audit=found, user=manager, on=TODAY)
    step.refresh_from_db()
    assert step.done_on == TODAY and report.is_presented(found)
    with pytest.raises(ValidationError, match="already"):
        report.report_presented(audit=found, user=manager, on=TODAY)
