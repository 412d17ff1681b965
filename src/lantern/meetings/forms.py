from typing import Any, cast

from django import forms

from lantern.agencyrequests.forms import SearchField
from lantern.cases.models import Case, CaseMembership
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukDateField, GovukForm
from lantern.web.versioning import VersionedFormMixin

from .models import Attendance, MeetingKind
from .rules import Choices
from .services import AttendanceRow

NOT_ON_LIST, INVITED, ATTENDED = "", "invited", "attended"


class ScheduleForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Rapid review meeting.",
        error_messages={"required": "Enter a title for the meeting."},
    )
    kind = forms.ChoiceField(
        label="What kind of meeting is it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of meeting this is."},
    )
    date = GovukDateField(
        label="Date of the meeting",
        help_text="Meetings are held on working days: a weekend, bank holiday or closure "
        "day moves to the next working day.",
    )
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TextInput,
        help_text="For example, 14:30.",
        error_messages={"invalid": "Enter the time like 14:30."},
    )
    location = forms.CharField(
        label="Where (optional)",
        required=False,
        max_length=300,
        help_text="A room and address, or how to join online.",
    )
    outside_window_reason = forms.CharField(
        label="Reason for meeting outside the window",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed whenever the date is outside the window for the meeting.",
    )


def _status_field(label: str, first: str, initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[
            (NOT_ON_LIST, first),
            (INVITED, "Invited, did not attend"),
            (ATTENDED, "Attended"),
        ],
        required=False,
        initial=initial,
        widget=forms.RadioSelect,
    )


def _status(row: Attendance | None) -> str:
    if row is None:
        return NOT_ON_LIST
    return ATTENDED if row.attended else INVITED


