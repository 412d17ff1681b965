"""TOTP two-factor authentication (django-otp), optional or mandatory per partnership."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("web:dashboard")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user):
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_set_up_an_authenticator_then_it_is_asked_for_at_sign_in(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert (
        client.post(
            SETUP, {"token": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 200
    )
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A wrong code makes django-otp wait before the next try; step past that wait.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert client.post(SETUP, {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    client.post(reverse("accounts:logout"))
    _sign_in(client, user)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    # Not even set-up or removal is reachable before the code is given.
    assert client.get(SETUP)["Location"] == VERIFY
    assert client.post(reverse("accounts:two_factor_remove"))["Location"] == VERIFY
    device.refresh_from_db()
    # A code is good once: sign-in takes the next 30-second code.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=65)):
        assert client.post(VERIFY, {"token": _code(device)}).status_code == 302
        assert client.get(DASHBOARD).status_code == 200


def test_a_code_with_letters_is_explained(client):
    client.force_login(UserFactory())
    response = client.post(SETUP, {"token": "12ab56"})
    assert "The code is 6 digits, with no letters." in response.content.decode()


def test_mandatory_two_factor_sends_everyone_to_set_up_first(client):
    partnership = PartnershipFactory(require_two_factor=True)
    user = UserFactory(partnership=partnership)
    _sign_in(client, user)
    response = client.get(DASHBOARD)
    assert response["Location"] == SETUP
    assert client.get(reverse("cases:list"))["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert "Your partnership requires this" in client.get(SETUP).content.decode()


def test_mandatory_two_factor_cannot_be_removed(client):
    partnership = PartnershipFactory(require_two_factor=True)
    user = UserFactory(partnership=partnership)
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(VERIFY, {"token": _code(device)})
    client.post(reverse("accounts:two_factor_remove"))
    assert TOTPDevice.objects.filter(user=user).exists()


def test_optional_two_factor_can_be_removed_once_verified(client):
    user = UserFactory()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(VERIFY, {"token": _code(device)})
    assert client.post(reverse("accounts:two_factor_remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_wrong_code_at_verify_keeps_you_out(client):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user)
    wrong = "000000" if _code(device) != "000000" else "111111"
    response = client.post(VERIFY, {"token": wrong})
    assert "That code is not right." in response.content.decode()
    assert client.get(DASHBOARD)["Location"] == VERIFY
    # Straight away, even the right code is held back by the throttle.
    response = client.post(VERIFY, {"token": _code(device)})
    assert "Too many wrong codes." in response.content.decode()
    assert client.get(DASHBOARD)["Location"] == VERIFY
