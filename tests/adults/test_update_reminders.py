"""Rule: when a SAR runs past six months, the team is reminded to send the adult or
advocate updates (after the written notice, every four weeks), once per update."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from lantern.adults.models import Sar
from lantern.demo.services import demo_load

pytestmark = pytest.mark.django_db


def test_the_team_is_reminded_once_when_an_update_is_due():
    demo_load()
    delayed = Sar.objects.exclude(delay_notice_on=None).get(case__pseudonym="Adult C")
    due = delayed.next_update_due
    assert due == delayed.delay_notice_on + datetime.timedelta(weeks=4)

    out = StringIO()
    call_command(
        "send-sar-update-reminders", "--today", str(due - datetime.timedelta(days=1)), stdout=out
    )
    assert "0 SARs due an update" in out.getvalue()

    mail.outbox.clear()
    call_command("send-sar-update-reminders", "--today", str(due), stdout=StringIO())
    assert mail.outbox == []  # a dry run sends nothing
    call_command("send-sar-update-reminders", "--today", str(due), "--send", stdout=StringIO())
    sent = len(mail.outbox)
    assert sent >= 1
    assert any(delayed.case.reference in m.subject for m in mail.outbox)
    call_command("send-sar-update-reminders", "--today", str(due), "--send", stdout=StringIO())
    assert len(mail.outbox) == sent  # running twice in a day reminds nobody twice
    call_command(
        "send-sar-update-reminders", "--today", str(due + datetime.timedelta(days=1)), "--send",
        stdout=StringIO(),
    )  # fmt: skip
    assert len(mail.outbox) == sent  # not reminded twice for the same update
    assert delayed.case.notifications.filter(kind="sar_update_due").exists()
