"""Scheduling a case and recording what happens: re-chaining, extensions, pauses, the
partnership's own timescales and closures; every change of a due date is audited."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lantern.audit.models import AuditEvent
from lantern.clock.models import CaseStep, ClockSettings, ClosureDay, LocalTimescale
from lantern.clock.services import (
    case_schedule,
    closure_add,
    step_done,
    step_extend,
    step_pause,
    step_resume,
    timescale_set,
)
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

REFERRAL = date(2026, 12, 21)  # see test_scheduling for how each default date is counted
TODAY = datetime(2027, 1, 20, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def case():
    return CaseFactory()


def steps(case):
    return {s.step_id: s for s in CaseStep.objects.filter(case=case)}


def due(case):
    return {s.step_id: s.due for s in CaseStep.objects.filter(case=case)}


def step_events(step):
    return AuditEvent.objects.filter(object_type="clock.casestep", object_id=str(step.pk))


def test_schedule_creates_the_steps_in_order_with_their_dates(case):
    created = case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    assert [s.step_id for s in created] == [
        "scoping-sent",
        "scoping-returned",
        "meeting",
        "complete",
        "outcome-sent",
        "panel-notified",
    ]
    meeting = steps(case)["meeting"]
    assert (meeting.earliest, meeting.due, meeting.order) == (
        date(2027, 1, 4),
        date(2027, 1, 12),
        3,
    )
    assert steps(case)["complete"].statutory
    assert not meeting.statutory
    assert meeting.basis == "13 working days after referral received (21 December 2026)"


def test_schedule_uses_the_partnerships_closures_timescales_and_anchor(case):
    ClosureDay.objects.create(partnership=case.partnership, date=date(2026, 12, 23), reason="Move")
    LocalTimescale.objects.create(
        partnership=case.partnership, pathway="rapid-review", step_id="scoping-returned", amount=3
    )
    ClockSettings.objects.create(partnership=case.partnership, rapid_review_anchor="panel-notified")
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    dates = due(case)
    # Closed 23 Dec: 5 working days after 21 Dec are 22, 24, 29, 30, 31.
    assert dates["panel-notified"] == date(2026, 12, 31)
    # Counting from the notification (31 Dec): 4 Jan (1), 5 Jan (2).
    assert dates["scoping-sent"] == date(2027, 1, 5)
    assert dates["scoping-returned"] == date(2027, 1, 8)  # 3, not 5: 6, 7, 8


def test_schedule_again_keeps_what_happened(case):
    """Re-scheduling (say, the referral date was corrected) keeps dates steps were done."""
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    step_done(step=steps(case)["scoping-sent"], on=date(2026, 12, 22))
    case_schedule(case=case, pathway="rapid-review", start=date(2026, 12, 18))
    after = steps(case)
    assert after["scoping-sent"].done_on == date(2026, 12, 22)
    assert after["scoping-returned"].due == date(2026, 12, 31)  # still from the actual date
    assert after["complete"].due == date(2027, 1, 13)  # 15 working days from Fri 18 Dec
    assert CaseStep.objects.filter(case=case).count() == 6


def test_the_looked_after_steps_are_added_on_request_and_kept(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL, conditions={"looked-after"})
    assert "sos-ofsted-notified" in steps(case)
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    assert "sos-ofsted-notified" in steps(case)
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL, conditions=())
    assert "sos-ofsted-notified" not in steps(case)


def test_unknown_pathway_or_condition_is_refused(case):
    with pytest.raises(ValidationError, match="no timetable"):
        case_schedule(case=case, pathway="nonsense", start=REFERRAL)
    with pytest.raises(ValidationError, match="Unknown conditions"):
        case_schedule(case=case, pathway="rapid-review", start=REFERRAL, conditions={"x"})
    assert not CaseStep.objects.exists()


def test_done_rechains_the_steps_that_count_from_it(case):
    """Chained steps count from the predecessor's actual date once it happened."""
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    before = due(case)
    step = step_done(step=steps(case)["scoping-sent"], on=date(2026, 12, 29))
    after = due(case)
    assert after["scoping-returned"] == date(2027, 1, 6)  # 30, 31, 4, 5, 6
    assert {k: v for k, v in after.items() if k != "scoping-returned"} == {
        k: v for k, v in before.items() if k != "scoping-returned"
    }
    returned = steps(case)["scoping-returned"]
    assert returned.basis.endswith("(done 29 December 2026)")
    assert step_events(returned).filter(action="update").get().changes["due"] == [
        "2027-01-04",
        "2027-01-06",
    ]
    assert step.done_on == date(2026, 12, 29)


