"""Opening an audit and building its tool."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.audits import services
from lantern.audits.models import Question
from lantern.cases.models import Capacity
from lantern.clock.models import CaseStep
from tests.factories import UserFactory

from .conftest import QAP_ON, TODAY, open_audit

pytestmark = pytest.mark.django_db


def test_audit_open_makes_a_macfa_case_with_no_subject_titled_by_the_theme(audit, theme_lead):
    case = audit.case
    assert case.pathway == "macfa" and case.subject is None
    assert case.title == "Neglect in under-fives"
    membership = case.memberships.get()
    assert membership.person == theme_lead and membership.capacity == Capacity.THEME_LEAD


def test_audit_open_counts_the_timetable_back_from_the_qap_meeting(audit):
    steps = {s.step_id: s for s in CaseStep.objects.filter(case=audit.case, pathway="macfa")}
    assert set(steps) == {
        "audit", "tool-devised", "cases-selected", "template-sent", "programme-sent",
        "report-presented",
    }  # fmt: skip
    audit_on = QAP_ON - datetime.timedelta(weeks=4)
    assert steps["audit"].due == audit_on
    assert steps["tool-devised"].due == audit_on - datetime.timedelta(weeks=7)
    assert steps["cases-selected"].due == audit_on - datetime.timedelta(weeks=6)
    # Five weeks before is Easter Monday 2026: back over Good Friday to Thursday 2 April.
    assert steps["template-sent"].due == datetime.date(2026, 4, 2)
    # A week before is the early May bank holiday (Mon 4 May): back to Friday 1 May.
    assert steps["programme-sent"].due == datetime.date(2026, 5, 1)
    assert steps["report-presented"].due == QAP_ON
    assert all(s.start == QAP_ON for s in steps.values())


def test_audit_open_refuses_a_lead_from_elsewhere_a_past_meeting_and_blanks(partnership):
    stranger = UserFactory()
    with pytest.raises(ValidationError) as error:
        open_audit(
            partnership, stranger, theme=" ", scope="", qap_meeting_on=TODAY - datetime.timedelta(1)
        )
    assert set(error.value.message_dict) == {"theme", "scope", "theme_lead", "qap_meeting_on"}


def test_an_audit_opened_earlier_is_recorded_with_its_own_dates(partnership, theme_lead):
    opened = TODAY - datetime.timedelta(weeks=12)
    past = open_audit(
        # The Friday before: a QA&P meeting is on a working day (TODAY is a Monday).
        partnership,
        theme_lead,
        qap_meeting_on=TODAY - datetime.timedelta(3),
        opened_on=opened,
    )
    assert past.case.opened_on == opened
    with pytest.raises(ValidationError) as error:
        open_audit(partnership, theme_lead, opened_on=TODAY + datetime.timedelta(1))
    assert error.value.message_dict == {"opened_on": ["An audit cannot be opened in the future."]}
    with pytest.raises(ValidationError, match="today or later"):
        open_audit(partnership, theme_lead, qap_meeting_on=opened - datetime.timedelta(1),
                   opened_on=opened)  # fmt: skip


def test_questions_are_ordered_and_removal_closes_the_gap(audit):
    first = services.question_add(audit=audit, text="One?", kind="open", guidance="Hint")
    services.question_add(audit=audit, text="Two?", kind="yes_no")
    services.question_add(audit=audit, text="Three?", kind="graded")
    services.question_remove(question=first)
    assert [(q.order, q.text) for q in audit.questions.all()] == [(1, "Two?"), (2, "Three?")]


def test_a_question_needs_text_and_a_known_kind(audit):
    with pytest.raises(ValidationError) as error:
        services.question_add(audit=audit, text="", kind="essay")
    assert set(error.value.message_dict) == {"text", "kind"}


def test_copy_a_tool_from_an_earlier_audit_keeps_questions_and_order(
    audit, partnership, theme_lead
):
    services.question_add(audit=audit, text="One?", kind="open", guidance="Look at notes")
    services.question_add(audit=audit, text="Two?", kind="graded")
    later = open_audit(partnership, theme_lead, theme="Exploitation")
    services.tool_copy(audit=later, source=audit)
    copied = [(q.order, q.text, q.kind, q.guidance) for q in later.questions.all()]
    assert copied == [(1, "One?", "open", "Look at notes"), (2, "Two?", "graded", "")]
    with pytest.raises(ValidationError, match="already has questions"):
        services.tool_copy(audit=later, source=audit)


def test_copy_refuses_another_partnerships_audit(audit):
    from tests.factories import PartnershipFactory

    other = PartnershipFactory()
    elsewhere = open_audit(other, UserFactory(partnership=other))
    services.question_add(audit=elsewhere, text="Q?", kind="open")
    with pytest.raises(ValidationError, match="earlier audit of this partnership"):
        services.tool_copy(audit=audit, source=elsewhere)


def test_finalising_marks_tool_devised_done_and_freezes_the_questions(audit):
    with pytest.raises(ValidationError, match="at least one question"):
        services.tool_finalise(audit=audit)
    question = services.question_add(audit=audit, text="Q?", kind="open")
    services.tool_finalise(audit=audit)
    step = CaseStep.objects.get(case=audit.case, step_id="tool-devised")
    assert step.done_on == TODAY
    with pytest.raises(ValidationError, match="finalised"):
        services.question_add(audit=audit, text="Late?", kind="open")
    with pytest.raises(ValidationError, match="finalised"):
        services.question_remove(question=question)
    assert Question.objects.count() == 1
