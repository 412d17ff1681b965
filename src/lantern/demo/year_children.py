"""The children's side of the demo's year (issue 16): rapid reviews received across the
last complete financial year with their decisions (most on time; one completed late, one
notified to the National Panel late, as the case's clock steps show), and a CSPR whose
final report went to the Panel and the Secretary of State in the year, its findings
decided and some of its actions completed with evidence.

Built through the children's and the action tracker's services, as demo/children.py is;
decisions and completions taken in the year are dated with queryset.update(), as the
history would have left them (as demo/year.py does)."""

import datetime
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from lantern.accounts.models import User
from lantern.actions import services as actions
from lantern.actions.models import Action, Finding
from lantern.cases.models import Case
from lantern.children import cspr as cspr_services
from lantern.children import outcome, services
from lantern.children.models import RapidReview
from lantern.documents.services import document_upload
from lantern.partnerships.models import Agency, Group, Partnership
from lantern.reports.period import Period

from .children import HOSPITAL, STATUTORY, _meeting, _people, _returns
from .year import recorded_on

#: (pseudonym, child, age, days into the year received, days to the Panel's notification,
#:  days to the meeting, decision). The statutory clocks: the Panel is told within 5
#: working days, the rapid review complete (its decision) within 15.
REVIEWS = [
    ("Child E", "Ruby Madeup", 3, 20, 2, 14, "cspr"),
    ("Child F", "Leo Pretend", 7, 110, 2, 13, "alternative"),
    # The meeting was put back: completed after 15 working days.
    ("Child G", "Maya Notreal", 11, 190, 3, 28, "none"),
    # The notification to the Panel went after 5 working days.
    ("Child H", "Theo Storybook", 14, 260, 12, 14, "alternative"),
]
CSPR_CHILD = "Child E"
CHILDREN_GROUP = "Demo Safeguarding Children Partnership Group"
FINDINGS = [
    (
        "Health visiting and early years settings did not share concerns about the child's weight.",
        "Health visitors and early years settings share weight concerns at every review.",
        True,
    ),
    (
        "Nobody asked the father about his caring role.",
        "Practitioners record the father's view at every assessment of a young child.",
        False,
    ),
]


def _referral(
    partnership: Partnership,
    people: dict[str, User],
    agencies: dict[str, Agency],
    received: datetime.date,
    row: tuple,
) -> RapidReview:
    pseudonym, child, age, _, notified_after, _, _ = row
    review = services.referral_submit(
        user=people["li.member"],
        received_on=received,
        data={
            "referring_agency": agencies[HOSPITAL],
            "authorised_by": "Nadia Rahman",
            "authorised_on": received,
            "child_name": child,
            "date_of_birth": received - timedelta(days=365 * age + 40),
            "address": "4 Orchard Row, Demotown, DT2 3LP",
            "looked_after": False,
            "incident_on": received - timedelta(days=1),
            "harm": "serious_harm",
            "abuse_or_neglect": "suspected",
            "what_happened": "Taken to hospital with injuries the family could not explain.",
            "involved_agencies": [agencies[n] for n in [*STATUTORY, "Riverside Medical Practice"]],
        },
    )
    review.case.pseudonym = pseudonym
    review.case.save(update_fields=["pseudonym"])
    services.referral_accept(review=review)
    services.panel_notified(
        review=review,
        user=people["business.manager"],
        on=received + timedelta(days=notified_after),
    )
    return review


def demo_year_children_load(partnership: Partnership, year: Period) -> int:
    """Adds the year's rapid reviews (and the CSPR from the first) once; returns how many
    rapid reviews it added."""
    if Case.objects.filter(partnership=partnership, pseudonym=REVIEWS[0][0]).exists():
        return 0
    people = _people()
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    for row in REVIEWS:
        pseudonym, _, _, into_year, _, meeting_after, kind = row
        received = year.start + timedelta(days=into_year)
        review = _referral(partnership, people, agencies, received, row)
        outcome.scoping_send(review=review, sent_on=received + timedelta(days=1))
        _returns(review, people, received + timedelta(days=6))
        outcome.scoping_complete(review=review)
        _meeting(review, people, received + timedelta(days=meeting_after), kind)
        outcome.template_generate(review=review, user=people["business.manager"])
        sent = received + timedelta(days=meeting_after + 2)
        outcome.outcome_sent(review=review, on=sent)
        outcome.panel_response(review=review, response="agrees", on=sent + timedelta(days=14))
        if pseudonym == CSPR_CHILD:
            _cspr(review, people, agencies, partnership, year)
    return len(REVIEWS)


def _cspr(
    review: RapidReview,
    people: dict[str, User],
    agencies: dict[str, Agency],
    partnership: Partnership,
    year: Period,
) -> None:
    """The CSPR opened in the spring, its final report sent in the winter; its findings
    decided to act on, one action completed with evidence before the year end."""
    manager = people["business.manager"]
    cspr = cspr_services.cspr_open(review=review, on=year.start + timedelta(days=60))
    cspr_services.cspr_update(
        cspr=cspr,
        methodology="Systems approach with a practitioner learning event.",
        terms_of_reference=cspr.terms_of_reference or "The year before the incident.",
    )
    report = document_upload(
        case=review.case,
        title="CSPR final report: Child E",
        kind="final_report",
        is_draft=False,
        user=manager,
        file=ContentFile(
            b"Child E: learning for the partnership. Concerns were held but not shared.",
            name="child-e-final-report.txt",
        ),
    )
    cspr_services.final_report_set(cspr=cspr, document=report, on=year.start + timedelta(days=230))
    cspr_services.final_report_sent(cspr=cspr, on=year.start + timedelta(days=240))
    decided_on = year.start + timedelta(days=255)
    board = Group.objects.get(partnership=partnership, name=CHILDREN_GROUP)
    owner = people["council.rep"]
    finding_ids = []
    for text, recommendation_text, completed in FINDINGS:
        finding = actions.finding_create(case=review.case, text=text, user=manager)
        finding_ids.append(finding.pk)
        recommendation = actions.recommendation_create(
            case=review.case, text=recommendation_text, monitoring_group=board, owner=owner,
            impact_measure="A sample of ten assessments a quarter.",
            impact_review_on=timezone.localdate() + timedelta(days=120), user=manager,
            finding=finding,
        )  # fmt: skip
        action = actions.action_create(
            recommendation=recommendation, title=recommendation_text,
            lead_agency=agencies[STATUTORY[0]], owner=owner,
            due=timezone.localdate() + timedelta(days=90),
            success_measure="Ten of ten sampled records show it.", user=manager,
        )  # fmt: skip
        recorded_on(action, decided_on)
        if not completed:
            continue
        actions.action_update_record(
            action=action, user=owner, status="complete", note="Guidance issued and in use.",
            evidence=[actions.NewEvidence(
                description="Practice guidance", link="https://example.org/demo/cspr-guidance"
            )],
        )  # fmt: skip
        done = year.start + timedelta(days=320)
        Action.objects.filter(pk=action.pk).update(completed_on=done, due=done)
    # Set last: a recommendation made today records today's decision to act.
    Finding.objects.filter(pk__in=finding_ids).update(
        response="act", response_reason="", response_on=decided_on, response_by=manager
    )
