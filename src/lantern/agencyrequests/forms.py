import unicodedata
from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukDateField, GovukForm

from .elsewhere import ANSWERED_ELSEWHERE
from .models import AgencyRequest, RequestKind
from .recipients import agency_people, name_field, request_reach
from .uploads import ALLOWED_EXTENSIONS, MAX_UPLOAD_MB


class NamingMixin:
    """A "who represents it?" choice for each agency nobody could be asked for without a
    name (no representative on the case, no safeguarding lead who can be asked), so the
    sender can name one of its active people. The service refuses such an agency without
    a name, on that agency's field."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    naming: list[Agency]

    def add_naming(self, case: Case, agencies: list[Agency]) -> None:
        _reaches, unreached_errors = request_reach(case=case, agencies=agencies)
        unreached = [a for a in agencies if name_field(a.pk) in unreached_errors]
        people = agency_people(a.pk for a in unreached) if unreached else {}
        self.naming = unreached
        for agency in unreached:
            self.fields[name_field(agency.pk)] = forms.ModelChoiceField(
                queryset=User.objects.filter(pk__in=[p.pk for p in people.get(agency.pk, [])]),
                required=False,
                label=f"Who represents {agency} on this case?",
                help_text=(
                    f"Nobody can be asked for {agency} yet: it has no representative on this "
                    "case and no safeguarding lead who can be. If you ask it, name one of its "
                    "people: they are added to the case and asked."
                    if people.get(agency.pk)
                    else f"{agency} has nobody on this case, no safeguarding lead and no "
                    "people in Lantern: add a person to it in Administration first."
                ),
                empty_label="Choose a person",
            )

    def named(self) -> dict[int, Any]:
        """Agency id → the person named for it."""
        return {
            agency.pk: self.cleaned_data[name_field(agency.pk)]
            for agency in getattr(self, "naming", [])
            if self.cleaned_data.get(name_field(agency.pk))
        }


class SendRequestForm(NamingMixin, GovukForm):
    # Audit returns and action updates are sent from the audit's and the action's pages,
    # which open what the agency answers on.
    kind = forms.ChoiceField(
        choices=[(k, label) for k, label in RequestKind.choices if k not in ANSWERED_ELSEWHERE],
        widget=forms.RadioSelect,
        label="What are the agencies asked for?",
        error_messages={"required": "Choose what the agencies are asked for."},
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        help_text="Each agency sees this, e.g. “Initial scoping and information sharing return”.",
        error_messages={"required": "Enter a title for the request."},
    )
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="Instructions (optional)",
        help_text="What the agencies should cover. Do not name the child or adult.",
    )
    due = GovukDateField(label="Due date", help_text="For example, 27 3 2026")
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Which agencies?",
        help_text="Each agency gets its own request, sent to its representatives on this case.",
        error_messages={"required": "Choose at least one agency."},
    )
    secure_records = forms.BooleanField(
        required=False,
        label="Ask the agencies to secure their records",
        help_text="They will have to confirm they have done so before they submit.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = cast(forms.ModelMultipleChoiceField, self.fields["agencies"])
        agencies.queryset = Agency.objects.filter(partnership_id=case.partnership_id).active()
        self.add_naming(case, list(agencies.queryset))


class AddAgenciesForm(NamingMixin, GovukForm):
    """More agencies asked for what a batch already asked (same title and instructions)."""

    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Which agencies should also be asked?",
        error_messages={"required": "Choose at least one agency."},
    )
    due = GovukDateField(label="New due date (optional)", required=False)

    def __init__(self, *args: Any, case: Case, batch: AgencyRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = case.agency_requests.filter(kind=batch.kind, title=batch.title)
        agencies = cast(forms.ModelMultipleChoiceField, self.fields["agencies"])
        agencies.queryset = (
            Agency.objects.filter(partnership_id=case.partnership_id)
            .active()
            .exclude(pk__in=asked.values("agency_id"))
        )
        self.fields[
            "due"
        ].help_text = f"Leave it blank to keep the batch's due date, {batch.due:%-d %B %Y}."
        self.add_naming(case, list(agencies.queryset))
        self.order_fields(["agencies", "due"])


class AnswerForm(GovukForm):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 15}),
        required=False,
        label="Your agency's return",
        help_text="Write it here, or upload it below.",
    )
    response_file = forms.FileField(
        widget=forms.FileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}),
        required=False,
        label="Upload the return (optional)",
        help_text=f"{', '.join(e.upper() for e in ALLOWED_EXTENSIONS)}; "
        f"up to {MAX_UPLOAD_MB}MB. A new file replaces the one already uploaded.",
    )
    records_secured = forms.BooleanField(
        required=False,
        label="My agency has secured its records about this case",
        help_text="So that nothing is changed or lost while the review runs.",
    )

    def __init__(self, *args: Any, request: AgencyRequest, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"response": request.response})
        super().__init__(*args, **kwargs)
        if not request.secure_records_requested or request.records_secured_confirmed_at:
            del self.fields["records_secured"]


class ReturnForm(GovukForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Why is the return being sent back?",
        help_text="The agency's representatives will see this and can then change the return.",
        error_messages={"required": "Enter why the return is being sent back."},
    )


#: Control characters that part words (tabs and line breaks): a space in a search.
_BREAKS = "\t\n\r\x0b\x0c\x85"


class SearchField(forms.CharField):
    """The search box of a list page: optional, at most 100 characters, and searching
    only for what a reader can see.

    As every text Lantern takes in, it keeps no control character: a tab or line break
    pasted with the words is a space, and any other (a NUL, an escape) is dropped, so
    the list shows what the visible words find, never an error page (the meetings and
    documents lists use it too)."""

    def __init__(self, *, help_text: str, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Search")
        super().__init__(
            required=False,
            max_length=100,
            help_text=help_text,
            error_messages={"max_length": "Search for at most 100 characters."},
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value))
        visible = "".join(
            (" " if char in _BREAKS else "") if unicodedata.category(char) == "Cc" else char
            for char in text
        )
        return " ".join(visible.split())


REQUEST_SORTS = [
    ("due", "Due date, soonest first"),
    ("agency", "Agency"),
    ("sent", "Sent, newest first"),
]

#: The request list's status filter: what a Business Unit officer asks of the list.
REQUEST_STATES = [
    ("", "Any status"),
    ("waiting", "Waiting for the agency"),
    ("overdue", "Overdue"),
    ("answered", "Answered, to be reviewed"),
    ("accepted", "Accepted"),
]


class RequestFilterForm(GovukForm):
    """The case's request list: search, filters and sort (all optional: blank means any)."""

    q = SearchField(help_text="Agency or title of the request")
    kind = forms.ChoiceField(
        required=False,
        label="Asked for",
        choices=[("", "Anything"), *RequestKind.choices],
        error_messages={"invalid_choice": "Choose what was asked for from the list."},
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=REQUEST_STATES,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=REQUEST_SORTS,
        error_messages={"invalid_choice": "Choose how to sort the requests from the list."},
    )
