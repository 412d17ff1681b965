"""The people list as a list that grows: a search, filters and a sort read from the
query string (lantern.web.listing does the pages)."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from lantern.accounts.models import Role, RoleAssignment, User
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukForm

#: order_by() for each `sort` value of PeopleFilterForm; the id last, so that nobody is
#: on two pages.
PEOPLE_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "name": ("full_name", "pk"),
    "email": ("email", "pk"),
    # People of no agency go last.
    "agency": (F("agency__name").asc(nulls_last=True), "full_name", "pk"),
    "newest": ("-date_joined", "-pk"),
}


class PeopleFilterForm(GovukForm):
    """The people list's search, filters and sort (all optional: blank means any)."""

    q = forms.CharField(
        required=False, max_length=100, label="Search", help_text="Name, e-mail or job title"
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency",
        empty_label="Any agency",
        error_messages={"invalid_choice": "Choose an agency from the list."},
    )
    role = forms.ChoiceField(
        required=False,
        label="Role",
        choices=[("", "Any role"), *Role.choices],
        error_messages={"invalid_choice": "Choose a role from the list."},
    )
    status = forms.ChoiceField(
        required=False,
        label="Account",
        choices=[("", "Active and closed"), ("active", "Active"), ("closed", "Closed")],
        error_messages={"invalid_choice": "Choose active or closed."},
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("name", "Name"),
            ("email", "E-mail address"),
            ("agency", "Agency"),
            ("newest", "Newest first"),
        ],
        error_messages={"invalid_choice": "Choose how to sort the people from the list."},
    )

    def __init__(self, *args: Any, partnership_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = cast(forms.ModelChoiceField, self.fields["agency"])
        agencies.queryset = Agency.objects.filter(partnership_id=partnership_id).order_by("name")


def filter_people(people: QuerySet[User], cleaned: Mapping[str, Any]) -> QuerySet[User]:
    """Narrows `people` by the search (name, e-mail, job title) and the filters. A role
    is matched with a subquery, so that nobody is listed twice."""
    text = (cleaned.get("q") or "").strip()
    if text:
        people = people.filter(
            Q(full_name__icontains=text) | Q(email__icontains=text) | Q(job_title__icontains=text)
        )
    if cleaned.get("agency"):
        people = people.filter(agency=cleaned["agency"])
    if cleaned.get("role"):
        holds = RoleAssignment.objects.filter(person=OuterRef("pk"), role=cleaned["role"])
        people = people.filter(Exists(holds))
    if cleaned.get("status"):
        people = people.filter(is_active=cleaned["status"] == "active")
    return people
