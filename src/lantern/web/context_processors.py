from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from lantern.access.policy import (
    Perm,
    can_draft_annual_reports,
    can_manage_training,
    partnership_perms,
)
from lantern.work.selectors import known_work_count


def lantern(request: HttpRequest) -> dict[str, Any]:
    """The header's partnership name and the navigation this person may use."""
    user = request.user
    partnership = getattr(user, "partnership", None) if user.is_authenticated else None
    nav: list[tuple[str, str]] = []
    if partnership is not None:
        perms = partnership_perms(user)
        # The count only when My work found it and nothing has changed since (lantern.work).
        waiting = known_work_count(user)
        nav.append((f"My work ({waiting})" if waiting else "My work", reverse("web:dashboard")))
        nav.append(("Cases", reverse("cases:list")))
        nav.append(("Audits", reverse("audits:programme")))
        nav.append(("Actions", reverse("actions:tracker")))
        nav.append(("Library", reverse("learning:library")))
        # Not can_read_training: its group check costs queries on every page; the
        # routed group's members reach training from their group's pages.
        if can_manage_training(user) or Perm.VIEW_ALL_CASES in perms:
            nav.append(("Training", reverse("training:programme")))
        # As for training: the Executive's members reach the dashboards from My work.
        if Perm.VIEW_ALL_CASES in perms or can_draft_annual_reports(user):
            nav.append(("Reports", reverse("reports:index")))
        if Perm.VIEW_ADMINISTRATION in perms:
            nav.append(("Administration", reverse("manage:index")))
        if Perm.VIEW_AUDIT_TRAIL in perms:
            nav.append(("Audit trail", reverse("manage:audit")))
    path = request.path
    items = [
        {
            "text": text,
            "href": href,
            "current": path == href,
            "active": path.startswith(href) and href != "/",
        }
        for text, href in nav
    ]
    return {
        "partnership": partnership,
        "nav_items": items,
        "phase": settings.LANTERN_PHASE,
    }
