"""A referral that opens a case, the same for every pathway that starts from one (the
rapid review, the SAR): submitted, returned as incomplete to its referrer with what is
missing, corrected and sent again. The pathways keep only their own questions and checks."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.cases.models import Capacity, CaseMembership, Subject
from lantern.cases.services import case_open
from lantern.clock.services import case_schedule
from lantern.notifications.services import notify

SUBMITTED, RETURNED = "submitted", "returned"


@dataclass(frozen=True)
class ReferralKind:
    """What differs between pathways' referrals, as data."""

    pathway: str  # the case's pathway
    timetable: str  # the clock timetable the referral starts
    name_field: str  # the subject's name in the referral data ("child_name")
    title: str  # "Serious incident referral", "SAR referral"
    # The clock's conditions that follow from the referral (e.g. a looked-after child died).
    conditions: Callable[[Any], set[str]] = field(default=lambda record: set())
    # Whether correcting the referral schedules its timetable again (its answers can
    # change a condition).
    reschedule: bool = False

    @property
    def subject_fields(self) -> set[str]:
        return {self.name_field, "date_of_birth", "address", "involved_agencies"}


def agency_problems(data: dict[str, Any], partnership_id: int, who: str) -> dict[str, str]:
    """The agencies named are the partnership's, and some are involved with `who`."""
    problems: dict[str, str] = {}
    agencies = [data["referring_agency"], *data["involved_agencies"]]
    if any(a.partnership_id != partnership_id for a in agencies):
        problems["involved_agencies"] = "Choose agencies of this partnership."
    if not data["involved_agencies"]:
        problems["involved_agencies"] = f"Choose the agencies involved with {who}."
    return problems


def _involved(data: dict[str, Any]) -> list[Any]:
    return list(dict.fromkeys([*data["involved_agencies"], data["referring_agency"]]))


def referral_open(
    *,
    kind: ReferralKind,
    model: Any,
    user: Any,
    data: dict[str, Any],
    fields: dict[str, Any],
    received_on: datetime.date,
) -> Any:
    """Opens the case from a checked referral: its subject, the referral record (`fields`),
    the referrer on the case to be told the outcome, and the clock from `received_on`."""
    with transaction.atomic():
        case = case_open(
            partnership=user.partnership,
            pathway=kind.pathway,
            title=f"{kind.title} from {data['referring_agency']}",
            subject_name=data[kind.name_field],
            subject_date_of_birth=data.get("date_of_birth"),
            opened_on=received_on,
        )
        if data.get("address"):
            Subject.objects.filter(pk=case.subject_id).update(address=data["address"])
        record = model.objects.create(
            case=case, referred_by=user, received_on=received_on, **fields
        )
        record.involved_agencies.set(_involved(data))
        CaseMembership.objects.create(
            case=case, person=user, capacity=Capacity.REFERRER, agency=data["referring_agency"]
        )
        case_schedule(
            case=case, pathway=kind.timetable, start=received_on, conditions=kind.conditions(record)
        )
    return record


def referrer_tell(record: Any, message: str) -> None:
    notify(
        to=[record.referred_by],
        subject=f"Referral {record.case.reference}",
        template="workflow/email/referral.txt",
        context={"message": message, "case": record.case},
        case=record.case,
        kind="referral_outcome",
    )


def referral_return(
    *, record: Any, reason: str, tell: Callable[[Any, str], None] = referrer_tell
) -> Any:
    """The Business Manager returns an incomplete referral to the person who made it,
    saying what is missing; they are told at once."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what is missing, so the referrer can put it right."})
    if record.status != SUBMITTED:
        raise ValidationError("Only a submitted referral can be returned.")
    record.status = RETURNED
    record.returned_reason = reason.strip()
    with transaction.atomic():
        record.save()
    tell(record, f"it was returned as incomplete: {record.returned_reason}")
    return record


def referral_resubmit(
    *, kind: ReferralKind, record: Any, data: dict[str, Any], fields: dict[str, Any]
) -> Any:
    """The referrer's corrected referral (already checked by its pathway), sent again."""
    if record.status != RETURNED:
        raise ValidationError("Only a returned referral can be corrected and sent again.")
    with transaction.atomic():
        subject = record.case.subject
        subject.full_name = data[kind.name_field]
        subject.date_of_birth = data.get("date_of_birth")
        subject.address = data.get("address", "")
        subject.save()
        for key, value in fields.items():
            setattr(record, key, value)
        record.status = SUBMITTED
        record.returned_reason = ""
        record.save()
        record.involved_agencies.set(_involved(data))
        if kind.reschedule:
            case_schedule(
                case=record.case,
                pathway=kind.timetable,
                start=record.received_on,
                conditions=kind.conditions(record),
            )
    return record
