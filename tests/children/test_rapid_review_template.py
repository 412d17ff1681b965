"""The completed Rapid Review template (DOCX): the covering letter, the facts, the
analysis, the learning, the decision with its rationale, the immediate actions, and
each agency's scoping return as it truly stands."""

import datetime
import io

import docx
import pytest
import time_machine
from django.utils import timezone

from lantern.actions.models import Finding
from lantern.agencyrequests.models import AgencyRequest, RequestStatus
from lantern.children.models import RapidReview, ReferralStatus
from lantern.children.template import rapid_review_sections
from lantern.documents.generate import render_docx
from lantern.meetings.models import Attendance, Decision, Meeting, MeetingKind
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def review(partnership, agencies, referrer, manager):
    case = CaseFactory(partnership=partnership, pseudonym="Child A", stage="meeting")
    review = RapidReview.objects.create(
        case=case, referring_agency=agencies["School"], referred_by=referrer,
        authorised_by="Pat Lead", authorised_on=D(2026, 11, 2), received_on=D(2026, 11, 2),
        incident_on=D(2026, 11, 1), looked_after=False, abuse_or_neglect="suspected",
        harm="serious_harm", what_happened="Admitted to hospital with unexplained injuries.",
        status=ReferralStatus.ACCEPTED, panel_notified_on=D(2026, 11, 3),
    )  # fmt: skip
    review.involved_agencies.set([agencies[n] for n in ("Police", "Council", "ICB", "School")])
    return review


def _request(review, agency, **fields):
    return AgencyRequest.objects.create(
        case=review.case, agency=agency, kind="scoping", title="Scoping return",
        sent_on=D(2026, 11, 4), due=D(2026, 11, 11), **fields,
    )  # fmt: skip


@pytest.fixture
def recorded(review, agencies, manager):
    """Returns in every state, the meeting, its decision and a finding."""
    returns = [
        _request(review, agencies["Police"], status=RequestStatus.ACCEPTED,
                 submitted_at=_at(D(2026, 11, 9)), response="Two call-outs to the home in 2026."),
        _request(review, agencies["Council"], status=RequestStatus.SUBMITTED,
                 submitted_at=_at(D(2026, 11, 10)), response="Known to early help since 2025."),
        _request(review, agencies["ICB"], status=RequestStatus.SENT),
        _request(review, agencies["School"], status=RequestStatus.RETURNED,
                 submitted_at=_at(D(2026, 11, 8)), reviewed_at=_at(D(2026, 11, 9)),
                 response="Attendance fell (sent back: incomplete)."),
    ]  # fmt: skip
    meeting = Meeting.objects.create(
        case=review.case, kind=MeetingKind.RAPID_REVIEW, title="Rapid review meeting",
        date=D(2026, 11, 13), held=True, held_on=D(2026, 11, 13),
        minutes="Agencies each saw part of the picture; nobody shared the bruising.",
        actions="Strategy discussion for the sibling, Council, 14 Nov",
    )  # fmt: skip
    attendees = [
        Attendance.objects.create(meeting=meeting, name="DI Moss", agency=agencies["Police"],
                                  attended=True),
        Attendance.objects.create(meeting=meeting, name="Absent Person", agency=agencies["ICB"],
                                  attended=False),
    ]  # fmt: skip
    decision = Decision.objects.create(
        case=review.case, meeting=meeting, kind="cspr", kind_label="A local CSPR",
        rationale="Agencies could have worked together more effectively.",
        immediate_actions="Safety plan for the sibling.", decided_on=D(2026, 11, 13),
        recorded_by=manager, endorsed_by=manager, endorsed_on=D(2026, 11, 14),
    )  # fmt: skip
    Finding.objects.create(
        case=review.case,
        number=1,
        text="Bruising was not shared between agencies.",
        created_by=manager,
    )
    return {"returns": returns, "meeting": meeting, "attendees": attendees, "decision": decision}


def _docx_text(review, recorded) -> dict[str, str]:
    sections = rapid_review_sections(review, **recorded)
    data = render_docx(
        title="Completed Rapid Review template", sections=sections,
        marking="Strictly confidential", draft=False,
    )  # fmt: skip
    # Each Heading 1 and the paragraphs under it, as the document reads.
    text: dict[str, list[str]] = {}
    heading = ""
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        if paragraph.style.name == "Heading 1":
            heading = paragraph.text
            text[heading] = []
        elif heading:
            text[heading].append(paragraph.text)
    return {h: "\n".join(body) for h, body in text.items()}


