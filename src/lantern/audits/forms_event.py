"""Forms for the audit session and learning event. Field names are the services' error
keys."""

from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.partnerships.models import Agency, Partnership
from lantern.web.forms import GovukDateField, GovukForm, text_area

from .models import AttendanceStatus, Engaged, Invitee


class EventForm(GovukForm):
    date = GovukDateField(label="Date of the learning event")
    time = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TextInput,
        help_text="For example, 09:30.",
        error_messages={"invalid": "Enter the time like 09:30."},
    )
    location = forms.CharField(
        label="Where",
        max_length=300,
        help_text="A room and address, or how to join online.",
        error_messages={"required": "Enter where the learning event is held."},
    )
    programme = text_area(
        "Programme",
        "Enter the programme: what the session covers, and when.",
        rows=8,
        help_text="The agenda, as the invitees will receive it.",
    )
    reason = forms.CharField(
        label="Why the date changes (only when changing the date)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the event. If it was held on another day than arranged, "
        "change the date to that day here first.",
    )

    def __init__(self, *args: Any, arranged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = (
            "Held on a working day: a weekend, bank holiday or closure day moves to the "
            "next working day."
        )
        if not arranged:  # nothing to move yet
            del self.fields["reason"]


class InviteForm(GovukForm):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Someone with a Lantern account",
        empty_label="Choose a person",
    )
    name = forms.CharField(
        label="Or the name of someone without an account", required=False, max_length=200
    )
    email = forms.EmailField(
        label="Their e-mail address",
        required=False,
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="From which agency",
        empty_label="Their own agency, or none",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(partnership=partnership, is_active=True)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        agencies = Agency.objects.filter(partnership=partnership).active()
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies


class AttendanceForm(GovukForm):
    """Everyone invited: attended, sent apologies or absent; and the day it was held."""

    held_on = GovukDateField(label="Date the learning event was held")

    def __init__(
        self,
        data: Any = None,
        *,
        invitees: list[Invitee],
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        recorded = {
            f"invitee_{i.pk}": i.attendance
            for i in invitees
            if i.attendance != AttendanceStatus.INVITED
        }
        super().__init__(data, initial=recorded | (initial or {}), **kwargs)
        self.invitees = invitees
        fields: dict[str, forms.Field] = {}
        for invitee in invitees:
            agency = f" ({invitee.agency})" if invitee.agency_id else ""
            fields[f"invitee_{invitee.pk}"] = forms.ChoiceField(
                label=f"{invitee.name}{agency}",
                choices=AttendanceStatus.choices[1:],
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether {invitee.name} attended."},
            )
        self.fields = {**fields, **self.fields}

    def attendance(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"invitee_{i.pk}", "") for i in self.invitees}


class EngagementForm(GovukForm):
    who = forms.ChoiceField(
        label="Who was engaged?",
        choices=Engaged.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who was engaged."},
    )
    how = text_area(
        "How they were engaged",
        "Enter how they were engaged.",
        rows=3,
        help_text="For example, a home visit by the theme lead, or a questionnaire.",
    )
    what_they_said = text_area(
        "What they said",
        "Enter what they said.",
        rows=5,
        help_text="In their words where you can. Do not name them.",
    )
    engaged_on = GovukDateField(label="Date they were engaged")
