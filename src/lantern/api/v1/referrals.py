"""Serious-incident referrals from agencies' own systems: the same rules as the form."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from lantern.children import services
from lantern.children.models import AbuseOrNeglect, Harm
from lantern.partnerships.models import Agency

from ..auth import caller
from ..dates import InRangeDate
from ..errors import responses
from ..patterns import VISIBLE

router = Router(tags=["Children's referrals"])


class ChildIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str = Field(min_length=1, max_length=200, pattern=VISIBLE)
    date_of_birth: InRangeDate
    address: str = ""
    looked_after: bool


class ReferralIn(Schema):
    """A serious incident: abuse or neglect known or suspected and the child died or was
    seriously harmed (or a looked-after child died). Agencies are given by name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    referring_agency: str = Field(description="Name of the referring agency.")
    authorised_by: str = Field(min_length=1, max_length=200, pattern=VISIBLE)
    authorised_on: InRangeDate
    child: ChildIn
    incident_on: InRangeDate
    harm: Harm
    abuse_or_neglect: AbuseOrNeglect
    what_happened: str = Field(min_length=1, pattern=VISIBLE)
    involved_agencies: list[str] = Field(min_length=1, description="Names of agencies involved.")


class ReferralOut(Schema):
    reference: str
    status: str
    received_on: date


def _agency(request: HttpRequest, name: str, field: str) -> Agency:
    partnership = caller(request).partnership
    agency = Agency.objects.filter(partnership=partnership, name=name).first()
    if agency is None:
        raise ValidationError({field: f"No agency called {name!r} in your partnership."})
    return agency


@router.post(
    "",
    response=responses(ReferralOut, 400, 401, 422, created=True),
    summary="Refer a serious incident",
    operation_id="referral_create",
)
def referral_create(request: HttpRequest, referral: ReferralIn) -> Status[dict[str, Any]]:
    """Opens a rapid review, received today. Nothing is saved if any answer is refused."""
    data = {
        "referring_agency": _agency(request, referral.referring_agency, "referring_agency"),
        "authorised_by": referral.authorised_by,
        "authorised_on": referral.authorised_on,
        "child_name": referral.child.full_name,
        "date_of_birth": referral.child.date_of_birth,
        "address": referral.child.address,
        "looked_after": referral.child.looked_after,
        "incident_on": referral.incident_on,
        "harm": referral.harm.value,
        "abuse_or_neglect": referral.abuse_or_neglect.value,
        "what_happened": referral.what_happened,
        "involved_agencies": [
            _agency(request, name, "involved_agencies") for name in referral.involved_agencies
        ],
    }
    review = services.referral_submit(user=caller(request), data=data)
    return Status(
        201,
        {
            "reference": review.case.reference,
            "status": review.status,
            "received_on": review.received_on,
        },
    )
