"""Issue 13: where a deployment has Redis, LANTERN_TASKS=rq queues the tasks there and
`lantern worker` runs RQ's worker (with its scheduler, for retries and the next day's
reminders). Real processes, the PostgreSQL test database and the local Redis."""

import subprocess
import sys

import pytest
import redis

from tests.deploy.test_two_processes import _environment

pytestmark = [pytest.mark.deploy, pytest.mark.django_db(transaction=True)]
# A database of the local Redis kept for this test, emptied of RQ's keys afterwards.
RQ_REDIS = "redis://127.0.0.1:6379/13"


def _lantern(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "lantern", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_issue_13_with_rq_the_worker_sends_what_a_process_queued(tmp_path):
    env = {**_environment(tmp_path), "LANTERN_TASKS": "rq", "LANTERN_REDIS_URL": RQ_REDIS}
    store = redis.Redis.from_url(RQ_REDIS)
    try:
        queued = _lantern(
            env,
            "shell",
            "-c",
            "from django.core.mail import send_mail; "
            "send_mail('Queued in Redis', 'Body', None, ['rq@example.org'])",
        )
        assert queued.returncode == 0, queued.stderr
        assert list((tmp_path / "mail").glob("*.log")) == []  # not sent by the app
        worked = _lantern(env, "worker", "--batch")
        assert worked.returncode == 0, worked.stderr
        [message] = (tmp_path / "mail").glob("*.log")
        assert "To: rq@example.org" in message.read_text()
        # The next day's reminders wait in RQ's scheduler.
        assert store.zcard("rq:scheduled:default") == 1
    finally:
        keys = list(store.scan_iter("rq:*"))
        if keys:
            store.delete(*keys)
        store.close()