@time_machine.travel(D(2026, 11, 16), tick=False)
def test_template_carries_every_part_with_the_covering_letter(review, recorded):
    text = _docx_text(review, recorded)
    assert list(text)[:1] == ["Covering letter"]
    for heading in [
        "The facts", "Analysis", "Learning identified", "Decision", "Rationale",
        "Immediate actions to keep children safe", "Scoping returns", "Endorsement",
    ]:  # fmt: skip
        assert heading in text
    letter = text["Covering letter"]
    assert "To the Child Safeguarding Practice Review Panel" in letter
    assert "16 November 2026" in letter
    assert "Rapid review " + review.case.reference + ": Child A" in letter
    assert "A local CSPR (13 November 2026)" in letter
    assert "endorsed it on 14 November 2026" in letter
    assert "on behalf of the safeguarding partners of Test Safeguarding Partnership" in (
        letter.lower().replace("test safeguarding partnership", "Test Safeguarding Partnership")
    )
    assert "Admitted to hospital with unexplained injuries." in text["The facts"]
    assert "Two call-outs to the home in 2026." in text["The facts"]
    # A return sent back is not a fact the review received.
    assert "Attendance fell" not in text["The facts"]
    assert "nobody shared the bruising" in text["Analysis"]
    assert "Finding 1: Bruising was not shared between agencies." in text["Learning identified"]
    assert "A local CSPR, decided on 13 November 2026." in text["Decision"]
    assert text["Rationale"] == "Agencies could have worked together more effectively."
    actions = text["Immediate actions to keep children safe"]
    assert "Safety plan for the sibling." in actions
    assert "Strategy discussion for the sibling, Council, 14 Nov" in actions
    assert "DI Moss" in text["Rapid review meeting"]
    assert "Absent Person" not in text["Rapid review meeting"]
    # The child's name never appears: the pseudonym only.
    assert review.case.subject.full_name not in "\n".join(text.values())


def test_each_scoping_return_is_listed_as_it_truly_stands(review, recorded):
    """Rule: an unreturned scoping return is never listed as 'sent' or returned."""
    lines = _docx_text(review, recorded)["Scoping returns"].splitlines()
    assert lines == [
        "Police: Returned on 9 November 2026.",
        "Council: Returned on 10 November 2026.",
        "ICB: Not returned (due 11 November 2026).",
        "School: Not returned (due 11 November 2026); its return was sent back on "
        "9 November 2026 to be completed again.",
    ]


def test_parts_not_yet_recorded_say_so(review, recorded):
    """Nothing is invented: empty minutes, no findings, no immediate actions say so."""
    recorded["meeting"].minutes = recorded["meeting"].actions = ""
    recorded["decision"].immediate_actions = ""
    Finding.objects.filter(case=review.case).delete()
    text = _docx_text(review, recorded)
    assert "minutes of the rapid review meeting are empty" in text["Analysis"]
    assert "No learning has been recorded yet" in text["Learning identified"]
    assert text["Immediate actions to keep children safe"] == "None recorded."


# Found on a walk: the completed template was not truthful about what it holds.


@pytest.fixture
def police_file(review, recorded, agencies):
    """The Police return's answer is an uploaded file."""
    from django.core.files.base import ContentFile

    police = recorded["returns"][0]
    police.response = ""
    police.response_file.save(
        "police_return.txt", ContentFile(b"Officers attended on 2 and 9 October."), save=True
    )
    return police


def test_found_on_a_walk_the_template_says_how_the_child_is_referred_to(review, recorded):
    """Rule: the template says truthfully how the child is referred to (the pseudonym if
    chosen, else "the child") and that returns are quoted as agencies wrote them."""
    case_text = _docx_text(review, recorded)["Case"]
    assert "The child is called" not in case_text
    assert "referred to by the pseudonym Child A" in case_text
    assert "quoted as each agency wrote them" in case_text
    assert "National Panel in confidence" in case_text
    review.case.pseudonym = ""
    case_text = _docx_text(review, recorded)["Case"]
    assert "No pseudonym has been chosen" in case_text
    assert "referred to as “the child”" in case_text


def test_found_on_a_walk_the_heading_does_not_repeat_the_reference(review, recorded):
    """Rule: with no pseudonym the letter's heading is the reference once, not
    "Rapid review RR-…: RR-…", and the letter speaks of "the child"."""
    review.case.pseudonym = ""
    letter = _docx_text(review, recorded)["Covering letter"]
    ref = review.case.reference
    assert f"Rapid review {ref}: {ref}" not in letter
    assert f"Rapid review {ref}" in letter.splitlines()
    assert "the completed Rapid Review for the child," in letter


