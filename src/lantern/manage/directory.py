"""The partnership's agencies and groups, and its settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.access.policy import Perm, has_perm
from lantern.meetings.quorum import quorum_summary
from lantern.partnerships.models import Agency, Group
from lantern.web.forms import add_service_errors
from lantern.web.versioning import EditConflict, VersionedFormMixin

from .access import check_perm, get_for_user, require_perm
from .forms import AgencyForm, GroupForm, PartnershipForm
from .services import directory_save

# Each kind of directory record: its model, form, permission and wording.
KINDS = {
    "agencies": (Agency, AgencyForm, Perm.MANAGE_AGENCIES, "agency", "agencies"),
    "groups": (Group, GroupForm, Perm.MANAGE_GROUPS, "group", "groups"),
}


def _versioned(form_class: type[BaseForm]) -> type[BaseForm]:
    """The form, carrying the version it showed: two people changing one agency, group or
    the settings lose nothing (issue 12, item 12)."""
    return type(form_class.__name__, (VersionedFormMixin, form_class), {})


@require_perm(Perm.VIEW_ADMINISTRATION)
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    model, _form, perm, _singular, plural = KINDS[kind]
    # Queries: the records (one).
    records = model.objects.filter(partnership_id=request.user.partnership_id).order_by("name")
    return render(
        request,
        f"manage/{plural}_list.html",
        {"records": records, "can_change": has_perm(request.user, perm), "kind": kind},
    )


@require_perm(Perm.VIEW_ADMINISTRATION)
def record_edit(request: HttpRequest, kind: str, pk: str | None = None) -> HttpResponse:
    model, form_class, perm, singular, _plural = KINDS[kind]
    if pk is None:
        check_perm(request.user, perm)
        instance = model(partnership=request.user.partnership)
    else:
        instance = get_for_user(request.user, model, int(pk), write=perm)
    form = _versioned(form_class)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form_class.Meta.fields}
        try:
            directory_save(
                instance=model.objects.get(pk=pk) if pk else instance,
                **fields,
                **form.versioned(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except EditConflict as conflict:
            form.show_conflict(conflict)
        else:
            messages.success(request, f"The {singular} has been saved.")
            return redirect("manage:records", kind=kind)
    return render(
        request,
        "manage/record_form.html",
        {"form": form, "singular": singular, "kind": kind, "adding": pk is None},
    )


@require_perm(Perm.VIEW_ADMINISTRATION)
def partnership_settings(request: HttpRequest) -> HttpResponse:
    partnership = request.user.partnership
    can_change = has_perm(request.user, Perm.MANAGE_PARTNERSHIP)
    form = _versioned(PartnershipForm)(request.POST or None, instance=partnership)
    if request.method == "POST":
        check_perm(request.user, Perm.MANAGE_PARTNERSHIP)
        if form.is_valid():
            fields = {f: form.cleaned_data[f] for f in PartnershipForm.Meta.fields}
            try:
                directory_save(
                    instance=type(partnership).objects.get(pk=partnership.pk),
                    **fields,
                    **form.versioned(),
                )
            except EditConflict as conflict:
                form.show_conflict(conflict)
            else:
                messages.success(request, "The partnership's settings have been saved.")
                return redirect("manage:settings")
    context = {
        "form": form,
        "can_change": can_change,
        "quorum": quorum_summary(partnership.pk),
    }
    return render(request, "manage/settings.html", context)
