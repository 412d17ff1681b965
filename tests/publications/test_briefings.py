"""Seven-minute briefings and the record of learning disseminated (issue 14, "Briefings"):
a briefing drafted from a review's findings and recommendations in four sections, naming
the subject by the pseudonym only, then approved and published like any publication, as
HTML, DOCX and tagged PDF; seminars and briefings delivered recorded with their date,
audience, agencies and attendance, bad input refused and nothing written."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lantern.actions.models import Finding, Recommendation
from lantern.partnerships.models import GroupKind
from lantern.publications import briefings, services
from lantern.publications.models import Dissemination, Kind, Publication, Section, Status
from tests.factories import AgencyFactory, CaseFactory, GroupFactory

from .conftest import SUBJECT_NAME, published

pytestmark = pytest.mark.django_db

FINDINGS = [
    "Health and children's services did not share what they knew about neglect.",
    "Nobody escalated when the family stopped attending appointments.",
]
RECOMMENDATIONS = [
    "Practitioners escalate a missed appointment to their safeguarding lead.",
    "Agencies share concerns about neglect at the first strategy discussion.",
]


def _records(cast, findings=FINDINGS, recommendations=RECOMMENDATIONS) -> None:
    group = GroupFactory(partnership=cast.partnership, kind=GroupKind.LI)
    for number, text in enumerate(findings, 1):
        Finding.objects.create(case=cast.case, number=number, text=text, created_by=cast.manager)
    for number, text in enumerate(recommendations, 1):
        Recommendation.objects.create(
            partnership=cast.partnership,
            case=cast.case,
            number=number,
            text=text,
            monitoring_group=group,
            owner=cast.manager,
            impact_measure="Fewer missed appointments unescalated.",
            impact_review_on=datetime.date(2027, 6, 1),
            created_by=cast.manager,
        )


def _section(body: str, heading: str) -> str:
    after = body.split(f"## {heading}\n\n", 1)[1]
    return after.split("\n\n## ", 1)[0]


def test_a_briefing_is_drafted_in_four_sections_from_the_findings_and_recommendations(cast):
    """Issue 14, Briefings: what happened, what we learned (the findings), what to do
    differently (the recommendations), questions for teams (made from them); the
    pseudonym, never the subject's name."""
    _records(cast)
    publication = briefings.briefing_draft(case=cast.case, user=cast.li_member)
    assert publication.kind == Kind.BRIEFING and publication.status == Status.DRAFT
    assert publication.case == cast.case and publication.pseudonym == "Child K"
    assert publication.section == Section.CHILDREN
    body = publication.body
    headings = [line[3:] for line in body.split("\n") if line.startswith("## ")]
    assert headings == list(briefings.SECTIONS)
    assert "Child K" in _section(body, "What happened")
    assert _section(body, "What we learned") == "\n".join(f"- {f}" for f in FINDINGS)
    assert _section(body, "What to do differently") == "\n".join(f"- {r}" for r in RECOMMENDATIONS)
    questions = _section(body, "Questions for teams").split("\n")
    assert questions[0] == (
        "- What would it take in our team to make sure that practitioners escalate a "
        "missed appointment to their safeguarding lead?"
    )
    assert len(questions) == len(RECOMMENDATIONS) + 1
    assert briefings._question("MARAC referrals include the DASH score.") == (
        "What would it take in our team to make sure that MARAC referrals include the DASH score?"
    )
    assert publication.key_findings == FINDINGS
    everything = " ".join([publication.title, publication.summary, body])
    assert SUBJECT_NAME not in everything and "Zebedee" not in everything
    assert services.public_problems(publication) == []


