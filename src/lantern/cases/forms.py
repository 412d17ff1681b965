from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukForm, GovukModelForm
from lantern.web.versioning import VersionedFormMixin

from .models import Capacity, Case, CaseStatus
from .pathways import PATHWAY_CHOICES, PATHWAYS


# mypy sees GovukFormMixin's bound_field_class (a GovukBoundField) clash with BaseForm's
# through the second base; at run time the mixin's wins, as intended.
class CaseDetailsForm(VersionedFormMixin, GovukModelForm):  # type: ignore[misc]
    class Meta:
        model = Case
        fields = ["title", "pseudonym", "confidentiality"]
        error_messages = {"title": {"required": "Enter a working title for the case."}}


class AddMemberForm(GovukForm):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Person",
        error_messages={
            "required": "Choose the person to add.",
            "invalid_choice": "Choose a person from the list.",
        },
    )
    capacity = forms.ChoiceField(
        choices=Capacity.choices,
        label="What they do on this case",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they do on this case."},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency they represent",
        help_text="Needed for an agency representative.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = User.objects.filter(
            partnership_id=case.partnership_id, is_active=True
        ).exclude(case_memberships__case=case)
        person.empty_label = "Choose a person"
        agency = cast(forms.ModelChoiceField, self.fields["agency"])
        agency.queryset = Agency.objects.filter(partnership_id=case.partnership_id).active()
        agency.empty_label = "No agency"


def _stage_choices() -> list[tuple[str, str]]:
    """Every stage of every pathway once, in pathway order (several share a name)."""
    seen: dict[str, str] = {}
    for pathway in PATHWAYS.values():
        for key, label in pathway.stages:
            seen.setdefault(key, label)
    return [("", "Any stage"), *seen.items()]


CASE_SORTS = [
    ("opened", "Opened, newest first"),
    ("reference", "Reference"),
    ("next_due", "Next due date, soonest first"),
]


class CaseFilterForm(GovukForm):
    """The case list's search, filters and sort (all optional: blank means any)."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Reference, pseudonym (for example Child A) or title",
    )
    pathway = forms.ChoiceField(
        required=False,
        label="Pathway",
        choices=[("", "Any pathway"), *PATHWAY_CHOICES],
        error_messages={"invalid_choice": "Choose a pathway from the list."},
    )
    stage = forms.ChoiceField(
        required=False,
        label="Stage",
        choices=_stage_choices(),
        error_messages={"invalid_choice": "Choose a stage from the list."},
    )
    status = forms.ChoiceField(
        required=False,
        label="Open or closed",
        choices=[("", "Open and closed"), *CaseStatus.choices],
        error_messages={"invalid_choice": "Choose open or closed."},
    )
    overdue = forms.BooleanField(required=False, label="Only cases with an overdue step")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=CASE_SORTS,
        error_messages={"invalid_choice": "Choose how to sort the cases from the list."},
    )
