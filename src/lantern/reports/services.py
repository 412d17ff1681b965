"""The annual reports' workflow: drafted from the records, narratives written, submitted,
approved or sent back, sent to the statutory recipients, published.

Every refusal is a ValidationError with a message a person can act on. After approval
nothing changes but the sendings and the publication date: what was approved is what is
sent and published.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lantern.access.policy import can_approve_annual_report
from lantern.accounts.models import User
from lantern.notifications.services import lantern_link, notify
from lantern.publications.checks import Part, contact_problems, name_problems
from lantern.web.versioning import save_versioned

from .annual_facts import draw_facts
from .models import AnnualReport, AnnualReportSection, ReportKind, ReportSending, ReportStatus
from .period import Period, financial_year_label, last_complete_financial_year
from .recipients import OTHER, recipients_for
from .sections import section_spec, sections_for


def _people(report: AnnualReport) -> list[Any]:
    return list(
        User.objects.filter(partnership_id=report.partnership_id, is_active=True)
        .prefetch_related("role_assignments__group")
        .order_by("pk")
    )


def _url(report: AnnualReport) -> str:
    return lantern_link(reverse("reports:annual_detail", args=[report.pk]))


def _draw(report: AnnualReport) -> None:
    report.facts = draw_facts(report)
    report.facts_at = timezone.now()


def _member_keys(report: AnnualReport) -> list[str]:
    return [m["key"] for m in report.facts.get("members", [])]


def _ensure_sections(report: AnnualReport) -> None:
    """A row for every section and every member the facts name (members may join)."""
    have = set(report.sections.values_list("key", flat=True))
    keys = [s.key for s in sections_for(report.kind) if not s.per_member] + _member_keys(report)
    AnnualReportSection.objects.bulk_create(
        [AnnualReportSection(report=report, key=k) for k in keys if k not in have]
    )


def _lock(report: AnnualReport) -> None:
    """Reads the report again, locked until the transaction ends: two people deciding on
    it at once (the Chair approving as the board's chair sends it back) are taken one
    after the other, and the second sees the first's decision."""
    report.refresh_from_db(from_queryset=AnnualReport.objects.select_for_update())


def _require_draft(report: AnnualReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            "This report is no longer a draft: it can only be changed once it has been sent back."
            if report.status == ReportStatus.SUBMITTED
            else "This report has been approved: nothing in it can change now."
        )


def report_create(*, partnership: Any, kind: str, year: Period, user: Any,
                  today: datetime.date | None = None) -> AnnualReport:  # fmt: skip
    today = today or timezone.localdate()
    if kind not in ReportKind.values:
        raise ValidationError("Select which report to start.")
    if year.start > last_complete_financial_year(today).start:
        raise ValidationError(
            "Select a financial year that has ended: a report covers a whole year."
        )
    existing = AnnualReport.objects.filter(
        partnership=partnership, kind=kind, year_start=year.start
    ).first()
    if existing:
        raise ValidationError(
            f"There is already a {ReportKind(kind).label} for {financial_year_label(year)}.",
            code="exists",
            params={"pk": existing.pk},
        )
    report = AnnualReport(
        partnership=partnership,
        kind=kind,
        year_start=year.start,
        year_end=year.end,
        title=f"{ReportKind(kind).label} {financial_year_label(year)}",
        created_by=user,
    )
    _draw(report)
    try:
        with transaction.atomic():
            report.save()
            _ensure_sections(report)
    except IntegrityError as error:  # someone started the same report at the same moment
        raise ValidationError(
            f"There is already a {ReportKind(kind).label} for {financial_year_label(year)}.",
            code="exists",
        ) from error
    return report


@transaction.atomic
def report_refresh(report: AnnualReport, user: Any) -> AnnualReport:
    _lock(report)
    _require_draft(report)
    _draw(report)
    report.save(update_fields=["facts", "facts_at", "updated_at"])
    _ensure_sections(report)
    return report


@transaction.atomic
def section_save(report: AnnualReport, key: str, narrative: str, version: int | None,
                 user: Any, seen: dict[str, str] | None = None) -> AnnualReportSection:  # fmt: skip
    """Save one narrative if nobody saved it since `version` (EditConflict otherwise)."""
    _lock(report)  # a save that lands after submission is refused, not slipped in
    _require_draft(report)
    section = report.sections.filter(key=key).first()
    if section is None:
        raise ValidationError("This report has no such section.")
    section.narrative = narrative.strip()
    section.updated_by = user
    section.updated_at = timezone.now()
    save_versioned(section, ["narrative", "updated_by", "updated_at"], version=version, seen=seen)
    return section


def missing_sections(report: AnnualReport) -> list[tuple[str, str]]:
    """(key, title) of every statutory section whose narrative is not written yet."""
    written = {s.key for s in report.sections.all() if s.narrative.strip()}
    return [
        (s.key, s.title)
        for s in sections_for(report.kind)
        if s.statutory and not s.per_member and s.key not in written
    ]


@transaction.atomic
def report_submit(report: AnnualReport, user: Any) -> AnnualReport:
    _lock(report)
    _require_draft(report)
    missing = missing_sections(report)
    if missing:
        raise ValidationError(
            "Write every section the law asks for before submitting: "
            + "; ".join(title for _, title in missing)
            + ".",
            code="missing",
        )
    # Checked here too, not only at approval: the approver should not be the first to
    # find a name or a telephone number in the manager's words.
    problems = public_problems(report)
    if problems:
        raise ValidationError(problems, code="public")
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.returned_reason = ""
    report.save()
    approvers = [p for p in _people(report) if can_approve_annual_report(p, report.kind)]
    notify(
        to=[p for p in approvers if p.pk != user.pk],
        subject=f"To approve: {report.title}",
        template="reports/email/annual_submitted.txt",
        context={"report": report, "by": user, "url": _url(report)},
        kind="annual_report_submitted",
        partnership_id=report.partnership_id,
    )
    return report


@transaction.atomic
def report_return(report: AnnualReport, user: Any, reason: str) -> AnnualReport:
    _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Only a report awaiting approval can be sent back.")
    if not reason.strip():
        raise ValidationError("Say why the report is sent back, so it can be put right.")
    if report.submitted_by_id == user.pk:
        raise ValidationError("Someone other than the person who submitted it must decide.")
    report.status = ReportStatus.DRAFT
    report.returned_reason = reason.strip()
    report.save()
    drafter = report.submitted_by
    if drafter is not None:
        notify(
            to=[drafter],
            subject=f"Sent back: {report.title}",
            template="reports/email/annual_returned.txt",
            context={"report": report, "by": user, "url": _url(report)},
            kind="annual_report_returned",
            partnership_id=report.partnership_id,
        )
    return report


def public_problems(report: AnnualReport) -> list[str]:
    """What would identify a subject or carry contact details, in every narrative and
    every text of the facts."""
    parts = []
    for section in report.sections.all():
        if section.narrative:
            title = section_spec(report.kind, section.key).title
            parts.append(Part(f"the narrative of “{title}”", section.narrative))
    for text in _texts(report.facts):
        parts.append(Part("the figures drawn from the records", text))
    return name_problems(parts, report.partnership_id, None) + contact_problems(parts)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@transaction.atomic
def report_approve(report: AnnualReport, user: Any, approved_as: str) -> AnnualReport:
    _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Only a report awaiting approval can be approved.")
    if report.submitted_by_id == user.pk:
        raise ValidationError("Someone other than the person who submitted it must approve it.")
    if not approved_as.strip():
        raise ValidationError(
            "Say in what capacity you approve it, for example “Independent Chair, on behalf "
            "of the Board”."
        )
    _draw(report)  # the approved figures are the records' as they stand now
    _ensure_sections(report)
    problems = public_problems(report)
    if problems:
        raise ValidationError(problems, code="public")
    report.status = ReportStatus.APPROVED
    report.approved_by = user
    report.approved_at = timezone.now()
    report.approved_as = approved_as.strip()
    report.save()
    return report


@transaction.atomic
def sending_record(
    report: AnnualReport,
    recipient: str,
    name: str,
    sent_on: datetime.date,
    how: str,
    user: Any,
    today: datetime.date | None = None,
) -> ReportSending:
    _lock(report)
    today = today or timezone.localdate()
    if report.status != ReportStatus.APPROVED or report.approved_at is None:
        raise ValidationError("A report is sent only once it has been approved.")
    keys = {r.key: r for r in recipients_for(report.kind)}
    if recipient != OTHER and recipient not in keys:
        raise ValidationError("Select who the report was sent to.")
    if recipient == OTHER and not name.strip():
        raise ValidationError("Enter who the report was sent to.")
    if sent_on > today:
        raise ValidationError("The date it was sent must be today or in the past.")
    if sent_on < timezone.localdate(report.approved_at):
        raise ValidationError("The date it was sent must be on or after the day it was approved.")
    if recipient != OTHER and report.sendings.filter(recipient=recipient).exists():
        raise ValidationError(f"Sending to {keys[recipient].label} is already recorded.")
    return ReportSending.objects.create(
        report=report,
        recipient=recipient,
        name=name.strip() or keys[recipient].label,
        sent_on=sent_on,
        how=how.strip(),
        recorded_by=user,
    )


@transaction.atomic
def report_publish(report: AnnualReport, user: Any,
                   today: datetime.date | None = None) -> AnnualReport:  # fmt: skip
    _lock(report)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("A report is published only once it has been approved.")
    if report.published_on:
        raise ValidationError("This report is already on the public site.")
    report.published_on = today or timezone.localdate()
    report.save(update_fields=["published_on", "updated_at"])
    return report
