"""API tokens: stored as hashes only, revocable, useless to deactivated people."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.api.models import ApiToken
from lantern.api.services import token_authenticate, token_create, token_revoke
from lantern.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestCreate:
    def test_token_is_shown_once_and_only_its_hash_is_kept(self):
        user = UserFactory()
        token, raw = token_create(user=user, name="Reporting script")
        assert raw.startswith(f"lnt_{token.prefix}_")
        assert len(token.prefix) == 8
        assert len(raw) > 50
        stored = ApiToken.objects.filter(pk=token.pk).values().get()
        assert stored["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
        # The secret itself may contain "_" (URL-safe base64): split off the two known parts.
        secret = raw.removeprefix(f"lnt_{token.prefix}_")
        assert not any(secret in str(value) for value in stored.values())
        assert stored["name"] == "Reporting script"

    def test_every_token_differs(self):
        user = UserFactory()
        raws = {token_create(user=user)[1] for _ in range(5)}
        assert len(raws) == 5

    def test_deactivated_person_gets_no_token(self):
        user = UserFactory(is_active=False)
        with pytest.raises(ValidationError, match="deactivated"):
            token_create(user=user)
        assert not ApiToken.objects.exists()

    def test_person_of_no_partnership_gets_no_token(self):
        operator = UserFactory(partnership=None)
        with pytest.raises(ValidationError, match="no partnership"):
            token_create(user=operator)

    def test_trail_records_the_token_under_the_partnership_without_its_hash(self):
        user = UserFactory()
        token, _ = token_create(user=user, name="Reporting script")
        event = AuditEvent.objects.get(action="create", object_type="api.apitoken")
        assert event.partnership_id == user.partnership_id
        assert event.changes["key_hash"] == "(confidential)"
        assert event.changes["prefix"] == token.prefix
        assert token.key_hash not in str(event.changes)


class TestAuthenticate:
    def test_right_token_gives_its_person(self):
        user = UserFactory()
        _, raw = token_create(user=user)
        assert token_authenticate(raw) == user

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
            lambda raw: "lnt_00000000_" + raw.split("_", 2)[2],  # unknown prefix
            lambda raw: raw.replace("lnt_", "xyz_", 1),  # wrong scheme
            lambda raw: raw.rsplit("_", 1)[0],  # no secret
            lambda raw: "",
            lambda raw: "lnt",
        ],
    )
    def test_wrong_tokens_give_nobody(self, mangle):
        _, raw = token_create(user=UserFactory())
        assert token_authenticate(mangle(raw)) is None

    def test_revoked_token_gives_nobody(self):
        token, raw = token_create(user=UserFactory())
        token_revoke(token=token)
        assert token_authenticate(raw) is None

    def test_token_of_deactivated_person_stops_working(self):
        user = UserFactory()
        _, raw = token_create(user=user)
        user.is_active = False
        user.save()
        assert token_authenticate(raw) is None

    def test_token_of_person_who_left_the_partnership_stops_working(self):
        user = UserFactory()
        _, raw = token_create(user=user)
        user.partnership = None
        user.save()
        assert token_authenticate(raw) is None

    def test_last_use_is_written_at_most_once_a_minute(self, django_assert_num_queries):
        token, raw = token_create(user=UserFactory())
        start = timezone.now()
        # Queries: 1 the token, 2 writing last_used_at.
        with time_machine.travel(start, tick=False), django_assert_num_queries(2):
            token_authenticate(raw)
        token.refresh_from_db()
        assert token.last_used_at == start
        # Queries: 1 the token; a minute has not passed, so no write.
        soon = start + datetime.timedelta(seconds=59)
        with time_machine.travel(soon, tick=False), django_assert_num_queries(1):
            token_authenticate(raw)
        token.refresh_from_db()
        assert token.last_used_at == start
        later = start + datetime.timedelta(seconds=60)
        with time_machine.travel(later, tick=False):
            token_authenticate(raw)
        token.refresh_from_db()
        assert token.last_used_at == later

    def test_using_a_token_is_not_an_audit_event(self):
        _, raw = token_create(user=UserFactory())
        before = AuditEvent.objects.count()
        token_authenticate(raw)
        assert AuditEvent.objects.count() == before


class TestRevoke:
    def test_revoking_is_recorded_and_repeating_it_changes_nothing(self):
        token, _ = token_create(user=UserFactory())
        token_revoke(token=token)
        revoked_at = token.revoked_at
        assert revoked_at is not None
        token_revoke(token=token)
        token.refresh_from_db()
        assert token.revoked_at == revoked_at
        events = AuditEvent.objects.filter(action="update", object_type="api.apitoken")
        assert [list(e.changes) for e in events] == [["revoked_at"]]
