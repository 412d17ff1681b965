from collections.abc import Mapping
from typing import Any, cast

from django import forms

from lantern.accounts.models import Role, User
from lantern.agencyrequests.recipients import Reach
from lantern.children.forms import AskWhoMixin
from lantern.partnerships.models import Agency, GroupKind, Partnership
from lantern.web.forms import GovukDateField, GovukForm, text_area
from lantern.web.step_forms import DateForm, PublishForm, ReportChoiceForm
from lantern.workflow.forms import ReferralFormBase

from .models import AbuseOrNeglect, Authoriser, Publication, SarDecision

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, required: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class ReferralForm(ReferralFormBase):
    """The SAR referral: the Care Act s44 questions, the referrer and who authorised it."""

    public_concern_from = forms.CharField(
        label="Member of the public who raised the concern (if any)",
        help_text="A member of the public's concern is entered by the worker involved.",
        max_length=200,
        required=False,
    )
    authorised_by = forms.CharField(
        label="Name of the person who authorised the referral",
        max_length=200,
        error_messages={"required": "Enter the name of the person who authorised it."},
    )
    authoriser_role = forms.ChoiceField(
        label="Who authorised it?",
        choices=Authoriser.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a safeguarding lead or senior manager agreed it."},
    )
    authorised_on = GovukDateField(label="Date it was authorised")
    adult_name = forms.CharField(
        label="Adult's full name",
        max_length=200,
        help_text="Kept confidential. Published documents use a pseudonym such as Adult A.",
        error_messages={"required": "Enter the adult's full name."},
    )
    date_of_birth = GovukDateField(label="Adult's date of birth", required=False)
    address = forms.CharField(
        label="Adult's address", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    care_and_support_needs = _yes_no(
        "Does the adult have needs for care and support?",
        "Say whether the adult has needs for care and support.",
        "Whether or not the local authority was meeting those needs.",
    )
    died = forms.ChoiceField(
        label="Has the adult died?",
        choices=[("died", "The adult has died"), ("alive", "The adult is alive")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the adult has died or is alive."},
    )
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected?",
        choices=AbuseOrNeglect.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether abuse or neglect is known or suspected."},
    )
    serious = _yes_no(
        "Was the abuse or neglect serious?",
        "Say whether the abuse or neglect was serious.",
    )
    agencies_concern = _yes_no(
        "Is there concern that agencies could have worked together more effectively?",
        "Say whether there is concern about how agencies worked together.",
    )
    what_happened = text_area(
        "What happened", "Describe what happened.", 6, "The facts as you know them."
    )
    involved_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Agencies involved with the adult",
        help_text="Include independent providers.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agencies involved with the adult."},
    )

    def referral_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("care_and_support_needs", "serious", "agencies_concern"):
            data[name] = data[name] == "yes"
        data["died"] = data["died"] == "died"
        return data


class ScreenForm(GovukForm):
    """Rule (found on a walk): the SAR Panel chair who screened the referral is chosen from
    the SAR Panel's chair(s) and members only, not from everyone in the partnership; a
    partnership whose SAR Panel has nobody on it is told so plainly."""

    panel_chair = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="SAR Panel chair who screened it with you",
        empty_label="Choose the SAR Panel chair",
        error_messages={"required": "Choose the SAR Panel chair."},
    )
    on = GovukDateField(label="Date it was screened")

    NOBODY = (
        "Nobody is recorded as chair or member of the SAR Panel. Ask the Business Manager to "
        "give the SAR Panel's chair the role 'Group chair' for the SAR Panel, then record "
        "the screening."
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["panel_chair"])
        field.queryset = sar_panel_people(partnership)
        chairs = set(
            field.queryset.filter(
                role_assignments__role=Role.GROUP_CHAIR,
                role_assignments__group__kind=GroupKind.SAR_PANEL,
                role_assignments__group__partnership=partnership,
            ).values_list("pk", flat=True)
        )
        field.label_from_instance = lambda person: (  # type: ignore[method-assign]
            f"{person} (SAR Panel {'chair' if person.pk in chairs else 'member'})"
        )
        self.nobody = not field.queryset.exists()
        if self.nobody:
            field.help_text = self.NOBODY
            field.error_messages["required"] = self.NOBODY
        else:
            field.help_text = "The SAR Panel's chair, or a member who chaired the screening."


