"""Issue 15, Reporting: the L&D co-ordinator's evaluation report for a period, routed
through the evaluation table (a group, or the L&D co-ordinator role by default), as a
page, DOCX, tagged PDF and XLSX; recorded as reported (when, to whom at that time) by
those who manage training; the list of past reports. Read by those who may read
training; 404 to anyone else."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.models import EvaluationRoute, ReportedItem
from lantern.partnerships.models import GroupKind
from lantern.training import report_documents
from lantern.training.impact import Scope, last_twelve_months
from lantern.training.models import EvaluationReport, Measure, Stage
from lantern.training.report import build_report, evaluation_report_record, recorded_reports
from tests.actions.helpers import make_plan
from tests.factories import GroupFactory, PartnershipFactory, UserFactory

from .factories import CourseFactory
from .impact_helpers import book, build_year, invite, observe, respond, session_on

pytestmark = pytest.mark.django_db

REPORT = reverse("training:report")
RECORD = reverse("training:report_record")


@pytest.fixture
def year():
    y = build_year()
    attendee = book(y.a1, agency=y.police, name="Olu Secretname")
    respond(
        y.a1,
        Stage.ON_THE_DAY,
        {Measure.CONFIDENCE_BEFORE: 2, Measure.CONFIDENCE_AFTER: 5},
        invitation=invite(attendee, Stage.ON_THE_DAY, answered=True),
    )
    respond(
        y.a1,
        Stage.FOLLOW_UP,
        {Measure.PRACTICE_CHANGE: 1, Measure.EXAMPLE: "I ask about the wider family now."},
    )
    book(y.b1, agency=y.council, name="Kim Hiddenname")
    observe(y.course_a, improvements="More time for case studies.")
    y.auditor = UserFactory(partnership=y.partnership, roles=[Role.AUDITOR])
    y.outsider = UserFactory(partnership=y.partnership)
    y.manager = UserFactory(partnership=y.partnership, roles=[Role.BUSINESS_MANAGER])
    return y


def scope(y) -> Scope:
    start, end = last_twelve_months()
    return Scope(y.partnership.pk, start, end)


def period(start: datetime.date, end: datetime.date) -> dict[str, str]:
    return {
        "start_0": str(start.day),
        "start_1": str(start.month),
        "start_2": str(start.year),
        "end_0": str(end.day),
        "end_1": str(end.month),
        "end_2": str(end.year),
    }


def test_the_report_goes_where_the_evaluation_table_routes_training(year):
    """By default to the L&D co-ordinator (a role); to the group a saved route names."""
    assert build_report(scope(year)).reported_to == "L&D co-ordinator"
    group = GroupFactory(partnership=year.partnership, kind=GroupKind.QAP, name="QA&P sub-group")
    EvaluationRoute.objects.create(
        partnership=year.partnership, item=ReportedItem.TRAINING, group=group
    )
    assert build_report(scope(year)).reported_to == "QA&P sub-group"


def test_the_report_page_has_every_section(client, year):
    """Summary, programme delivered, attendance by agency, quality assurance, impact,
    examples, courses that answer actions, what is next; "Reported to"; no names of
    attendees."""
    session_on(year.course_b, -30)  # a session planned next month
    client.force_login(year.auditor)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Summary",
        "Programme delivered",
        "Attendance by agency",
        "Quality assurance",
        "Impact",
        "Examples",
        "Courses that answer actions",
        "What is next",
        "Reported before",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "Reported to" in html and "L&amp;D co-ordinator" in html
    assert "I ask about the wider family now." in html
    assert "Secretname" not in html and "Hiddenname" not in html
    assert response.context["report"].next_sessions[0].course == year.course_b
    assert "Record this report as reported" not in html  # the auditor only reads


def test_courses_that_answer_actions_list_the_action_references_and_status(cast):
    """A course with a session in the period that is linked to an action lists the
    action's reference and status; a linked course with no session in it does not."""
    plan = make_plan(cast)
    partnership = cast.case.partnership
    course = CourseFactory(partnership=partnership, title="Discharge planning")
    session_on(course, 20)
    course.actions.add(plan.action)
    earlier = CourseFactory(partnership=partnership, title="Earlier course")
    session_on(earlier, 500)
    earlier.actions.add(plan.action)
    built = build_report(Scope(partnership.pk, *last_twelve_months()))
    [entry] = built.course_actions
    assert entry.course == course
    assert [(row.ref, row.state_label) for row in entry.actions] == [
        (f"{plan.recommendation.label}.{plan.action.number}", "Not started")
    ]


