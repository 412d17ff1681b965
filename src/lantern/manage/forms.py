from django import forms

from lantern.accounts.models import Role, User
from lantern.partnerships.models import Agency, Group, Partnership, StatutoryFor
from lantern.web.forms import GovukForm, GovukModelForm

# Roles that apply across the partnership, chosen with tick boxes when adding someone.
# Group and agency roles name their group or agency, so they are added one at a time.
PLAIN_ROLES = [
    (r.value, r.label)
    for r in Role
    if r
    not in {
        Role.GROUP_CHAIR,
        Role.GROUP_MEMBER,
        Role.SAFEGUARDING_LEAD,
        Role.NOMINATED_REPRESENTATIVE,
    }
]


class PersonForm(GovukModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "job_title", "agency"]
        labels = {"full_name": "Full name"}
        error_messages = {
            "full_name": {"required": "Enter the person's full name."},
            "email": {
                "required": "Enter the e-mail address they will sign in with.",
                "invalid": "Enter an e-mail address in the right format, like name@example.org.",
            },
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's own validation checks the agency against the person's partnership.
        self.instance.partnership = partnership
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership).active()
        self.fields["agency"].required = False
        self.fields["agency"].empty_label = "Not with a partner agency"


class NewPersonForm(PersonForm):
    roles = forms.MultipleChoiceField(
        choices=PLAIN_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
        help_text="Group and agency roles can be added on the next page.",
    )


class PersonStatusForm(GovukForm):
    is_active = forms.BooleanField(
        required=False,
        label="This person can sign in",
        help_text="Untick when someone leaves. Their history stays on the audit trail.",
    )


class RoleForm(GovukForm):
    role = forms.ChoiceField(
        choices=[("", "Choose a role"), *Role.choices],
        label="Role",
        error_messages={"required": "Choose a role."},
    )
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label="Group",
        help_text="For a group chair or member.",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency",
        help_text="For a safeguarding lead or nominated representative.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(
            partnership=partnership, is_active=True
        )
        self.fields["group"].empty_label = "No group"
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership).active()
        self.fields["agency"].empty_label = "No agency"


class AgencyForm(GovukModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "statutory_partner", "statutory_for", "is_active"]
        labels = {"is_active": "Active (can be chosen for new cases and people)"}
        widgets = {"statutory_for": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the agency's name."},
            "kind": {"required": "Choose the type of agency."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a statutory partner needs it; left unanswered it stands for both sides.
        self.fields["statutory_for"].required = False

    def clean_statutory_for(self) -> str:
        return self.cleaned_data.get("statutory_for") or StatutoryFor.BOTH


class GroupForm(GovukModelForm):
    class Meta:
        model = Group
        fields = ["name", "short_name", "kind", "is_active"]
        labels = {"is_active": "Active"}
        error_messages = {
            "name": {"required": "Enter the group's name."},
            "kind": {"required": "Choose what kind of group this is."},
        }


class PartnershipForm(GovukModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "short_name", "has_independent_chair", "require_two_factor"]
        error_messages = {
            "name": {"required": "Enter the partnership's name."},
            "short_name": {"required": "Enter a short name, such as DSPP."},
        }


class AuditFilterForm(GovukForm):
    who = forms.CharField(required=False, label="Person (e-mail contains)")
    # Issue 13 (walk): "What happened" and "Record type", so neither is taken for the
    # other (an action plan's "Action" is one of the record types).
    action = forms.ChoiceField(required=False, label="What happened")
    object_type = forms.ChoiceField(required=False, label="Record type")
    date_from = forms.DateField(
        required=False,
        label="From",
        help_text="For example, 1/11/2026",
        error_messages={"invalid": "Enter the 'from' date as day/month/year."},
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        help_text="For example, 30/11/2026",
        error_messages={"invalid": "Enter the 'to' date as day/month/year."},
    )

    def __init__(self, *args, actions, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Anything"), *actions]
        self.fields["object_type"].choices = [("", "Any type of record"), *object_types]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return data
