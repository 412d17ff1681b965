"""Issue 15's "Done when" in a real browser, on a partnership made from scratch: the L&D
co-ordinator sets up a core course and a session, books a place, imports the register
(a bad file first: nothing written), and the on-the-day survey goes out. Time moves three
months: the daily run sends the follow-up survey, an attendee answers it through the link
in their e-mail with no account, and the same link then refuses a second answer; their
manager is asked next and answers; a link left unanswered closes when it expires. The
co-ordinator then reads the impact page and the evaluation report (page, DOCX, PDF,
XLSX), and records it as reported. axe-core (WCAG 2.2 AA) on every page; the pages
reflow at 320 CSS px."""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect

from lantern.accounts.models import Role
from lantern.learning.models import Theme
from lantern.notifications.tasks import daily_reminders_run
from lantern.training.models import (
    Booking,
    BookingStatus,
    EvaluationReport,
    SurveyInvitation,
    SurveyResponse,
)
from tests.factories import PASSWORD, AgencyFactory, PartnershipFactory, UserFactory

from .helpers import assert_reflows, fill_date, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = zoneinfo.ZoneInfo("Europe/London")
#: The day the co-ordinator sets the course up, the week before its session; and the
#: day after the session, when the register comes back.
SET_UP = datetime.datetime(2027, 1, 5, 10, 0, tzinfo=LONDON)
DAY_AFTER = datetime.datetime(2027, 1, 12, 14, 0, tzinfo=LONDON)
SESSION_DAY = datetime.date(2027, 1, 11)
COURSE = "Neglect: recognising and responding"
LINK = re.compile(r"https?://[^\s]+/survey/[^\s/]+/")


def _check(page, axe, where: str) -> None:
    axe.check(page, where)
    assert_reflows(page, where)


def _press(page, name: str) -> None:
    """A link styled as a button (role=button, as GOV.UK's start buttons are) or a link."""
    page.get_by_role("link", name=name, exact=True).or_(
        page.get_by_role("button", name=name, exact=True)
    ).click()


def _link_to(address: str, subject_has: str) -> str:
    """The survey link of the latest e-mail to this address whose subject says so."""
    found = [
        m
        for m in mail.outbox
        if address in m.to and subject_has.lower() in m.subject.lower() and LINK.search(m.body)
    ]
    assert found, f"no e-mail to {address} about {subject_has!r}: " + "; ".join(
        f"{m.to} {m.subject}" for m in mail.outbox
    )
    return LINK.search(found[-1].body).group(0)


def _answer(page, axe, link: str, where: str, choices: list[tuple[str, str]], text: str = ""):
    """Opens a survey link signed out and answers: each (question, choice) a radio."""
    page.goto(link)
    expect(page.get_by_role("heading", name="How your answers are used")).to_be_visible()
    _check(page, axe, where)
    for question, choice in choices:
        page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()
    if text:
        page.locator("textarea").first.fill(text)
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been sent")
    _check(page, axe, f"{where}: thanks")


