"""The audit's report, written by Lantern as DOCX and PDF: theme, scope, the cases
audited (references only), the grades counted per agency and overall with a chart of
them, the learning event, findings, recommendations with the actions of the action plan
under them (from the action tracker), good practice, ratification and the learning
summary. It is marked as an unpublished draft until the Executive has ratified the
findings. Closing the audit needs that final report."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lantern.actions.models import Recommendation
from lantern.cases.models import CaseStatus, Confidentiality
from lantern.clock.models import CaseStep
from lantern.documents.charts import bar_chart_png, bar_chart_svg, chart_description
from lantern.documents.generate import Figure, Sections, render_docx, render_pdf
from lantern.documents.models import Document, DocumentKind
from lantern.documents.services import document_upload

from .access import check_lead
from .findings import audit_learning, has_findings, is_ratified
from .grading import GradeRow, grade_chart, grade_rows, selected_references
from .models import AttendanceStatus, Audit, Grade, LearningEvent
from .services import stage_reach, step_happened

REPORT_TITLE = "Multi-agency case file audit report"
GRADES = "Grades"
PRESENTED = "report-presented"


def _day(value: Any) -> str:
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class GradeSummary:
    agencies: list[GradeRow]
    every: GradeRow
    overall: GradeRow

    @property
    def chart(self) -> dict[str, Any]:
        return grade_chart(self.agencies, self.overall)

    def svg(self) -> str:
        return bar_chart_svg(**self.chart)

    def figure(self) -> Figure:
        return Figure(
            alt=chart_description(**self.chart), png=bar_chart_png(**self.chart), svg=self.svg()
        )


def grade_summary(audit: Audit) -> GradeSummary:
    """The grades counted (two queries: the returns with their agencies, the judgements)."""
    returns = list(audit.returns.select_related("agency"))
    return GradeSummary(*grade_rows(returns, list(audit.judgements.all())))


def _grades_text(audit: Audit, summary: GradeSummary) -> str:
    names = ", ".join(label.lower() for label in Grade.labels)
    lines = [f"Count of each grade ({names}):"]
    for row in [*summary.agencies, summary.every, summary.overall]:
        counts = ", ".join(
            f"{label.lower()} {count}"
            for label, count in zip(Grade.labels, row.counts, strict=True)
        )
        lines.append(f"{row.name}: {counts}.")
    if audit.judgement:
        lines.append(
            f"Overall judgement of the audit: {audit.get_judgement_display()}. "
            f"Moderation note: {audit.judgement_note}"
        )
    else:
        lines.append("The audit's overall judgement has not been moderated yet.")
    return "\n\n".join(lines)


def _event_text(audit: Audit) -> str:
    event = LearningEvent.objects.filter(audit=audit).select_related("meeting").first()
    lines = []
    if event is None:
        lines.append("The learning event has not been arranged.")
    else:
        meeting = event.meeting
        counts = {status: 0 for status in AttendanceStatus.values}
        for status in event.invitees.values_list("attendance", flat=True):
            counts[status] += 1
        when = f"held on {_day(meeting.held_on)}" if meeting.held_on else f"on {_day(meeting.date)}"
        lines.append(
            f"The audit session and learning event was {when} at {meeting.location}. "
            f"{counts['attended']} attended, {counts['apologies']} sent apologies and "
            f"{counts['absent']} were absent."
        )
    for heard in audit.engagements.all():
        lines.append(
            f"{heard.get_who_display()} was heard ({heard.how}), {_day(heard.engaged_on)}: "
            f"{heard.what_they_said}"
        )
    return "\n\n".join(lines)


def _recommendation_text(r: Recommendation) -> list[str]:
    lines = [
        f"Recommendation {r.number}. {r.text} Answerable: {r.owner}. Monitored by "
        f"{r.monitoring_group}. Impact reviewed by {_day(r.impact_review_on)}: "
        f"{r.impact_measure}"
    ]
    actions = list(r.actions.all())
    if actions:
        lines.append(f"Action plan for recommendation {r.number}:")
        lines += [
            f"Action {r.number}.{a.number}. {a.title}. Lead agency: {a.lead_agency}. "
            f"Due {_day(a.due)}. Status: {a.state_label()}."
            for a in sorted(actions, key=lambda a: a.number)
        ]
    return lines


def _findings_text(audit: Audit) -> str:
    learned = audit_learning(audit)
    lines = []
    for finding, recommendations in learned.findings:
        lines.append(f"Finding {finding.number}. {finding.text}")
        for r in recommendations:
            lines += _recommendation_text(r)
    if learned.unlinked:
        lines.append("Recommendations made without a finding:")
        for r in learned.unlinked:
            lines += _recommendation_text(r)
    return "\n\n".join(lines) or "No findings have been recorded."


def _good_practice_text(audit: Audit) -> str:
    lines = []
    for practice in audit.good_practice.select_related("agency"):
        who = f" ({practice.agency})" if practice.agency else ""
        if practice.acknowledged_on:
            said = (
                f"Acknowledged to {practice.acknowledged_to} on {_day(practice.acknowledged_on)}."
            )
        else:
            said = "Not yet acknowledged."
        lines.append(f"{practice.text}{who}. {said}")
    return "\n\n".join(lines) or "None recorded."


def _ratification_text(audit: Audit) -> str:
    lines = [
        f"Ratified by {r.group} on {_day(r.ratified_on)}." + (f" {r.note}" if r.note else "")
        for r in audit.ratifications.select_related("group")
    ]
    return "\n\n".join(lines) or "The findings have not been ratified yet."


def report_sections(audit: Audit, summary: GradeSummary) -> Sections:
    returned = sorted({str(r.agency) for r in audit.returns.select_related("agency")})
    cases = selected_references(audit)
    seminars = [
        f"{s.title}, {_day(s.held_on)}, for {s.audience}: {s.attended_count} attended."
        for s in audit.seminars.all()
    ]
    return [
        (
            "Theme",
            f"{audit.theme}\n\nA multi-agency audit of {audit.get_kind_display().lower()} "
            f"cases. Theme lead: {audit.theme_lead}.",
        ),
        ("Scope", audit.scope),
        (
            "Cases audited",
            f"Cases selected at random (references only): {', '.join(cases) or 'none yet'}."
            f"\n\nAgencies asked for returns: {', '.join(returned) or 'none yet'}.",
        ),
        (GRADES, _grades_text(audit, summary)),
        ("Audit session and learning event", _event_text(audit)),
        ("Findings and recommendations", _findings_text(audit)),
        ("Good practice", _good_practice_text(audit)),
        ("Ratification", _ratification_text(audit)),
        ("Learning summary", audit.learning_summary or "Not written yet."),
        ("Seminars and briefings", "\n\n".join(seminars) or "None recorded yet."),
    ]


def report_documents(audit: Audit) -> list[Document]:
    """The latest version of the report in each format."""
    return list(
        audit.case.documents.filter(title=REPORT_TITLE, superseded_by__isnull=True).order_by(
            "filename"
        )
    )


def report_generate(*, audit: Audit, user: Any) -> list[Document]:
    """Writes the report as DOCX (chart as a PNG) and PDF (chart as SVG), each the next
    version of the one before. A draft until the Executive has ratified the findings."""
    check_lead(user, audit)
    if not has_findings(audit):
        raise ValidationError("Record the findings before generating the report.")
    case = audit.case
    draft = not is_ratified(audit)
    marking = Confidentiality(
        Confidentiality.STRICTLY_CONFIDENTIAL if draft else case.confidentiality
    ).label.upper()
    summary = grade_summary(audit)
    sections = report_sections(audit, summary)
    figures = {GRADES: summary.figure()}
    rendered = [
        (
            suffix,
            render(
                title=REPORT_TITLE, sections=sections, marking=marking, draft=draft, figures=figures
            ),
        )
        for suffix, render in ((".docx", render_docx), (".pdf", render_pdf))
    ]
    stored = []
    with transaction.atomic():
        for suffix, content in rendered:
            latest = (
                case.documents.filter(
                    title=REPORT_TITLE, filename__endswith=suffix, superseded_by__isnull=True
                )
                .order_by("-version")
                .first()
            )
            stored.append(
                document_upload(
                    case=case,
                    title=REPORT_TITLE,
                    kind=DocumentKind.REPORT_DRAFT if draft else DocumentKind.FINAL_REPORT,
                    file=ContentFile(content, name=f"{case.reference} {REPORT_TITLE}{suffix}"),
                    user=user,
                    is_draft=draft,
                    supersedes=latest,
                )
            )
    return stored


def report_presented(*, audit: Audit, user: Any, on: datetime.date) -> Audit:
    """Records the day the report and its action plan went to the QA&P meeting: the
    framework's last step. The report may still be a draft then, awaiting ratification."""
    check_lead(user, audit)
    step = CaseStep.objects.get(case=audit.case, pathway="macfa", step_id=PRESENTED)
    if audit.case.status == CaseStatus.CLOSED:
        raise ValidationError("The audit is closed.")
    if step.done_on is not None:
        raise ValidationError(f"Presented on {step.done_on:%-d %B %Y} already.")
    if not report_documents(audit):
        raise ValidationError({"on": "Generate the report before recording its presentation."})
    held = CaseStep.objects.get(case=audit.case, pathway="macfa", step_id="audit").done_on
    if on > timezone.localdate():
        raise ValidationError({"on": "The date of the meeting must be today or in the past."})
    if on < (held or audit.case.opened_on):
        raise ValidationError({"on": "The report is presented after the audit has been held."})
    step_happened(audit, PRESENTED, on)
    return audit


def is_presented(audit: Audit) -> bool:
    return CaseStep.objects.filter(
        case=audit.case, pathway="macfa", step_id=PRESENTED, done_on__isnull=False
    ).exists()


def audit_close(*, audit: Audit, user: Any) -> Audit:
    """Closes the audit once the report has gone to the QA&P, the Executive has ratified
    and the final report is written."""
    check_lead(user, audit)
    case = audit.case
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("The audit is already closed.")
    if not is_ratified(audit):
        raise ValidationError("The audit closes once the Executive has ratified the findings.")
    if not is_presented(audit):
        raise ValidationError(
            "Record that the report was presented at the QA&P meeting before closing the audit."
        )
    final = case.documents.filter(title=REPORT_TITLE, is_draft=False, superseded_by__isnull=True)
    if not final.exists():
        raise ValidationError("Generate the final report before closing the audit.")
    with transaction.atomic():
        stage_reach(audit, "closed")
        case.status, case.closed_on = CaseStatus.CLOSED, timezone.localdate()
        case.save(update_fields=["status", "closed_on"])
    return audit
