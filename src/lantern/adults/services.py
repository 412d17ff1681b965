"""Writes for a SAR referral up to scoping. Each validates first, then writes in one
transaction; the referrer is told every outcome."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.recipients import Reach
from lantern.agencyrequests.services import requests_send
from lantern.children.outcome import (  # the kernel's "reps on the case" and its preview
    _representatives,
    reach_after,
)
from lantern.clock.models import CaseStep
from lantern.notifications.services import notify
from lantern.workflow import referrals
from lantern.workflow.services import returns_complete, step_check, step_record

from . import rules
from .models import ReferralStatus, SarReferral

REFERRAL_FIELDS = [
    "referring_agency", "public_concern_from", "authorised_by", "authoriser_role",
    "authorised_on", "adult_name", "date_of_birth", "address", "care_and_support_needs",
    "died", "abuse_or_neglect", "serious", "agencies_concern", "what_happened",
    "involved_agencies",
]  # fmt: skip
S44 = ["care_and_support_needs", "died", "abuse_or_neglect", "serious", "agencies_concern"]

SCOPING_TITLE = "SAR scoping return"
SCOPING_INSTRUCTIONS = (
    "Please tell the SAR Panel, from your agency's records, about your involvement with the "
    "adult: what you knew, what you did, how you worked with other agencies, and any risks "
    "now. Secure your agency's records and confirm that you have."
)


def tell_referrer(referral: SarReferral, message: str) -> None:
    notify(
        to=[referral.referred_by],
        subject=f"SAR referral {referral.case.reference}",
        template="adults/email/outcome.txt",
        context={"message": message},
        case=referral.case,
        kind="sar_referral_outcome",
    )


SAR_REFERRAL = referrals.ReferralKind(
    pathway="sar", timetable="sar-referral", name_field="adult_name", title="SAR referral"
)


def _check(data: dict[str, Any], partnership_id: int) -> None:
    problems = {
        **rules.date_problems(authorised_on=data["authorised_on"], today=timezone.localdate()),
        **referrals.agency_problems(data, partnership_id, "the adult"),
    }
    if problems:
        raise ValidationError(problems)


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: data[k] for k in REFERRAL_FIELDS if k not in SAR_REFERRAL.subject_fields}
    fields["criteria"] = rules.s44_criteria(**{k: data[k] for k in S44})
    return fields


def referral_submit(
    *, user: Any, data: dict[str, Any], received_on: datetime.date | None = None
) -> SarReferral:
    """Opens a SAR case from a referral (the kernel's referral service); the referral's
    timetable starts when it is received."""
    _check(data, user.partnership_id)
    return referrals.referral_open(
        kind=SAR_REFERRAL, model=SarReferral, user=user, data=data, fields=_fields(data),
        received_on=received_on or timezone.localdate(),
    )  # fmt: skip


def referral_return(*, referral: SarReferral, reason: str) -> SarReferral:
    """An incomplete referral goes back to the sender, saying what is missing."""
    return referrals.referral_return(record=referral, reason=reason, tell=tell_referrer)


def referral_resubmit(*, referral: SarReferral, data: dict[str, Any]) -> SarReferral:
    if referral.status != ReferralStatus.RETURNED:
        raise ValidationError("Only a returned referral can be corrected and sent again.")
    _check(data, referral.case.partnership_id)
    return referrals.referral_resubmit(
        kind=SAR_REFERRAL, record=referral, data=data, fields=_fields(data)
    )


def referral_screen(
    *, referral: SarReferral, user: Any, panel_chair: Any, on: datetime.date
) -> SarReferral:
    """The Business Manager records the screening they did with the SAR Panel chair."""
    if referral.status != ReferralStatus.SUBMITTED:
        raise ValidationError("Only a submitted, complete referral can be screened.")
    if panel_chair.partnership_id != referral.case.partnership_id:
        raise ValidationError({"panel_chair": "Choose the SAR Panel chair of this partnership."})
    if panel_chair.pk == user.pk:
        raise ValidationError(
            {"panel_chair": "Screening takes two people: the Business Manager and the chair."}
        )
    if on > timezone.localdate() or on < referral.received_on:
        raise ValidationError({"on": "Enter a date between the referral and today."})
    referral.status = ReferralStatus.SCREENED
    referral.screened_by, referral.panel_chair, referral.screened_on = user, panel_chair, on
    with transaction.atomic():
        referral.save()
        step_record(case=referral.case, step_id="screen", on=on, check=False)
    tell_referrer(referral, "it has been screened and goes to the Independent Chair.")
    return referral


def scoping_sign_off(*, referral: SarReferral, user: Any) -> SarReferral:
    """The Independent Chair signs the screened referral off for scoping."""
    if referral.status != ReferralStatus.SCREENED:
        raise ValidationError("Screen the referral before it is signed off for scoping.")
    today = timezone.localdate()
    step_check(referral.case, "scoping-signoff", user=user, on=today)
    referral.status = ReferralStatus.SIGNED_OFF
    referral.signed_off_by, referral.signed_off_on = user, today
    with transaction.atomic():
        referral.save()
        step_record(case=referral.case, step_id="scoping-signoff", on=today, check=False)
    tell_referrer(referral, "the Independent Chair signed it off for scoping.")
    return referral


def scoping_check(referral: SarReferral) -> None:
    """Raises why the scoping requests cannot be sent now, if they cannot."""
    if referral.status != ReferralStatus.SIGNED_OFF:
        raise ValidationError("The Independent Chair signs off scoping first.")
    if AgencyRequest.objects.filter(case=referral.case, kind="scoping").exists():
        raise ValidationError("The scoping requests have already been sent.")


def scoping_reach(*, referral: SarReferral) -> dict[int, Reach]:
    """Agency id → who scoping_send asks for each involved agency if nobody is named."""
    agencies = list(referral.involved_agencies.order_by("name"))
    return reach_after(referral.case, agencies, lambda: _representatives(referral))


def scoping_send(
    *,
    referral: SarReferral,
    sent_on: datetime.date | None = None,
    named: Mapping[int, Any] | None = None,
) -> list[AgencyRequest]:
    """Asks every involved agency for a scoping return, due 20 working days after the
    referral (the "sar-referral" timetable).

    Each agency's nominated representatives are put on the case first; an agency with
    nobody on it goes to the person `named` for it (agency id → person), else its
    safeguarding lead. An agency nobody can be asked for refuses the whole send (the
    kernel's refusal, on that agency's name field): nothing is written or sent."""
    sent_on = sent_on or timezone.localdate()
    scoping_check(referral)
    due = CaseStep.objects.get(
        case=referral.case, pathway="sar-referral", step_id="scoping-returned"
    ).due
    with transaction.atomic():
        # A refusal below rolls the representatives back too.
        _representatives(referral)
        return requests_send(
            case=referral.case,
            agency_ids=list(referral.involved_agencies.values_list("pk", flat=True)),
            kind="scoping",
            title=SCOPING_TITLE,
            instructions=SCOPING_INSTRUCTIONS,
            due=max(due, sent_on),
            secure_records=True,
            sent_on=sent_on,
            named=named,
        )


def scoping_complete(*, referral: SarReferral) -> datetime.date:
    """Every agency has returned: the step is done on the last return's date."""
    return returns_complete(case=referral.case, kind="scoping", step_id="scoping-returned")
