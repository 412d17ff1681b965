"""The review, month by month from the commission date (the "sar" timetable): reviewers,
the initial scoping meeting, IMRs, monthly SAR Panel meetings, the report, SAB sign-off,
the family, publication and the learning event."""

import calendar
import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import requests_send
from lantern.clock.models import CaseStep
from lantern.clock.services import case_schedule
from lantern.meetings.models import MeetingKind
from lantern.meetings.services import meeting_schedule
from lantern.partnerships.models import Agency
from lantern.workflow.publication import final_report_problems, report_publish
from lantern.workflow.services import stage_set, step_check, step_record

from .decision import DIFFERS_PREFIX, rationale_only, sar_decision
from .models import Publication, Sar, SarDecision, SarReferral

#: Steps recorded simply as "it happened on": (title of the page, label of the date).
DATE_STEPS = {
    "reviewers-commissioned": "Date the reviewers were commissioned",
    "initial-scoping-meeting": "Date of the initial scoping meeting",
    "draft-report": "Date the draft final report went to the SAR Panel",
    "sar-committee": "Date of the SAR Committee",
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _not_future(on: datetime.date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})


def _step(sar: Sar, step_id: str) -> CaseStep:
    return CaseStep.objects.get(case=sar.case, pathway="sar", step_id=step_id)


def panel_meetings_schedule(sar: Sar) -> list[Any]:
    """One SAR Panel meeting a month from the commission date up to the draft report."""
    until = _step(sar, "draft-report").due
    meetings, month = [], 1
    while (day := add_months(sar.commissioned_on, month)) <= until:
        meetings.append(
            meeting_schedule(
                case=sar.case,
                title=f"SAR Panel, month {month}",
                kind=MeetingKind.PANEL,
                date=day,
                window=None,
            )
        )
        month += 1
    return meetings


def agencies_in_scope(referral: SarReferral) -> list[Any]:
    """The agencies the review involves: those asked for a scoping return (found on a walk:
    "Agencies in scope" listed every agency of the partnership); before any was asked,
    the agencies the referral named as involved."""
    asked = list(
        Agency.objects.filter(requests__case=referral.case, requests__kind="scoping")
        .distinct()
        .order_by("name")
    )
    return asked or list(referral.involved_agencies.order_by("name"))


def sar_commission(*, referral: SarReferral, on: datetime.date) -> Sar:
    decision = sar_decision(referral)
    if decision is None or decision.kind == SarDecision.OTHER or decision.endorsed_on is None:
        raise ValidationError("A SAR is commissioned once the Independent Chair agrees it.")
    if hasattr(referral.case, "sar"):
        raise ValidationError("This SAR is already commissioned.")
    _not_future(on)
    step_check(referral.case, "commission", on=on)  # after the Independent Chair agreed it
    agencies = ", ".join(a.name for a in agencies_in_scope(referral))
    with transaction.atomic():
        sar = Sar.objects.create(
            case=referral.case,
            commissioned_on=on,
            terms_of_reference=(
                f"Agencies in scope: {agencies}.\nWhy the SAR: {rationale_only(decision)}\n"
                "Questions for the review: to be agreed with the reviewers."
            ),
        )
        case_schedule(case=referral.case, pathway="sar", start=on)
        stage_set(case=referral.case, stage="review")
        panel_meetings_schedule(sar)
    return sar


def sar_step_done(*, sar: Sar, step_id: str, on: datetime.date) -> None:
    if step_id not in DATE_STEPS:
        raise ValidationError("That step is not recorded here.")
    _not_future(on)
    if on < sar.commissioned_on:
        raise ValidationError({"on": "The date cannot be before the SAR was commissioned."})
    # Each in turn: the draft needs every IMR back and a draft on the case; the committee
    # follows the draft (the declarations in lantern.workflow).
    step_record(case=sar.case, step_id=step_id, on=on)


_QUESTIONS = "\nQuestions for the review:"


def _terms_for_agencies(terms: str) -> str:
    """The terms of reference without the reason the decision differs from the s44
    assessment, which terms written before it was kept apart still carry (it runs from
    DIFFERS_PREFIX to the questions for the review, or to the end)."""
    start = terms.find(DIFFERS_PREFIX)
    if start < 0:
        return terms
    end = terms.find(_QUESTIONS, start)
    return terms[:start].rstrip() + (terms[end:] if end >= 0 else "")


