from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.access.policy import Perm, partnership_perms

from .access import require_perm


@require_perm(Perm.VIEW_ADMINISTRATION)
def index(request: HttpRequest) -> HttpResponse:
    perms = partnership_perms(request.user)
    return render(request, "manage/index.html", {"can_audit": Perm.VIEW_AUDIT_TRAIL in perms})
