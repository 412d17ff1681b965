"""Writes for the children's pathway. Each validates first, then writes in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Capacity, CaseMembership, Subject
from lantern.cases.services import case_open
from lantern.clock.services import case_schedule
from lantern.partnerships.models import Agency
from lantern.workflow.services import step_check, step_record

from . import rules
from .models import RapidReview, ReferralStatus

REFERRAL_FIELDS = [
    "referring_agency", "authorised_by", "authorised_on", "child_name", "date_of_birth",
    "address", "looked_after", "incident_on", "harm", "abuse_or_neglect", "what_happened",
    "involved_agencies",
]  # fmt: skip


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
    }
    agencies = [data["referring_agency"], *data["involved_agencies"]]
    if any(a.partnership_id != partnership_id for a in agencies):
        problems["involved_agencies"] = "Choose agencies of this partnership."
    if not data["involved_agencies"]:
        problems["involved_agencies"] = "Choose the agencies involved with the child and family."
    if problems:
        raise ValidationError(problems)


def referral_submit(
    *, user: Any, data: dict[str, Any], received_on: datetime.date | None = None
) -> RapidReview:
    """Opens a rapid review case from a serious-incident referral.

    `data` holds REFERRAL_FIELDS (agencies as Agency objects, `looked_after` a bool).
    The referrer joins the case to be told its outcome.
    """
    today = timezone.localdate()
    received_on = received_on or today
    _check(data, user.partnership_id, today)
    with transaction.atomic():
        case = case_open(
            partnership=user.partnership,
            pathway="rapid-review",
            title=f"Serious incident referral from {data['referring_agency']}",
            subject_name=data["child_name"],
            subject_date_of_birth=data["date_of_birth"],
            opened_on=received_on,
        )
        if data.get("address"):
            Subject.objects.filter(pk=case.subject_id).update(address=data["address"])
        review = RapidReview.objects.create(
            case=case,
            referred_by=user,
            received_on=received_on,
            **{k: data[k] for k in REFERRAL_FIELDS if k not in _SUBJECT_AND_M2M},
        )
        review.involved_agencies.set(_involved(data))
        CaseMembership.objects.create(
            case=case, person=user, capacity=Capacity.REFERRER, agency=data["referring_agency"]
        )
        # The clock starts when the referral is received (or the partnership's anchor).
        case_schedule(
            case=case,
            pathway="rapid-review",
            start=received_on,
            conditions={"looked-after"} if review.lac_death else set(),
        )
    return review


_SUBJECT_AND_M2M = {"child_name", "date_of_birth", "address", "involved_agencies"}


def _involved(data: dict[str, Any]) -> list[Agency]:
    agencies = list(data["involved_agencies"])
    if data["referring_agency"] not in agencies:
        agencies.append(data["referring_agency"])
    return agencies


def referral_return(*, review: RapidReview, reason: str) -> RapidReview:
    """The Business Manager returns an incomplete referral, saying what is missing."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what is missing, so the referrer can put it right."})
    if review.status != ReferralStatus.SUBMITTED:
        raise ValidationError("Only a submitted referral can be returned.")
    review.status = ReferralStatus.RETURNED
    review.returned_reason = reason.strip()
    with transaction.atomic():
        review.save()
    return review


def referral_resubmit(*, review: RapidReview, user: Any, data: dict[str, Any]) -> RapidReview:
    if review.status != ReferralStatus.RETURNED:
        raise ValidationError("Only a returned referral can be corrected and sent again.")
    _check(data, review.case.partnership_id, timezone.localdate())
    with transaction.atomic():
        subject = review.case.subject
        subject.full_name = data["child_name"]
        subject.date_of_birth = data["date_of_birth"]
        subject.address = data.get("address", "")
        subject.save()
        for key in REFERRAL_FIELDS:
            if key not in _SUBJECT_AND_M2M:
                setattr(review, key, data[key])
        review.status = ReferralStatus.SUBMITTED
        review.returned_reason = ""
        review.save()
        review.involved_agencies.set(_involved(data))
        case_schedule(
            case=review.case,
            pathway="rapid-review",
            start=review.received_on,
            conditions={"looked-after"} if review.lac_death else set(),
        )
    return review


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