class AttendanceForm(GovukForm):
    """One question per member of the case, one per person already added who is not on
    it, and room to add one more person without an account."""

    def __init__(
        self,
        *args: Any,
        case: Case,
        memberships: list[CaseMembership],
        rows: list[Attendance],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {m.pk: m for m in memberships}
        by_person = {r.person_id: r for r in rows if r.person_id}
        self.guests = {r.pk: r for r in rows if not r.person_id}
        for m in memberships:
            agency = m.agency or m.person.agency
            part = ", ".join(str(x) for x in (m.get_capacity_display(), agency) if x)
            label = f"{m.person.full_name} ({part})"
            self.fields[f"member_{m.pk}"] = _status_field(
                label, "Not invited", _status(by_person.get(m.person_id))
            )
        for pk, guest in self.guests.items():
            label = f"{guest.name}{f' ({guest.agency})' if guest.agency else ''}"
            self.fields[f"guest_{pk}"] = _status_field(
                label, "Remove from the list", _status(guest)
            )
        self.fields["new_name"] = forms.CharField(
            label="Add someone who is not on the case: their name (optional)",
            required=False,
            max_length=200,
        )
        self.fields["new_agency"] = forms.ModelChoiceField(
            label="Their agency",
            queryset=Agency.objects.filter(partnership_id=case.partnership_id).active(),
            required=False,
            help_text="Attendance counts towards the quorum for this agency.",
        )
        cast(forms.ModelChoiceField, self.fields["new_agency"]).empty_label = "No agency"
        self.fields["new_role"] = forms.CharField(
            label="Their role (optional)", required=False, max_length=200
        )
        self.fields["new_attended"] = forms.BooleanField(label="They attended", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("new_agency") or data.get("new_role")) and not data.get("new_name"):
            self.add_error("new_name", "Enter the name of the person you are adding.")
        return data

    def rows(self) -> list[AttendanceRow]:
        data = self.cleaned_data
        rows: list[AttendanceRow] = []
        for pk, m in self.memberships.items():
            status = data.get(f"member_{pk}")
            if status:
                rows.append(
                    {
                        "person": m.person,
                        "name": m.person.full_name,
                        "agency": m.agency or m.person.agency,
                        "role": m.get_capacity_display(),
                        "attended": status == ATTENDED,
                    }
                )
        for pk, guest in self.guests.items():
            status = data.get(f"guest_{pk}")
            if status:
                rows.append(
                    {
                        "person": None,
                        "name": guest.name,
                        "agency": guest.agency,
                        "role": guest.role,
                        "attended": status == ATTENDED,
                    }
                )
        if data.get("new_name"):
            rows.append(
                {
                    "person": None,
                    "name": data["new_name"],
                    "agency": data.get("new_agency"),
                    "role": data.get("new_role", ""),
                    "attended": bool(data.get("new_attended")),
                }
            )
        return rows


class HeldForm(GovukForm):
    held_on = GovukDateField(label="Date the meeting was held")
    minutes = forms.CharField(
        label="Minutes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Or a summary. Full minutes can be added as a paper of the meeting.",
    )
    actions = forms.CharField(
        label="Actions agreed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line: what, who, by when.",
    )


class HeldEditForm(VersionedFormMixin, HeldForm):
    """The record of a meeting held, carrying the version it showed (issue 12, item 12).
    Give it the meeting as `record=`."""


class MoveForm(GovukForm):
    """Move a meeting to another day (it is, or was, held on another day than arranged)."""

    date = GovukDateField(
        label="New date of the meeting",
        help_text="The day it will be, or was, held. A weekend, bank holiday or closure "
        "day moves to the next working day.",
    )
    reason = forms.CharField(
        label="Why is the meeting moved?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, it was brought forward because the chair was away. "
        "This is kept with the meeting, and is the reason if the new date is outside "
        "the window for it.",
        error_messages={"required": "Enter why the meeting is moved."},
    )


class NotHeldForm(GovukForm):
    reason = forms.CharField(
        label="Why was the meeting not held?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, it was cancelled because the chair was ill, and when it "
        "will be rearranged.",
        error_messages={"required": "Enter why the meeting was not held."},
    )


class DecisionForm(GovukForm):
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why the meeting reached this decision.",
        error_messages={"required": "Enter the rationale for the decision."},
    )
    immediate_actions = forms.CharField(
        label="Immediate actions to keep people safe",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was agreed at the meeting to keep them safe now, and who will do it.",
    )

    def __init__(self, *args: Any, choices: Choices, subject_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "kind": forms.ChoiceField(
                label="What did the meeting decide?",
                choices=list(choices),
                widget=forms.RadioSelect,
                error_messages={"required": "Choose what the meeting decided."},
            ),
            **self.fields,
        }
        if subject_kind in {"child", "adult"}:
            self.fields["immediate_actions"].label = (
                f"Immediate actions to keep {'children' if subject_kind == 'child' else 'adults'}"
                " safe"
            )


class EndorseForm(GovukForm):
    """No fields: a button to confirm, and a place for the service's refusal."""


MEETING_SORTS = [
    ("date", "Date, soonest first"),
    ("latest", "Date, latest first"),
    ("title", "Title"),
]

#: The meeting list's "when" filter: what is coming, what has been, and what came of it.
MEETING_STATES = [
    ("", "Any meeting"),
    ("upcoming", "Upcoming (today or later)"),
    ("past", "Past"),
    ("held", "Held"),
    ("not_held", "Not held"),
    ("to_record", "Needs recording: held or not held?"),
]


class MeetingFilterForm(GovukForm):
    """The case's meeting list: search, filters and sort (all optional: blank means any)."""

    q = SearchField(help_text="Title or where it is held")
    kind = forms.ChoiceField(
        required=False,
        label="Kind of meeting",
        choices=[("", "Any kind"), *MeetingKind.choices],
        error_messages={"invalid_choice": "Choose a kind of meeting from the list."},
    )
    when = forms.ChoiceField(
        required=False,
        label="Upcoming, past, held or not",
        choices=MEETING_STATES,
        error_messages={"invalid_choice": "Choose upcoming, past, held or not held from the list."},
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=MEETING_SORTS,
        error_messages={"invalid_choice": "Choose how to sort the meetings from the list."},
    )
