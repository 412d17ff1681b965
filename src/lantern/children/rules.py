"""The serious-incident rules a referral must meet (Working Together 2023; domain.md).

Plain functions: each returns the problems it finds as {field: message}, so forms,
the API and the services report them the same way.
"""

import datetime

from .models import AbuseOrNeglect, Harm


def serious_incident_problems(
    *, abuse_or_neglect: str, harm: str, looked_after: bool
) -> dict[str, str]:
    """A serious incident: abuse or neglect known or suspected, and the child died or was
    seriously harmed. A looked-after child's death is notified whatever the cause."""
    problems: dict[str, str] = {}
    lac_death = looked_after and harm == Harm.DIED
    if harm == Harm.NEITHER:
        problems["harm"] = (
            "A serious incident is one where the child has died or been seriously harmed. "
            "If neither, this is not a referral for a rapid review."
        )
    if abuse_or_neglect == AbuseOrNeglect.NOT_SUSPECTED and not lac_death:
        problems["abuse_or_neglect"] = (
            "A serious incident needs abuse or neglect to be known or suspected. Only the "
            "death of a looked-after child is referred without it."
        )
    return problems


def date_problems(
    *,
    date_of_birth: datetime.date | None,
    incident_on: datetime.date | None,
    authorised_on: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if date_of_birth and date_of_birth > today:
        problems["date_of_birth"] = "The date of birth must be in the past."
    if incident_on and incident_on > today:
        problems["incident_on"] = "The date of the incident must be today or in the past."
    if date_of_birth and incident_on and incident_on < date_of_birth:
        problems["incident_on"] = "The incident cannot be before the child's date of birth."
    if date_of_birth and (today - date_of_birth).days > 18 * 366:
        problems["date_of_birth"] = (
            "This child would be over 18. Refer an adult through a Safeguarding Adults Review."
        )
    if authorised_on and authorised_on > today:
        problems["authorised_on"] = (
            "The date the safeguarding lead agreed it cannot be in the future."
        )
    if authorised_on and incident_on and authorised_on < incident_on:
        problems["authorised_on"] = "The referral cannot be agreed before the incident happened."
    return problems
