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
    assert "on behalf of the safeguarding partners of Test Safeguarding Partnership" in letter
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
