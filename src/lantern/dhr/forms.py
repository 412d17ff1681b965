from django import forms

from lantern.web.forms import GovukDateField, GovukForm
from lantern.web.step_forms import DateForm, PublishForm, ReportChoiceForm

from .models import Outcome, Relationship, Response

YES_NO = [("yes", "Yes"), ("no", "No")]


class NotificationForm(GovukForm):
    """The notification of a death to the Community Safety Partnership."""

    notified_on = GovukDateField(
        label="Date the CSP was notified", help_text="For example, 27 3 2026"
    )
    notified_by = forms.CharField(
        label="Who notified the CSP",
        help_text="The person and their organisation, for example DI Claire Moss, Police.",
        max_length=200,
        error_messages={"required": "Enter who notified the CSP."},
    )
    full_name = forms.CharField(
        label="Full name of the person who died",
        help_text="Kept confidential. Published reports use a pseudonym.",
        max_length=200,
        error_messages={"required": "Enter the full name of the person who died."},
    )
    date_of_birth = GovukDateField(label="Their date of birth")
    date_of_death = GovukDateField(label="Date of death")
    relationship = forms.ChoiceField(
        label="Who was the alleged perpetrator to the person who died?",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say who the alleged perpetrator was to the person who died."},
    )
    suspected_suicide = forms.ChoiceField(
        label="Is the death a suspected suicide?",
        help_text="A suicide following domestic abuse can be a DHR.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the death is a suspected suicide."},
    )
    circumstances = forms.CharField(
        label="Circumstances of the death",
        help_text="What is known of the violence, abuse or neglect. Do not name anyone.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the circumstances of the death."},
    )


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="The CSP's decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to conduct a DHR."},
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Give the reasons for the decision."},
    )
    decided_on = GovukDateField(label="Date of the decision")
    home_office_told_on = GovukDateField(
        label="Date the Home Office was told",
        required=False,
        help_text="Only for a decision not to conduct a DHR. Leave blank if not told yet.",
    )


class ChairForm(GovukForm):
    name = forms.CharField(
        label="Name of the independent chair",
        help_text="The chair is independent of every agency involved and writes the report.",
        max_length=200,
        error_messages={"required": "Enter the name of the independent chair."},
    )
    on = GovukDateField(label="Date they were appointed")


class ResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="The panel's response",
        choices=[(Response.ACCEPTED, "Accepted"), (Response.RESUBMIT, "Revise and resubmit")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel's response."},
    )
    feedback = forms.CharField(
        label="The panel's feedback",
        required=False,
        help_text="Required when the panel asks for the report to be resubmitted.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    responded_on = GovukDateField(label="Date of the response")


class ReportForm(ReportChoiceForm):
    report = "overview report"
    help = "A document of this review that is not a draft. Add it under Documents first."


__all__ = ["DateForm", "PublishForm", "ReportForm"]
