"""Signing in and out, lock-out after repeated failures, session expiry, password reset."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from lantern.accounts.services import person_create
from tests.factories import PASSWORD, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def _sign_in(client, email, password, ip="192.0.2.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_with_email_in_any_case_lands_on_my_work(client):
    user = UserFactory(email="lead@example.org")
    response = _sign_in(client, "Lead@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")
    assert client.get(reverse("web:dashboard")).context["user"] == user


def test_wrong_password_shows_error_summary(client):
    UserFactory(email="lead@example.org")
    response = _sign_in(client, "lead@example.org", "wrong")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a correct e-mail address and password." in body
    assert response.context["user"].is_anonymous


def test_closed_account_cannot_sign_in(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = _sign_in(client, "gone@example.org", PASSWORD)
    assert response.status_code == 200
    assert response.context["user"].is_anonymous


def test_account_locks_after_repeated_failures_even_with_the_right_password(client):
    UserFactory(email="target@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "target@example.org", f"wrong-{attempt}", ip=f"192.0.2.{attempt + 1}")
    response = _sign_in(client, "target@example.org", PASSWORD, ip="192.0.2.99")
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_someone_elses_failures(client):
    UserFactory(email="target@example.org")
    UserFactory(email="colleague@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "target@example.org", f"wrong-{attempt}")
    assert _sign_in(client, "colleague@example.org", PASSWORD).status_code == 302


def test_sign_out_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_lapses_after_idle_time_and_is_renewed_by_each_request(client):
    """Issue 13: the session is not written on every GET, yet still lapses after 30 idle
    minutes: a request renews it when a minute or more has passed since the last renewal."""
    import datetime

    import time_machine
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(UserFactory())
        response = client.get(reverse("web:dashboard"))
        assert "sessionid" not in response.cookies  # signing in counts as a renewal
        key = client.session.session_key

        def expires():
            return Session.objects.get(session_key=key).expire_date

        first = expires()
        assert first == start + datetime.timedelta(minutes=30)
        clock.shift(datetime.timedelta(seconds=20))
        assert client.get(reverse("web:dashboard")).status_code == 200
        assert expires() == first  # no write within the minute
        clock.shift(datetime.timedelta(minutes=20))
        response = client.get(reverse("web:dashboard"))
        assert response.cookies["sessionid"]["max-age"] == ""  # ends with the browser too
        assert expires() == start + datetime.timedelta(minutes=50, seconds=20)
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get(reverse("web:dashboard")).status_code == 302


def test_pages_need_sign_in(client):
    for url in [reverse("web:dashboard"), reverse("cases:list"), reverse("manage:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


class TestPasswordReset:
    def _reset_link(self) -> str:
        return re.search(r"https?://[^/]+(/account/password/reset/\S+/)", mail.outbox[-1].body)[1]

    def test_reset_by_email_then_sign_in_with_the_new_password(self, client):
        user = UserFactory(email="forgot@example.org")
        response = client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})
        assert response.status_code == 302
        assert mail.outbox[-1].to == ["forgot@example.org"]
        link = self._reset_link()
        form_page = client.get(link, follow=True)
        assert form_page.context["validlink"]
        new = "Brand-new-passphrase-77"
        done = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
        assert done.status_code == 302
        user.refresh_from_db()
        assert user.check_password(new)

    def test_weak_password_is_refused_by_the_validators(self, client):
        UserFactory(email="forgot@example.org")
        client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})
        form_page = client.get(self._reset_link(), follow=True)
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": "password", "new_password2": "password"},
        )
        body = response.content.decode()
        assert "This password is too short." in body
        assert "This password is too common." in body

    def test_unknown_address_gets_the_same_answer_and_no_email(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert mail.outbox == []

    def test_person_added_without_a_password_can_ask_for_a_link(self, client):
        person = person_create(
            partnership_id=PartnershipFactory().pk, email="new@example.org", full_name="New"
        )
        assert not person.has_usable_password()
        client.post(reverse("accounts:password_reset"), {"email": "new@example.org"})
        assert mail.outbox[-1].to == ["new@example.org"]
