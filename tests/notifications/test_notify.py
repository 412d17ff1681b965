"""notify(): one e-mail and one recorded Notification per recipient, whatever the server says."""

import logging

import pytest
from django.core import mail

from lantern.audit.models import AuditEvent
from lantern.notifications.models import Notification
from lantern.notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TEMPLATE = "notifications/tests/hello.txt"


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    (tmp_path / "notifications" / "tests").mkdir(parents=True)
    (tmp_path / TEMPLATE).write_text(
        "{% autoescape off %}Hello {{ recipient.full_name|default:'there' }}, "
        "about {{ case.reference }}: {{ what }}{% endautoescape %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def _notify(to, case=None):
    return notify(
        to=to,
        subject="A test",
        template=TEMPLATE,
        context={"what": "Tom & Jerry"},
        case=case,
        kind="test",
    )


def test_each_recipient_gets_their_own_message_and_a_record(cast):
    sent = _notify([cast.member, cast.read_only_member], case=cast.case)
    assert [m.to for m in mail.outbox] == [[cast.member.email], [cast.read_only_member.email]]
    assert mail.outbox[0].subject == "[Lantern] A test"
    assert mail.outbox[0].body == (
        f"Hello {cast.member.full_name}, about {cast.case.reference}: Tom & Jerry"
    )
    assert [n.to_person for n in sent] == [cast.member, cast.read_only_member]
    note = Notification.objects.get(to_person=cast.member)
    assert (note.case, note.partnership, note.kind) == (cast.case, cast.case.partnership, "test")
    assert note.sent_at is not None and note.error == ""


def test_addresses_are_accepted_and_each_is_written_to_once(cast):
    _notify(["panel@example.org", "Panel@example.org ", cast.member.email], case=cast.case)
    assert [m.to for m in mail.outbox] == [["panel@example.org"], [cast.member.email]]
    assert Notification.objects.count() == 2


def test_inactive_people_are_skipped(cast):
    gone = UserFactory(partnership=cast.case.partnership, is_active=False)
    assert _notify([gone, cast.member], case=cast.case)[0].to_person == cast.member
    assert len(mail.outbox) == 1


def test_people_of_another_partnership_are_not_told_about_a_case(cast):
    assert _notify([cast.stranger], case=cast.case) == []
    assert mail.outbox == []


def test_a_failing_mail_server_is_recorded_and_logged_not_raised(settings, cast, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="lantern.notifications.tasks"):
        [note] = _notify([cast.member], case=cast.case)
    note.refresh_from_db()
    assert note.sent_at is None
    assert note.failed and "SMTPRecipientsRefused" in note.error
    assert note.body.startswith("Hello")
    assert "Could not send the test e-mail" in caplog.text


def test_sending_is_on_the_audit_trail(cast):
    [note] = _notify([cast.member], case=cast.case)
    event = AuditEvent.objects.get(object_type="notifications.notification", object_id=note.pk)
    assert event.action == "create"
    assert "body" not in event.changes


def test_without_a_case_the_partnership_is_the_recipients(cast):
    [note] = _notify([cast.member])
    assert note.case is None and note.partnership == cast.case.partnership
