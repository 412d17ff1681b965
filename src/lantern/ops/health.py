"""Health checks for a load balancer or an orchestrator; no sign-in, nothing sensitive.

`/health/` says the process answers (no database: a busy database must not get every
app process restarted). `/health/ready/` checks what a request needs: the database, the
cache and the task queue (is the worker keeping up?); 503 when any is not fine.
"""

import time
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# A ready task older than this means no worker is taking them.
QUEUE_STALLED_SECONDS = 300


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache(), "queue": _queue()}
    fine = all(check["status"] == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if fine else "unavailable", "checks": checks}, status=200 if fine else 503
    )


def _failed(error: Exception) -> dict[str, Any]:
    # The kind of failure only: messages can carry host names and user names.
    return {"status": "failing", "error": type(error).__name__}


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure is the answer
        return _failed(error)
    return {"status": "ok"}


def _cache() -> dict[str, Any]:
    key = f"lantern:health:{time.monotonic_ns()}"
    try:
        cache.set(key, "1", 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any failure is the answer
        return _failed(error)
    return {"status": "ok"} if found == "1" else {"status": "failing", "error": "not stored"}


def _queue() -> dict[str, Any]:
    from django_tasks import task_backends

    kind = type(task_backends["default"]).__name__
    try:
        if kind == "RQBackend":
            return _rq_queue()
        if kind == "DatabaseBackend":
            return _db_queue()
        return {"status": "ok", "ready": 0}  # run at once: nothing waits
    except Exception as error:  # any failure is the answer
        return _failed(error)


def _db_queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    age = 0
    if oldest is not None:
        enqueued_at, run_after = oldest
        # A deferred task waits from its run_after, not from when it was queued.
        since = max(enqueued_at, run_after) if run_after <= timezone.now() else enqueued_at
        age = max(0, int((timezone.now() - since).total_seconds()))
    status = "ok" if age < QUEUE_STALLED_SECONDS else "stalled"
    return {"status": status, "ready": waiting.count(), "oldest_ready_seconds": age}


def _rq_queue() -> dict[str, Any]:
    import django_rq

    queue = django_rq.get_queue("default")
    queue.connection.ping()
    return {"status": "ok", "ready": queue.count}
