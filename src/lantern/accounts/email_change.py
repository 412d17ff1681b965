"""Changing the e-mail address a person signs in with: confirmed at both addresses.

Whoever changes the address in the administration area only asks for the change: the
new address is sent a link that makes it, and the old one is told at once, so an
account cannot be taken over quietly by re-addressing it and resetting its password.
The link carries the old and new addresses, signed, and works for three days; it is
void once the address has changed in any other way. Both steps are on the audit trail.
"""

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from lantern.audit.models import Action
from lantern.audit.recorder import record

from .models import User
from .services import person_update

SALT = "lantern.accounts.email-change"
MAX_AGE = 3 * 24 * 60 * 60
EXPIRED = (
    "This link has expired or was already used. Ask your Business Unit to change your "
    "e-mail address again."
)


def _taken(email: str, person: User) -> bool:
    return User.objects.filter(email=email).exclude(pk=person.pk).exists()


def email_change_request(*, person: User, new_email: str, by: Any, request: Any) -> str:
    """Sends the confirmation link to the new address and the notice to the old one;
    changes nothing yet. Returns the new address, as stored once confirmed."""
    new = new_email.strip().lower()
    if new == person.email:
        return new
    if _taken(new, person):
        raise ValidationError({"email": "Someone already signs in with this e-mail address."})
    token = signing.dumps({"p": person.pk, "old": person.email, "new": new}, salt=SALT)
    link = request.build_absolute_uri(reverse("accounts:email_confirm", args=[token]))
    context = {"person": person, "old": person.email, "new": new, "by": by, "link": link}
    send_mail(
        "Confirm your new Lantern sign-in address",
        render_to_string("accounts/email/email_change_confirm.txt", context),
        None,
        [new],
    )
    send_mail(
        "Your Lantern sign-in address is being changed",
        render_to_string("accounts/email/email_change_notice.txt", context),
        None,
        [person.email],
    )
    record(Action.UPDATE, person, changes={"email change asked for": [person.email, new]})
    return new


def email_change_pending(token: str) -> dict[str, Any]:
    """What a link would change: the person and both addresses. ValidationError if the
    link is broken, expired, or out of date (the address changed since)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        person = User.objects.get(pk=data["p"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        raise ValidationError(EXPIRED) from None
    if person.email != data["old"] or _taken(data["new"], person):
        raise ValidationError(EXPIRED)
    return {"person": person, "old": data["old"], "new": data["new"]}


def email_change_confirm(token: str) -> User:
    pending = email_change_pending(token)
    person = person_update(person=pending["person"], email=pending["new"])
    send_mail(
        "Your Lantern sign-in address has changed",
        render_to_string("accounts/email/email_change_done.txt", pending),
        None,
        [pending["old"]],
    )
    return person
