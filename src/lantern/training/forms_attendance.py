"""The attendance pages' forms. Field checks only: the rules (a full session, a manager's
email for a core course, one booking an email) are services_attendance's."""

from typing import Any

from django import forms

from lantern.partnerships.models import Agency
from lantern.web.forms import GovukForm

from .models import Booking
from .register_import import MAX_UPLOAD_MB
from .services_attendance import Person


class PersonForm(GovukForm):
    name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their name."}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address in the correct format, like name@example.org.",
        },
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Choose their agency",
        error_messages={"required": "Choose their agency."},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    manager_name = forms.CharField(
        label="Manager's name (optional)", max_length=200, required=False
    )
    manager_email = forms.EmailField(
        label="Manager's email address",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter the manager's email address in the correct format, "
            "like name@example.org."
        },
    )

    def __init__(self, *args: Any, partnership_id: int, core: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id, is_active=True
        ).order_by("name")
        if core:
            self.fields["manager_email"].help_text = (
                "Needed for a core course: three months after it, the manager is asked "
                "what difference the training made."
            )
        else:
            self.fields["manager_email"].label = "Manager's email address (optional)"

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(
            name=data["name"],
            email=data["email"],
            agency=data["agency"],
            job_title=data["job_title"],
            manager_name=data["manager_name"],
            manager_email=data["manager_email"],
        )


class BookingForm(PersonForm):
    link_account = forms.BooleanField(
        label="Link this booking to their Lantern account",
        required=False,
        help_text="Only if they have an account in this partnership with this email address.",
    )


class WalkInForm(PersonForm):
    """Someone who attended without a booking, added on the register page."""

    prefix = "walk_in"


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the booking cancelled?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the booking is cancelled.",
            "max_length": "The reason must be 500 characters or fewer.",
        },
    )


ATTENDED, DID_NOT_ATTEND = "yes", "no"


class RegisterForm(GovukForm):
    """One question a person holding a place: did they attend? Fields `booking_<id>`."""

    def __init__(self, *args: Any, bookings: list[Booking], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            where = f", {booking.agency.name}" if booking.agency else ""
            initial = {"attended": ATTENDED, "did_not_attend": DID_NOT_ATTEND}.get(booking.status)
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=f"{booking.name}{where}",
                choices=[(ATTENDED, "Attended"), (DID_NOT_ATTEND, "Did not attend")],
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": f"Select whether {booking.name} attended."},
            )

    def marks(self) -> dict[int, bool]:
        return {b.pk: self.cleaned_data[f"booking_{b.pk}"] == ATTENDED for b in self.bookings}


class RegisterUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload the register",
        help_text=f"A CSV or XLSX file in the template's columns, smaller than {MAX_UPLOAD_MB}MB.",
        error_messages={"required": "Select a CSV or XLSX file."},
    )
