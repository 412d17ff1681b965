"""Steps are tracked with reminders (domain: MACFA timetable "each tracked with
reminders"; the same for every pathway): whoever runs the case is e-mailed a few days
before a step is due, on the first day it is overdue, then weekly until it is done."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from lantern.accounts.models import Role
from lantern.cases.models import Capacity, CaseStatus
from lantern.clock.models import CaseStep
from lantern.clock.reminders import step_reminders_plan, step_reminders_send
from lantern.clock.services import case_schedule
from lantern.notifications.models import Notification
from tests.factories import CaseFactory, MembershipFactory, UserFactory

QAP_MEETING = datetime.date(2027, 3, 24)  # a Wednesday


@pytest.fixture
def audit_case(db):
    case = CaseFactory(pathway="macfa", stage="preparation", subject=None)
    case_schedule(case=case, pathway="macfa", start=QAP_MEETING)
    return case


def _step(case, step_id):
    return CaseStep.objects.get(case=case, step_id=step_id)


def _plans(today):
    return {(p.step.step_id, p.overdue) for p in step_reminders_plan(today=today)}


def test_macfa_tool_devised_is_reminded_before_due_then_overdue_then_weekly(audit_case):
    lead = MembershipFactory(case=audit_case, capacity=Capacity.THEME_LEAD).person
    due = _step(audit_case, "tool-devised").due
    assert ("tool-devised", False) not in _plans(due - datetime.timedelta(days=4))
    step_reminders_send(today=due - datetime.timedelta(days=3), dry_run=False)
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert "is due soon" in mail.outbox[0].subject
    # Once before: not again the next day, nor on the due date.
    assert ("tool-devised", False) not in _plans(due - datetime.timedelta(days=2))
    assert ("tool-devised", False) not in _plans(due)
    overdue_day = due + datetime.timedelta(days=1)
    step_reminders_send(today=overdue_day, dry_run=False)
    assert "is overdue" in mail.outbox[-1].subject
    assert ("tool-devised", True) not in _plans(overdue_day + datetime.timedelta(days=6))
    assert ("tool-devised", True) in _plans(overdue_day + datetime.timedelta(days=7))


def test_a_step_done_paused_or_on_a_closed_case_is_not_reminded(audit_case):
    due = _step(audit_case, "tool-devised").due
    late = due + datetime.timedelta(days=1)
    CaseStep.objects.filter(case=audit_case, step_id="tool-devised").update(done_on=due)
    CaseStep.objects.filter(case=audit_case, step_id="cases-selected").update(paused_on=due)
    ids = {step_id for step_id, _ in _plans(late + datetime.timedelta(days=7))}
    assert "tool-devised" not in ids and "cases-selected" not in ids
    audit_case.status = CaseStatus.CLOSED
    audit_case.save()
    assert step_reminders_plan(today=QAP_MEETING) == []


def test_without_a_lead_on_the_case_the_business_unit_is_reminded(audit_case):
    MembershipFactory(case=audit_case, capacity=Capacity.OBSERVER)
    manager = UserFactory(partnership=audit_case.partnership, roles=[Role.BUSINESS_MANAGER])
    UserFactory(partnership=audit_case.partnership, roles=[Role.AUDITOR])
    due = _step(audit_case, "tool-devised").due
    [plan] = [p for p in step_reminders_plan(today=due) if p.step.step_id == "tool-devised"]
    assert plan.recipients == [manager]


def test_the_command_is_a_dry_run_unless_told_to_send(audit_case, capsys):
    MembershipFactory(case=audit_case, capacity=Capacity.LEAD)
    today = (_step(audit_case, "tool-devised").due + datetime.timedelta(days=1)).isoformat()
    call_command("send-step-reminders", "--today", today)
    out = capsys.readouterr().out
    assert "Would remind (Overdue)" in out and "Dry run: nothing was sent" in out
    assert not mail.outbox and not Notification.objects.exists()
    call_command("send-step-reminders", "--today", today, "--send")
    assert mail.outbox
    assert Notification.objects.filter(kind="step_overdue", case=audit_case).exists()
    assert _step(audit_case, "tool-devised").reminded_on == datetime.date.fromisoformat(today)


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send-step-reminders", "--today", "24/03/2027")


def test_a_due_soon_reminder_on_the_due_date_does_not_delay_the_overdue_one(audit_case):
    MembershipFactory(case=audit_case, capacity=Capacity.LEAD)
    due = _step(audit_case, "tool-devised").due
    step_reminders_send(today=due, dry_run=False)  # first reminded on the day it is due
    assert ("tool-devised", True) in _plans(due + datetime.timedelta(days=1))
