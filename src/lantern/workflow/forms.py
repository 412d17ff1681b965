from typing import Any, cast

from django import forms

from lantern.partnerships.models import Agency, Partnership
from lantern.web.forms import GovukForm, text_area


class ReferralFormBase(GovukForm):
    """What every referral form asks first (the referring agency), and the agencies it
    offers: the partnership's active agencies. Each pathway adds its own questions and an
    `involved_agencies` field."""

    referring_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Referring agency",
        empty_label="Choose the agency making the referral",
        error_messages={"required": "Choose the agency making the referral."},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(partnership=partnership).active()
        cast(forms.ModelChoiceField, self.fields["referring_agency"]).queryset = agencies
        cast(forms.ModelChoiceField, self.fields["involved_agencies"]).queryset = agencies


class ReferralReturnForm(GovukForm):
    """What is missing from a referral, for the referrer (every pathway's referral)."""

    reason = text_area(
        "What is missing or needs correcting",
        "Say what is missing, so the referrer can put it right.",
        help_text="The referrer is told this by e-mail and can correct the referral.",
    )
