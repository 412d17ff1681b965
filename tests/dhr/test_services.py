"""A DHR through the services on the clock: notification, decision, chair, report, Home
Office rounds, publication. Each rule is named in its test."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lantern.cases.models import Case, CaseStatus
from lantern.clock.models import CaseStep
from lantern.dhr import homeoffice, services
from lantern.dhr.models import Dhr

from .conftest import notification_data, report

pytestmark = pytest.mark.django_db
D = datetime.date


def _step(dhr, step_id):
    return CaseStep.objects.get(case=dhr.case, pathway="dhr", step_id=step_id)


DECIDED = D(2026, 3, 25)


def _decide(dhr, outcome="conduct", on=DECIDED, **extra):
    with time_machine.travel(on, tick=False):
        return services.dhr_decide(
            dhr=dhr, outcome=outcome, rationale="Criteria met.", decided_on=on, **extra
        )


def test_notification_opens_a_dhr_case_with_the_decision_due_in_a_month(dhr):
    case = dhr.case
    assert (case.pathway, case.stage, case.reference[:4]) == ("dhr", "notification", "DHR-")
    assert case.subject.full_name == "Alex Morgan Example"
    assert "Alex" not in case.title
    assert _step(dhr, "decision").due == D(2026, 4, 2)


def test_rule_nothing_is_saved_when_the_criteria_fail(manager):
    with time_machine.travel(D(2026, 3, 3), tick=False), pytest.raises(ValidationError) as caught:
        services.dhr_notify(
            user=manager,
            data=notification_data(date_of_birth=D(2012, 1, 1), relationship="other"),
        )
    assert set(caught.value.message_dict) == {"date_of_birth", "relationship"}
    assert not Case.objects.exists() and not Dhr.objects.exists()


def test_the_whole_pathway_to_publication(dhr, manager):
    _decide(dhr)
    assert dhr.case.stage == "review"
    assert _step(dhr, "decision").done_on == D(2026, 3, 25)
    # Rule: the overview report is due 6 months after the decision.
    assert _step(dhr, "report").due == D(2026, 9, 25)
    with time_machine.travel(D(2026, 4, 1), tick=False):
        services.chair_appoint(dhr=dhr, name="Jane Independent", on=D(2026, 4, 1))
    with time_machine.travel(D(2026, 9, 1), tick=False):
        first = report(dhr, manager, "Adult A was killed by her former partner.")
        services.overview_report_set(dhr=dhr, document=first)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
    assert _step(dhr, "report").done_on == D(2026, 9, 1)
    assert dhr.case.stage == "home-office"
    with time_machine.travel(D(2026, 10, 20), tick=False):
        homeoffice.submission_respond(
            dhr=dhr,
            response="resubmit",
            feedback="Say more on agencies.",
            responded_on=D(2026, 10, 15),
        )
        second = report(dhr, manager, "Adult A. More on agencies.", supersedes=first)
        services.overview_report_set(dhr=dhr, document=second)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 10, 20))
    with time_machine.travel(D(2026, 12, 1), tick=False):
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 12, 1)
        )
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 12, 1), url="https://example.org/dhr")
    assert [s.round for s in dhr.submissions.all()] == [1, 2]
    assert dhr.published_on == D(2026, 12, 1) and dhr.case.stage == "closed"


def test_rule_a_decision_not_to_review_is_sent_to_the_home_office_before_closing(dhr):
    _decide(dhr, outcome="no_review")
    assert dhr.case.status == CaseStatus.OPEN
    with time_machine.travel(D(2026, 3, 27), tick=False):
        with pytest.raises(ValidationError, match="between the decision and today"):
            services.home_office_told(dhr=dhr, on=D(2026, 3, 24))
        services.home_office_told(dhr=dhr, on=D(2026, 3, 26))
    case = Case.objects.get(pk=dhr.case.pk)
    assert (case.status, case.stage, case.closed_on) == ("closed", "closed", D(2026, 3, 26))
    assert not CaseStep.objects.filter(case=case, step_id="report").exists()


def test_rule_the_home_office_can_be_told_with_the_decision(dhr):
    _decide(dhr, outcome="no_review", home_office_told_on=D(2026, 3, 25))
    assert dhr.home_office_told_on == D(2026, 3, 25)
    assert Case.objects.get(pk=dhr.case.pk).status == CaseStatus.CLOSED


def test_rule_the_decision_needs_reasons_and_a_date_after_the_notification(dhr):
    with time_machine.travel(DECIDED, tick=False), pytest.raises(ValidationError) as caught:
        services.dhr_decide(dhr=dhr, outcome="conduct", rationale=" ", decided_on=D(2026, 3, 1))
    assert set(caught.value.message_dict) == {"rationale", "decided_on"}
    assert Dhr.objects.get(pk=dhr.pk).outcome == ""


def test_rule_the_decision_is_recorded_once(dhr):
    _decide(dhr)
    with pytest.raises(ValidationError, match="already been recorded"):
        _decide(dhr, outcome="no_review")


def test_rule_the_chair_is_appointed_after_a_decision_to_conduct(dhr):
    with pytest.raises(ValidationError, match="decided to conduct"):
        services.chair_appoint(dhr=dhr, name="Jane", on=D(2026, 3, 3))
    _decide(dhr)
    with pytest.raises(ValidationError) as caught:
        services.chair_appoint(dhr=dhr, name="", on=D(2026, 3, 20))
    assert set(caught.value.message_dict) == {"name", "on"}


def test_rule_a_draft_is_not_the_overview_report(dhr, manager):
    _decide(dhr)
    draft = report(dhr, manager, "Draft")
    draft.is_draft = True
    with pytest.raises(ValidationError, match="draft cannot"):
        services.overview_report_set(dhr=dhr, document=draft)


def test_rule_submission_needs_a_report_and_waits_for_the_panel(dhr, manager):
    _decide(dhr)
    with time_machine.travel(D(2026, 9, 1), tick=False):
        with pytest.raises(ValidationError, match="Choose the overview report"):
            homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A"))
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        with pytest.raises(ValidationError, match="not answered the last submission"):
            homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))


def test_rule_a_resubmission_is_a_new_version_sent_after_the_response(dhr, manager):
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        first = report(dhr, manager, "Adult A")
        services.overview_report_set(dhr=dhr, document=first)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        homeoffice.submission_respond(
            dhr=dhr, response="resubmit", feedback="More.", responded_on=D(2026, 9, 20)
        )
        with pytest.raises(ValidationError, match="new version"):
            homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 25))
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "v2", first))
        with pytest.raises(ValidationError, match="before the panel's last response"):
            homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 10))
        assert homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 25)).round == 2


def test_rule_a_request_to_resubmit_needs_the_feedback(dhr, manager):
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A"))
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        with pytest.raises(ValidationError) as caught:
            homeoffice.submission_respond(
                dhr=dhr, response="resubmit", feedback="", responded_on=D(2026, 8, 1)
            )
    assert set(caught.value.message_dict) == {"feedback", "responded_on"}
    assert dhr.submissions.get().response == "pending"


def test_rule_publication_is_refused_unless_the_latest_submission_was_accepted(dhr, manager):
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A"))
        with pytest.raises(ValidationError, match="must accept the report"):
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        homeoffice.submission_respond(
            dhr=dhr, response="resubmit", feedback="More.", responded_on=D(2026, 9, 20)
        )
        with pytest.raises(ValidationError, match="must accept the report"):
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
    assert Dhr.objects.get(pk=dhr.pk).published_on is None


def test_rule_publication_is_refused_while_the_report_names_the_person_who_died(dhr, manager):
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        named = report(dhr, manager, "Alex Example, born 17/05/1980, was killed.")
        services.overview_report_set(dhr=dhr, document=named)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 20)
        )
        with pytest.raises(ValidationError, match="still names the person who died") as caught:
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
        assert "the victim's date of birth" in caught.value.messages[0]
        assert "child" not in caught.value.messages[0]
        # Rule: only the exact version the panel accepted is published; any other report
        # (here one that is not a version of it) goes to the panel first.
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A"))
        with pytest.raises(ValidationError, match="submit this report to the panel first"):
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
        # The pseudonymised version 2 of the accepted report: resubmitted and accepted.
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A", named))
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 21))
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 28)
        )
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
    assert Dhr.objects.get(pk=dhr.pk).published_on == D(2026, 10, 1)


def test_the_page_offers_the_actions_of_each_stage(dhr, manager):
    from lantern.dhr.selectors import next_actions

    def actions():
        return next_actions(dhr, list(dhr.submissions.all()))

    assert actions() == ["decision"]
    _decide(dhr)
    assert actions() == ["chair", "report"]
    with time_machine.travel(D(2026, 9, 1), tick=False):
        services.chair_appoint(dhr=dhr, name="Jane Independent", on=D(2026, 4, 1))
        services.overview_report_set(dhr=dhr, document=report(dhr, manager, "Adult A"))
        assert actions() == ["report", "submit"]
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        assert actions() == ["report", "response"]
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 1)
        )
        assert actions() == ["report", "publish"]


def test_rule_only_the_version_the_home_office_accepted_is_published(dhr, manager):
    """Home Office DHR guidance: version 3 accepted, version 4 uploaded after it: version 4
    is refused until it has been submitted and accepted (it was published before)."""
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        v1 = report(dhr, manager, "Adult A, version 1")
        v2 = report(dhr, manager, "Adult A, version 2", v1)
        v3 = report(dhr, manager, "Adult A, version 3", v2)
        services.overview_report_set(dhr=dhr, document=v3)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 10)
        )
        v4 = report(dhr, manager, "Adult A, version 4", v3)
        services.overview_report_set(dhr=dhr, document=v4)
        with pytest.raises(ValidationError) as refused:
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
        assert refused.value.messages == [
            "Home Office DHR guidance: only the version the Home Office Quality Assurance "
            "Panel accepted (version 3) may be published. Version 4 is later: submit it to the "
            "panel and have it accepted first, or publish the accepted version."
        ]
        assert Dhr.objects.get(pk=dhr.pk).published_on is None
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 20))
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 25)
        )
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 10, 1), url="https://example.org/r")
    assert Dhr.objects.get(pk=dhr.pk).published_on == D(2026, 10, 1)


def test_rule_a_later_version_with_the_panel_waits_for_its_response_not_for_publication(
    dhr, manager
):
    """Version 1 accepted, version 2 submitted since: the panel's response to version 2 is
    what waits on My work, not publication (an earlier acceptance does not count for it)."""
    from lantern.work.selectors import work_for

    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        v1 = _accepted(dhr, manager, "Adult A, version 1")
        v2 = report(dhr, manager, "Adult A, version 2", v1)
        services.overview_report_set(dhr=dhr, document=v2)
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 20))
        titles = {i.title for i in work_for(manager) if i.case_reference == dhr.case.reference}
    assert "Record the Home Office QA Panel's response" in titles
    assert "Publish the report the panel accepted" not in titles


def test_rule_the_closed_stage_closes_the_case(dhr, manager):
    """Found on a walk: a published DHR read Stage "Closed" but Status "Open", and the case
    list's closed filter did not find it. The kernel closes a case reaching "closed"."""
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        _accepted(dhr, manager, "Adult A, version 1")
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 9, 30), url="https://example.org/r")
    case = Case.objects.get(pk=dhr.case.pk)
    assert (case.stage, case.status) == ("closed", CaseStatus.CLOSED)
    assert case.closed_on == D(2026, 9, 30)


