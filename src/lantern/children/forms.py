from django import forms

from lantern.partnerships.models import Agency
from lantern.web.forms import GovukDateField, GovukForm
from lantern.web.step_forms import DateForm, PublishForm, ReportChoiceForm
from lantern.workflow.forms import ReferralFormBase

from .models import AbuseOrNeglect, Harm, PanelResponse

YES_NO = [("yes", "Yes"), ("no", "No")]


class ReferralForm(ReferralFormBase):
    """The CSPR referral form: a serious incident, agreed by the agency's safeguarding lead."""

    authorised_by = forms.CharField(
        label="Safeguarding lead who agreed the referral",
        help_text="Your agency's safeguarding lead must agree every referral.",
        max_length=200,
        error_messages={"required": "Enter the name of the safeguarding lead who agreed it."},
    )
    authorised_on = GovukDateField(label="Date they agreed it", help_text="For example, 27 3 2026")
    child_name = forms.CharField(
        label="Child's full name",
        max_length=200,
        help_text="Kept confidential. Published documents use a pseudonym such as Child A.",
        error_messages={"required": "Enter the child's full name."},
    )
    date_of_birth = GovukDateField(label="Child's date of birth")
    address = forms.CharField(
        label="Child's address", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    looked_after = forms.ChoiceField(
        label="Is the child looked after by a local authority?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child is looked after."},
    )
    incident_on = GovukDateField(label="Date of the incident")
    harm = forms.ChoiceField(
        label="What happened to the child?",
        choices=Harm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child died or was seriously harmed."},
    )
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected?",
        choices=AbuseOrNeglect.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether abuse or neglect is known or suspected."},
    )
    what_happened = forms.CharField(
        label="What happened",
        help_text="The facts as you know them: what, when, who was involved.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe what happened."},
    )
    involved_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Agencies involved with the child and family",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agencies involved with the child and family."},
    )


class NotificationForm(GovukForm):
    notified_on = GovukDateField(label="Date the National Panel was notified")


class PanelResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="The National Panel's response",
        choices=PanelResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the National Panel's response."},
    )
    received_on = GovukDateField(label="Date of the response")


class CsprForm(GovukForm):
    methodology = forms.CharField(
        label="Methodology",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, a systems approach with practitioner learning events.",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Drafted from the rapid review; agree them with the reviewer.",
    )
    practitioner_involvement = forms.CharField(
        label="How practitioners are involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    family_involvement = forms.CharField(
        label="How the family is involved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Including surviving children. Record who was invited and how.",
    )


class PlanPublicationForm(GovukForm):
    planned = GovukDateField(label="Planned publication date")
    reason = forms.CharField(label="Why this date", max_length=300, required=False)


class FinalReportForm(ReportChoiceForm):
    report = "final report"


__all__ = ["DateForm", "FinalReportForm", "PublishForm"]
