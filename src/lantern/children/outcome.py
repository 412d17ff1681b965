"""The rapid review after the referral: scoping, the outcome, the Panel's response."""

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Role, User
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import Reach, request_reach
from lantern.agencyrequests.services import requests_send
from lantern.cases.models import Capacity, CaseMembership
from lantern.clock.models import CaseStep
from lantern.documents.services import document_generate
from lantern.meetings.models import Decision, MeetingKind
from lantern.notifications.services import notify
from lantern.partnerships.models import Agency
from lantern.workflow.services import returns_complete, stage_set, step_check, step_record

from .models import RapidReview, ReferralStatus
from .template import rapid_review_sections

SCOPING_TITLE = "Initial Scoping and Information Sharing return"
SCOPING_INSTRUCTIONS = (
    "Please complete the Initial Scoping and Information Sharing return from your agency's "
    "records: your involvement with the child and family, what you knew, what you did, and "
    "any immediate concerns. Secure your agency's records now and confirm that you have."
)


def _not_future(on: datetime.date, field: str, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: f"The date {what} cannot be in the future."})


def _representatives(review: RapidReview) -> None:
    """Puts each involved agency's nominated representative on the case, so they can answer."""
    case = review.case
    on_case = set(CaseMembership.objects.filter(case=case).values_list("person_id", flat=True))
    reps = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.NOMINATED_REPRESENTATIVE,
        role_assignments__agency__in=review.involved_agencies.all(),
    ).values_list("pk", "role_assignments__agency_id")
    for person_id, agency_id in reps:
        if person_id not in on_case:
            CaseMembership.objects.create(
                case=case, person_id=person_id, agency_id=agency_id,
                capacity=Capacity.AGENCY_REPRESENTATIVE,
            )  # fmt: skip
            on_case.add(person_id)


def reach_after(case: Any, agencies: list[Agency], prepare: Callable[[], None]) -> dict[int, Reach]:
    """Who a send would ask for each agency when nobody is named, once `prepare` (e.g.
    putting the nominated representatives on the case) has run: worked out by the
    kernel's own rules (request_reach) in a transaction that is rolled back, so the page
    shows exactly what the send does and nothing is written."""
    with transaction.atomic():
        prepare()
        reaches, _errors = request_reach(case=case, agencies=agencies)
        transaction.set_rollback(True)
    return reaches


def scoping_check(review: RapidReview, sent_on: datetime.date | None = None) -> None:
    """Raises why the scoping requests cannot be sent now, if they cannot."""
    if review.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Accept the referral before asking agencies for scoping returns.")
    if AgencyRequest.objects.filter(case=review.case, kind="scoping").exists():
        raise ValidationError("The scoping requests have already been sent.")
    step_check(review.case, "scoping-sent", on=sent_on or timezone.localdate())


def scoping_reach(*, review: RapidReview) -> dict[int, Reach]:
    """Agency id → who scoping_send asks for each involved agency if nobody is named."""
    agencies = list(review.involved_agencies.order_by("name"))
    return reach_after(review.case, agencies, lambda: _representatives(review))


def scoping_send(
    *,
    review: RapidReview,
    sent_on: datetime.date | None = None,
    named: Mapping[int, Any] | None = None,
) -> list[AgencyRequest]:
    """Sends every involved agency the scoping template, with the request to secure records.

    Each agency's nominated representatives are put on the case first; an agency with
    nobody on it goes to the person `named` for it (agency id → person), else its
    safeguarding lead. An agency nobody can be asked for refuses the whole send (the
    kernel's refusal, on that agency's name field): nothing is written or sent."""
    sent_on = sent_on or timezone.localdate()
    scoping_check(review, sent_on)
    with transaction.atomic():
        _representatives(review)
        step_record(case=review.case, step_id="scoping-sent", on=sent_on, check=False)
        due = CaseStep.objects.get(
            case=review.case, pathway="rapid-review", step_id="scoping-returned"
        ).due
        # requests_send validates before it writes and e-mails only once its writes are
        # done, so a refusal here rolls back the representatives and the step too.
        return requests_send(
            case=review.case,
            agency_ids=list(review.involved_agencies.values_list("pk", flat=True)),
            kind="scoping",
            title=SCOPING_TITLE,
            instructions=SCOPING_INSTRUCTIONS,
            due=due,
            secure_records=True,
            sent_on=sent_on,
            named=named,
        )


def scoping_complete(*, review: RapidReview) -> datetime.date:
    """All agencies have returned scoping: the step is done on the last return's date."""
    return returns_complete(case=review.case, kind="scoping", step_id="scoping-returned")


def rapid_review_decision(review: RapidReview) -> Decision | None:
    return (
        Decision.objects.filter(case=review.case, meeting__kind=MeetingKind.RAPID_REVIEW)
        .select_related("meeting")
        .order_by("-decided_on")
        .first()
    )


TEMPLATE_TITLE = "Completed Rapid Review template"


def template_check(review: RapidReview) -> Decision:
    """The decision the template reports; raises if there is none to write up yet."""
    decision = rapid_review_decision(review)
    if decision is None:
        raise ValidationError("Record the meeting's decision before writing the template.")
    return decision


def template_generate(*, review: RapidReview, user: Any) -> Any:
    """Writes the template as DOCX and PDF (in a job: lantern.children.document_jobs)."""
    decision = template_check(review)
    meeting = decision.meeting
    sections = rapid_review_sections(
        review,
        decision=decision,
        meeting=meeting,
        returns=list(AgencyRequest.objects.filter(case=review.case, kind="scoping")),
        attendees=list(meeting.attendance.select_related("person", "agency")) if meeting else [],
        signed_by=user,
    )
    return document_generate(
        case=review.case,
        title=TEMPLATE_TITLE,
        kind="rapid_review_template",
        sections=sections,
        user=user,
        draft=False,
    )


def outcome_sent(*, review: RapidReview, on: datetime.date) -> RapidReview:
    """The template went to the National Panel; the agencies and the referrer are told."""
    _not_future(on, "sent_on", "it was sent")
    decision = rapid_review_decision(review)
    if decision is None:
        raise ValidationError("There is no decision to send yet.")
    if on < decision.decided_on:
        raise ValidationError({"sent_on": "The outcome cannot be sent before the decision."})
    step_check(review.case, "outcome-sent", on=on)
    review.outcome_sent_on = review.agencies_told_on = review.referrer_told_on = on
    people = list(
        User.objects.filter(case_memberships__case=review.case, is_active=True).distinct()
    )
    with transaction.atomic():
        review.save()
        step_record(case=review.case, step_id="outcome-sent", on=on, check=False)
    notify(
        to=people,
        subject=f"Rapid review {review.case.reference}: the outcome",
        template="children/email/outcome.txt",
        context={"review": review, "decision": decision},
        case=review.case,
        kind="rapid_review_outcome",
    )
    return review


def panel_response(*, review: RapidReview, response: str, on: datetime.date) -> RapidReview:
    _not_future(on, "received_on", "of the response")
    if review.outcome_sent_on is None:
        raise ValidationError("Record that the outcome was sent to the National Panel first.")
    if on < review.outcome_sent_on:
        raise ValidationError(
            {"received_on": "The response cannot come before the outcome was sent."}
        )
    review.panel_response = response
    review.panel_response_on = on
    with transaction.atomic():
        review.save()
        if review.case.pathway == "rapid-review":
            decision = rapid_review_decision(review)
            if decision is None or decision.kind != "cspr" or response != "agrees":
                stage_set(case=review.case, stage="closed")
    return review
