"""The platform admin's view of background tasks: what ran and how it ended, never what
it carried.

django-tasks' own admin shows each task's arguments, return value and traceback. An
e-mail task's arguments are the whole message (a password-reset link, a case's
notification), which platform operators must not read (issue 12, item 3): here only
the metadata is shown, and every look is logged like any other read."""

from typing import Any

import django_tasks_db.admin  # noqa: F401  (registers its admin, replaced below)
from django.contrib import admin
from django.http import HttpRequest
from django_tasks_db.models import DBTaskResult

from lantern.audit.admin import ReadsLoggedAdmin

#: What an operator may see of a task: nothing it carried, nor its traceback.
SHOWN = (
    "id",
    "task_path",
    "status",
    "queue_name",
    "backend_name",
    "priority",
    "enqueued_at",
    "run_after",
    "started_at",
    "finished_at",
    "exception_class_path",
)

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadsLoggedAdmin, admin.ModelAdmin):
    list_display = ("id", "task_path", "status", "enqueued_at", "finished_at", "queue_name")
    list_filter = ("status", "queue_name")
    ordering = ("-enqueued_at",)
    fields = SHOWN
    readonly_fields = SHOWN
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
