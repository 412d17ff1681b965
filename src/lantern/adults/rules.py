"""The Care Act 2014 s44 rules a SAR referral is judged by (domain.md, "Adults").

Plain functions, so the form, the API, the services and the tests share them.
"""

import datetime

from .models import AbuseOrNeglect, SarDecision


def s44_criteria(
    *,
    care_and_support_needs: bool,
    died: bool,
    abuse_or_neglect: str,
    serious: bool,
    agencies_concern: bool,
) -> str:
    """Mandatory when an adult with care and support needs died of abuse or neglect (known
    or suspected), or is alive and suffered serious abuse or neglect, and there is concern
    that agencies could have worked together more effectively; discretionary otherwise."""
    abuse = abuse_or_neglect in (AbuseOrNeglect.KNOWN, AbuseOrNeglect.SUSPECTED)
    harm = died or serious
    if care_and_support_needs and abuse and harm and agencies_concern:
        return SarDecision.MANDATORY
    return SarDecision.DISCRETIONARY


def date_problems(*, authorised_on: datetime.date | None, today: datetime.date) -> dict[str, str]:
    if authorised_on and authorised_on > today:
        return {"authorised_on": "The date the referral was authorised cannot be in the future."}
    return {}


def decision_problems(*, kind: str, criteria: str, rationale: str) -> dict[str, str]:
    """A decision and its rationale. A decision that differs from what the s44 answers make
    the referral (`criteria`) is allowed with a recorded reason: the kernel's gate for the
    "decision" step (lantern.workflow.rules.ReasonIfDiffers) asks for it."""
    problems: dict[str, str] = {}
    if kind not in SarDecision.values:
        problems["kind"] = "Choose what the sub-group decided."
    if not rationale.strip():
        problems["rationale"] = "Enter the rationale for the decision."
    return problems
