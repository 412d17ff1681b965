from typing import Any, cast

from django import forms

from lantern.cases.models import Case
from lantern.partnerships.models import Agency
from lantern.web.forms import GovukDateField, GovukForm

from .elsewhere import ANSWERED_ELSEWHERE
from .models import AgencyRequest, RequestKind
from .uploads import ALLOWED_EXTENSIONS, MAX_UPLOAD_MB


class SendRequestForm(GovukForm):
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
