"""Writes for the children's pathway. Each validates first, then writes in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.workflow import referrals
from lantern.workflow.services import step_check, step_record

from . import rules
from .models import RapidReview, ReferralStatus

REFERRAL_FIELDS = [
    "referring_agency", "authorised_by", "authorised_on", "child_name", "date_of_birth",
    "address", "looked_after", "incident_on", "harm", "abuse_or_neglect", "what_happened",
    "involved_agencies",
]  # fmt: skip


RAPID_REVIEW_REFERRAL = referrals.ReferralKind(
    pathway="rapid-review",
    timetable="rapid-review",
    name_field="child_name",
    title="Serious incident referral",
    conditions=lambda review: {"looked-after"} if review.lac_death else set(),
    reschedule=True,  # whether a looked-after child died may have been corrected
)


def _check(data: dict[str, Any], partnership_id: int, today: datetime.date) -> None:
    problems = {
        **rules.serious_incident_problems(
            abuse_or_neglect=data["abuse_or_neglect"],
            harm=data["harm"],
            looked_after=data["looked_after"],
        ),
        **rules.date_problems(
            date_of_birth=data["date_of_birth"],
            incident_on=data["incident_on"],
            authorised_on=data["authorised_on"],
            today=today,
        ),
        **referrals.agency_problems(data, partnership_id, "the child and family"),
    }
    if problems:
        raise ValidationError(problems)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in REFERRAL_FIELDS if k not in RAPID_REVIEW_REFERRAL.subject_fields}


def referral_submit(
    *, user: Any, data: dict[str, Any], received_on: datetime.date | None = None
) -> RapidReview:
    """Opens a rapid review case from a serious-incident referral (the kernel's referral
    service). `data` holds REFERRAL_FIELDS (agencies as Agency objects, `looked_after` a
    bool). The clock starts when the referral is received (or the partnership's anchor)."""
    today = timezone.localdate()
    _check(data, user.partnership_id, today)
    return referrals.referral_open(
        kind=RAPID_REVIEW_REFERRAL, model=RapidReview, user=user, data=data,
        fields=_fields(data), received_on=received_on or today,
    )  # fmt: skip


def referral_return(*, review: RapidReview, reason: str) -> RapidReview:
    """The Business Manager returns an incomplete referral, saying what is missing."""
    return referrals.referral_return(record=review, reason=reason)


def referral_resubmit(*, review: RapidReview, user: Any, data: dict[str, Any]) -> RapidReview:
    if review.status != ReferralStatus.RETURNED:
        raise ValidationError("Only a returned referral can be corrected and sent again.")
    _check(data, review.case.partnership_id, timezone.localdate())
    return referrals.referral_resubmit(
        kind=RAPID_REVIEW_REFERRAL, record=review, data=data, fields=_fields(data)
    )


def referral_accept(*, review: RapidReview) -> RapidReview:
    if review.status != ReferralStatus.SUBMITTED:
        raise ValidationError("Only a submitted referral can be accepted.")
    review.status = ReferralStatus.ACCEPTED
    with transaction.atomic():
        review.save()
        step_record(case=review.case, step_id="referral-accepted", on=timezone.localdate())
    return review


def panel_notified(*, review: RapidReview, user: Any, on: datetime.date) -> RapidReview:
    """The local authority's notification to the National Panel (statutory: 5 working days)."""
    if on > timezone.localdate():
        raise ValidationError(
            {"notified_on": "The date the Panel was notified cannot be in the future."}
        )
    if on < review.received_on:
        raise ValidationError(
            {"notified_on": "The Panel cannot have been notified before the referral was received."}
        )
    review.panel_notified_on = on
    review.panel_notified_by = user
    step_check(review.case, "panel-notified", user=user, on=on)
    with transaction.atomic():
        review.save()
        step_record(case=review.case, step_id="panel-notified", on=on, check=False)
    return review


def lac_notified(*, review: RapidReview, on: datetime.date) -> RapidReview:
    """A looked-after child's death: the Secretary of State and Ofsted have been told."""
    if not review.lac_death:
        raise ValidationError("Only a looked-after child's death is notified to them.")
    if on > timezone.localdate() or on < review.received_on:
        raise ValidationError({"notified_on": "Enter a date between the referral and today."})
    review.secretary_of_state_notified_on = on
    review.ofsted_notified_on = on
    with transaction.atomic():
        review.save()
        step_record(case=review.case, step_id="sos-ofsted-notified", on=on)
    return review
