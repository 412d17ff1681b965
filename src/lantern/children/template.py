"""The completed Rapid Review template and its covering letter, written from what Lantern holds.

Sections follow the National Panel's rapid review template: the covering letter, the
child (by pseudonym), the referral, the agencies involved and each one's scoping return,
the facts, the meeting, the analysis, the learning identified, the decision with its
rationale, the immediate actions, and the Independent Chair's endorsement.

Where each part is recorded:
- facts: the referral's account (RapidReview.what_happened) and each agency's scoping
  return (AgencyRequest.response, or its uploaded file);
- analysis: the rapid review meeting's minutes (Meeting.minutes): no field of its own;
- learning identified: the case's findings and their recommendations (lantern.actions);
- decision, rationale, immediate actions: the meeting's Decision, with the actions agreed
  at the meeting (Meeting.actions).
Nothing is invented: a part not yet recorded says so, naming where it is recorded.
"""

import datetime
from typing import Any

from django.utils import timezone

from lantern.actions.models import Finding, Recommendation
from lantern.agencyrequests.models import RequestStatus

from .models import RapidReview

NOT_RETURNED = {RequestStatus.SENT, RequestStatus.IN_PROGRESS, RequestStatus.RETURNED}


def _date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.strftime("%-d %B %Y") if value else "Not recorded"


def scoping_return_line(request: Any) -> str:
    """One agency's scoping return as it truly stands: returned (when), or not (due when)."""
    if request.status in NOT_RETURNED or request.submitted_at is None:
        line = f"{request.agency}: Not returned (due {_date(request.due)})"
        if request.status == RequestStatus.RETURNED:
            line += (
                f"; its return was sent back on {_date(request.reviewed_at)} to be completed again"
            )
        return line + "."
    return f"{request.agency}: Returned on {_date(request.submitted_at)}."


def _facts(review: RapidReview, returns: list[Any]) -> str:
    parts = [f"From the referral:\n{review.what_happened.strip() or 'Not recorded.'}"]
    for r in returns:
        if r.status in NOT_RETURNED or r.submitted_at is None:
            continue
        told = r.response.strip()
        if r.response_file:
            told = (told + "\n" if told else "") + f"(Return attached as {r.file_name}.)"
        parts.append(f"From {r.agency}'s scoping return:\n{told or 'Nothing written.'}")
    return "\n\n".join(parts)


def _learning(review: RapidReview) -> str:
    findings = list(Finding.objects.filter(case=review.case).order_by("number"))
    if not findings:
        return (
            "No learning has been recorded yet. Findings and recommendations are recorded "
            "under the case's Learning and actions."
        )
    recommendations: dict[int, list[str]] = {}
    for rec in Recommendation.objects.filter(case=review.case).order_by("number"):
        if rec.finding_id is not None:
            recommendations.setdefault(rec.finding_id, []).append(
                f"Recommendation {rec.number}: {rec.text.strip()}"
            )
    return "\n\n".join(
        "\n".join([f"Finding {f.number}: {f.text.strip()}", *recommendations.get(f.pk, [])])
        for f in findings
    )


def _immediate_actions(decision: Any, meeting: Any) -> str:
    parts = []
    if decision and decision.immediate_actions.strip():
        parts.append(decision.immediate_actions.strip())
    if meeting and meeting.actions.strip():
        parts.append(f"Actions agreed at the meeting:\n{meeting.actions.strip()}")
    return "\n\n".join(parts) or "None recorded."


def covering_letter(review: RapidReview, *, decision: Any, meeting: Any) -> str:
    case = review.case
    child = case.pseudonym or case.reference
    endorsed = (
        f"The Independent Chair endorsed it on {_date(decision.endorsed_on)}."
        if decision and decision.endorsed_on
        else "The Independent Chair has not yet endorsed it."
    )
    decided = (
        f"decided: {decision.kind_label} ({_date(decision.decided_on)}). {endorsed}"
        if decision
        else "has not yet decided."
    )
    return "\n\n".join(
        [
            "To the Child Safeguarding Practice Review Panel",
            _date(timezone.localdate()),
            f"Rapid review {case.reference}: {child}",
            "Dear Panel members,",
            f"Please find below the completed Rapid Review for {child}, whose serious "
            f"incident was referred to {case.partnership.name} on "
            f"{_date(review.received_on)} and notified to you on "
            f"{_date(review.panel_notified_on)}. The rapid review meeting was held on "
            f"{_date(meeting.held_on if meeting else None)}. The safeguarding partners "
            f"{decided}",
            "The facts, our analysis, the learning identified, the rationale for the decision "
            "and the immediate actions taken to keep children safe are set out below.",
            "Yours faithfully,",
            f"The Business Manager, on behalf of the safeguarding partners of "
            f"{case.partnership.name}",
        ]
    )


def rapid_review_sections(
    review: RapidReview, *, decision: Any, meeting: Any, returns: list[Any], attendees: list[Any]
) -> list[tuple[str, str]]:
    case = review.case
    child = case.pseudonym or "the child"
    agencies = ", ".join(a.name for a in review.involved_agencies.all())
    present = "\n".join(
        f"{a.name or a.person} ({a.agency or 'no agency'})" for a in attendees if a.attended
    )
    notified = _date(review.panel_notified_on)
    if review.lac_death:
        notified += (
            f". Secretary of State told {_date(review.secretary_of_state_notified_on)}; "
            f"Ofsted told {_date(review.ofsted_notified_on)}"
        )
    minutes = meeting.minutes.strip() if meeting else ""
    return [
        ("Covering letter", covering_letter(review, decision=decision, meeting=meeting)),
        ("Case", f"{case.reference}. The child is called {child} in this document."),
        (
            "Referral",
            f"Received {_date(review.received_on)} from {review.referring_agency}, agreed by "
            f"{review.authorised_by}. Incident on {_date(review.incident_on)}: "
            f"{review.get_harm_display().lower()}; abuse or neglect "
            f"{review.get_abuse_or_neglect_display().lower()}."
            + (" The child was looked after." if review.looked_after else ""),
        ),
        ("Notification to the National Panel", notified),
        ("Agencies involved", agencies),
        (
            "Scoping returns",
            "\n".join(scoping_return_line(r) for r in returns) or "No returns were requested.",
        ),
        ("The facts", _facts(review, returns)),
        (
            "Rapid review meeting",
            f"Held {_date(meeting.held_on if meeting else None)}. "
            f"Present:\n{present or 'Not recorded.'}",
        ),
        (
            "Analysis",
            minutes
            or "No analysis has been recorded: the minutes of the rapid review meeting are empty.",
        ),
        ("Learning identified", _learning(review)),
        (
            "Decision",
            f"{decision.kind_label}, decided on {_date(decision.decided_on)}."
            if decision
            else "Not yet decided.",
        ),
        ("Rationale", decision.rationale if decision else "Not yet decided."),
        ("Immediate actions to keep children safe", _immediate_actions(decision, meeting)),
        (
            "Endorsement",
            f"Endorsed by the Independent Chair on {_date(decision.endorsed_on)}."
            if decision and decision.endorsed_on
            else "Not endorsed.",
        ),
    ]
