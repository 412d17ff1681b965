"""Issue 13: health checks for the load balancer: liveness without the database, readiness
with the database, the cache and the task queue; JSON, no sign-in, nothing sensitive."""

import datetime
import json
import logging

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lantern.audit.models import AuditEvent
from lantern.notifications.tasks import send_message
from lantern.ops.logs import JsonFormatter

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_issue_13_liveness_answers_without_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get(reverse("health:live"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_issue_13_readiness_checks_database_cache_and_queue(client, settings):
    settings.TASKS = DB_TASKS
    response = client.get(reverse("health:ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
    }
    assert body["checks"]["queue"]["ready"] == 0
    assert not AuditEvent.objects.exists()  # nothing on the audit trail


@pytest.mark.django_db
def test_issue_13_a_queue_nobody_works_makes_lantern_not_ready(client, settings):
    settings.TASKS = DB_TASKS
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        send_message.enqueue({"subject": "s", "body": "b", "to": ["a@example.org"]})
        clock.shift(datetime.timedelta(minutes=10))
        response = client.get(reverse("health:ready"))
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue == {"status": "stalled", "ready": 1, "oldest_ready_seconds": 600}
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_issue_13_a_broken_cache_makes_lantern_not_ready_without_saying_where(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 9: the connection is refused.
            "LOCATION": "redis://secret-user:secret-pass@127.0.0.1:9/0",
        }
    }
    response = client.get(reverse("health:ready"))
    assert response.status_code == 503
    cache = response.json()["checks"]["cache"]
    assert cache["status"] == "failing"
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_issue_13_health_checks_pass_plain_http_and_need_no_sign_in(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("health:ready")).status_code == 200
    assert client.get("/cases/").status_code == 301  # everything else is redirected
    assert connection.vendor in {"sqlite", "postgresql"}


def test_issue_13_json_logs_are_one_object_a_line():
    record = logging.makeLogRecord(
        {"name": "lantern.x", "levelname": "ERROR", "levelno": 40, "msg": "Sent %d", "args": (3,)}
    )
    record.kind = "reminder"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Sent 3" and entry["level"] == "ERROR"
    assert entry["logger"] == "lantern.x" and entry["kind"] == "reminder"
