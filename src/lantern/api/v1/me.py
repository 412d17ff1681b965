"""Who the token acts for, and what is waiting for them."""

import datetime
from dataclasses import asdict

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lantern.accounts.models import RoleAssignment, User
from lantern.work.selectors import work_for_request

from ..auth import caller
from ..errors import responses

router = Router(tags=["Me"])


class PartnershipOut(Schema):
    name: str
    short_name: str


class RoleOut(Schema):
    role: str
    label: str
    group: str | None = None
    agency: str | None = None


class MeOut(Schema):
    email: str
    full_name: str
    partnership: PartnershipOut
    roles: list[RoleOut]


def _roles(user: User) -> list[RoleOut]:
    assignments = RoleAssignment.objects.filter(person=user).select_related("group", "agency")
    return [
        RoleOut(
            role=a.role,
            label=a.get_role_display(),
            group=a.group.name if a.group else None,
            agency=a.agency.name if a.agency else None,
        )
        for a in assignments
    ]


@router.get(
    "/me", response=responses(MeOut, 401), summary="Who am I", operation_id="me", url_name="me"
)
def me(request: HttpRequest) -> MeOut:
    """The person the token acts for: their e-mail, partnership and roles."""
    user = caller(request)
    partnership = user.partnership
    assert partnership is not None  # BearerToken admits no one without a partnership
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        partnership=PartnershipOut(name=partnership.name, short_name=partnership.short_name),
        roles=_roles(user),
    )


class WorkItemOut(Schema):
    kind: str = Field(
        description='What it is: "step", "request", "endorsement", "signoff", "action", '
        '"referral" or "meeting".'
    )
    title: str = Field(description="What to do.")
    url: str = Field(description="The page where it is done (a path on Lantern's site).")
    due: datetime.date | None = Field(description="When it is due; null when no date is set.")
    overdue: bool
    case_reference: str = Field(description="The case it belongs to; empty if none.")
    case_title: str
    why: str = Field(description="Why it is waiting for you.")


@router.get(
    "/me/work",
    response=responses(list[WorkItemOut], 401),
    summary="What is waiting for me",
    operation_id="me_work",
    url_name="me-work",
)
def me_work(request: HttpRequest) -> list[WorkItemOut]:
    """Everything waiting for the person the token acts for, overdue first, then soonest
    due, undated last: the same list as My work. Steps they must act on, requests their
    agency must answer, decisions to endorse or sign off, past meetings to record, actions
    they own and referrals returned to them. An item leaves the list when it is done."""
    return [WorkItemOut(**asdict(item)) for item in work_for_request(caller(request))]