def test_the_documents_open_and_the_pdf_is_tagged(client, year):
    """DOCX (python-docx reads it, with its sections and tables), a tagged PDF (PDF/UA:
    marked, with a structure tree, its language and title) and an XLSX (openpyxl reads
    it: a sheet a table, numbers as numbers)."""
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(year.coordinator)
    query = period(*last_twelve_months())
    docx = client.get(reverse("training:report_docx"), query)
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(docx.content))
    texts = [p.text for p in document.paragraphs]
    assert "Attendance by agency" in texts and "Quality assurance" in texts
    assert any("I ask about the wider family now." in t for t in texts)
    assert "OFFICIAL – SENSITIVE" in document.sections[0].header.paragraphs[0].text
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Demoshire Police" in cells and "More time for case studies." in cells
    assert (
        document.inline_shapes[0]
        ._inline.docPr.get("descr")
        .startswith("Attendance and survey answers by quarter. Bar chart.")
    )

    pdf = client.get(reverse("training:report_pdf"), query)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("en-GB", "en-gb")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Training evaluation report")
    assert "Demoshire Police" in "".join(page.extract_text() for page in reader.pages)
    assert figure_alts(root["/StructTreeRoot"]) == [
        report_documents.chart_description_of(build_report(scope(year)).impact)
    ]

    xlsx = client.get(reverse("training:report_xlsx"), query)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert {"Summary", "Courses", "Agencies", "Surveys", "Impact by course", "By quarter"} <= set(
        book.sheetnames
    )
    agencies = list(book["Agencies"].iter_rows(min_row=4, values_only=True))
    assert ("Demoshire Police", 1, 1, 0, 100) in agencies
    surveys = {row[0]: row[1:] for row in book["Surveys"].iter_rows(min_row=4, values_only=True)}
    assert surveys["On the day"] == (1, 1, 0, 100)  # sent, answered, still open, rate
    assert surveys["Manager's survey"] == (0, 0, 0, None)
    # Nobody who booked or answered is named in any copy.
    words = [
        "\n".join(texts + cells),
        "".join(page.extract_text() for page in reader.pages),
        str([list(ws.values) for ws in book.worksheets]),
    ]
    for copy in words:
        assert "Secretname" not in copy and "Hiddenname" not in copy and "@" not in copy


def test_a_bad_period_on_a_download_goes_back_to_the_page(client, year):
    client.force_login(year.coordinator)
    bad = {"start_0": "31", "start_1": "2", "start_2": "2026"}
    response = client.get(reverse("training:report_pdf"), bad)
    assert response.status_code == 302 and response["Location"].startswith(REPORT)
    page = client.get(response["Location"])
    assert "govuk-error-summary" in page.content.decode()


@pytest.mark.parametrize("url", ["report", "report_docx", "report_pdf", "report_xlsx"])
def test_the_report_is_404_to_those_who_may_not_read_training(client, year, url):
    client.force_login(year.outsider)
    assert client.get(reverse(f"training:{url}")).status_code == 404
    stranger = UserFactory(partnership=PartnershipFactory(), roles=[Role.LD_COORDINATOR])
    client.force_login(stranger)
    if url == "report":
        built = client.get(reverse(f"training:{url}")).context["report"]
        assert built.impact.totals.attendance.booked == 0  # their own partnership's


def figure_alts(node) -> list[str]:
    """The alternative text of every figure in a tagged PDF's structure tree."""
    node = node.get_object()
    if not isinstance(node, dict):
        return []
    alts = [str(node["/Alt"])] if node.get("/S") == "/Figure" else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
        alts += figure_alts(kid)
    return alts