def test_the_drafted_briefing_is_approved_published_and_downloadable_on_the_public_site(
    client, cast
):
    """Issue 14, Briefings: edited, approved and published like any publication; the
    public site shows it as HTML and the tagged PDF."""
    _records(cast)
    client.force_login(cast.li_member)
    response = client.post("/publications/briefing/new/", {"case": cast.case.pk})
    publication = Publication.objects.get(kind=Kind.BRIEFING)
    assert response["Location"] == f"/publications/{publication.pk}/"
    hint = "Lantern drafted this from the case"
    assert hint in client.get(response["Location"]).content.decode()
    services.publication_update(
        publication=publication,
        user=cast.li_member,
        body=publication.body.replace(
            "This briefing shares", "Child K was known to five agencies. This briefing shares"
        ),
    )
    services.publication_submit(publication=publication, user=cast.li_member)
    services.publication_approve(publication=publication, user=cast.li_chair)
    services.publication_publish(publication=publication, user=cast.unit)
    # Issue 14 walk: the drafting hint ("before you submit it") ends with the drafting.
    assert hint not in client.get(f"/publications/{publication.pk}/").content.decode()
    page = client.get(f"/p/demoshire/learning/{publication.pk}/report/").content.decode()
    assert "What to do differently" in page and "five agencies" in page
    assert SUBJECT_NAME not in page
    pdf = client.get(f"/p/demoshire/learning/{publication.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_briefing_whose_finding_names_the_subject_cannot_be_submitted(cast):
    """The name check runs on the drafted text: a finding that names the subject keeps it
    a draft, and says why."""
    _records(cast, findings=[f"{SUBJECT_NAME} was not seen alone."])
    publication = briefings.briefing_draft(case=cast.case, user=cast.li_member)
    with pytest.raises(ValidationError):
        services.publication_submit(publication=publication, user=cast.li_member)
    publication.refresh_from_db()
    assert publication.status == Status.DRAFT


def test_only_drafters_of_the_partnership_draft_a_briefing(client, cast):
    """Style guide, Access: readers and outsiders get 403; another partnership's case is
    not offered, and the service refuses it."""
    for person in (cast.auditor, cast.outsider, cast.qap_chair):
        client.force_login(person)
        assert client.get("/publications/briefing/new/").status_code == 403
        assert client.post("/publications/briefing/new/", {"case": cast.case.pk}).status_code == 403
    client.force_login(cast.stranger)
    response = client.post("/publications/briefing/new/", {"case": cast.case.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(PermissionDenied):
        briefings.briefing_draft(case=cast.case, user=cast.stranger)
    assert not Publication.objects.exists()


def test_the_signed_in_page_downloads_docx_and_a_tagged_pdf(client, cast):
    """Issue 14, Briefings: as DOCX and tagged PDF, from the publication's own text; a
    draft is marked as one. Not for those who may not read publications."""
    from docx import Document
    from pypdf import PdfReader

    _records(cast)
    publication = briefings.briefing_draft(case=cast.case, user=cast.li_member)
    client.force_login(cast.auditor)
    response = client.get(f"/publications/{publication.pk}/download.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    for heading in briefings.SECTIONS:
        assert heading in texts
    assert "• " + FINDINGS[0] in "\n".join(texts)
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text
    response = client.get(f"/publications/{publication.pk}/download.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == publication.title
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("en-GB", "en-gb")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    client.force_login(cast.outsider)
    assert client.get(f"/publications/{publication.pk}/download.docx").status_code == 404


# Dissemination -------------------------------------------------------------------------------


def _good(cast, **overrides):
    return {
        "partnership": cast.partnership,
        "user": cast.unit,
        "kind": "seminar",
        "delivered_on": timezone.localdate() - datetime.timedelta(days=3),
        "title": "Neglect: learning from Child K",
        "audience": "Health visitors and school nurses",
        "attendance": 42,
        "agencies": [AgencyFactory(partnership=cast.partnership)],
    } | overrides


def test_a_seminar_delivered_is_recorded_and_listed_on_its_publication(client, cast):
    """Issue 14: seminars and briefings delivered are recorded (date, audience, agencies,
    attendance) as evidence of dissemination, on the publication's page."""
    publication = published(cast)
    agency = AgencyFactory(partnership=cast.partnership, name="Demoshire Police")
    client.force_login(cast.unit)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/publications/dissemination/new/?publication={publication.pk}",
        {
            "kind": "seminar",
            "delivered_on_0": day.day,
            "delivered_on_1": day.month,
            "delivered_on_2": day.year,
            "title": "Lunchtime seminar on neglect",
            "audience": "Designated safeguarding leads",
            "agencies": [agency.pk],
            "attendance": "37",
            "publication": publication.pk,
        },
    )
    assert response["Location"] == f"/publications/{publication.pk}/"
    record = Dissemination.objects.get()
    assert (record.delivered_on, record.attendance, record.created_by) == (day, 37, cast.unit)
    assert list(record.agencies.all()) == [agency]
    page = client.get(f"/publications/{publication.pk}/").content.decode()
    assert "Lunchtime seminar on neglect" in page and "Demoshire Police" in page
    listing = client.get("/publications/dissemination/").content.decode()
    assert "Designated safeguarding leads" in listing and "37" in listing


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"delivered_on": timezone.localdate() + datetime.timedelta(days=1)}, "delivered_on"),
        ({"delivered_on": None}, "delivered_on"),
        ({"delivered_on": datetime.date(1999, 12, 31)}, "delivered_on"),
        ({"attendance": -1}, "attendance"),
        ({"attendance": 1_000_000}, "attendance"),
        ({"attendance": None}, "attendance"),
        ({"attendance": True}, "attendance"),
        ({"audience": "Nurses\x00\x1b[31m"}, "audience"),
        ({"title": "Seminar\x07"}, "title"),
        ({"audience": "   "}, "audience"),
        ({"kind": "podcast"}, "kind"),
    ],
)
def test_bad_dissemination_input_is_refused_and_changes_nothing(cast, overrides, field):
    """Bad input gets a clear message on its field and nothing is written."""
    with pytest.raises(ValidationError) as error:
        briefings.dissemination_record(**_good(cast, **overrides))
    assert field in error.value.message_dict
    assert not Dissemination.objects.exists()


