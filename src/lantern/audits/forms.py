import csv
import io
from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.agencyrequests.forms import NamingMixin
from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Group, GroupKind, Partnership
from lantern.web.forms import GovukDateField, GovukForm, text_area
from lantern.web.uploads import check_upload

from .models import Audit, AuditKind, AuditReturn, Grade, QuestionKind
from .returns import NO_INFORMATION, case_field, field_name


class AuditForm(GovukForm):
    theme = forms.CharField(
        label="Theme", max_length=200, error_messages={"required": "Enter the theme of the audit."}
    )
    theme_lead = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Theme lead",
        empty_label="Choose the theme lead",
        error_messages={"required": "Choose the theme lead."},
    )
    scope = text_area("Scope", "Enter the scope agreed for the audit.")
    kind = forms.ChoiceField(
        label="Whose cases are audited?",
        choices=AuditKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the audit is of children's or adults' cases."},
    )
    qap_group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label="QA&P sub-group",
        required=False,
        empty_label="Choose the sub-group",
    )
    qap_meeting_on = GovukDateField(
        label="Date of the QA&P meeting that will receive the audit",
        help_text="The timetable counts back from it: the audit is held 4 weeks before.",
    )
    cases_to_draw = forms.IntegerField(
        label="Number of cases to draw at random",
        initial=4,
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Enter the number of cases to draw at random.",
            "invalid": "The number of cases to draw must be a whole number, like 4.",
            "min_value": "Draw at least 1 case.",
            "max_value": "Draw at most 20 cases.",
        },
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(partnership=partnership, is_active=True)
        cast(forms.ModelChoiceField, self.fields["theme_lead"]).queryset = people
        groups = Group.objects.filter(partnership=partnership, kind=GroupKind.QAP, is_active=True)
        cast(forms.ModelChoiceField, self.fields["qap_group"]).queryset = groups


class QuestionForm(GovukForm):
    text = text_area("Question", "Enter the question.", rows=2)
    kind = forms.ChoiceField(
        label="Kind of question",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of question."},
    )
    guidance = text_area("Guidance for the auditors (optional)", rows=2)


