"""People of the partnership and their roles."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, has_perm, may_grant_role, may_manage_person
from lantern.accounts import services
from lantern.accounts.email_change import email_change_request
from lantern.accounts.models import RoleAssignment, User
from lantern.web.forms import add_service_errors
from lantern.web.listing import paginate_list

from .access import get_for_user, require_perm
from .forms import NewPersonForm, PersonForm, PersonStatusForm, RoleForm
from .people_list import PEOPLE_ORDERINGS, PeopleFilterForm, filter_people


@require_perm(Perm.VIEW_ADMINISTRATION)
def people_list(request: HttpRequest) -> HttpResponse:
    # Queries: the count, the page of people with their agency (one), their roles with
    # group and agency (one), and the agency filter's choices.
    people = (
        User.objects.filter(partnership_id=request.user.partnership_id)
        .select_related("agency")
        .prefetch_related(
            Prefetch("role_assignments", RoleAssignment.objects.select_related("group", "agency"))
        )
    )
    listing = paginate_list(
        request,
        people,
        form=PeopleFilterForm(request.GET, partnership_id=request.user.partnership_id),
        apply=filter_people,
        sorts=PEOPLE_ORDERINGS,
        default_sort="name",
    )
    listing.form.get_context()  # Styles the fields now they are checked: errors, aria.
    return render(
        request,
        "manage/people_list.html",
        {
            "listing": listing,
            "form": listing.form,
            "people": listing.items,
            "can_change": has_perm(request.user, Perm.MANAGE_PEOPLE),
        },
    )


def _person_to_change(user: Any, pk: int) -> User:
    """A person this user may change (policy.may_manage_person), or 403 saying why."""
    person = get_for_user(user, User, pk, write=Perm.MANAGE_PEOPLE)
    if not may_manage_person(user, person):
        raise PermissionDenied(
            f"You cannot change {person.full_name}'s account: their roles reach further than "
            "yours. Ask the Business Manager."
        )
    return person


def _only_grantable(field: Any, user: Any) -> None:
    """Offer only the roles this user may grant; any other is refused with a message."""
    field.choices = [(v, label) for v, label in field.choices if not v or may_grant_role(user, v)]
    field.error_messages["invalid_choice"] = (
        "You cannot grant that role: nobody may grant a role that reaches further than their own."
    )


@require_perm(Perm.MANAGE_PEOPLE)
def person_add(request: HttpRequest) -> HttpResponse:
    partnership = request.user.partnership
    form = NewPersonForm(request.POST or None, partnership=partnership)
    _only_grantable(form.fields["roles"], request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                partnership_id=partnership.pk,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                agency_id=data["agency"].pk if data["agency"] else None,
                roles=data["roles"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            services.person_invite(person=person, request=request)
            messages.success(request, f"{person} has been added and sent a link to set a password.")
            return redirect("manage:person", pk=person.pk)
    return render(request, "manage/person_form.html", {"form": form, "adding": True})


@require_perm(Perm.VIEW_ADMINISTRATION)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for_user(request.user, User, pk)
    can_change = may_manage_person(request.user, person)
    role_form = None
    if can_change:
        role_form = RoleForm(partnership=request.user.partnership)
        _only_grantable(role_form.fields["role"], request.user)
    return render(
        request,
        "manage/person_detail.html",
        {
            "person": person,
            "assignments": person.role_assignments.select_related("group", "agency"),
            "role_form": role_form,
            "status_form": PersonStatusForm(initial={"is_active": person.is_active}),
            "can_change": can_change,
        },
    )


@require_perm(Perm.VIEW_ADMINISTRATION)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request.user, pk)
    form = PersonForm(request.POST or None, instance=person, partnership=request.user.partnership)
    if request.method == "POST" and form.is_valid():
        current = User.objects.get(pk=person.pk)
        fields = {f: form.cleaned_data[f] for f in PersonForm.Meta.fields if f != "email"}
        try:
            # The sign-in address changes only once confirmed from it (accounts.email_change).
            new_email = email_change_request(
                person=current, new_email=form.cleaned_data["email"], by=request.user,
                request=request,
            )  # fmt: skip
            services.person_update(person=current, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The person's details have been saved.")
            if new_email != current.email:
                messages.info(
                    request,
                    f"Their sign-in address changes to {new_email} once they follow the link "
                    f"sent there; {current.email} has been told.",
                )
            return redirect("manage:person", pk=person.pk)
    return render(request, "manage/person_form.html", {"form": form, "person": person})


@require_perm(Perm.VIEW_ADMINISTRATION)
@require_POST
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request.user, pk)
    form = PersonStatusForm(request.POST)
    form.is_valid()
    active = bool(form.cleaned_data.get("is_active"))
    if person == request.user and not active:
        messages.error(request, "You cannot close your own account.")
    else:
        services.person_update(person=person, is_active=active)
        messages.success(request, f"{person} {'can' if active else 'can no longer'} sign in.")
    return redirect("manage:person", pk=person.pk)


@require_perm(Perm.VIEW_ADMINISTRATION)
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_to_change(request.user, pk)
    form = RoleForm(request.POST or None, partnership=request.user.partnership)
    _only_grantable(form.fields["role"], request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_assign(
                person=person,
                role=data["role"],
                group_id=data["group"].pk if data["group"] else None,
                agency_id=data["agency"].pk if data["agency"] else None,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The role has been added.")
            return redirect("manage:person", pk=person.pk)
    return render(request, "manage/role_form.html", {"form": form, "person": person})


@require_perm(Perm.VIEW_ADMINISTRATION)
@require_POST
def role_remove(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    person = _person_to_change(request.user, pk)
    assignment = get_object_or_404(person.role_assignments, pk=assignment_id)
    services.role_remove(assignment=assignment)
    messages.success(request, f"{person} no longer has the role {assignment}.")
    return redirect("manage:person", pk=person.pk)