def test_dissemination_refuses_another_partnership_and_readers(cast):
    """Another partnership's agency or publication is refused; a reader records nothing."""
    other_agency = AgencyFactory(partnership=cast.stranger.partnership)
    with pytest.raises(ValidationError) as error:
        briefings.dissemination_record(**_good(cast, agencies=[other_agency]))
    assert "agencies" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        briefings.dissemination_record(**_good(cast, user=cast.auditor))
    with pytest.raises(PermissionDenied):
        briefings.dissemination_record(**_good(cast, user=cast.stranger))
    assert not Dissemination.objects.exists()


def test_a_future_date_through_the_page_shows_the_error_and_saves_nothing(client, cast):
    client.force_login(cast.li_member)
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(
        "/publications/dissemination/new/",
        {
            "kind": "briefing",
            "delivered_on_0": day.day,
            "delivered_on_1": day.month,
            "delivered_on_2": day.year,
            "title": "Briefing",
            "audience": "Social workers",
            "attendance": "-4",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert "must be today or in the past" in text and "cannot be negative" in text
    assert not Dissemination.objects.exists()
    client.force_login(cast.auditor)
    assert client.get("/publications/dissemination/new/").status_code == 403
    assert client.get("/publications/dissemination/").status_code == 200


def test_a_case_page_links_to_the_briefing_form_with_its_case_chosen(client, cast):
    """From a case: /publications/briefing/new/?case=<id> offers that case already chosen;
    another partnership's case is not offered at all."""
    client.force_login(cast.unit)
    page = client.get(f"/publications/briefing/new/?case={cast.case.pk}").content.decode()
    assert f'<option value="{cast.case.pk}" selected>' in page
    elsewhere = CaseFactory(partnership=cast.stranger.partnership, pathway="sar")
    page = client.get(f"/publications/briefing/new/?case={elsewhere.pk}").content.decode()
    assert f'value="{elsewhere.pk}"' not in page and "selected>" not in page
    assert "Draft a seven-minute briefing" in client.get("/publications/").content.decode()


def test_what_happened_counts_the_learning_in_words():
    """Issue 14 walk: the draft said "It found 1 thing to learn and made 0
    recommendations"; small numbers are words, as GOV.UK's style has them."""
    from lantern.publications.briefings import _count

    assert _count(0, "recommendation") == "no recommendations"
    assert _count(1, "finding") == "one finding"
    assert _count(3, "finding") == "three findings"
    assert _count(12, "recommendation") == "12 recommendations"
