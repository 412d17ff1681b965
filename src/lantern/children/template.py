"""The completed Rapid Review template, written from what Lantern holds.

Sections follow the National Panel's rapid review template: the child (by pseudonym),
the referral, the agencies involved, what the scoping returns showed, the meeting and
its quorum, the decision with its rationale, immediate actions, and learning.
"""

from typing import Any

from .models import RapidReview


def _date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else "Not recorded"


def rapid_review_sections(
    review: RapidReview, *, decision: Any, meeting: Any, returns: list[Any], attendees: list[Any]
) -> list[tuple[str, str]]:
    case = review.case
    child = case.pseudonym or "the child"
    agencies = ", ".join(a.name for a in review.involved_agencies.all())
    returned = "\n".join(
        f"{r.agency}: {r.get_status_display().lower()}"
        + (f" on {_date(r.submitted_at)}" if r.submitted_at else "")
        for r in returns
    )
    present = "\n".join(
        f"{a.name or a.person} ({a.agency or 'no agency'})" for a in attendees if a.attended
    )
    return [
        ("Case", f"{case.reference}. The child is called {child} in this document."),
        (
            "Referral",
            f"Received {_date(review.received_on)} from {review.referring_agency}, agreed by "
            f"{review.authorised_by}. Incident on {_date(review.incident_on)}: "
            f"{review.get_harm_display().lower()}; abuse or neglect "
            f"{review.get_abuse_or_neglect_display().lower()}."
            + (" The child was looked after." if review.looked_after else ""),
        ),
        ("Notification to the National Panel", _date(review.panel_notified_on)),
        ("Agencies involved", agencies),
        ("Scoping returns", returned or "No returns recorded."),
        (
            "Rapid review meeting",
            f"Held {_date(meeting.held_on if meeting else None)}. "
            f"Present:\n{present or 'Not recorded.'}",
        ),
        ("Decision", decision.kind_label if decision else "Not yet decided."),
        ("Rationale", decision.rationale if decision else ""),
        ("Immediate actions to keep children safe", decision.immediate_actions if decision else ""),
        (
            "Endorsement",
            f"Endorsed by the Independent Chair on {_date(decision.endorsed_on)}."
            if decision and decision.endorsed_on
            else "Not endorsed.",
        ),
    ]