def record_data(start: datetime.date, end: datetime.date, on: datetime.date, summary=""):
    return {
        "period_start_0": start.day,
        "period_start_1": start.month,
        "period_start_2": start.year,
        "period_end_0": end.day,
        "period_end_1": end.month,
        "period_end_2": end.year,
        "reported_on_0": on.day,
        "reported_on_1": on.month,
        "reported_on_2": on.year,
        "summary": summary,
    }


def test_recording_the_report_keeps_where_it_went_at_that_time(client, year):
    """The L&D co-ordinator records the period's evaluation as reported: the period, the
    day, the summary and the route at that time; the report then shows the summary, and
    the list of past reports when and to whom. A later change of route leaves it."""
    start, end = last_twelve_months()
    today = timezone.localdate()
    client.force_login(year.coordinator)
    form = client.get(RECORD, period(start, end))
    assert form.status_code == 200 and "L&amp;D co-ordinator" in form.content.decode()
    response = client.post(
        RECORD, record_data(start, end, today, "Confidence rose; managers saw change.")
    )
    assert response.status_code == 302
    recorded = EvaluationReport.objects.get()
    assert (recorded.period_start, recorded.period_end, recorded.reported_on) == (start, end, today)
    assert recorded.reported_to_role == Role.LD_COORDINATOR and recorded.reported_to_group is None
    assert recorded.created_by == year.coordinator
    page = client.get(response["Location"]).content.decode()
    assert "Confidence rose; managers saw change." in page
    group = GroupFactory(partnership=year.partnership, kind=GroupKind.LI, name="L&I sub-group")
    EvaluationRoute.objects.create(
        partnership=year.partnership, item=ReportedItem.TRAINING, group=group
    )
    [past] = recorded_reports(year.partnership.pk)
    assert (past.reported_on, past.reported_to) == (today, "L&D co-ordinator")
    later = evaluation_report_record(
        user=year.coordinator,
        period_start=start,
        period_end=end,
        reported_on=today - datetime.timedelta(days=1),
        summary="",
    )
    assert later.reported_to_group == group and later.reported_to_role == ""
    assert [p.reported_to for p in recorded_reports(year.partnership.pk)] == [
        "L&D co-ordinator",
        "L&I sub-group",
    ]


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"period_end_2": 2000}, "period_end", "on or after its start"),
        ({"reported_on_2": 2099}, "reported_on", "today or earlier"),
        ({"reported_on_2": 1899}, "reported_on", "between 1 January 1900"),
        ({"summary": "Bad\x00text"}, "summary", "Null characters are not allowed"),
        ({"period_start_0": ""}, "period_start", "must include a day"),
    ],
)
def test_a_bad_record_is_refused_and_nothing_is_written(client, year, change, field, message):
    start, end = last_twelve_months()
    client.force_login(year.coordinator)
    response = client.post(RECORD, {**record_data(start, end, end), **change})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert message in str(response.context["form"].errors[field])
    assert not EvaluationReport.objects.exists()


def test_the_service_refuses_control_characters(year):
    """What the form would have cleaned is still refused by the service itself: a control
    character in the summary."""
    start, end = last_twelve_months()
    with pytest.raises(Exception, match="control characters"):
        evaluation_report_record(
            user=year.coordinator,
            period_start=start,
            period_end=end,
            reported_on=end,
            summary="Bad\x01text",
        )
    assert not EvaluationReport.objects.exists()


def test_the_same_report_is_not_recorded_twice(year):
    start, end = last_twelve_months()
    kwargs = {"period_start": start, "period_end": end, "reported_on": end, "summary": ""}
    evaluation_report_record(user=year.coordinator, **kwargs)
    with pytest.raises(Exception, match="already recorded"):
        evaluation_report_record(user=year.coordinator, **kwargs)
    assert EvaluationReport.objects.count() == 1


def test_only_those_who_manage_training_record_it(client, year):
    """Readers get 403 (they may read, not change), others 404; the Business Manager
    manages training and may."""
    client.force_login(year.auditor)
    assert client.get(RECORD).status_code == 403
    client.force_login(year.outsider)
    assert client.get(RECORD).status_code == 404
    client.force_login(year.manager)
    assert client.get(RECORD).status_code == 200