def imr_send(
    *,
    sar: Sar,
    agency_ids: list[int],
    due: datetime.date,
    named: Mapping[int, Any] | None = None,
) -> list[AgencyRequest]:
    """An IMR from each agency (independent providers included), after the initial scoping
    meeting, answering the terms of reference. An agency with nobody on the case goes to
    the person `named` for it (agency id → person), else its safeguarding lead; one nobody
    can be asked for is refused by the kernel, and nothing is sent."""
    step_check(sar.case, "imrs", on=timezone.localdate())
    asked = ", ".join(
        Agency.objects.filter(pk__in=agency_ids).order_by("name").values_list("name", flat=True)
    )
    instructions = (
        f"Asked for an IMR: {asked}.\n"
        "Your agency's Individual Management Review, written by a manager independent of the "
        "case. Record who wrote it (their name, job title and how they are independent of "
        "the case) in Lantern: on the SAR's page, under IMR authors, choose Record the "
        "author for your agency.\n"
        "The IMR is a review of your records, interviews with the staff involved, your agency's "
        # The reason the decision differs from the s44 assessment is the sub-group's, and
        # is never sent to agencies (found on a walk), even from older terms of reference.
        f"chronology, and answers to the terms of reference:\n"
        f"{_terms_for_agencies(sar.terms_of_reference)}"
    )
    return requests_send(
        case=sar.case,
        agency_ids=agency_ids,
        kind="imr",
        title="Individual Management Review",
        instructions=instructions,
        due=due,
        named=named,
    )


def imr_author_record(
    *, request: AgencyRequest, name: str, job_title: str, independence: str, confirmed: bool,
    user: Any,
) -> Any:  # fmt: skip
    from .models import ImrAuthor

    problems = {}
    if request.kind != "imr":
        problems["__all__"] = "Only an IMR has an author to record."
    for field, value, message in [
        ("name", name, "Enter the author's name."),
        ("job_title", job_title, "Enter the author's job title."),
        ("independence", independence, "Say how the author is independent of the case."),
    ]:
        if not value.strip():
            problems[field] = message
    if not confirmed:
        problems["confirmed"] = "Confirm that the author is a manager independent of the case."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        author, _ = ImrAuthor.objects.update_or_create(
            request=request,
            defaults={
                "name": name.strip(),
                "job_title": job_title.strip(),
                "independence": independence.strip(),
                "confirmed_by": user,
                "confirmed_on": timezone.localdate(),
            },
        )
    return author


def sab_signoff(*, sar: Sar, on: datetime.date, publication: str) -> Sar:
    if publication not in Publication.values:
        raise ValidationError({"publication": "Choose whether to publish the full report."})
    _not_future(on)
    step_check(sar.case, "sab-signoff", on=on)
    sar.signed_off_on, sar.publication = on, publication
    with transaction.atomic():
        sar.save()
        step_record(case=sar.case, step_id="sab-signoff", on=on, check=False)
    return sar


def family_shared(*, sar: Sar, on: datetime.date) -> Sar:
    _not_future(on)
    step_check(sar.case, "family-shared", on=on)
    sar.family_shared_on = on
    with transaction.atomic():
        sar.save()
        step_record(case=sar.case, step_id="family-shared", on=on, check=False)
    return sar


def final_report_set(*, sar: Sar, document: Any) -> Sar:
    if problems := final_report_problems(document, sar.case):
        raise ValidationError(problems)
    sar.final_report = document
    with transaction.atomic():
        sar.save()
    return sar


def publish(*, sar: Sar, on: datetime.date, url: str, user: Any = None) -> Sar:
    """After the SAB sign-off, with a final (not draft) report, never while the report
    (full or summary) still names the adult: the kernel's publication service."""
    return report_publish(
        record=sar, document=sar.final_report, step_id="publication", on=on, url=url, user=user
    )


def learning_event(*, sar: Sar, on: datetime.date) -> Sar:
    _not_future(on)
    step_check(sar.case, "learning-event", on=on)
    sar.learning_event_on = on
    with transaction.atomic():
        sar.save()
        step_record(case=sar.case, step_id="learning-event", on=on, check=False)
    return sar