def test_the_ld_coordinator_runs_a_course_to_its_impact_and_surveys_go_out_three_months_on(
    page, axe, browser, live_server, settings, tmp_path
):
    settings.LANTERN_BASE_URL = live_server.url
    partnership = PartnershipFactory(slug="fenshire", name="Fenshire Safeguarding Partnership")
    council = AgencyFactory(partnership=partnership, name="Fenshire Children's Services")
    police = AgencyFactory(partnership=partnership, name="Fenshire Police")
    coordinator = UserFactory(
        partnership=partnership, roles=[Role.LD_COORDINATOR], full_name="Grace Okafor"
    )
    assert Theme.objects.filter(name="Neglect and acts of omission").exists()

    traveller = time_machine.travel(SET_UP, tick=True)
    traveller.start()
    try:
        # --- The programme: a core course and its session -------------------------------
        sign_in_as(page, coordinator.email, PASSWORD)
        page.get_by_role("link", name="Training", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Training programme")
        _check(page, axe, "programme")
        _press(page, "Add a course")
        _check(page, axe, "new course")
        page.get_by_label("Title").fill(COURSE)
        page.get_by_role("group", name="Is it a core or a specialist course?").get_by_label(
            "Core"
        ).check()
        page.get_by_label("Learning outcomes").fill(
            "Recognise the signs of neglect\nUse the graded care profile"
        )
        page.get_by_label("Neglect and acts of omission").check()
        page.get_by_role("button", name=re.compile("^(Add|Save)")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
        _check(page, axe, "course")

        _press(page, "Add a session")
        _check(page, axe, "new session")
        fill_date(page, "Date", SESSION_DAY)
        page.get_by_label("Start time").fill("09:30")
        page.get_by_label("End time").fill("16:30")
        page.get_by_label("Trainer").fill("Dr Amara Bello")
        page.get_by_label("In person").check()
        page.get_by_label("Venue, or how to join online").fill("Fenshire House, Market Street")
        page.get_by_label("Places").fill("20")
        page.get_by_role("button", name=re.compile("^(Add|Save)")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Monday 11 January 2027")
        _check(page, axe, "session")

        # --- A place booked, then the register imported -----------------------------------
        page.get_by_role("link", name="Bookings and the waiting list").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Who is booked and who attended")
        _check(page, axe, "bookings")
        _press(page, "Book a place")
        _check(page, axe, "book a place")
        page.get_by_label("Full name").fill("Sam Booked")
        page.get_by_label("Email address", exact=True).fill("sam.booked@fenshire.example.org")
        page.get_by_label("Agency").select_option(label=police.name)
        page.get_by_label("Manager's email address").fill("sgt.lee@fenshire.example.org")
        page.get_by_role("button", name=re.compile("^Book")).click()
        expect(page.locator("main")).to_contain_text("Sam Booked")
        bookings_url = page.url

        # The session is held; the day after, the register comes back.
        traveller.stop()
        traveller = time_machine.travel(DAY_AFTER, tick=True)
        traveller.start()
        sign_in_as(page, coordinator.email, PASSWORD)
        page.goto(bookings_url)
        _press(page, "Import a register")
        _check(page, axe, "import the register")
        header = "Name,Email,Agency,Job title,Manager name,Manager email,Attended\n"
        bad = tmp_path / "register-bad.csv"
        bad.write_text(
            header + "Alex Rivers,alex.rivers@fenshire.example.org,Fenshire Housing,Social worker,"
            "Jo Manager,jo.manager@fenshire.example.org,yes\n"
        )
        page.get_by_label("Upload the register").set_input_files(str(bad))
        page.get_by_role("button", name="Upload and check the register").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Row 2")
        expect(summary).to_contain_text("Agency")
        _check(page, axe, "import the register: a bad row")
        assert Booking.objects.filter(session__course__title=COURSE).count() == 1

        good = tmp_path / "register.csv"
        good.write_text(
            header + f"Alex Rivers,alex.rivers@fenshire.example.org,{council.name},Social worker,"
            "Jo Manager,jo.manager@fenshire.example.org,yes\n"
            + f"Kim Walker,kim.walker@fenshire.example.org,{police.name},Detective constable,"
            "Pat Inspector,pat.inspector@fenshire.example.org,yes\n"
            + f"Sam Booked,sam.booked@fenshire.example.org,{police.name},,,,no\n"
        )
        page.get_by_label("Upload the register").set_input_files(str(good))
        page.get_by_role("button", name="Upload and check the register").click()
        expect(page.locator(".govuk-notification-banner")).to_be_visible()
        _check(page, axe, "bookings after the import")
        statuses = dict(
            Booking.objects.filter(session__course__title=COURSE).values_list("email", "status")
        )
        assert statuses == {
            "alex.rivers@fenshire.example.org": BookingStatus.ATTENDED,
            "kim.walker@fenshire.example.org": BookingStatus.ATTENDED,
            "sam.booked@fenshire.example.org": BookingStatus.DID_NOT_ATTEND,
        }

        # The on-the-day survey went to each attendee, not to whoever did not come.
        on_the_day = _link_to("alex.rivers@fenshire.example.org", "")
        # (Sam had the booking's calendar invitation before the day: no survey link since.)
        assert not [
            m
            for m in mail.outbox
            if "sam.booked@fenshire.example.org" in m.to and LINK.search(m.body)
        ]
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        practitioner = context.new_page()
        _answer(
            practitioner,
            axe,
            on_the_day,
            "on-the-day survey",
            [
                ("How confident were you in this area of practice before the training?", "2"),
                ("How confident are you now, after the training?", "4"),
                ("How far did the training increase your knowledge?", "5"),
            ],
        )
        sent_on_the_day = len(mail.outbox)

        # --- Three months on: the follow-up survey --------------------------------------
        traveller.stop()
        traveller = time_machine.travel(
            datetime.datetime(2027, 4, 12, 9, 0, tzinfo=LONDON), tick=True
        )
        traveller.start()
        daily_reminders_run(datetime.date(2027, 4, 12))
        follow_ups = SurveyInvitation.objects.filter(stage="follow_up")
        assert sorted(follow_ups.values_list("email", flat=True)) == [
            "alex.rivers@fenshire.example.org",
            "kim.walker@fenshire.example.org",
        ]
        assert len(mail.outbox) == sent_on_the_day + 2
        alex_follow_up = _link_to("alex.rivers@fenshire.example.org", "")
        kim_follow_up = _link_to("kim.walker@fenshire.example.org", "")
        assert alex_follow_up != on_the_day

        _answer(
            practitioner,
            axe,
            alex_follow_up,
            "three-month survey",
            [
                ("How confident are you now in this area of practice?", "5"),
                ("Have you changed your practice because of the training?", "Yes"),
            ],
            text="I now use the graded care profile at every home visit.",
        )
        # The link works once.
        practitioner.goto(alex_follow_up)
        expect(practitioner.get_by_role("heading", level=1)).to_have_text(
            "You have already answered this survey"
        )
        _check(practitioner, axe, "a used link")

        # The next day's run asks Alex's manager; Kim has not answered, so not hers yet.
        daily_reminders_run(datetime.date(2027, 4, 13))
        managers = SurveyInvitation.objects.filter(stage="manager")
        assert list(managers.values_list("email", flat=True)) == ["jo.manager@fenshire.example.org"]
        manager_link = _link_to("jo.manager@fenshire.example.org", "")
        manager = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
        _answer(
            manager,
            axe,
            manager_link,
            "manager's survey",
            [
                (
                    "Have you seen a change in their practice, or in your team's, since the "
                    "training?",
                    "Yes",
                )
            ],
            text="Home visits now record the home conditions in the same way.",
        )
        assert SurveyResponse.objects.filter(stage="manager").count() == 1

        # --- Kim's link, never answered, closes ---------------------------------------------
        traveller.stop()
        traveller = time_machine.travel(
            datetime.datetime(2027, 5, 20, 9, 0, tzinfo=LONDON), tick=True
        )
        traveller.start()
        practitioner.goto(kim_follow_up)
        expect(practitioner.get_by_role("heading", level=1)).to_have_text("This survey has closed")
        _check(practitioner, axe, "a closed link")
        context.close()

        # --- The impact and the evaluation report -----------------------------------------
        sign_in_as(page, coordinator.email, PASSWORD)
        page.goto("/training/")
        page.get_by_role("link", name=re.compile("impact", re.I)).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The impact of training")
        page.get_by_text("Choose the period").click()
        fill_date(page, "Start of the period", datetime.date(2027, 1, 1))
        fill_date(page, "End of the period", datetime.date(2027, 5, 20))
        page.get_by_role("button", name="Show the figures").click()
        main = page.locator("main")
        expect(main).to_contain_text(COURSE)
        _check(page, axe, "impact")

        page.goto("/training/")
        page.get_by_role("link", name=re.compile("report", re.I)).first.click()
        _check(page, axe, "evaluation report")
        report_url = page.url
        for name, starts in (("DOCX", b"PK"), ("a PDF", b"%PDF"), ("XLSX", b"PK")):
            link = page.get_by_role("link", name=re.compile(f"Download the report.*{name}"))
            response = page.request.get(link.first.get_attribute("href"))
            assert response.ok, name
            assert response.body().startswith(starts), name
            if name == "XLSX":
                book = load_workbook(io.BytesIO(response.body()))
                assert any(
                    cell.value == COURSE
                    for sheet in book
                    for row in sheet.iter_rows()
                    for cell in row
                )
        page.goto(report_url)
        page.get_by_role("button", name="Record this report as reported").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Record the evaluation as reported"
        )
        _check(page, axe, "record the report")
        page.get_by_role("button", name="Record it").click()
        expect(page.locator(".govuk-notification-banner")).to_be_visible()
        _check(page, axe, "the report recorded")
        assert EvaluationReport.objects.filter(partnership=partnership).count() == 1
    finally:
        traveller.stop()
