"""The demo partnership's children's cases, one in each state people meet most.

Built through the pathway's own services, with dates counted back from today, so every
case keeps the rules (quorum, windows, the publication check) like a real one.
"""

import datetime
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from lantern.accounts.models import User
from lantern.agencyrequests.models import AgencyRequest
from lantern.agencyrequests.services import request_submit
from lantern.children import cspr as cspr_services
from lantern.children import outcome, services
from lantern.children.models import RapidReview
from lantern.documents.services import document_generate, document_upload
from lantern.meetings.rules import RAPID_REVIEW_DECISIONS
from lantern.meetings.services import (
    attendance_record,
    decision_endorse,
    decision_record,
    meeting_held,
    meeting_schedule,
)
from lantern.partnerships.models import Agency, Partnership

STATUTORY = [
    "Demoshire Council Children's Services",
    "Demoshire Police",
    "Demoshire Integrated Care Board",
]
HOSPITAL = "Demo Hospitals NHS Foundation Trust"


def _people() -> dict[str, User]:
    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@example.org")}


def _referral(
    partnership: Partnership,
    people: dict[str, User],
    *,
    child: str,
    dob: datetime.date,
    received: datetime.date,
    pseudonym: str,
    what: str,
) -> RapidReview:
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    review = services.referral_submit(
        user=people["li.member"],
        received_on=received,
        data={
            "referring_agency": agencies[HOSPITAL],
            "authorised_by": "Nadia Rahman",
            "authorised_on": received,
            "child_name": child,
            "date_of_birth": dob,
            "address": "27 Willow Lane, Demotown, DT4 7QP",
            "looked_after": False,
            "incident_on": received - timedelta(days=1),
            "harm": "serious_harm",
            "abuse_or_neglect": "suspected",
            "what_happened": what,
            "involved_agencies": [agencies[n] for n in [*STATUTORY, "Riverside Medical Practice"]],
        },
    )
    review.case.pseudonym = pseudonym
    review.case.save(update_fields=["pseudonym"])
    services.referral_accept(review=review)
    services.panel_notified(
        review=review, user=people["business.manager"], on=received + timedelta(days=2)
    )
    return review


def _returns(
    review: RapidReview, people: dict[str, User], on: datetime.date, *, skip: str = ""
) -> None:
    answerers = {
        "Demoshire Council Children's Services": people["council.rep"],
        "Demoshire Police": people["police.rep"],
        "Demoshire Integrated Care Board": people["nominated.rep"],
        HOSPITAL: people["hospital.rep"],
    }
    for request in AgencyRequest.objects.filter(case=review.case, kind="scoping").select_related(
        "agency"
    ):
        if request.agency.name == skip:
            continue
        user = answerers.get(request.agency.name, people["business.manager"])
        request_submit(
            request=request,
            user=user,
            records_secured=True,
            response=f"{request.agency}: our involvement with the family, from our records.",
        )
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(11)))
        AgencyRequest.objects.filter(pk=request.pk).update(submitted_at=when)


def _meeting(review: RapidReview, people: dict[str, User], held: datetime.date, kind: str) -> None:
    agencies = {a.name: a for a in review.involved_agencies.all()}
    meeting = meeting_schedule(
        case=review.case,
        title="Rapid review meeting",
        kind="rapid_review",
        date=held,
        window=None,
        location="Online",
    )
    attendance_record(
        meeting=meeting,
        rows=[
            {"person": people["council.rep"], "agency": agencies[STATUTORY[0]], "attended": True},
            {"person": people["police.rep"], "agency": agencies[STATUTORY[1]], "attended": True},
            {"person": people["nominated.rep"], "agency": agencies[STATUTORY[2]], "attended": True},
            {"person": people["business.manager"], "role": "Business Manager", "attended": True},
        ],
    )
    # Held on the day it was arranged for: a weekend date has moved to the next working day.
    meeting_held(
        meeting=meeting, held_on=meeting.date, minutes="Facts reviewed; learning identified."
    )
    decision = decision_record(
        meeting=meeting,
        kind=kind,
        choices=RAPID_REVIEW_DECISIONS,
        user=people["business.manager"],
        rationale="Agencies could have shared information about the family sooner.",
        immediate_actions="Safety plan for the younger sibling agreed by children's social care.",
    )
    decision_endorse(decision=decision, user=people["independent.chair"])