def test_found_on_a_walk_the_letter_matches_what_the_template_holds(review, recorded):
    """Rule: the covering letter says the learning is set out below only when there is
    learning; otherwise it names it as not yet recorded."""
    letter = _docx_text(review, recorded)["Covering letter"]
    assert "the learning identified" in letter.split("set out below")[0]
    assert "Not yet recorded" not in letter
    Finding.objects.filter(case=review.case).delete()
    recorded["meeting"].minutes = ""
    letter = _docx_text(review, recorded)["Covering letter"]
    set_out, missing = letter.split("set out below.")[0], letter.split("Not yet recorded")[1]
    assert "learning" not in set_out and "analysis" not in set_out
    assert "our analysis" in missing and "the learning identified" in missing


def test_found_on_a_walk_an_uploaded_text_return_is_quoted(review, recorded, police_file):
    """Rule: a return uploaded as a readable file (text, DOCX, PDF) has its text quoted in
    the facts, not "(Return attached as …)" for a file that is not attached."""
    facts = _docx_text(review, recorded)["The facts"]
    assert "Return attached as" not in facts
    assert "Officers attended on 2 and 9 October." in facts
    assert "police_return.txt" in facts


def test_found_on_a_walk_an_uploaded_docx_return_is_quoted(review, recorded, police_file):
    from django.core.files.base import ContentFile

    document = docx.Document()
    document.add_paragraph("Child protection strategy meeting held on 3 October.")
    data = io.BytesIO()
    document.save(data)
    police_file.response_file.save("police_return.docx", ContentFile(data.getvalue()))
    facts = _docx_text(review, recorded)["The facts"]
    assert "Child protection strategy meeting held on 3 October." in facts


def test_found_on_a_walk_a_long_return_is_bounded(review, recorded, police_file):
    from django.core.files.base import ContentFile

    from lantern.children.template import QUOTED_FILE_LIMIT

    police_file.response_file.save("police_return.txt", ContentFile(b"word " * 5000))
    facts = _docx_text(review, recorded)["The facts"]
    assert len(facts) < QUOTED_FILE_LIMIT + 1000
    assert "the rest is held in Lantern and is not reproduced here" in facts


def test_found_on_a_walk_an_unreadable_return_says_it_is_not_reproduced(
    review, recorded, police_file
):
    """Rule: a file whose text cannot be read is said plainly to be held in Lantern and
    not reproduced here."""
    from django.core.files.base import ContentFile

    police_file.response_file.save("police_return.xlsx", ContentFile(b"PK\x03\x04 spreadsheet"))
    facts = _docx_text(review, recorded)["The facts"]
    assert "police_return.xlsx, held in Lantern: it is not reproduced here" in facts


def test_found_on_a_walk_possessives_of_names_ending_in_s(review, recorded, agencies):
    """Rule: "Children's Services'" and "Demo Homes'", never "Services's"."""
    from lantern.children.template import possessive

    assert possessive("Children's Services") == "Children's Services'"
    assert possessive("Demo Homes") == "Demo Homes'"
    assert possessive("Police") == "Police's"
    agencies["Council"].name = "Children's Services"
    agencies["Council"].save()
    recorded["returns"][1].status = RequestStatus.ACCEPTED
    facts = _docx_text(review, recorded)["The facts"]
    assert "From Children's Services' scoping return:" in facts
    assert "'s's" not in facts and "s's " not in facts


@time_machine.travel(D(2026, 11, 16), tick=False)
def test_found_on_a_walk_the_letter_is_signed_by_who_generated_it(review, recorded, manager):
    """Rule: the letter is signed with the name and role of the person who generated the
    template, not "The Business Manager" with no name."""
    manager.full_name = "Sam Okafor"
    manager.save()
    from lantern.children.outcome import template_generate

    docx_doc, _pdf = template_generate(review=review, user=manager)
    with docx_doc.file.open("rb") as stored:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(stored.read())).paragraphs]
    assert any(p.startswith("Sam Okafor, Business Manager, on behalf of") for p in paragraphs)
    assert not any(p.startswith("The Business Manager") for p in paragraphs)


