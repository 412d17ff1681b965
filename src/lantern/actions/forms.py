"""The tracker's forms. They only read what was typed: the services validate it and name
the field to fix, so every rule (and its message) lives in one place."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from lantern.accounts.models import User
from lantern.agencyrequests.uploads import ALLOWED_EXTENSIONS, MAX_UPLOAD_MB
from lantern.partnerships.models import Agency, Group
from lantern.web.forms import GovukDateField, GovukForm
from lantern.web.versioning import VersionedFormMixin

from .models import REPORTED, ActionStatus, Finding, Rag, Recommendation, SourceKind

DATE_HINT = "For example, 27 3 2027"
#: The largest id a database's integer key holds.
MAX_ID = 2**63 - 1


def positive_id(raw: str) -> int | None:
    """The id a person typed or sent, if it is a positive whole number; else None.

    str.isdigit() alone is not enough: it takes "²", which int() refuses, and int()
    refuses more than 4,300 digits."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.agency})" if obj.agency_id else obj.full_name


def people_of(partnership_id: int) -> QuerySet[User]:
    return User.objects.filter(partnership_id=partnership_id, is_active=True).select_related(
        "agency"
    )


def _choice(label: str, queryset: Any, *, field: type = forms.ModelChoiceField, **kw: Any) -> Any:
    return field(
        queryset=queryset,
        required=False,
        label=label,
        error_messages={"invalid_choice": f"{label}: choose one from the list."},
        **kw,
    )


class FieldByFieldForm(GovukForm):
    """For templates that place the fields one by one (`{{ form.x.as_field_group }}`):
    the GOV.UK classes and aria links, which rendering the whole form adds, are added on
    the first field fetched (after the view has added any service errors)."""

    _styled = False

    def __getitem__(self, name: str) -> Any:
        if not self._styled:
            self._styled = True
            self.get_context()
        return super().__getitem__(name)


#: The tracker's sorts (the order_by() of each is lantern.actions.views_tracker's).
TRACKER_SORTS = [
    ("open_first", "Open first, soonest due"),
    ("due", "Due date, soonest first"),
    ("due_desc", "Due date, latest first"),
    ("reference", "Reference"),
    ("lead_agency", "Lead agency"),
]


def _filter_choice(label: str, choices: list[Any], any_label: str, message: str) -> Any:
    return forms.ChoiceField(
        choices=[("", any_label), *choices],
        required=False,
        label=label,
        error_messages={"invalid_choice": message},
    )


