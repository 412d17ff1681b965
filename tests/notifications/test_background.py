"""Issue 13: every e-mail is sent by a background task after its transaction commits,
retried with backoff when the mail server refuses it, and recorded as sent or not."""

import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lantern.notifications.models import Notification
from lantern.notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.backends import RefusingOnceBackend

TEMPLATE = "notifications/tests/hello.txt"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _template(settings, tmp_path):
    (tmp_path / "notifications" / "tests").mkdir(parents=True)
    (tmp_path / TEMPLATE).write_text("Hello {{ recipient.full_name }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


@pytest.fixture
def queued(settings):
    """Production's way: after the commit, on the database queue, sent by the worker."""
    settings.LANTERN_TASKS_AFTER_COMMIT = True
    settings.TASKS = DB_TASKS


def _notify(person, case=None):
    return notify(
        to=[person], subject="A test", template=TEMPLATE, context={}, case=case, kind="test"
    )


def _work():
    """What `lantern worker` does, until the queue has nothing ready."""
    call_command("worker", "--batch", "--no-reminders", "--interval", "0", verbosity=0)


@pytest.mark.django_db
def test_issue_13_an_email_waits_for_the_commit_and_a_rollback_sends_nothing(
    settings, cast, django_capture_on_commit_callbacks
):
    settings.LANTERN_TASKS_AFTER_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify(cast.member, cast.case)
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [note] = _notify(cast.member, cast.case)
    assert mail.outbox == [] and note.status == "queued"
    callbacks[0]()
    note.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert note.status == "sent" and note.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_issue_13_the_worker_sends_a_queued_email_and_the_case_history_shows_it(
    queued, client, cast
):
    with transaction.atomic():
        [note] = _notify(cast.member, cast.case)
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1
    note.refresh_from_db()
    assert note.sent_at is None and not note.failed
    _work()
    note.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert mail.outbox[0].subject == "[Lantern] A test"
    assert note.status == "sent" and note.attempts == 1
    assert DBTaskResult.objects.successful().count() == 1
    _work()  # nothing is sent twice
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_issue_13_a_refused_email_is_retried_later_then_sent(queued, settings, cast):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingOnceBackend"
    RefusingOnceBackend.refused = 0
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        [note] = _notify(cast.member, cast.case)
        _work()
        note.refresh_from_db()
        assert note.failed and "SMTPRecipientsRefused" in note.error and note.attempts == 1
        [retry] = DBTaskResult.objects.filter(status="READY")
        assert retry.run_after == start + datetime.timedelta(minutes=1)
        _work()  # not yet due
        assert mail.outbox == []
        clock.shift(datetime.timedelta(minutes=2))
        _work()
    note.refresh_from_db()
    assert note.status == "sent" and note.error == "" and note.attempts == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_issue_13_a_refused_email_is_tried_a_bounded_number_of_times_then_given_up(
    queued, settings, cast, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    settings.LANTERN_EMAIL_ATTEMPTS = 3
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with (
        time_machine.travel(start, tick=False) as clock,
        caplog.at_level(logging.ERROR, logger="lantern.notifications.tasks"),
    ):
        [note] = _notify(cast.member, cast.case)
        for _ in range(5):
            _work()
            clock.shift(datetime.timedelta(hours=2))
    note.refresh_from_db()
    assert note.attempts == 3 and note.failed and note.status == "not sent"
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "(attempt 1)" in caplog.text and "(attempt 3)" in caplog.text
    assert "giving up" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_issue_13_django_mail_is_queued_too_and_a_refusing_server_does_not_fail_the_request(
    settings, client, caplog
):
    """A password reset (Django's own send_mail) goes through the queue backend: the page
    answers even when the mail server refuses, and the failure is logged."""
    settings.LANTERN_TASKS_AFTER_COMMIT = True
    settings.EMAIL_BACKEND = "lantern.notifications.delivery.QueueBackend"
    settings.EMAIL_DELIVERY_BACKEND = "tests.notifications.backends.RefusingBackend"
    UserFactory(email="forgot@example.org")
    with caplog.at_level(logging.ERROR, logger="lantern.notifications.tasks"):
        response = client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert "Could not send" in caplog.text and "forgot@example.org" in caplog.text
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})
    assert [m.to for m in mail.outbox] == [["forgot@example.org"]]
    assert "/account/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_issue_13_queued_django_mail_is_sent_by_the_worker(settings, client):
    settings.LANTERN_TASKS_AFTER_COMMIT = True
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "lantern.notifications.delivery.QueueBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="forgot@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "forgot@example.org"})
    assert mail.outbox == []
    _work()
    assert [m.to for m in mail.outbox] == [["forgot@example.org"]]


@pytest.mark.django_db
def test_issue_13_inside_a_task_the_record_returned_says_how_it_went(cast):
    """The test suite's immediate backend: sent at once, and notify's records say so."""
    [note] = _notify(cast.member, cast.case)
    assert note.status == "sent" and Notification.objects.get().sent_at == note.sent_at


def test_issue_13_the_queue_refuses_an_attachment_rather_than_drop_it(settings):
    from django.core.mail import EmailMessage

    from lantern.notifications.delivery import QueueBackend

    message = EmailMessage("S", "B", to=["a@example.org"])
    message.attach("pack.pdf", b"%PDF", "application/pdf")
    with pytest.raises(ValueError, match="no attachments"):
        QueueBackend().send_messages([message])
