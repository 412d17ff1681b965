"""Reads for the DHR pages."""

from typing import Any

from django.db.models import QuerySet

from lantern.cases.models import Capacity, CaseMembership

from .models import Dhr, Outcome, Response


def panel_members(dhr: Dhr) -> QuerySet[CaseMembership]:
    return dhr.case.memberships.filter(capacity=Capacity.PANEL_MEMBER).select_related(
        "person", "agency"
    )


def next_actions(dhr: Dhr, submissions: list[Any]) -> list[str]:
    """The actions that make sense now, in the order the pathway takes them."""
    latest = submissions[-1] if submissions else None
    if not dhr.outcome:
        return ["decision"]
    if dhr.outcome == Outcome.NO_REVIEW:
        return [] if dhr.home_office_told_on else ["home-office-told"]
    actions = [] if dhr.chair_name else ["chair"]
    if dhr.published_on:
        return actions
    if latest is None or latest.response == Response.RESUBMIT:
        actions.append("report")
        if dhr.overview_report_id:
            actions.append("submit")
    elif latest.response == Response.PENDING:
        actions += ["report", "response"]
    else:
        actions += ["report", "publish"]
    return actions
