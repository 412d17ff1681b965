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
Nothing is invented: a part not yet recorded says so, naming where it is recorded, and the
covering letter says only what the template below it holds.

The template goes to the National Panel in confidence. The child is referred to by the
case's pseudonym (or as "the child" when none is chosen), but each agency's scoping return
is quoted as the agency wrote it, so it may name the child: the template says so.
"""

import datetime
from typing import Any

from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import Finding, Recommendation
from lantern.agencyrequests.models import RequestStatus
from lantern.documents.passages import passages_of

from .models import RapidReview

NOT_RETURNED = {RequestStatus.SENT, RequestStatus.IN_PROGRESS, RequestStatus.RETURNED}

#: An uploaded return's text is quoted up to this many characters: the template quotes
#: returns, it does not reproduce a long file (the file stays in Lantern).
QUOTED_FILE_LIMIT = 6000
#: Formats whose text Lantern can read out of an uploaded return.
READABLE_SUFFIXES = (".txt", ".docx", ".pdf")
#: Passages of an uploaded file that are its text as a reader sees it (not its metadata,
#: comments or deleted text, which the name check reads but a template must not quote).
_READ_PLACES = ("text", "body", "table", "page ")
#: The role a signer signs as: the first of these they hold.
_SIGNING_ROLES = (
    Role.BUSINESS_MANAGER,
    Role.INDEPENDENT_CHAIR,
    Role.BUSINESS_UNIT_OFFICER,
    Role.GROUP_CHAIR,
    Role.REVIEWER,
)


def _date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.strftime("%-d %B %Y") if value else "Not recorded"


def possessive(name: str) -> str:
    """'Police' → "Police's"; a name ending in s takes only the apostrophe
    ("Children's Services'", "Demo Homes'"), never "Services's"."""
    name = str(name)
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def child_called(case: Any) -> str:
    """How the template refers to the child: the case's pseudonym if one was chosen."""
    return case.pseudonym or "the child"


def signer(user: Any) -> str:
    """The name and role of the person who generated the template, to sign its letter."""
    if user is None:
        return ""
    held = set(user.role_set()) if hasattr(user, "role_set") else set()
    role = next((Role(r).label for r in _SIGNING_ROLES if r in held), "")
    name = getattr(user, "full_name", "") or str(user)
    return f"{name}, {role}" if role else name


def _file_text(request: Any) -> str | None:
    """The text of an uploaded return when Lantern can read it (text, DOCX, PDF), cut to
    QUOTED_FILE_LIMIT characters; None when it cannot (another format, or unreadable)."""
    name = request.file_name
    if not name.lower().endswith(READABLE_SUFFIXES):
        return None
    try:
        with request.response_file.open("rb") as stored:
            data = stored.read()
        passages = passages_of(data, name)
    except Exception:  # a file that cannot be read is said so, never quoted
        return None
    text = "\n".join(
        p.text.strip() for p in passages if p.where.startswith(_READ_PLACES) and p.text.strip()
    ).strip()
    if not text:
        return None
    if len(text) > QUOTED_FILE_LIMIT:
        cut = text[:QUOTED_FILE_LIMIT].rsplit(" ", 1)[0]
        return (
            f"{cut} […]\n(The return, {name}, is longer than this template quotes: the "
            f"rest is held in Lantern and is not reproduced here.)"
        )
    return f"{text}\n(Quoted from the uploaded return, {name}.)"


def _told(request: Any) -> str:
    """What an agency's return says: its written answer and its uploaded file's text, or,
    for a file that cannot be read here, that the file is held in Lantern."""
    parts = [request.response.strip()] if request.response.strip() else []
    if request.response_file:
        text = _file_text(request)
        parts.append(
            text
            if text is not None
            else (
                f"(The return is an uploaded file, {request.file_name}, held in Lantern: "
                f"it is not reproduced here.)"
            )
        )
    return "\n".join(parts)


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
        told = _told(r)
        parts.append(f"From {possessive(r.agency)} scoping return:\n{told or 'Nothing written.'}")
    return "\n\n".join(parts)


def _learning(review: RapidReview, findings: list[Any] | None = None) -> str:
    if findings is None:
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


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _set_out(*, decision: Any, meeting: Any, has_learning: bool) -> str:
    """The letter's sentence on what the template holds, true to it: the parts recorded
    are 'set out below'; the parts not yet recorded are named as such."""
    minutes = bool(meeting and meeting.minutes.strip())
    actions = bool(
        (decision and decision.immediate_actions.strip()) or (meeting and meeting.actions.strip())
    )
    rationale = bool(decision and decision.rationale.strip())
    parts = [
        ("the facts", True),
        ("our analysis", minutes),
        ("the learning identified", has_learning),
        ("the rationale for the decision", rationale),
        ("the immediate actions taken to keep children safe", actions),
    ]
    held = [what for what, recorded in parts if recorded]
    missing = [what for what, recorded in parts if not recorded]
    listed = _list(held)
    verb = "is" if len(held) == 1 else "are"
    sentence = f"{listed[0].upper()}{listed[1:]} {verb} set out below."
    if missing:
        sentence += f" Not yet recorded, and said so below: {_list(missing)}."
    return sentence


def covering_letter(
    review: RapidReview,
    *,
    decision: Any,
    meeting: Any,
    signed_by: Any = None,
    has_learning: bool | None = None,
) -> str:
    case = review.case
    if has_learning is None:
        has_learning = Finding.objects.filter(case=case).exists()
    heading = f"Rapid review {case.reference}"
    if case.pseudonym:
        heading += f": {case.pseudonym}"
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
    name = signer(signed_by)
    on_behalf = f"on behalf of the safeguarding partners of {case.partnership.name}"
    return "\n\n".join(
        [
            "To the Child Safeguarding Practice Review Panel",
            _date(timezone.localdate()),
            heading,
            "Dear Panel members,",
            f"Please find below the completed Rapid Review for {child_called(case)}, whose "
            f"serious incident was referred to {case.partnership.name} on "
            f"{_date(review.received_on)} and notified to you on "
            f"{_date(review.panel_notified_on)}. The rapid review meeting was held on "
            f"{_date(meeting.held_on if meeting else None)}. The safeguarding partners "
            f"{decided}",
            _set_out(decision=decision, meeting=meeting, has_learning=has_learning),
            "Yours faithfully,",
            f"{name}, {on_behalf}" if name else on_behalf[0].upper() + on_behalf[1:],
        ]
    )


def rapid_review_sections(
    review: RapidReview,
    *,
    decision: Any,
    meeting: Any,
    returns: list[Any],
    attendees: list[Any],
    signed_by: Any = None,
) -> list[tuple[str, str]]:
    case = review.case
    findings = list(Finding.objects.filter(case=case).order_by("number"))
    called = (
        f"The child is referred to by the pseudonym {case.pseudonym}."
        if case.pseudonym
        else "No pseudonym has been chosen: the child is referred to as “the child”."
    )
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
        (
            "Covering letter",
            covering_letter(
                review,
                decision=decision,
                meeting=meeting,
                signed_by=signed_by,
                has_learning=bool(findings),
            ),
        ),
        (
            "Case",
            f"{case.reference}. {called} Agencies' scoping returns are quoted as each agency "
            "wrote them, so they may name the child: this template is sent to the National "
            "Panel in confidence.",
        ),
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
        ("Learning identified", _learning(review, findings)),
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
