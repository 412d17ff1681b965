from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukForm, GovukModelForm

from .models import Capacity, Case


class CaseDetailsForm(GovukModelForm):
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
