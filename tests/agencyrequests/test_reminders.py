"""Reminders: once shortly before the due date, daily while overdue, never twice a day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from lantern.agencyrequests.models import Reminder, RequestStatus
from lantern.agencyrequests.reminders import reminders_send
from lantern.cases.models import CaseStatus

from .conftest import TODAY, make_request

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def due_in_two_days(cast, agencies):
    return make_request(cast.case, agencies.police, sent_on=TODAY - 3 * DAY, due=TODAY + 2 * DAY)


@pytest.fixture
def overdue(cast, agencies):
    return make_request(cast.case, agencies.icb, sent_on=TODAY - 9 * DAY, due=TODAY - 3 * DAY)


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_dry_run_sends_nothing_and_records_nothing(due_in_two_days, overdue):
    plans = reminders_send(today=TODAY, dry_run=True)
    assert {(p.request, p.kind) for p in plans} == {(due_in_two_days, "before"), (overdue, "after")}
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_before_the_due_date_the_agencys_representatives_are_reminded(due_in_two_days, agencies):
    reminders_send(today=TODAY, dry_run=False)
    assert _recipients() == [agencies.police_rep.email]
    assert "is due on Wednesday 4 March 2026" in mail.outbox[0].body
    assert Reminder.objects.get().kind == "before"


def test_the_before_reminder_is_sent_once_not_every_day(due_in_two_days):
    reminders_send(today=TODAY, dry_run=False)
    reminders_send(today=TODAY + DAY, dry_run=False)
    assert len(mail.outbox) == 1


def test_too_early_for_a_reminder(cast, agencies):
    make_request(cast.case, agencies.police, sent_on=TODAY - DAY, due=TODAY + 3 * DAY)
    assert reminders_send(today=TODAY, dry_run=False) == []
    assert mail.outbox == []


def test_no_reminder_on_the_day_the_request_is_sent(cast, agencies):
    make_request(cast.case, agencies.police, sent_on=TODAY, due=TODAY + DAY)
    assert reminders_send(today=TODAY, dry_run=False) == []


def test_overdue_reminds_the_agency_and_the_case_lead(cast, overdue, agencies):
    reminders_send(today=TODAY, dry_run=False)
    assert _recipients() == sorted([agencies.icb_rep.email, cast.member.email])
    to_rep, to_lead = sorted(mail.outbox, key=lambda m: m.to != [agencies.icb_rep.email])
    assert "3 days ago" in to_rep.body
    assert "Please submit it" in to_rep.body
    assert "You are told because you lead this case." in to_lead.body
    assert to_rep.subject.startswith("[Lantern] Overdue:")


def test_overdue_reminders_repeat_daily_but_never_twice_a_day(overdue):
    reminders_send(today=TODAY, dry_run=False)
    reminders_send(today=TODAY, dry_run=False)
    assert len(mail.outbox) == 2  # the representative and the lead, once
    reminders_send(today=TODAY + DAY, dry_run=False)
    assert len(mail.outbox) == 4


@pytest.mark.parametrize("status", [RequestStatus.SUBMITTED, RequestStatus.ACCEPTED])
def test_answered_requests_are_not_chased(overdue, status):
    overdue.status = status
    overdue.save()
    assert reminders_send(today=TODAY, dry_run=False) == []


def test_requests_on_closed_cases_are_not_chased(cast, overdue):
    cast.case.status = CaseStatus.CLOSED
    cast.case.save()
    assert reminders_send(today=TODAY, dry_run=False) == []


def test_a_refused_reminder_is_tried_again_on_the_next_run(settings, overdue):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    reminders_send(today=TODAY, dry_run=False)
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders_send(today=TODAY, dry_run=False)
    assert len(mail.outbox) == 2


def test_an_agency_with_nobody_on_the_case_is_reported(cast):
    from tests.factories import AgencyFactory

    lonely = AgencyFactory(partnership=cast.case.partnership)
    make_request(cast.case, lonely, sent_on=TODAY - 3 * DAY, due=TODAY + DAY)
    [plan] = reminders_send(today=TODAY, dry_run=False)
    assert plan.recipients == []
    assert mail.outbox == []


class TestCommand:
    def test_dry_run_by_default_prints_what_it_would_send(self, due_in_two_days, overdue):
        out = StringIO()
        call_command("send-reminders", "--today", TODAY.isoformat(), stdout=out)
        text = out.getvalue()
        assert "Would remind (Due soon)" in text
        assert "Would remind (Overdue)" in text
        assert "2 reminders to 3 people" in text
        assert "Dry run: nothing was sent" in text
        assert mail.outbox == []

    def test_send_sends_and_summarises(self, overdue):
        out = StringIO()
        call_command("send-reminders", "--send", "--today", TODAY.isoformat(), stdout=out)
        assert "Reminded (Overdue)" in out.getvalue()
        assert "1 reminder to 2 people." in out.getvalue()
        assert len(mail.outbox) == 2

    def test_today_defaults_to_today(self, overdue):
        out = StringIO()
        call_command("send-reminders", stdout=out)
        assert out.getvalue().startswith("Would remind (Overdue)")
        assert "2026-03-02" in out.getvalue()

    def test_bad_date_is_refused_clearly(self):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("send-reminders", "--today", "2/3/2026")
