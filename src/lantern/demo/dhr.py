"""The demo partnership's Domestic Homicide Review: one waiting for the Home Office
Quality Assurance Panel, whose first submission came back asking for resubmission.

Built through the pathway's own services, with dates counted back from today.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.cases.models import Capacity, CaseMembership
from lantern.dhr import homeoffice, services
from lantern.dhr.models import Dhr
from lantern.documents.models import Document
from lantern.documents.services import document_upload
from lantern.partnerships.models import Agency, Partnership

REPORT = (
    "Domestic Homicide Review: Adult D\n"
    "Adult D, a woman in her forties, was killed by her former partner. "
    "This overview report sets out what agencies knew and what they could have done."
)


@transaction.atomic
def demo_dhr_load(partnership: Partnership) -> int:
    """Adds the demo DHR once; returns how many were added."""
    if Dhr.objects.filter(case__partnership=partnership).exists():
        return 0
    today = timezone.localdate()
    manager = User.objects.get(email="business.manager@example.org")
    notified = today - timedelta(days=240)
    dhr = services.dhr_notify(
        user=manager,
        data={
            "notified_on": notified,
            "notified_by": "DI Claire Moss, Demoshire Police",
            "full_name": "Dana Whitfield",
            "date_of_birth": notified.replace(year=notified.year - 44),
            "date_of_death": notified - timedelta(days=3),
            "relationship": "ex_partner",
            "suspected_suicide": False,
            "circumstances": "Killed at home by her former partner, who had been bailed.",
        },
    )
    decided = notified + timedelta(days=21)
    services.dhr_decide(
        dhr=dhr,
        outcome="conduct",
        rationale="The death meets the criteria: a former intimate partner is charged.",
        decided_on=decided,
    )
    services.chair_appoint(dhr=dhr, name="Margaret Ellis", on=decided + timedelta(days=14))
    police = Agency.objects.filter(partnership=partnership, name="Demoshire Police").first()
    rep = User.objects.filter(email="police.rep@example.org").first()
    if rep is not None:
        CaseMembership.objects.create(
            case=dhr.case, person=rep, capacity=Capacity.PANEL_MEMBER, agency=police
        )
    first = _report(dhr, manager, REPORT, None)
    services.overview_report_set(dhr=dhr, document=first, on=today - timedelta(days=60))
    homeoffice.submission_add(dhr=dhr, submitted_on=today - timedelta(days=58))
    homeoffice.submission_respond(
        dhr=dhr,
        response="resubmit",
        feedback="Say more about the risk assessment after the earlier incident, and add the "
        "family's contribution.",
        responded_on=today - timedelta(days=30),
    )
    second = _report(dhr, manager, REPORT + "\nThe family contributed to the review.", first)
    services.overview_report_set(dhr=dhr, document=second)
    homeoffice.submission_add(dhr=dhr, submitted_on=today - timedelta(days=10))
    return 1


def _report(dhr: Dhr, user: User, text: str, supersedes: Document | None) -> Document:
    return document_upload(
        case=dhr.case,
        title="DHR overview report",
        kind="final_report",
        user=user,
        is_draft=False,
        supersedes=supersedes,
        file=ContentFile(text.encode(), name="overview-report.txt"),
    )