def _through_outcome(
    review: RapidReview, people: dict[str, User], start: datetime.date, kind: str
) -> None:
    outcome.scoping_send(review=review, sent_on=start + timedelta(days=2))
    _returns(review, people, start + timedelta(days=7))
    outcome.scoping_complete(review=review)
    _meeting(review, people, start + timedelta(days=14), kind)
    outcome.template_generate(review=review, user=people["business.manager"])
    outcome.outcome_sent(review=review, on=start + timedelta(days=16))


def demo_children_load(partnership: Partnership) -> int:
    """Adds the demo children's cases once; returns how many were added."""
    if RapidReview.objects.filter(case__partnership=partnership).exists():
        return 0
    people = _people()
    today = timezone.localdate()

    # 1. A rapid review whose hospital scoping return is late.
    late = _referral(
        partnership,
        people,
        child="Ellie Demo",
        dob=today.replace(year=today.year - 2),
        received=today - timedelta(days=14),
        pseudonym="Child A",
        what="Admitted with a head injury the parents could not explain.",
    )
    outcome.scoping_send(review=late, sent_on=today - timedelta(days=13))
    _returns(late, people, today - timedelta(days=8), skip=HOSPITAL)

    # 2. A rapid review waiting for the National Panel's response.
    waiting = _referral(
        partnership,
        people,
        child="Noah Sample",
        dob=today.replace(year=today.year - 9),
        received=today - timedelta(days=24),
        pseudonym="Child B",
        what="Found with serious injuries after a period of missing school.",
    )
    _through_outcome(waiting, people, today - timedelta(days=24), "alternative")

    # 3. A CSPR with a draft report.
    drafting = _referral(
        partnership,
        people,
        child="Lily Fictional",
        dob=today.replace(year=today.year - 4),
        received=today - timedelta(days=95),
        pseudonym="Child C",
        what="Severe neglect found at home by the health visitor.",
    )
    _through_outcome(drafting, people, today - timedelta(days=95), "cspr")
    outcome.panel_response(review=drafting, response="agrees", on=today - timedelta(days=75))
    cspr = cspr_services.cspr_open(review=drafting, on=today - timedelta(days=70))
    cspr_services.cspr_update(
        cspr=cspr,
        methodology="Systems approach with practitioner events.",
        terms_of_reference=cspr.terms_of_reference,
    )
    document_generate(
        case=drafting.case,
        title="CSPR report (draft 1)",
        kind="report_draft",
        draft=True,
        user=people["reviewer"],
        sections=[
            ("Summary", "Child C lived with her mother and two siblings."),
            ("Learning", "Health and children's services did not share concerns."),
        ],
    )

    # 4. A published CSPR.
    done = _referral(
        partnership,
        people,
        child="Oscar Invented",
        dob=today.replace(year=today.year - 12),
        received=today - timedelta(days=300),
        pseudonym="Child D",
        what="Serious self-harm after a long period of neglect.",
    )
    _through_outcome(done, people, today - timedelta(days=300), "cspr")
    outcome.panel_response(review=done, response="agrees", on=today - timedelta(days=280))
    cspr = cspr_services.cspr_open(review=done, on=today - timedelta(days=275))
    # Its plan was agreed, as every CSPR's is before its report (found on a walk: the
    # published review still asked the Business Manager to agree it).
    cspr_services.cspr_update(
        cspr=cspr,
        methodology="Appreciative inquiry with the family and practitioners.",
        terms_of_reference=cspr.terms_of_reference or "The year before the incident.",
    )
    report = document_upload(
        case=done.case,
        title="CSPR final report: Child D",
        kind="final_report",
        is_draft=False,
        user=people["business.manager"],
        file=ContentFile(
            b"Child D: learning for the partnership. Agencies did not see the pattern.",
            name="child-d-final-report.txt",
        ),
    )
    cspr_services.final_report_set(cspr=cspr, document=report, on=today - timedelta(days=80))
    cspr_services.final_report_sent(cspr=cspr, on=today - timedelta(days=70))
    cspr_services.publish(
        cspr=cspr, on=today - timedelta(days=56), url="https://example.org/learning/child-d"
    )
    return 4
