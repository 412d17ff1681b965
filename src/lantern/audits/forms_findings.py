"""Forms for findings, recommendations, good practice, ratification and the learning
shared. Field names are the services' error keys."""

from typing import Any, cast

from django import forms

from lantern.accounts.models import User
from lantern.partnerships.models import Agency, Group, GroupKind, Partnership
from lantern.web.forms import GovukDateField, GovukForm, text_area


class FindingForm(GovukForm):
    text = text_area("Finding", "Enter the finding.")


class RecommendationForm(GovukForm):
    text = text_area("Recommendation", "Enter the recommendation.", rows=3)
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Who answers for it",
        empty_label="Choose a person",
        error_messages={"required": "Choose the person answerable for this recommendation."},
    )
    monitoring_group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label="Group that monitors it",
        empty_label="Choose a group",
        error_messages={"required": "Choose the group of this partnership that will monitor it."},
    )
    impact_measure = text_area(
        "How we will know it has made a difference",
        "Describe how the group will know it has made a difference.",
        rows=3,
    )
    impact_review_on = GovukDateField(label="Date the impact will be reviewed")
    # Offered only once the quality prompt has given its advice (on "text"): the GOV.UK
    # pattern of an error message with a way to go on regardless.
    keep_as_written = forms.BooleanField(
        required=False,
        label="Keep it as written",
        help_text="I have read the advice and want to save the recommendation as it is.",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(partnership=partnership, is_active=True)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people
        groups = Group.objects.filter(partnership=partnership, is_active=True)
        cast(forms.ModelChoiceField, self.fields["monitoring_group"]).queryset = groups
        self._keep_as_written = self.fields.pop("keep_as_written")
        if self.data.get("keep_as_written"):
            self.offer_keep_as_written()

    def offer_keep_as_written(self) -> None:
        """Shows the checkbox, just after the recommendation and its advice."""
        self.fields["keep_as_written"] = self._keep_as_written
        self.order_fields(["text", "keep_as_written"])


class GoodPracticeForm(GovukForm):
    text = text_area("Good practice", "Describe the good practice.")
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency (optional)",
        empty_label="More than one agency, or none",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(partnership=partnership).active()
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies


class AcknowledgeForm(GovukForm):
    acknowledged_to = forms.CharField(
        label="Acknowledged to",
        max_length=300,
        help_text="Who in which senior management team, for example the Director of "
        "Children's Services.",
        error_messages={"required": "Enter who it was acknowledged to."},
    )
    acknowledged_on = GovukDateField(label="Date it was acknowledged")


class RatificationForm(GovukForm):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        label="Group that ratified the findings",
        empty_label="Choose the group",
        help_text="First the children's partnership group (children's audits) or the "
        "Safeguarding Adults Board (adults'), then the Executive.",
        error_messages={"required": "Choose the group that ratified the findings."},
    )
    ratified_on = GovukDateField(label="Date the findings were ratified")
    note = text_area("Note (optional)", rows=3)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [GroupKind.CHILDRENS_GROUP, GroupKind.SAB, GroupKind.EXECUTIVE]
        groups = Group.objects.filter(partnership=partnership, kind__in=kinds, is_active=True)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups


class LearningForm(GovukForm):
    text = text_area(
        "Learning summary",
        rows=8,
        help_text="What practitioners should take from the audit. Never a case reference.",
    )
    flagged = forms.BooleanField(label="Flag the summary for publication", required=False)


class SeminarForm(GovukForm):
    held_on = GovukDateField(label="Date of the seminar or briefing")
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title."}
    )
    audience = forms.CharField(
        label="Who it was for",
        max_length=300,
        help_text="For example, health visitors and early help practitioners.",
        error_messages={"required": "Enter who it was for."},
    )
    attended_count = forms.IntegerField(
        label="Number attending",
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many attended, as a number.",
            "invalid": "Enter how many attended, as a number.",
            "min_value": "Enter how many attended, as a number.",
        },
    )