def sar_panel_people(partnership: Partnership) -> Any:
    """The active chair(s) and members of the partnership's active SAR Panel group(s)."""
    return (
        User.objects.filter(
            partnership=partnership,
            is_active=True,
            role_assignments__role__in=[Role.GROUP_CHAIR, Role.GROUP_MEMBER],
            role_assignments__group__kind=GroupKind.SAR_PANEL,
            role_assignments__group__partnership=partnership,
            role_assignments__group__is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


class DecisionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What did the sub-group decide?",
        choices=SarDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the sub-group decided."},
    )
    rationale = text_area("Rationale", "Enter the rationale for the decision.")
    reason = forms.CharField(
        label="Why the decision differs from the s44 assessment",
        help_text="Needed when the sub-group decides a mandatory SAR for a referral assessed "
        "as discretionary, or the reverse (Care Act 2014 s44).",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_on = GovukDateField(label="Date of the decision")


class FamilyForm(GovukForm):
    on = GovukDateField(label="Date the family was told")
    by_whom = forms.CharField(
        label="Who told the family",
        help_text="The Independent Chair or a senior nominee.",
        max_length=200,
        error_messages={"required": "Enter who told the family."},
    )


class ImrSendForm(GovukForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Agencies asked for an IMR",
        help_text="The agencies this review involves, independent providers included.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency."},
    )
    due = GovukDateField(label="IMR due")
    #: Found on a walk: the date field lower-cases its label's first letter into its
    #: message, which made "Enter iMR due.": the message names the date in words.
    DUE_WHAT = "the date the IMRs are due"

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agencies"]).queryset = agencies
        due = cast(GovukDateField, self.fields["due"])
        due.what = self.DUE_WHAT
        due.error_messages["required"] = due.error_messages["incomplete"] = (
            f"Enter {self.DUE_WHAT}."
        )


class ImrRequestForm(AskWhoMixin, ImrSendForm):
    """The IMR request: the agencies, the due date, and who is asked for each agency with
    nobody on the case (issue 11: a request always has a recipient)."""

    def __init__(
        self, *args: Any, agencies: Any, reaches: Mapping[int, Reach], **kwargs: Any
    ) -> None:
        super().__init__(*args, agencies=agencies, **kwargs)
        self.add_asking(reaches)


class ImrAuthorForm(GovukForm):
    name = forms.CharField(label="Author's name", max_length=200, required=False)
    job_title = forms.CharField(label="Author's job title", max_length=200, required=False)
    independence = forms.CharField(
        label="How the author is independent of the case",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confirmed = forms.BooleanField(
        label="I confirm the author is a manager independent of the case", required=False
    )


class SignoffForm(GovukForm):
    on = GovukDateField(label="Date the SAB signed it off")
    publication = forms.ChoiceField(
        label="What will be published?",
        choices=Publication.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to publish the full report or a summary."},
    )


class DelayForm(GovukForm):
    reasons = text_area(
        "Why the review will take longer than six months",
        "Enter the reasons the review will take longer than six months.",
        help_text="For example, criminal proceedings. The notice gives these reasons.",
    )
    recipients = text_area(
        "Who the notice goes to",
        "Enter who the notice goes to (the adult or their advocate).",
        3,
        "The adult or their advocate, and anyone else told.",
    )


class FinalReportForm(ReportChoiceForm):
    report = "report to publish"
    help = "The full report or the summary: a document of this review, not a draft."


__all__ = ["DateForm", "FinalReportForm", "PublishForm"]
