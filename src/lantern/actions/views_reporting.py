"""The reporting pages: a group's reporting pack (page, DOCX, PDF, XLSX) and the
evaluation table that decides which group each item is reported to."""

import datetime
import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from lantern.access.policy import Perm, has_perm, monitoring_groups
from lantern.accounts.models import Role
from lantern.audit.recorder import record_read
from lantern.manage.access import check_perm, require_perm
from lantern.partnerships.models import Group
from lantern.web.forms import GovukDateField, GovukForm, add_service_errors

from . import pack_documents
from .access import may_see_group_actions
from .evaluation import ITEM_HINTS, ROUTE_ROLES, evaluation_route_set, evaluation_table
from .forms import positive_id
from .models import ReportedItem
from .pack import build_pack, pack_read_what

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def get_group_for_pack(user: Any, group_id: int) -> Group:
    """A group's pack is for its members and chair, and for those who read every case.
    A group of another partnership does not exist (404); anyone else of this partnership
    is refused (403): that the group exists is no secret."""
    group = Group.objects.filter(partnership_id=user.partnership_id, pk=group_id).first()
    if group is None or not user.partnership_id:
        raise Http404("No such group.")
    if not has_perm(user, Perm.VIEW_ALL_CASES) and group.pk not in monitoring_groups(user):
        raise PermissionDenied("Only the group's members can see its reporting pack.")
    return group


def pack_groups(user: Any) -> list[Group]:
    """The groups whose packs this person may choose."""
    groups = Group.objects.filter(partnership_id=user.partnership_id, is_active=True)
    if not has_perm(user, Perm.VIEW_ALL_CASES):
        groups = groups.filter(pk__in=monitoring_groups(user))
    return list(groups.order_by("name"))


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
        built = build_pack(request.user, group, meeting)
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
        }
    return render(request, "actions/pack.html", context)


@login_required
def pack_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, group, meeting = _chosen(request)
    if group is None or meeting is None:
        # Nothing chosen, or something wrong: the page says what.
        return redirect(f"{reverse('actions:pack')}?{request.GET.urlencode()}")
    built = build_pack(request.user, group, meeting)
    body = pack_documents.BUILDERS[fmt](built)
    record_read(group, what=pack_read_what(meeting, fmt))
    name = f"reporting-pack-{slugify(group.short_name or group.name)}-{meeting}.{fmt}"
    response = HttpResponse(body, content_type=pack_documents.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
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