class CopyForm(GovukForm):
    source = forms.ModelChoiceField(
        queryset=Audit.objects.none(),
        label="Copy the questions of an earlier audit",
        empty_label="Choose an audit",
        error_messages={"required": "Choose the audit to copy from."},
    )

    def __init__(self, *args: Any, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = (
            Audit.objects.filter(case__partnership_id=audit.case.partnership_id)
            .exclude(pk=audit.pk)
            .select_related("case")
        )
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = earlier


MAX_LIST_BYTES = 1024 * 1024


def references_from_file(upload: Any) -> str:
    """The references in an uploaded list, one a line: a text file, or a CSV whose first
    column holds them (a header row "reference" is skipped)."""
    name = (upload.name or "").lower()
    if not name.endswith((".csv", ".txt")):
        raise forms.ValidationError("The list must be a CSV or a text (TXT) file.")
    if upload.size > MAX_LIST_BYTES:
        raise forms.ValidationError("The list must be smaller than 1MB.")
    # Text, not a renamed image or program (lantern.web.uploads).
    check_upload(upload, allowed=("csv", "txt"), max_bytes=MAX_LIST_BYTES)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError("The list must be saved as UTF-8 text.") from None
    if name.endswith(".csv"):
        rows = [row[0].strip() if row else "" for row in csv.reader(io.StringIO(text))]
        if rows and rows[0].casefold() in {"reference", "case reference", "references"}:
            rows = rows[1:]
        text = "\n".join(rows)
    if not text.strip():
        raise forms.ValidationError("The list is empty.")
    return text


class DrawForm(GovukForm):
    references = text_area(
        "Eligible case references",
        rows=8,
        help_text="One pseudonymised reference a line. Never enter names.",
    )
    references_file = forms.FileField(
        label="Or upload the list",
        required=False,
        help_text="A CSV (references in the first column) or a text file, one a line.",
    )
    count = forms.IntegerField(label="Number of cases to draw", min_value=1, max_value=20)
    reason = text_area(
        "Reason for drawing again", rows=2, help_text="Needed only when cases were drawn before."
    )

    def clean_references_file(self) -> str:
        upload = self.cleaned_data.get("references_file")
        return references_from_file(upload) if upload else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pasted, uploaded = data.get("references", ""), data.get("references_file", "")
        if "references_file" in self.errors:
            return data
        if pasted.strip() and uploaded:
            self.add_error("references", "Paste the references or upload a list, not both.")
        elif not pasted.strip() and not uploaded:
            self.add_error("references", "Enter the eligible case references, or upload a list.")
        else:
            data["references"] = pasted if pasted.strip() else uploaded
        return data


class SendForm(NamingMixin, GovukForm):
    """The agencies involved in each selected case (a checkbox group per case) and the
    day the returns are due; for an agency with nobody to ask (no representative on the
    audit, no safeguarding lead), the person to name as its representative."""

    due = GovukDateField(
        label="Date the returns are due",
        help_text="By the audit at the latest, so that the auditors can read them first.",
    )

    def __init__(self, *args: Any, case: Case, selected: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(partnership_id=case.partnership_id).active()
        self.selected = selected
        for index, reference in enumerate(selected):
            self.fields[case_field(index)] = forms.ModelMultipleChoiceField(
                queryset=agencies,
                label=f"Agencies involved in case {reference}",
                widget=forms.CheckboxSelectMultiple,
                required=False,  # the service names each case left without an agency
            )
        self.order_fields([*(case_field(i) for i in range(len(selected))), "due"])
        self.add_naming(case, list(agencies))

    def involved(self) -> dict[str, list[int]]:
        return {
            reference: [a.pk for a in self.cleaned_data[case_field(index)]]
            for index, reference in enumerate(self.selected)
        }


_GRADES = [*Grade.choices, (NO_INFORMATION, NO_INFORMATION)]
_YES_NO = [("yes", "Yes"), ("no", "No"), (NO_INFORMATION, NO_INFORMATION)]


class ReturnForm(GovukForm):
    """The audit tool for one case and agency: one field per question. Fields are not
    required here: a draft may be partial; the service says what a submission lacks."""

    impact = text_area(
        "Evidence of the impact of your interventions on outcomes",
        rows=5,
        help_text="What changed for the child or adult because of what your agency did.",
    )
    concern = forms.BooleanField(
        label="I have found an immediate safeguarding concern", required=False
    )
    concern_details = text_area(
        "Details of the concern",
        rows=3,
        help_text="The Business Manager and theme lead are e-mailed at once when you save.",
    )

    def __init__(self, *args: Any, ret: AuditReturn, **kwargs: Any) -> None:
        initial = {field_name(q): ret.answers.get(str(q.pk), "") for q in ret.audit.questions.all()}
        initial |= {"impact": ret.impact, "concern": ret.concern}
        initial |= {"concern_details": ret.concern_details}
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = list(ret.audit.questions.all())
        fields: dict[str, forms.Field] = {}
        for q in self.questions:
            label = f"{q.order}. {q.text}"
            if q.kind == QuestionKind.OPEN:
                fields[field_name(q)] = text_area(label, rows=4, help_text=q.guidance)
            else:
                choices = _GRADES if q.kind == QuestionKind.GRADED else _YES_NO
                fields[field_name(q)] = forms.ChoiceField(
                    label=label,
                    help_text=q.guidance,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
        self.fields = {**fields, **self.fields}

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data.get(field_name(q)) or "" for q in self.questions}


class AddAgencyForm(NamingMixin, GovukForm):
    """One more agency asked about one selected case, after the template went out."""

    case_reference = forms.ChoiceField(
        label="Which case?", error_messages={"required": "Choose the case."}
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Which agency was also involved?",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency."},
    )
    due = GovukDateField(
        label="Date its return is due (optional)",
        required=False,
        help_text="Leave it blank for the date the other returns are due.",
    )

    def __init__(self, *args: Any, audit: Audit, selected: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case_field_ = cast(forms.ChoiceField, self.fields["case_reference"])
        case_field_.choices = [("", "Choose a case"), *((r, r) for r in selected)]
        agencies = Agency.objects.filter(partnership_id=audit.case.partnership_id).active()
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        self.add_naming(audit.case, list(agencies))
