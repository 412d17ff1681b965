"""Overdue actions e-mail their owners: the first day overdue, then weekly; and
`lantern send-action-reminders`, a dry run unless --send."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from lantern.actions.models import Action
from lantern.actions.reminders import overdue_notices_send
from lantern.notifications.models import Notification

from .helpers import add_action, complete, days, make_plan


@pytest.fixture
def plan(cast):
    plan = make_plan(cast)
    # Services refuse past due dates: the action is made, then its date moved back.
    Action.objects.filter(pk=plan.action.pk).update(due=days(-1))
    plan.action.refresh_from_db()
    return plan


def _owner_mail(plan) -> list:
    return [m for m in mail.outbox if m.to == [plan.owner.email]]


def test_overdue_owner_emailed_once_then_weekly(plan):
    today = days(0)
    assert overdue_notices_send(today=today, dry_run=False) == [plan.action]
    assert len(_owner_mail(plan)) == 1
    # A daily run says nothing more for six days...
    for n in range(1, 7):
        assert overdue_notices_send(today=today + datetime.timedelta(days=n), dry_run=False) == []
    assert len(_owner_mail(plan)) == 1
    # ...and again on the seventh.
    week = today + datetime.timedelta(days=7)
    assert overdue_notices_send(today=week, dry_run=False) == [plan.action]
    assert len(_owner_mail(plan)) == 2
    plan.action.refresh_from_db()
    assert plan.action.overdue_notice_on == week


def test_the_email_says_how_late_the_action_is_and_is_kept_in_the_case_history(plan):
    overdue_notices_send(today=days(2), dry_run=False)
    [message] = _owner_mail(plan)
    assert f"Overdue: action {plan.recommendation.label}.1" in message.subject
    assert "(3 days ago)" in message.body
    assert plan.action.title in message.body
    notification = Notification.objects.get(kind="action_overdue")
    assert notification.case == plan.case and notification.to_person == plan.owner


def test_actions_not_yet_due_complete_or_verified_are_not_chased(plan):
    add_action(plan.recommendation, agency=plan.agency, owner=plan.owner, user=plan.cast.member)
    complete(plan.action, plan.owner)
    assert overdue_notices_send(today=days(0), dry_run=False) == []
    assert not mail.outbox


def test_a_dry_run_sends_nothing_and_records_nothing(plan):
    assert overdue_notices_send(today=days(0)) == [plan.action]
    assert not mail.outbox
    plan.action.refresh_from_db()
    assert plan.action.overdue_notice_on is None


def test_the_command_is_a_dry_run_by_default(plan):
    out = io.StringIO()
    call_command("send-action-reminders", stdout=out)
    text = out.getvalue()
    assert f"Would e-mail {plan.owner.email}: {plan.action}" in text
    assert "1 overdue action. Dry run: nothing was sent (use --send to send)." in text
    assert not mail.outbox


def test_the_command_sends_with_send_and_not_twice_the_same_day(plan):
    out = io.StringIO()
    call_command("send-action-reminders", "--send", stdout=out)
    assert f"E-mailed {plan.owner.email}" in out.getvalue()
    assert "1 overdue action e-mailed." in out.getvalue()
    out = io.StringIO()
    call_command("send-action-reminders", "--send", stdout=out)
    assert "0 overdue actions e-mailed." in out.getvalue()
    assert len(_owner_mail(plan)) == 1


def test_the_command_acts_as_of_another_day(plan):
    out = io.StringIO()
    yesterday_but_one = days(-2).isoformat()
    call_command("send-action-reminders", "--today", yesterday_but_one, stdout=out)
    assert f"{yesterday_but_one}: 0 overdue actions." in out.getvalue()


def test_the_command_refuses_a_bad_date(plan):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send-action-reminders", "--today", "2/3/2026")
