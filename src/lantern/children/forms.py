from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.agencyrequests.forms import NamingMixin
from lantern.agencyrequests.recipients import Reach, agency_people, describe, name_field
from lantern.documents.models import DocumentKind
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
    """Rule (found on a walk): the CSPR's final report is chosen from its reports only:
    a final report or a report draft, never the Rapid Review template or other papers.
    Each is labelled with its format, so the DOCX and the PDF of one version differ."""

    report = "final report"
    kinds = (DocumentKind.FINAL_REPORT, DocumentKind.REPORT_DRAFT)

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, documents=documents.filter(kind__in=self.kinds), **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["document"])
        field.label_from_instance = _report_label  # type: ignore[method-assign]


def _report_label(document: Any) -> str:
    suffix = PurePath(document.filename).suffix.lstrip(".").upper()
    return f"{document} ({suffix})" if suffix else str(document)


__all__ = ["DateForm", "FinalReportForm", "PublishForm"]


@dataclass(frozen=True)
class Asked:
    """One agency of a send, and who is asked for it if nobody is named."""

    agency: Agency
    #: Its people on the case (its nominated representatives among them).
    on_case: list[Any]
    #: Failing those, its safeguarding lead(s), added to the case when asked.
    leads: list[Any]
    #: The agency's name field on the form, when the sender may name someone for it.
    field: Any = None


class AskWhoMixin(NamingMixin):
    """Rule: a request always has a recipient (issue 11). For each agency with nobody on
    the case, a "who is asked?" choice of its active people, defaulting to its safeguarding
    lead; an agency with nobody on the case and no lead must be given a name (the kernel,
    requests_send, refuses it otherwise: nothing is ever sent to nobody)."""

    data: Any  # the form's (a QueryDict, or {} unbound)
    is_bound: bool

    def add_asking(self, reaches: Mapping[int, Reach]) -> None:
        """`reaches`: who the send asks for each agency when nobody is named."""
        # Nobody on the case: whoever is asked joins it (its lead), or nobody is asked.
        nobody = {pk for pk, r in reaches.items() if len(r.joining) == len(r.people)}
        people = agency_people(nobody) if nobody else {}
        self.naming = [r.agency for pk, r in reaches.items() if pk in nobody]
        self.asking: list[Asked] = []
        for pk, reach in reaches.items():
            agency = reach.agency
            if pk not in nobody:
                self.asking.append(Asked(agency, list(reach.people), []))
                continue
            choices = people.get(agency.pk, [])
            leads = list(reach.people)  # nobody on the case: these are its leads
            key = name_field(agency.pk)
            self.fields[key] = forms.ModelChoiceField(
                queryset=User.objects.filter(pk__in=[p.pk for p in choices]),
                required=False,
                label=f"Who is asked for {agency}?",
                help_text=self._hint(agency, leads, choices),
                empty_label=(
                    f"Its safeguarding leads: {', '.join(p.full_name for p in leads)}"
                    if len(leads) > 1
                    else "Choose a person"
                ),
                error_messages={
                    "invalid_choice": (
                        f"Choose one of {agency}'s people: the person chosen does not "
                        f"act for {agency} or is no longer active."
                    )
                },
            )
            if len(leads) == 1:
                self.fields[key].initial = leads[0].pk  # the default: its lead
                if self.is_bound and key not in self.data:
                    # The one-click button posts no names: each agency takes its default,
                    # so the page shown after a refusal still shows the lead chosen.
                    self.data = self.data.copy()
                    self.data[key] = str(leads[0].pk)
            self.asking.append(Asked(agency, [], leads, key))

    @staticmethod
    def _hint(agency: Agency, leads: list[Any], choices: list[Any]) -> str:
        if leads:
            return (
                f"{agency} has no representative on this case, so its safeguarding lead "
                f"({', '.join(describe(p) for p in leads)}) is asked unless you name "
                "someone else. Whoever is asked is added to the case."
            )
        if choices:
            return (
                f"{agency} has no representative on this case and no safeguarding lead: "
                "name one of its people. They are added to the case and asked."
            )
        return (
            f"{agency} has nobody on this case, no safeguarding lead and no people in "
            "Lantern: add a person to it in Administration first."
        )

    def asking_rows(self) -> list[Asked]:
        """Each agency with its name field bound, for the page's "who is asked" table."""
        return [
            Asked(a.agency, a.on_case, a.leads, self[a.field] if a.field else None)  # type: ignore[index]
            for a in self.asking
        ]


class AskWhoForm(AskWhoMixin, GovukForm):
    """The page of a one-click send (scoping): who is asked, and a name where needed."""

    def __init__(self, *args: Any, reaches: Mapping[int, Reach], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_asking(reaches)
