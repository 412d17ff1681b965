"""Writes and helpers for people, their roles and their second factor."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, RoleAssignment, User


def login_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """The name django-axes counts failures against: the e-mail, as we store it."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return str(raw or "").strip().lower()


def role_assign(
    *,
    person: User,
    role: str,
    group_id: int | None = None,
    agency_id: int | None = None,
    by: Any = None,
) -> RoleAssignment:
    """Gives `person` the role. `by`, the person granting it from a page or the API, must
    hold the reach to grant it (lantern.access.policy.may_grant_role); the platform's own
    set-up (the demo, the first Business Manager) passes no one."""
    if by is not None:
        from lantern.access.policy import may_grant_role, may_manage_person

        if not may_grant_role(by, role) or not may_manage_person(by, person):
            raise PermissionDenied(
                f"{by.full_name} may not grant the role {dict(Role.choices).get(role, role)} to "
                f"{person}: "
                "nobody may grant a role, or change a person, that reaches further than "
                "their own."
            )
    assignment = RoleAssignment(person=person, role=role, group_id=group_id, agency_id=agency_id)
    assignment.full_clean()
    if RoleAssignment.objects.filter(
        person=person, role=role, group_id=group_id, agency_id=agency_id
    ).exists():
        raise ValidationError(f"{person} already has the role {assignment}.")
    assignment.save()
    return assignment


@transaction.atomic
def person_create(
    *,
    partnership_id: int,
    email: str,
    full_name: str,
    job_title: str = "",
    agency_id: int | None = None,
    roles: list[str] | None = None,
    by: Any = None,
) -> User:
    """Adds a person with no usable password: they set one through 'forgotten password'."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": "Someone already signs in with this e-mail address."})
    person = User(
        email=email,
        full_name=full_name,
        job_title=job_title,
        partnership_id=partnership_id,
        agency_id=agency_id,
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    for role in roles or []:
        role_assign(person=person, role=role, by=by)
    return person


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The person's unconfirmed authenticator, made once so a reload shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def person_update(*, person: User, **fields: Any) -> User:
    allowed = {"full_name", "email", "job_title", "agency", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
        if User.objects.filter(email=fields["email"]).exclude(pk=person.pk).exists():
            raise ValidationError({"email": "Someone already signs in with this e-mail address."})
    closing = person.is_active and fields.get("is_active") is False
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    with transaction.atomic():
        person.save()
        if closing:
            # Their calendar address dies with the account, and stays dead if it reopens.
            from lantern.calendars.services import feed_reset

            feed_reset(person=person)
    return person


def role_remove(*, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        assignment.delete()


def person_invite(*, person: User, request: Any) -> None:
    """E-mails a new person a link to set their password (the reset link, worded as a welcome)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    body = render_to_string(
        "accounts/email/invite.txt",
        {
            "person": person,
            "link": request.build_absolute_uri(path),
            "partnership": person.partnership,
        },
    )
    send_mail("You have been given access to Lantern", body, None, [person.email])
