"""The demo's public "Learning from reviews" site (issue 14): every published review's
report (made by the kernel when the review was published; added here for a demo loaded
before publications existed), the completed adults' audit's learning summary, and a
briefing on a national SAR, each approved by the Business Manager on the L&I
sub-group's behalf. Idempotent: a publication already there is kept."""

from lantern.accounts.models import User
from lantern.actions.models import Finding
from lantern.adults.models import Sar
from lantern.cases.models import Case
from lantern.children.models import Cspr
from lantern.dhr.models import Dhr
from lantern.partnerships.models import Partnership
from lantern.publications import services
from lantern.publications.models import Kind, Publication, Status
from lantern.publications.reports import publication_from_report

AUDIT_THEME = "Self-neglect in adults living alone"
BRIEFING_TITLE = "Briefing: learning from the Cawston Park Safeguarding Adults Review"


def demo_publications_load(partnership: Partnership) -> int:
    manager = User.objects.get(email="business.manager@example.org")
    added = 0
    for model in (Cspr, Sar, Dhr):
        for record in model.objects.filter(
            case__partnership=partnership, published_on__isnull=False
        ).select_related("case"):
            if record.published_on and not Publication.objects.filter(case=record.case).exists():
                publication_from_report(
                    case=record.case,
                    url=record.publication_url,
                    on=record.published_on,
                    user=manager,
                )
                added += 1
    # The demo's action plans are made after its reviews were published: the first
    # version of each review's page had none, so the partnership amends it to add them.
    for publication in Publication.objects.filter(
        partnership=partnership, show_actions=True, status=Status.PUBLISHED
    ).exclude(case=None):
        if publication.case is not None and publication.case.recommendations.exists():
            findings = Finding.objects.filter(case=publication.case).order_by("number")
            services.publication_amend(
                publication=publication,
                user=manager,
                reason="The findings and the action plan agreed after publication are added.",
                key_findings=[finding.text for finding in findings],
            )
    audit = Case.objects.filter(partnership=partnership, pathway="macfa", title=AUDIT_THEME).first()
    if audit is not None and not Publication.objects.filter(case=audit).exists():
        findings = Finding.objects.filter(case=audit).order_by("number")
        _publish(
            partnership,
            manager,
            kind=Kind.AUDIT_SUMMARY,
            case=audit,
            title=f"Case file audit: {AUDIT_THEME.lower()}",
            summary="Four adults living alone who had been referred for self-neglect, and "
            "what the agencies that knew them did. Good individual practice, but agencies "
            "rarely shared what they knew.",
            body="## What we did\nAuditors from adult social care, the ICB and housing read "
            "each agency's records for four randomly chosen adults.\n\n## What we found\n"
            "Practitioners knew the people well and respected their wishes.\n\n"
            "- Agencies held pieces of the picture but rarely shared them.\n"
            "- Wishes were recorded but not always acted on.\n\n"
            "## What happens next\nAdult Social Care now convenes a multi-agency meeting "
            "after every self-neglect referral.",
            themes=["Self-neglect", "Information sharing", "Making safeguarding personal"],
            key_findings=[finding.text for finding in findings],
            show_actions=True,
        )
        added += 1
    if not Publication.objects.filter(partnership=partnership, title=BRIEFING_TITLE).exists():
        _publish(
            partnership,
            manager,
            kind=Kind.BRIEFING,
            case=None,
            title=BRIEFING_TITLE,
            summary="A seven-minute briefing on the national SAR about Cawston Park "
            "hospital, published in 2021: what happened, what was learned, and questions "
            "for teams here.",
            body="## What happened\nThree adults with learning disabilities died at a "
            "private hospital where restrictive practice was common.\n\n"
            "## Questions for teams\n- Who visits the people we place out of area?\n"
            "- How would we know if care had become abusive?",
            themes=["Learning disability", "Out-of-area placements", "Restrictive practice"],
            key_findings=["Placements far from home left people without advocates."],
            external_url="https://www.norfolksafeguardingadultsboard.info/",
        )
        added += 1
    return added


def _publish(partnership: Partnership, manager: User, **content: object) -> Publication:
    publication = services.publication_create(partnership=partnership, user=manager, **content)
    services.publication_submit(publication=publication, user=manager)
    services.publication_approve(publication=publication, user=manager)
    services.publication_publish(publication=publication, user=manager)
    return publication
