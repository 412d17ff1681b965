"""The reporting pages: a group's reporting pack (its page, and DOCX, PDF and XLSX copies
prepared in the background) and the evaluation table that decides which group each item is
reported to."""

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.access.policy import Perm, has_perm
from lantern.accounts.models import Role
from lantern.audit.recorder import record_read
from lantern.documents.jobs import (
    KEEP_DAYS,
    job_file_response,
    job_for_user,
    job_request,
    recent_jobs,
)
from lantern.documents.models import DocumentJob
from lantern.manage.access import check_perm, require_perm
from lantern.partnerships.models import Group
from lantern.web.forms import GovukDateField, GovukForm, add_service_errors

from . import pack_documents
from .access import may_see_group_actions
from .document_jobs import FORMAT_NAMES, PACK, pack_job_group, pack_job_meeting, pack_params
from .evaluation import ITEM_HINTS, ROUTE_ROLES, evaluation_route_set, evaluation_table
from .forms import positive_id
from .models import ReportedItem
from .pack import build_pack, pack_read_what
from .pack_access import get_group_for_pack, pack_groups

__all__ = ["get_group_for_pack", "pack_groups"]  # also asked by tests of the read rules

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class PackForm(GovukForm):
    group = forms.TypedChoiceField(
        label="Group",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the group the pack is for.",
            "invalid_choice": "Choose one of the groups listed.",
        },
    )
    meeting = GovukDateField(label="Date of the meeting", help_text="For example, 27 3 2026.")

    def __init__(self, *args: Any, groups: list[Group], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [(g.pk, g.name) for g in groups]


def _pack_form(query: QueryDict, groups: list[Group]) -> PackForm:
    """The form bound to the query string, which gives the meeting either as
    `meeting=YYYY-MM-DD` (the pack's own address) or as the date input's three boxes."""
    data = query.copy()
    iso = data.pop("meeting", [""])[-1].strip()
    match = ISO_DATE.fullmatch(iso)
    if match:
        data["meeting_0"], data["meeting_1"], data["meeting_2"] = reversed(match.groups())
    form = PackForm(data, groups=groups)
    if iso and not match:
        form.is_valid()  # the other fields' checks; then the address's own message
        form.errors.pop("meeting", None)
        form.add_error("meeting", "Date of the meeting must be a real date, like 2026-03-27.")
    return form


def _pack_query(group: Group, meeting: datetime.date) -> str:
    return urlencode({"group": group.pk, "meeting": meeting.isoformat()})


def _chosen(request: HttpRequest) -> tuple[PackForm, Group | None, datetime.date | None]:
    """The form, and the group and meeting when the query gives valid ones. A group of
    another partnership is 404 and one the person may not see 403, before the form speaks."""
    query = request.GET
    groups = pack_groups(request.user)
    if not any(k in query for k in ("group", "meeting", "meeting_0")):
        return PackForm(groups=groups), None, None
    group_id = positive_id(query.get("group", ""))
    if group_id is not None:
        get_group_for_pack(request.user, group_id)
    form = _pack_form(query, groups)
    if not form.is_valid():
        return form, None, None
    group = next(g for g in groups if g.pk == form.cleaned_data["group"])
    return form, group, form.cleaned_data["meeting"]


#: How many lines of each list the pack's page shows.
PAGE_LINES = 20


@login_required
def pack(request: HttpRequest) -> HttpResponse:
    form, group, meeting = _chosen(request)
    if group is not None and meeting is not None and "meeting" not in request.GET:
        # Chosen through the date boxes: go to the pack's own address.
        return redirect(f"{reverse('actions:pack')}?{_pack_query(group, meeting)}")
    context: dict[str, Any] = {"form": form}
    if group is not None and meeting is not None:
        built = build_pack(request.user, group, meeting, shown=PAGE_LINES)
        # A read of many cases' actions: logged, worded apart from downloads (which alone
        # mark a pack as presented, for the next pack's period).
        record_read(group, what=f"the reporting pack page for {meeting.isoformat()}")
        context |= {
            "pack": built,
            "chart": pack_documents.chart_svg(built),
            "chart_title": pack_documents.chart_title(built),
            "query": _pack_query(group, meeting),
            # The page shows the first lines of each list: a large group's pack held every
            # action several times over (4.6 MB at ten years' data, issue 13); the
            # downloads hold them all.
            "most": PAGE_LINES,
            "shown": f":{PAGE_LINES}",
            "may_see_group": may_see_group_actions(request.user, group),
            "keep_days": KEEP_DAYS,
        }
    return render(request, "actions/pack.html", context)


@login_required
def pack_prepare(request: HttpRequest, fmt: str) -> HttpResponse:
    """Ask for the pack as a document: prepared in the background (a large group's PDF
    took ~100 s inside the request, issue 13), then its page shows progress."""
    page = f"{reverse('actions:pack')}?{request.GET.urlencode()}"
    if request.method != "POST":
        return redirect(page)  # an old download address: the page has the buttons
    _form, group, meeting = _chosen(request)
    if group is None or meeting is None:
        # Nothing chosen, or something wrong: the page says what.
        return redirect(page)
    job = job_request(
        user=request.user,
        builder=PACK,
        params=pack_params(group, meeting),
        fmt=fmt,
        title=f"Reporting pack: {group.name}, meeting on {meeting:%-d %B %Y}",
    )
    return redirect("actions:pack_job", job_id=job.pk)


def _refreshing(request: HttpRequest, job: DocumentJob) -> bool:
    return not job.finished and request.GET.get("refresh") != "off"


@login_required
def pack_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A prepared pack's page: its progress (refreshed every few seconds while it runs,
    unless the person stops that), then its download link, or why it failed."""
    job = job_for_user(request.user, job_id, PACK)
    group = pack_job_group(request.user, job.params)
    meeting = pack_job_meeting(job)
    query = _pack_query(group, meeting)
    refreshing = _refreshing(request, job)
    response = render(
        request,
        "documents/job.html",
        {
            "job": job,
            "format_name": FORMAT_NAMES[job.fmt],
            "refreshing": refreshing,
            "download_url": reverse("actions:pack_job_download", args=[job.pk]),
            "retry_url": f"{reverse('actions:pack_prepare', args=[job.fmt])}?{query}",
            "back_url": f"{reverse('actions:pack')}?{query}",
            "back_text": "Back to the pack",
            "recent": [j for j in recent_jobs(request.user, PACK) if j.pk != job.pk],
            "recent_url": "actions:pack_job",
            "keep_days": KEEP_DAYS,
        },
    )
    if refreshing:
        # The Refresh header reloads the page as <meta http-equiv="refresh"> would.
        response["Refresh"] = str(REFRESH_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response


#: How often the page of a pack being prepared reloads itself.
REFRESH_SECONDS = 3


@login_required
def pack_job_download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """The prepared pack, to the person who asked for it while they may still see the
    group. The download is the read that marks this pack as presented (the next pack's
    period starts at its meeting)."""
    job = job_for_user(request.user, job_id, PACK)
    if not job.finished or not job.file:
        return redirect("actions:pack_job", job_id=job.pk)
    group = pack_job_group(request.user, job.params)
    response = job_file_response(job)
    record_read(group, what=pack_read_what(pack_job_meeting(job), job.fmt))
    return response


class EvaluationForm(GovukForm):
    """One choice per item: a group of the partnership ("group:<id>") or a role."""

    def __init__(self, *args: Any, groups: list[Group], current: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[Any] = [
            ("Groups", [(f"group:{g.pk}", g.name) for g in groups]),
            ("Roles", [(f"role:{r}", Role(r).label) for r in ROUTE_ROLES]),
        ]
        for item in ReportedItem:
            self.fields[item.value] = forms.ChoiceField(
                label=f"Report {item.label.lower()} to",
                help_text=ITEM_HINTS[item.value],
                choices=choices,
                initial=current.get(item.value),
                error_messages={"invalid_choice": "Choose a group or a role from the list."},
            )

    def routes(self, groups: list[Group]) -> dict[str, Group | str]:
        by_key = {f"group:{g.pk}": g for g in groups}
        chosen: dict[str, Group | str] = {}
        for item, value in self.cleaned_data.items():
            chosen[item] = by_key[value] if value in by_key else value.removeprefix("role:")
        return chosen


@require_perm(Perm.VIEW_ADMINISTRATION)
def evaluation(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "actions/evaluation.html",
        {
            "table": evaluation_table(user.partnership_id),
            "can_change": has_perm(user, Perm.MANAGE_PARTNERSHIP),
        },
    )


@require_perm(Perm.VIEW_ADMINISTRATION)
def evaluation_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    check_perm(user, Perm.MANAGE_PARTNERSHIP)
    partnership = user.partnership
    groups = list(Group.objects.filter(partnership=partnership, is_active=True).order_by("name"))
    table = evaluation_table(partnership)
    current = {r.item: r.target_key for r in table}
    form = EvaluationForm(request.POST or None, groups=groups, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_route_set(partnership=partnership, user=user, routes=form.routes(groups))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The evaluation table has been saved.")
            return redirect("actions:evaluation")
    return render(request, "actions/evaluation_form.html", {"form": form, "table": table})