def test_found_on_a_walk_the_final_report_choice_offers_only_reports(review, recorded, manager):
    """Rule: the CSPR's final-report choice offers only report kinds, never the Rapid
    Review template, and labels the DOCX and PDF of one version apart."""
    from django.core.files.base import ContentFile

    from lantern.children.forms import FinalReportForm
    from lantern.children.outcome import template_generate
    from lantern.documents.generate import render_pdf
    from lantern.documents.services import document_upload

    template_generate(review=review, user=manager)
    for name, render in (("report.docx", render_docx), ("report.pdf", render_pdf)):
        content = render(title="Final report", sections=[("Findings", "Text")], marking="",
                         draft=False)  # fmt: skip
        document_upload(
            case=review.case, title="Final report", kind="final_report", user=manager,
            is_draft=False, file=ContentFile(content, name=name),
        )  # fmt: skip
    form = FinalReportForm(documents=review.case.documents.filter(is_draft=False))
    choices = [label for value, label in form.fields["document"].choices if value]
    assert sorted(choices) == ["Final report (version 1) (DOCX)", "Final report (version 1) (PDF)"]
    template = review.case.documents.get(kind="rapid_review_template", filename__endswith=".pdf")
    posted = FinalReportForm({"document": template.pk}, documents=review.case.documents.all())
    assert not posted.is_valid()


@time_machine.travel(D(2026, 11, 16), tick=False)
def test_the_review_page_asks_for_the_template_which_a_job_writes(
    client, review, recorded, manager, referrer
):
    """Issue 13: the template is written in the background: the button makes a job, whose
    page links to the DOCX and PDF kept as the case's documents, signed as before by who
    asked; someone who may not change the case can neither ask nor see it."""
    from django.urls import reverse

    from lantern.documents.models import DocumentJob, JobStatus

    manager.full_name = "Sam Okafor"
    manager.save()
    url = reverse("children:template", args=[review.case.reference])
    client.force_login(referrer)
    assert client.post(url).status_code in (403, 404)
    assert not DocumentJob.objects.exists()
    client.force_login(manager)
    asked = client.post(url)
    job = DocumentJob.objects.get()
    assert asked["Location"] == f"/documents/jobs/{job.pk}/"
    assert (job.status, job.case, job.title) == (
        JobStatus.DONE, review.case, "Completed Rapid Review template",
    )  # fmt: skip
    docx_doc, pdf_doc = sorted(job.documents.all(), key=lambda d: d.filename)
    assert docx_doc.filename.endswith(".docx") and pdf_doc.filename.endswith(".pdf")
    assert docx_doc.kind == "rapid_review_template" and docx_doc.version == 1
    with docx_doc.file.open("rb") as stored:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(stored.read())).paragraphs]
    assert "Covering letter" in paragraphs
    assert any(p.startswith("Sam Okafor, Business Manager, on behalf of") for p in paragraphs)
    text = client.get(asked["Location"]).content.decode()
    assert "Completed Rapid Review template written" in text
    assert f'href="/cases/{review.case.reference}/documents/{pdf_doc.pk}/"' in text
    assert f'href="{reverse("children:review", args=[review.case.reference])}"' in text
    client.force_login(referrer)
    assert client.get(asked["Location"]).status_code == 404


def test_without_a_decision_the_template_is_refused_before_any_job(client, review, manager):
    """Issue 13: the pathway's refusal is said at once, on the review page."""
    from django.urls import reverse

    from lantern.documents.models import DocumentJob

    client.force_login(manager)
    asked = client.post(reverse("children:template", args=[review.case.reference]), follow=True)
    assert "Record the meeting&#x27;s decision before writing the template." in (
        asked.content.decode()
    )
    assert not DocumentJob.objects.exists()


@time_machine.travel(D(2026, 11, 16), tick=False)
def test_a_template_being_written_is_linked_from_the_review_page_not_asked_twice(
    client, review, recorded, manager
):
    """Issue 13 (walk): while the template's job waits or runs, the review page (the
    case page) links to its job page, in its documents and in place of the button."""
    from django.urls import reverse

    from lantern.children.document_jobs import TEMPLATE
    from lantern.children.views import TEMPLATE_JOB
    from lantern.documents.models import DocumentJob, JobStatus

    assert TEMPLATE.name == TEMPLATE_JOB
    page = reverse("children:review", args=[review.case.reference])
    button = "Write the completed Rapid Review template</button>"
    client.force_login(manager)
    assert button in client.get(page).content.decode()
    job = DocumentJob.objects.create(
        partnership=review.case.partnership, requested_by=manager, builder=TEMPLATE.name,
        params={"reference": review.case.reference}, fmt="docx+pdf",
        title="Completed Rapid Review template", case=review.case, status=JobStatus.RUNNING,
    )  # fmt: skip
    text = client.get(page).content.decode()
    assert button not in text
    job_link = f'href="/documents/jobs/{job.pk}/"'
    assert f'is being prepared: <a class="govuk-link" {job_link}>see its progress</a>' in text
    assert f"{job_link}>Completed Rapid Review template</a>: being prepared" in text
