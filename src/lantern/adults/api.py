"""SAR referrals from agencies' own systems: the same Care Act s44 questions as the form."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from lantern.api.auth import caller
from lantern.api.dates import InRangeDate
from lantern.api.errors import responses
from lantern.api.patterns import VISIBLE
from lantern.partnerships.models import Agency

from . import services
from .models import AbuseOrNeglect, Authoriser

router = Router(tags=["Adults' referrals"])


class AdultIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str = Field(min_length=1, max_length=200, pattern=VISIBLE)
    date_of_birth: InRangeDate | None = None
    address: str = ""


class SarReferralIn(Schema):
    """The Care Act s44 answers, who referred and who authorised it. Agencies by name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    referring_agency: str = Field(description="Name of the referring agency.")
    public_concern_from: str = Field("", max_length=200)
    authorised_by: str = Field(min_length=1, max_length=200, pattern=VISIBLE)
    authoriser_role: Authoriser
    authorised_on: InRangeDate
    adult: AdultIn
    care_and_support_needs: bool
    died: bool
    abuse_or_neglect: AbuseOrNeglect
    serious: bool
    agencies_concern: bool
    what_happened: str = Field(min_length=1, pattern=VISIBLE)
    involved_agencies: list[str] = Field(min_length=1, description="Names of agencies involved.")


class SarReferralOut(Schema):
    reference: str
    status: str
    criteria: str
    received_on: date


def _agency(request: HttpRequest, name: str, field: str) -> Agency:
    agency = Agency.objects.filter(partnership=caller(request).partnership, name=name).first()
    if agency is None:
        raise ValidationError({field: f"No agency called {name!r} in your partnership."})
    return agency


@router.post(
    "",
    response=responses(SarReferralOut, 400, 401, 422, created=True),
    summary="Refer for a Safeguarding Adult Review",
    operation_id="sar_referral_create",
)
def sar_referral_create(request: HttpRequest, referral: SarReferralIn) -> Status[dict[str, Any]]:
    """Opens a SAR case, received today. Nothing is saved if any answer is refused."""
    data = referral.dict(exclude={"adult", "referring_agency", "involved_agencies"})
    data |= {
        "referring_agency": _agency(request, referral.referring_agency, "referring_agency"),
        "authoriser_role": referral.authoriser_role.value,
        "abuse_or_neglect": referral.abuse_or_neglect.value,
        "adult_name": referral.adult.full_name,
        "date_of_birth": referral.adult.date_of_birth,
        "address": referral.adult.address,
        "involved_agencies": [
            _agency(request, name, "involved_agencies") for name in referral.involved_agencies
        ],
    }
    created = services.referral_submit(user=caller(request), data=data)
    return Status(
        201,
        {
            "reference": created.case.reference,
            "status": created.status,
            "criteria": created.criteria,
            "received_on": created.received_on,
        },
    )
