"""Issue 13: the worker sends the daily reminders (no cron), once a day however many
workers run, and queues the next day's."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from lantern.notifications.models import ReminderRun
from lantern.notifications.tasks import daily_reminders_ensure, send_daily_reminders

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# 08:30 in London on a Monday: after LANTERN_REMINDER_TIME (07:00).
MORNING = datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC)


def _ready_days():
    return sorted(
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(
            status="READY", task_path=send_daily_reminders.module_path
        )
    )


@pytest.mark.django_db(transaction=True)
def test_issue_13_a_starting_worker_runs_todays_reminders_and_queues_tomorrows(settings):
    settings.TASKS = DB_TASKS
    with time_machine.travel(MORNING, tick=False):
        call_command("worker", "--batch", "--interval", "0", verbosity=0)
        [run] = ReminderRun.objects.all()
        assert run.day == datetime.date(2026, 3, 2) and run.finished_at is not None
        assert set(run.summary) == {
            "requests to agencies",
            "overdue actions",
            "steps",
            "SAR updates",
            "training surveys",
        }
        assert _ready_days() == ["2026-03-03"]
        [tomorrow] = DBTaskResult.objects.filter(status="READY")
        assert tomorrow.run_after == datetime.datetime(2026, 3, 3, 7, 0, tzinfo=datetime.UTC)
        # A second worker starting the same day queues nothing more.
        assert daily_reminders_ensure() == "2026-03-03"
        assert _ready_days() == ["2026-03-03"]


@pytest.mark.django_db(transaction=True)
def test_issue_13_two_chains_of_reminders_send_a_day_once_and_one_chain_goes_on(settings):
    settings.TASKS = DB_TASKS
    with time_machine.travel(MORNING, tick=False):
        send_daily_reminders.enqueue("2026-03-02")
        send_daily_reminders.enqueue("2026-03-02")
        call_command("worker", "--batch", "--no-reminders", "--interval", "0", verbosity=0)
    assert ReminderRun.objects.count() == 1
    results = DBTaskResult.objects.filter(status="SUCCESSFUL").order_by("finished_at")
    assert [("skipped" in r.return_value) for r in results] == [False, True]
    assert _ready_days() == ["2026-03-03"]


@pytest.mark.django_db(transaction=True)
def test_issue_13_before_the_reminder_time_todays_wait_until_then(settings):
    settings.TASKS = DB_TASKS
    early = datetime.datetime(2026, 3, 2, 5, 0, tzinfo=datetime.UTC)
    with time_machine.travel(early, tick=False):
        call_command("worker", "--batch", "--interval", "0", verbosity=0)
        assert not ReminderRun.objects.exists()
        assert _ready_days() == ["2026-03-02"]
