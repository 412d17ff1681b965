"""Signing in through a real OpenID Connect provider (tests/sso/provider, in its own
process): who may, who is refused and why, lock-out, two-factor, and a provider that is
down. Each sign-in is a real round trip: discovery, the provider's own sign-in, the code
exchanged for tokens, the id_token checked against the provider's keys."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from lantern.audit.models import Action, AuditEvent
from lantern.sso.models import SignInPolicy
from lantern.sso.services import SESSION_PROVIDER_KEY
from tests.factories import PASSWORD, PartnershipFactory, UserFactory
from tests.sso.helpers import register, sign_in_through
from tests.sso.provider.fixture import DOMAIN, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def row(oidc_provider, partnership):
    return register(oidc_provider, partnership)


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def _failures(label):
    return AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED, actor_label=label)


def test_invited_person_reaches_my_work_and_keeps_lanterns_roles(client, row, partnership):
    person = UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    person.set_unusable_password()  # invited, never chose a password
    person.save()
    response = sign_in_through(client, row, "invited")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")
    assert _signed_in_as(client) == str(person.pk)
    assert client.session[SESSION_PROVIDER_KEY] == row.pk
    page = client.get(reverse("web:dashboard"))
    assert page.status_code == 200
    assert page.context["user"] == person
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=person).count() == 1


def test_sign_in_page_offers_the_provider_and_the_password_form(client, row):
    body = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("sso:begin", args=[row.pk])}"' in body
    assert "Sign in with Agency ID" in body
    assert 'name="password"' in body


def test_uninvited_person_is_refused_with_a_clear_message_and_recorded(client, row):
    response = sign_in_through(client, row, "stranger")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You have not been given access to Lantern" in body
    assert f"Lantern has no account for stranger@{DOMAIN}" in body
    assert _signed_in_as(client) is None
    assert _failures(f"stranger@{DOMAIN}").count() == 1


def test_person_of_another_partnership_is_refused(client, row):
    UserFactory(email=f"invited@{DOMAIN}", partnership=PartnershipFactory())
    response = sign_in_through(client, row, "invited")
    assert response.status_code == 403
    assert "You have not been given access to Lantern" in response.content.decode()
    assert _signed_in_as(client) is None


def test_wrong_domain_is_refused_even_for_an_invited_address(client, row, partnership):
    UserFactory(email="invited@elsewhere.example", partnership=partnership)
    response = sign_in_through(client, row, "elsewhere")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Agency ID cannot sign you in as invited@elsewhere.example" in body
    assert f"e-mail addresses at {DOMAIN} only" in body
    assert _signed_in_as(client) is None
    assert _failures("invited@elsewhere.example").count() == 1
    # ... and counts towards that account's lock-out, as a wrong password does.
    attempt = AccessAttempt.objects.get(username="invited@elsewhere.example")
    assert attempt.failures_since_start == 1


def test_expired_token_is_refused(client, row, partnership):
    UserFactory(email=f"expired@{DOMAIN}", partnership=partnership)
    response = sign_in_through(client, row, "expired")
    assert response.status_code == 403
    assert "We could not confirm who you are" in response.content.decode()
    assert _signed_in_as(client) is None
    assert _failures("(via Agency ID)").count() == 1


def test_tampered_token_naming_an_invited_person_is_refused(client, row, partnership):
    UserFactory(email=f"tampered@{DOMAIN}", partnership=partnership)
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    response = sign_in_through(client, row, "tampered")
    assert response.status_code == 403
    assert "We could not confirm who you are" in response.content.decode()
    assert _signed_in_as(client) is None


def test_a_replayed_callback_is_refused(client, row, partnership):
    """The state is used once: the same return from the provider cannot sign in twice."""
    from urllib.parse import urlsplit

    from tests.sso.helpers import at_provider

    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    start = client.get(reverse("sso:begin", args=[row.pk]))
    back = urlsplit(at_provider(start["Location"], "invited"))
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post(reverse("accounts:logout"))
    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 403
    assert _signed_in_as(client) is None


def test_closed_account_is_refused(client, row, partnership):
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership, is_active=False)
    response = sign_in_through(client, row, "invited")
    assert response.status_code == 403
    assert "Your account has been closed" in response.content.decode()


def test_locked_account_stays_locked_through_the_provider(client, row, partnership):
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": f"invited@{DOMAIN}", "password": f"wrong-{attempt}"},
            REMOTE_ADDR="192.0.2.1",
        )
    response = sign_in_through(client, row, "invited")
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert _signed_in_as(client) is None


def test_two_factor_partnership_asks_for_lanterns_code_without_the_providers_mfa(
    client, row, partnership
):
    partnership.require_two_factor = True
    partnership.save()
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    assert sign_in_through(client, row, "invited").status_code == 302
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")


def test_two_factor_partnership_accepts_the_providers_mfa_claim(client, row, partnership):
    partnership.require_two_factor = True
    partnership.save()
    UserFactory(email=f"mfa@{DOMAIN}", partnership=partnership)
    assert sign_in_through(client, row, "mfa").status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_provider_down_shows_a_clear_page_and_password_sign_in_still_works(
    client, oidc_provider, partnership
):
    dead = register(oidc_provider, partnership, issuer=f"http://127.0.0.1:{free_port()}/o")
    response = client.get(reverse("sso:begin", args=[dead.pk]))
    assert response.status_code == 503
    body = response.content.decode()
    assert "Agency ID is not answering" in body
    assert reverse("accounts:login") in body
    assert 'name="password"' in client.get(reverse("accounts:login")).content.decode()
    UserFactory(email="lead@example.org", partnership=partnership)
    signed_in = client.post(
        reverse("accounts:login"), {"username": "lead@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302


def test_inactive_provider_is_neither_offered_nor_usable(client, row):
    row.active = False
    row.save()
    assert "Agency ID" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("sso:begin", args=[row.pk])).status_code == 404


def test_password_sign_in_switched_off_for_the_partnership(client, partnership):
    SignInPolicy.objects.create(partnership=partnership, password_sign_in=False)
    UserFactory(email="lead@example.org", partnership=partnership)
    UserFactory(email="other@example.org", partnership=PartnershipFactory())
    response = client.post(
        reverse("accounts:login"), {"username": "lead@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Your partnership does not use passwords" in response.content.decode()
    assert _signed_in_as(client) is None
    # The same answer for a wrong password: it says nothing about whether a guess was right.
    wrong = client.post(
        reverse("accounts:login"), {"username": "lead@example.org", "password": "Wrong-guess-1"}
    )
    assert "Your partnership does not use passwords" in wrong.content.decode()
    other = client.post(
        reverse("accounts:login"), {"username": "other@example.org", "password": PASSWORD}
    )
    assert other.status_code == 302


def test_sign_out_ends_lanterns_session_and_offers_the_providers(client, row, partnership):
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership)
    sign_in_through(client, row, "invited")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert _signed_in_as(client) is None
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "You have signed out of Lantern" in body
    assert reverse("sso:provider_sign_out", args=[row.pk]) in body
    to_provider = client.get(reverse("sso:provider_sign_out", args=[row.pk]))
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{row.issuer}/logout/")