def test_rule_nothing_is_published_before_the_subject_has_a_pseudonym(dhr, manager):
    """Found on a walk: a DHR and a CSPR were published while their case read "Published
    as: Not yet chosen". The refusal offers a pseudonym no other case uses."""
    from tests.factories import CaseFactory

    CaseFactory(partnership=dhr.case.partnership, pathway="sar", pseudonym="Adult A")
    dhr.case.pseudonym = ""
    dhr.case.save(update_fields=["pseudonym"])
    _decide(dhr)
    with time_machine.travel(D(2026, 10, 1), tick=False):
        _accepted(dhr, manager, "The report, version 1")
        with pytest.raises(ValidationError) as refused:
            homeoffice.dhr_publish(dhr=dhr, on=D(2026, 9, 30), url="https://example.org/r")
        assert refused.value.messages == [
            "Choose the pseudonym the published report uses for the person who died first, "
            "under Change the case details (“Adult B” is free): nothing is published before "
            "its subject has one."
        ]
        assert Dhr.objects.get(pk=dhr.pk).published_on is None
        dhr.case.pseudonym = "Adult B"
        dhr.case.save(update_fields=["pseudonym"])
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 9, 30), url="https://example.org/r")
    assert Dhr.objects.get(pk=dhr.pk).published_on == D(2026, 9, 30)


def _accepted(dhr, manager, text):
    """A first version chosen, submitted on 1 September and accepted on 10 September."""
    v1 = report(dhr, manager, text)
    services.overview_report_set(dhr=dhr, document=v1)
    homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
    homeoffice.submission_respond(
        dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 9, 10)
    )
    return v1
