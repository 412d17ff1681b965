"""`lantern api-token EMAIL`: prints a new token and nothing else; --list; --revoke PREFIX."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lantern.api.models import ApiToken
from lantern.api.services import token_authenticate, token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api-token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_only_the_new_token_which_works():
    user = UserFactory(email="analyst@example.org")
    out, err = _run("Analyst@Example.org", "--name", "Quarterly report")
    assert out.count("\n") == 1
    assert token_authenticate(out.strip()) == user
    assert "cannot show it again" in err
    assert ApiToken.objects.get(user=user).name == "Quarterly report"


def test_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match=r"Nobody signs in to Lantern as nobody@example\.org"):
        _run("nobody@example.org")


def test_deactivated_person_gets_no_token():
    UserFactory(email="gone@example.org", is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        _run("gone@example.org")
    assert not ApiToken.objects.exists()


def test_list_shows_prefix_name_and_dates_never_the_token():
    user = UserFactory(email="analyst@example.org")
    token, raw = token_create(user=user, name="Quarterly report")
    out, _ = _run("analyst@example.org", "--list")
    header, row = out.splitlines()
    assert header.split() == ["PREFIX", "NAME", "CREATED", "LAST", "USED", "REVOKED"]
    assert row.startswith(token.prefix)
    assert "Quarterly report" in row
    assert "never" in row
    # The secret is what follows the scheme and prefix; it may hold "_" itself.
    secret = raw.split("_", 2)[2]
    assert secret not in out
    assert raw not in out


def test_list_for_someone_without_tokens():
    UserFactory(email="analyst@example.org")
    out, _ = _run("analyst@example.org", "--list")
    assert out == "analyst@example.org has no API tokens.\n"


def test_revoke_stops_the_token_and_the_list_says_when():
    user = UserFactory(email="analyst@example.org")
    token, raw = token_create(user=user)
    out, _ = _run("analyst@example.org", "--revoke", token.prefix)
    assert out == f"Revoked token {token.prefix} of analyst@example.org.\n"
    assert token_authenticate(raw) is None
    token.refresh_from_db()
    listing, _ = _run("analyst@example.org", "--list")
    assert listing.splitlines()[1].endswith(
        f"{timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}"
    )
    again, _ = _run("analyst@example.org", "--revoke", token.prefix)
    assert "already revoked" in again


def test_revoke_works_for_someone_who_has_left():
    user = UserFactory(email="gone@example.org")
    token, _ = token_create(user=user)
    user.is_active = False
    user.save()
    _run("gone@example.org", "--revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token():
    UserFactory(email="analyst@example.org")
    token, _ = token_create(user=UserFactory())
    with pytest.raises(CommandError, match=f"no API token {token.prefix}"):
        _run("analyst@example.org", "--revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is None