class TrackerFilterForm(FieldByFieldForm):
    """The tracker's search, filters and sort, read from the query string (all optional:
    blank means any). A bad value is shown in the error summary and ignored."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="Action, case reference or pseudonym, lead agency or owner",
    )
    status = _filter_choice(
        "Status", ActionStatus.choices, "Any status", "Status: choose one from the list."
    )
    rag = _filter_choice("RAG", Rag.choices, "Any RAG", "RAG: choose one from the list.")
    source = _filter_choice(
        "Source", SourceKind.choices, "Any source", "Source: choose one from the list."
    )
    lead_agency = _choice("Lead agency", Agency.objects.none(), empty_label="Any agency")
    group = _choice("Monitoring group", Group.objects.none(), empty_label="Any group")
    sort = forms.ChoiceField(
        choices=TRACKER_SORTS,
        required=False,
        label="Sort by",
        error_messages={"invalid_choice": "Choose how to sort the actions from the list."},
    )
    mine = forms.BooleanField(required=False, label="Only actions I own")

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = cast(forms.ModelChoiceField, self.fields["lead_agency"])
        agencies.queryset = Agency.objects.filter(partnership_id=partnership_id)
        groups = cast(forms.ModelChoiceField, self.fields["group"])
        groups.queryset = Group.objects.filter(partnership_id=partnership_id)


class FindingForm(GovukForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="What did the review or audit find?",
        help_text="One finding: the learning that recommendations will answer. Do not name "
        "the child or adult.",
    )


class RecommendationForm(FieldByFieldForm):
    finding = _choice(
        "Which finding does it answer?", Finding.objects.none(), empty_label="None of them"
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Recommendation",
        help_text="Say who will do what, and by when.",
    )
    repeats = _choice(
        "Does it repeat earlier learning?",
        Recommendation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    monitoring_group = _choice(
        "Which group will monitor it?", Group.objects.none(), empty_label="Choose a group"
    )
    owner = _choice(
        "Owner",
        User.objects.none(),
        field=PersonChoiceField,
        empty_label="Choose a person",
        help_text="The person answerable to the group for this recommendation.",
    )
    impact_measure = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="How will the group know it has made a difference?",
        help_text="For example, “An audit of 20 discharges shows plans shared within 24 hours "
        "in 18”.",
    )
    impact_review_on = GovukDateField(
        label="Date the impact will be reviewed", required=False, help_text=DATE_HINT
    )
    keep_as_written = forms.BooleanField(
        required=False,
        label="Keep it as written",
        help_text="I have read the advice and want to save the recommendation as it is.",
    )

    def __init__(
        self,
        *args: Any,
        case: Any,
        earlier: QuerySet[Recommendation],
        repeat_choices: list[Recommendation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["finding"]).queryset = Finding.objects.filter(case=case)
        cast(forms.ModelChoiceField, fields["monitoring_group"]).queryset = Group.objects.filter(
            partnership_id=case.partnership_id
        )
        cast(forms.ModelChoiceField, fields["owner"]).queryset = people_of(case.partnership_id)
        # Any earlier recommendation the writer may see is accepted; only the similar ones
        # are offered, since they are the ones worth linking.
        repeats = cast(forms.ModelChoiceField, fields["repeats"])
        repeats.queryset = earlier
        repeats.widget.choices = [("", "It does not repeat any of these")] + [
            (str(r.pk), f"This repeats {r.label}") for r in repeat_choices
        ]


class ActionForm(GovukForm):
    title = forms.CharField(
        required=False,
        label="What will be done?",
        help_text="A short title, 200 characters at most.",
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Detail (optional)"
    )
    lead_agency = _choice("Lead agency", Agency.objects.none(), empty_label="Choose an agency")
    owner = _choice(
        "Owner",
        User.objects.none(),
        field=PersonChoiceField,
        empty_label="Choose a person",
        help_text="The person in the lead agency who answers for the action.",
    )
    due = GovukDateField(label="Due date", required=False, help_text=DATE_HINT)
    success_measure = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What success looks like"
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = cast(forms.ModelChoiceField, self.fields["lead_agency"])
        agencies.queryset = Agency.objects.filter(partnership_id=partnership_id).active()
        owners = cast(forms.ModelChoiceField, self.fields["owner"])
        owners.queryset = people_of(partnership_id)


# mypy sees GovukFormMixin's bound_field_class (a GovukBoundField) clash with BaseForm's
# through the second base; at run time the mixin's wins, as intended.
class ActionEditForm(VersionedFormMixin, ActionForm):  # type: ignore[misc]
    """An action as changed: carries the version it showed (issue 12, item 12). Give it
    the action as `record=`."""


class AskUpdateForm(GovukForm):
    due = GovukDateField(
        label="Date the update is due",
        help_text="The lead agency is asked, and reminded, like any other request.",
    )


class ProgressForm(GovukForm):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in [*REPORTED, ActionStatus.COMPLETE]],
        widget=forms.RadioSelect,
        required=False,
        label="Where does the action stand?",
        error_messages={"invalid_choice": "Choose not started, on track, at risk or complete."},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Progress made"
    )
    evidence_description = forms.CharField(
        required=False,
        max_length=300,
        label="Evidence (needed to complete the action)",
        help_text="What it shows, e.g. “Signed protocol” or “Audit of ten discharges”.",
    )
    evidence_file = forms.FileField(
        widget=forms.FileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}),
        required=False,
        label="Upload a file",
        help_text=f"{', '.join(e.upper() for e in ALLOWED_EXTENSIONS)}; up to {MAX_UPLOAD_MB}MB.",
    )
    evidence_link = forms.CharField(
        required=False,
        max_length=500,
        label="Or give a link",
        help_text="For example, https://intranet.example.org/protocol",
    )


class SignOffForm(GovukForm):
    signed_off_on = GovukDateField(
        label="Date of the group's sign-off", required=False, help_text=DATE_HINT
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="What the group agreed",
        help_text="For example, the meeting and the evidence it looked at.",
    )


class NationalLearningForm(GovukForm):
    title = forms.CharField(
        max_length=200,
        label="Which national learning is adopted?",
        help_text="For example, “Joanna, Jon and Ben (Cawston Park SAR, 2021): adopted by the "
        "Safeguarding Adults Board”.",
        error_messages={"required": "Enter the national learning adopted."},
    )
