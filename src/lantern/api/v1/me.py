"""Who the token acts for."""

from django.http import HttpRequest
from ninja import Router, Schema

from lantern.accounts.models import RoleAssignment, User

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
