from lantern.web.forms import GovukForm, text_area


class ReferralReturnForm(GovukForm):
    """What is missing from a referral, for the referrer (every pathway's referral)."""

    reason = text_area(
        "What is missing or needs correcting",
        "Say what is missing, so the referrer can put it right.",
        help_text="The referrer is told this by e-mail and can correct the referral.",
    )
