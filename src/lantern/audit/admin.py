"""The platform admin's share of the audit trail, and the rule every admin page follows.

Platform operators run the service (partnerships, people's accounts); they do not read
safeguarding cases. So the admin shows audit events as metadata only (when, who, which
kind of record, its id, the partnership): never what happened (`changes`) nor the
record's label (`object_label`, which can carry a case's title or a subject's name),
and it searches only who acted. And whatever an operator opens in the admin is a read
on the trail, logged like everyone's (ReadsLoggedAdmin).
"""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .models import Action, AuditEvent
from .recorder import record, record_read

#: What the trail says an operator looked at.
VIEWED_IN_ADMIN = "platform administration"


class ReadsLoggedAdmin:
    """For every ModelAdmin of the platform admin: opening a record (its change page)
    logs a read of it, and opening a list logs a read of that list with its search and
    filters, on the trail like anyone's reads (lantern.audit.recorder)."""

    model: Any

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        if request.method == "GET" and response.status_code == 200:
            shown = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            if shown is not None:
                record_read(shown, what=VIEWED_IN_ADMIN)
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        if request.method == "GET" and response.status_code == 200:
            opts = self.model._meta
            viewed = f"{VIEWED_IN_ADMIN}: list of {opts.verbose_name_plural}"
            query = request.GET.urlencode()
            record(
                Action.READ,
                object_type=opts.label_lower,
                object_label=f"List of {opts.verbose_name_plural}",
                changes={"viewed": viewed, **({"query": query} if query else {})},
            )
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadsLoggedAdmin, admin.ModelAdmin):
    """Read-only, and metadata only: the trail cannot be added to, changed or deleted
    through the admin, and no event's content is shown, searched or even loaded."""

    list_display = [
        "at",
        "partnership",
        "actor_label",
        "channel",
        "action",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_display_links = None  # no page per event: it would show its label
    list_filter = ["action", "object_type", "channel", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["actor_label"]  # who acted; never what happened

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        # Not even loaded, so no page or export of this admin can show them.
        return super().get_queryset(request).defer("changes", "object_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        raise PermissionDenied("An audit event's content is not shown in the platform admin.")

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        raise PermissionDenied("An audit event's content is not shown in the platform admin.")