def test_done_cannot_be_in_the_future(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        step_done(step=steps(case)["meeting"], on=date(2027, 1, 21))


def test_done_on_the_notification_moves_everything_counted_from_it(case):
    ClockSettings.objects.create(partnership=case.partnership, rapid_review_anchor="panel-notified")
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    assert due(case)["complete"] == date(2027, 1, 21)
    step_done(step=steps(case)["panel-notified"], on=date(2026, 12, 22))
    dates = due(case)
    assert dates["scoping-sent"] == date(2026, 12, 24)  # 23, 24
    assert dates["complete"] == date(2027, 1, 15)  # 15 working days after 22 Dec
    assert dates["panel-notified"] == date(2026, 12, 30)  # its own due date stays


def test_extension_needs_a_reason_and_is_audited_with_it(case):
    """A clock can be extended only with a recorded reason; the change is on the trail."""
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    with pytest.raises(ValidationError, match="Enter the reason for the extension"):
        step_extend(step=meeting, new_due=date(2027, 1, 15), reason="  ")
    assert steps(case)["meeting"].due == date(2027, 1, 12)
    step_extend(step=meeting, new_due=date(2027, 1, 15), reason="Police chief unavailable")
    event = step_events(meeting).filter(action="update").get()
    assert event.changes["due"] == ["2027-01-12", "2027-01-15"]
    assert event.changes["extension_reason"] == ["", "Police chief unavailable"]
    # What counts from the meeting moves with it: 2 working days after 15 Jan.
    assert due(case)["outcome-sent"] == date(2027, 1, 19)
    assert due(case)["complete"] == date(2027, 1, 14)  # statutory, from the referral


def test_a_new_due_date_must_change_something_and_the_step_not_be_done(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    with pytest.raises(ValidationError, match="already due on 12 January 2027"):
        step_extend(step=meeting, new_due=date(2027, 1, 12), reason="Why not")
    with pytest.raises(ValidationError, match="cannot be before 4 January 2027, the earliest"):
        step_extend(step=meeting, new_due=date(2026, 12, 31), reason="Sooner")
    step_done(step=meeting, on=date(2027, 1, 11))
    with pytest.raises(ValidationError, match="already happened"):
        step_extend(step=meeting, new_due=date(2027, 1, 20), reason="Late")


def test_a_date_agreed_earlier_is_recorded_too(case):
    """A due date set by hand may be earlier (e.g. a publication date agreed sooner)."""
    case_schedule(case=case, pathway="cspr", start=date(2026, 12, 21))
    publication = steps(case)["publication"]
    step_extend(step=publication, new_due=date(2027, 6, 25), reason="Agreed with the Panel")
    publication = steps(case)["publication"]
    assert publication.basis == "Brought forward from 30 June 2027"
    # 7 working days before Fri 25 Jun 2027: 24, 23, 22, 21, 18, 17, 16 June.
    assert steps(case)["final-report-sent"].due == date(2027, 6, 16)


def test_an_extended_date_is_kept_when_what_it_counts_from_happens(case):
    """A date a person decided is not overwritten by re-chaining."""
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    step_extend(
        step=steps(case)["scoping-returned"], new_due=date(2027, 1, 8), reason="School closed"
    )
    step_done(step=steps(case)["scoping-sent"], on=date(2026, 12, 22))
    assert due(case)["scoping-returned"] == date(2027, 1, 8)


def test_pause_needs_a_reason_and_resume_moves_on_by_the_working_days_paused(case):
    """A clock can be paused only with a recorded reason; resuming moves the not-done due
    dates on by the working days paused."""
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    with pytest.raises(ValidationError, match="Enter the reason for pausing the clock"):
        step_pause(step=meeting, reason="")
    step_pause(step=meeting, reason="Awaiting the coroner", on=date(2027, 1, 4))
    assert step_events(meeting).filter(action="update").get().changes["pause_reason"] == [
        "",
        "Awaiting the coroner",
    ]
    # Paused Mon 4 to Thu 7 Jan: 4, 5 and 6 January, 3 working days.
    step_resume(step=meeting, on=date(2027, 1, 7))
    meeting = steps(case)["meeting"]
    assert (meeting.earliest, meeting.due) == (date(2027, 1, 7), date(2027, 1, 15))
    assert meeting.paused_days == 3 and meeting.paused_on is None
    assert meeting.basis.endswith("moved on 3 working days for a pause")
    assert due(case)["outcome-sent"] == date(2027, 1, 19)  # from the meeting's new due date
    assert due(case)["complete"] == date(2027, 1, 14)  # not counted from the meeting
    changes = [e.changes for e in step_events(meeting).filter(action="update").order_by("id")]
    assert changes[-1]["due"] == ["2027-01-12", "2027-01-15"]


def test_pause_and_resume_are_checked(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    with pytest.raises(ValidationError, match="not paused"):
        step_resume(step=meeting, on=date(2027, 1, 7))
    step_pause(step=meeting, reason="Coroner", on=date(2027, 1, 4))
    with pytest.raises(ValidationError, match="already paused since 4 January 2027"):
        step_pause(step=meeting, reason="Again")
    with pytest.raises(ValidationError, match="cannot restart before it was paused"):
        step_resume(step=meeting, on=date(2027, 1, 1))


def test_an_extended_step_that_is_paused_moves_on_from_its_extended_date(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    step_extend(step=meeting, new_due=date(2027, 1, 15), reason="Chair ill")
    step_pause(step=meeting, reason="Coroner", on=date(2027, 1, 11))
    step_resume(step=meeting, on=date(2027, 1, 13))  # 11 and 12 Jan: 2 working days
    assert due(case)["meeting"] == date(2027, 1, 19)  # 15 Jan + 2: 18, 19
    assert due(case)["outcome-sent"] == date(2027, 1, 21)


def test_done_while_paused_ends_the_pause(case):
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    meeting = steps(case)["meeting"]
    step_pause(step=meeting, reason="Coroner", on=date(2027, 1, 11))
    step_done(step=meeting, on=date(2027, 1, 13))
    meeting = steps(case)["meeting"]
    assert meeting.paused_on is None and meeting.paused_days == 2
    assert due(case)["outcome-sent"] == date(2027, 1, 15)  # 14, 15 after it happened


class TestLocalTimescales:
    def test_set_changes_future_schedules_and_is_audited(self, case):
        """A partnership can change its local timescales (not the statutory ones)."""
        local = timescale_set(
            partnership=case.partnership, pathway="rapid-review", step_id="meeting", amount=10
        )
        assert AuditEvent.objects.filter(
            object_type="clock.localtimescale", object_id=str(local.pk), action="create"
        ).exists()
        case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
        assert steps(case)["meeting"].due == date(2027, 1, 7)  # the 10th working day

    def test_statutory_timescales_are_refused(self, case):
        with pytest.raises(ValidationError, match="statutory timescale"):
            timescale_set(
                partnership=case.partnership, pathway="rapid-review", step_id="complete", amount=20
            )
        assert not LocalTimescale.objects.exists()

    @pytest.mark.parametrize(
        ("amount", "earliest", "field", "message"),
        [
            (0, None, "amount", "between 1 and 500"),
            (600, None, "amount", "between 1 and 500"),
            (6, None, "earliest_amount", "between 1 and 6"),  # default window opens at 7
            (13, 14, "earliest_amount", "between 1 and 13"),
        ],
    )
    def test_amounts_must_be_sane(self, case, amount, earliest, field, message):
        with pytest.raises(ValidationError) as caught:
            timescale_set(
                partnership=case.partnership,
                pathway="rapid-review",
                step_id="meeting",
                amount=amount,
                earliest_amount=earliest,
            )
        assert message in " ".join(caught.value.message_dict[field])

    def test_unknown_step_is_refused(self, case):
        with pytest.raises(ValidationError, match="no step nonsense"):
            timescale_set(
                partnership=case.partnership, pathway="rapid-review", step_id="nonsense", amount=3
            )

    def test_setting_the_default_again_removes_the_local_value(self, case):
        kwargs = {"partnership": case.partnership, "pathway": "rapid-review", "step_id": "meeting"}
        timescale_set(**kwargs, amount=10, earliest_amount=5)
        assert timescale_set(**kwargs, amount=13, earliest_amount=7) is None
        assert not LocalTimescale.objects.exists()
        assert AuditEvent.objects.filter(
            object_type="clock.localtimescale", action="delete"
        ).exists()


class TestClosures:
    def test_a_closure_on_a_day_that_does_not_count_anyway_is_refused(self, case):
        with pytest.raises(
            ValidationError,
            match=r"25 December 2026 is already not a working day \(a bank holiday\)",
        ):
            closure_add(partnership=case.partnership, on=date(2026, 12, 25), reason="Christmas")
        with pytest.raises(ValidationError, match=r"\(Saturday\)"):
            closure_add(partnership=case.partnership, on=date(2026, 12, 26), reason="Weekend")

    def test_a_closure_needs_a_reason_and_cannot_be_added_twice(self, case):
        with pytest.raises(ValidationError, match="Enter the reason for the closure"):
            closure_add(partnership=case.partnership, on=date(2026, 12, 29), reason="")
        closure_add(partnership=case.partnership, on=date(2026, 12, 29), reason="Office move")
        with pytest.raises(ValidationError, match=r"\(a closure day\)"):
            closure_add(partnership=case.partnership, on=date(2026, 12, 29), reason="Again")
        assert (
            AuditEvent.objects.filter(object_type="clock.closureday", action="create").count() == 1
        )


def test_a_local_value_the_declarations_no_longer_allow_is_ignored(case, caplog):
    """Should a step become statutory in a later release, a stored local value for it
    must not stop every schedule: it is left out, with a warning."""
    LocalTimescale.objects.create(
        partnership=case.partnership, pathway="rapid-review", step_id="complete", amount=20
    )
    case_schedule(case=case, pathway="rapid-review", start=REFERRAL)
    assert due(case)["complete"] == date(2027, 1, 14)
    assert "ignored" in caplog.text
