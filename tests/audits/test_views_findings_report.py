"""Findings, good practice, ratification, learning, seminars and the report pages, each
tried with the four people; a bad form shows its GOV.UK error and changes nothing."""

import datetime

import pytest
from django.urls import reverse

from lantern.actions.models import Finding, Recommendation
from lantern.actions.services import action_create
from lantern.audits import findings, grading
from lantern.audits.models import GoodPractice, Ratification, Seminar
from lantern.documents.models import Document
from tests.factories import GroupFactory

from .conftest import (
    MEASURE,
    RECOMMENDATION,
    TODAY,
    date_data,
    four,
    moderate_all,
    open_audit,
    url,
)

pytestmark = pytest.mark.django_db

READ = [200, 200, 404, 404]
LEAD = [200, 403, 404, 404]
POSTED = [302, 403, 404, 404]


@pytest.fixture
def cast_found(audit_cast, cast_returned):
    """The cast's audit moderated, with one finding."""
    member = audit_cast.member
    moderate_all(cast_returned, member)
    grading.audit_judge(audit=cast_returned, judgement="good", note="Consistent.", user=member)
    findings.finding_add(audit=cast_returned, text="Voice of the child is thin.", user=member)
    return cast_returned


def test_findings_page_is_read_by_members_and_offers_changes_to_leads(
    client, audit_cast, cast_found
):
    case = audit_cast.case
    four(client, audit_cast, url("findings", case), READ)
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("findings", case)).content.decode()
    assert "Voice of the child is thin." in body and "Add a finding" not in body
    client.force_login(audit_cast.member)
    assert "Add a finding" in client.get(url("findings", case)).content.decode()


def test_finding_page_four_people_errors_then_saved(client, audit_cast, cast_found):
    address = url("finding_add", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    assert "Enter the finding." in client.post(address, {"text": " "}).content.decode()
    assert Finding.objects.count() == 1
    assert client.post(address, {"text": "Second."}).status_code == 302
    assert Finding.objects.count() == 2


def test_recommendation_page_four_people_errors_then_saved(client, audit_cast, cast_found):
    finding = Finding.objects.get()
    address = url("recommendation_add", audit_cast.case, finding.pk)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    group = GroupFactory(partnership=audit_cast.case.partnership)
    data = {"text": RECOMMENDATION, "owner": audit_cast.member.pk,
            "monitoring_group": group.pk, "impact_measure": MEASURE,
            **date_data("impact_review_on", TODAY)}  # fmt: skip
    body = client.post(address, data).content.decode()
    assert "The impact review date must be in the future." in body
    assert "Keep it as written" not in body
    assert not Recommendation.objects.exists()
    data |= date_data("impact_review_on", TODAY + datetime.timedelta(days=90))
    assert client.post(address, data).status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.owner, recommendation.finding) == (audit_cast.member, finding)
    assert recommendation.case == audit_cast.case
    assert client.get(url("recommendation_add", audit_cast.case, 999)).status_code == 404


def test_recommendation_page_gives_the_quality_prompts_advice_then_keeps_it_as_written(
    client, audit_cast, cast_found
):
    finding = Finding.objects.get()
    address = url("recommendation_add", audit_cast.case, finding.pk)
    client.force_login(audit_cast.member)
    group = GroupFactory(partnership=audit_cast.case.partnership)
    data = {"text": "Remind staff to hear the child.", "owner": audit_cast.member.pk,
            "monitoring_group": group.pk, "impact_measure": "Re-audit.",
            **date_data("impact_review_on", TODAY + datetime.timedelta(days=90))}  # fmt: skip
    assert "Keep it as written" not in client.get(address).content.decode()
    body = client.post(address, data).content.decode()
    # The advice is the recommendation's error, with the way to go on regardless after it.
    assert 'href="#id_text"' in body and "too short to track" in body
    assert body.index('name="text"') < body.index('name="keep_as_written"')
    assert body.index('name="keep_as_written"') < body.index('name="owner"')
    assert not Recommendation.objects.exists()
    assert client.post(address, data).status_code == 200  # not ticked: advised again
    response = client.post(address, data | {"keep_as_written": "on"})
    assert response.status_code == 302
    assert Recommendation.objects.get().text == "Remind staff to hear the child."


def test_rule_no_recommendation_page_for_a_finding_of_another_case(
    client, audit_cast, cast_found, partnership, theme_lead, manager
):
    other = open_audit(partnership, theme_lead)
    elsewhere = findings.finding_add(audit=other, text="Elsewhere.", user=manager)
    client.force_login(audit_cast.member)
    address = url("recommendation_add", audit_cast.case, elsewhere.pk)
    assert client.get(address).status_code == 404


def test_good_practice_and_acknowledgement_pages_four_people(client, audit_cast, cast_found):
    case = audit_cast.case
    four(client, audit_cast, url("good_practice_add", case), LEAD)
    client.force_login(audit_cast.member)
    assert (
        "Describe the good practice."
        in client.post(url("good_practice_add", case), {"text": ""}).content.decode()
    )
    assert (
        client.post(url("good_practice_add", case), {"text": "Prompt sharing."}).status_code == 302
    )
    practice = GoodPractice.objects.get()
    address = url("acknowledge", case, practice.pk)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"acknowledged_to": ""}).content.decode()
    assert "Enter who it was acknowledged to." in body
    data = {
        "acknowledged_to": "Director of Children's Services",
        **date_data("acknowledged_on", TODAY),
    }
    assert client.post(address, data).status_code == 302
    practice.refresh_from_db()
    assert practice.acknowledged_on == TODAY


def test_ratification_page_four_people_refuses_the_executive_first(client, audit_cast, cast_found):
    address = url("ratify", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    partnership = audit_cast.case.partnership
    executive = GroupFactory(partnership=partnership, kind="executive", name="Executive")
    dscpg = GroupFactory(partnership=partnership, kind="childrens_group", name="DSCPG")
    client.force_login(audit_cast.member)
    body = client.post(address, {"group": executive.pk, **date_data("ratified_on", TODAY)})
    assert "The findings go to the Executive after" in body.content.decode()
    assert not Ratification.objects.exists()
    for group in (dscpg, executive):
        data = {"group": group.pk, **date_data("ratified_on", TODAY)}
        assert client.post(address, data).status_code == 302
    assert [r.group for r in Ratification.objects.all()] == [dscpg, executive]


def test_learning_page_four_people_refuses_flagging_a_summary_that_names_a_case(
    client, audit_cast, cast_found
):
    address = url("learning", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    reference = grading.selected_references(cast_found)[0]
    body = client.post(
        address, {"text": f"As {reference} shows.", "flagged": "on"}
    ).content.decode()
    assert f"The summary names {reference}" in body
    assert client.post(address, {"text": f"As {reference} shows."}).status_code == 302
    cast_found.refresh_from_db()
    assert cast_found.learning_summary and not cast_found.learning_flagged_for_publication


def test_seminar_page_four_people_errors_then_saved(client, audit_cast, cast_found):
    address = url("seminar_add", audit_cast.case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.post(address, {"title": "Lunch", "attended_count": "many"}).content.decode()
    assert "Enter how many attended, as a number." in body and "Enter who it was for." in body
    data = {"title": "Lunch and learn", "audience": "Health visitors", "attended_count": "18",
            **date_data("held_on", TODAY)}  # fmt: skip
    assert client.post(address, data).status_code == 302
    assert Seminar.objects.get().attended_count == 18


def test_report_page_shows_the_counts_table_and_the_accessible_chart(
    client, audit_cast, cast_found
):
    case = audit_cast.case
    four(client, audit_cast, url("report", case), READ)
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("report", case)).content.decode()
    assert "Count of each grade, by agency and overall" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in body
    # The chart's description states the numbers, as does the table.
    assert "Council: Outstanding 0, Good 4, Requires improvement 0, Inadequate 0;" in body
    assert "Generate the report" not in body


def test_generating_the_report_four_people_then_a_draft_is_listed(client, audit_cast, cast_found):
    case = audit_cast.case
    four(client, audit_cast, url("generate", case), POSTED, method="post")
    assert Document.objects.filter(case=case).count() == 2  # the member's: DOCX and PDF
    client.force_login(audit_cast.member)
    body = client.get(url("report", case)).content.decode()
    assert "Multi-agency case file audit report.pdf" in body and "draft" in body
    # Issue 12, item 2: a draft is named only to whoever may open it.
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("report", case)).content.decode()
    assert "Multi-agency case file audit report.pdf" not in body


def test_closing_four_people_refused_until_ratified(client, audit_cast, cast_found):
    case = audit_cast.case
    four(client, audit_cast, url("close", case), POSTED, method="post")
    client.force_login(audit_cast.member)
    response = client.post(url("close", case), follow=True)
    assert "The audit closes once the Executive has ratified" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_recording_the_presentation_at_the_qap_four_people_errors_then_saved(
    client, audit_cast, cast_found
):
    case = audit_cast.case
    address = url("presented", case)
    four(client, audit_cast, address, LEAD)
    client.force_login(audit_cast.member)
    body = client.get(url("report", case)).content.decode()
    assert "due at the QA&amp;P meeting" in body and address not in body  # no report yet
    body = client.post(address, date_data("presented-on", TODAY)).content.decode()
    assert "Generate the report before recording its presentation." in body
    client.post(url("generate", case))
    tomorrow = TODAY + datetime.timedelta(days=1)
    body = client.post(address, date_data("presented-on", tomorrow)).content.decode()
    assert "today or in the past" in body
    step = case.steps.get(step_id="report-presented")
    assert step.done_on is None
    assert client.post(address, date_data("presented-on", TODAY)).status_code == 302
    step.refresh_from_db()
    assert step.done_on == TODAY
    body = client.get(url("report", case)).content.decode()
    assert f"presented at the QA&amp;P meeting on {TODAY:%-d %B %Y}" in body


def _recommend_with_action(audit, finding, user, group):
    recommendation = findings.recommendation_add(
        audit=audit, finding=finding, text=RECOMMENDATION, owner=user, monitoring_group=group,
        impact_measure=MEASURE, impact_review_on=TODAY + datetime.timedelta(90), user=user,
    )  # fmt: skip
    action_create(
        recommendation=recommendation, title="Change the visit template", user=user,
        lead_agency=audit.case.partnership.agencies.get(name="Council"), owner=user,
        due=TODAY + datetime.timedelta(30), success_measure="The template is in use.",
    )  # fmt: skip


def test_findings_and_report_pages_query_counts_stay_flat(
    client, audit_cast, cast_found, django_assert_num_queries
):
    member = audit_cast.member
    partnership = audit_cast.case.partnership
    group = GroupFactory(partnership=partnership)
    _recommend_with_action(cast_found, Finding.objects.get(), member, group)
    client.force_login(audit_cast.business_manager)
    findings_page, report_page = url("findings", audit_cast.case), url("report", audit_cast.case)
    client.get(findings_page)
    # session, user, two-factor device, partnership, the case, roles, the audit chain's
    # head taken and the read logged (issue 12, item 4), the audit, ratifications (group
    # joined), the recommendations (owner, group and finding joined), their actions, the
    # actions' lead agencies, their owners, the findings, good practice (agency joined),
    # seminars; no session write (issue 13)
    with django_assert_num_queries(17):
        client.get(findings_page)
    # ... the audit, the returns (agency joined), the judgements, the documents, the
    # "report presented" step, the Executive's ratification
    with django_assert_num_queries(14):
        client.get(report_page)
    for n in range(3):
        finding = findings.finding_add(audit=cast_found, text=f"Finding {n}.", user=member)
        _recommend_with_action(cast_found, finding, member, group)
        findings.good_practice_add(audit=cast_found, text=f"Good {n}.", agency=None, user=member)
    with django_assert_num_queries(17):
        client.get(findings_page)
    with django_assert_num_queries(14):
        client.get(report_page)
    # Once ratified, each recommendation links to the tracker: no query more.
    for kind, name in (("childrens_group", "DSCPG"), ("executive", "Executive")):
        ratifier = GroupFactory(partnership=partnership, kind=kind, name=name)
        findings.ratification_record(
            audit=cast_found, group=ratifier, ratified_on=TODAY, note="", user=member
        )
    with django_assert_num_queries(17):
        body = client.get(findings_page).content.decode()
    assert body.count("1 action in the action plan.") == 4


def test_once_ratified_the_findings_page_sends_readers_to_the_action_plan_in_the_tracker(
    client, audit_cast, cast_found
):
    member = audit_cast.member
    partnership = audit_cast.case.partnership
    _recommend_with_action(cast_found, Finding.objects.get(), member, GroupFactory(
        partnership=partnership))  # fmt: skip
    recommendation = Recommendation.objects.get()
    tracker = reverse("actions:case", args=[audit_cast.case.reference])
    tracked = reverse("actions:recommendation", args=[recommendation.pk])
    client.force_login(audit_cast.read_only_member)
    body = client.get(url("findings", audit_cast.case)).content.decode()
    assert "Add actions to the action plan" not in body and tracked not in body
    dscpg = GroupFactory(partnership=partnership, kind="childrens_group", name="DSCPG")
    findings.ratification_record(
        audit=cast_found, group=dscpg, ratified_on=TODAY, note="", user=member
    )
    assert (
        "Add actions to the action plan"
        not in client.get(url("findings", audit_cast.case)).content.decode()
    )
    executive = GroupFactory(partnership=partnership, kind="executive", name="Executive")
    findings.ratification_record(
        audit=cast_found, group=executive, ratified_on=TODAY, note="", user=member
    )
    for person in (audit_cast.member, audit_cast.read_only_member):
        client.force_login(person)
        body = client.get(url("findings", audit_cast.case)).content.decode()
        assert f'href="{tracker}">Add actions to the action plan</a>' in body
        assert f'href="{tracked}">See {recommendation.label} in the action tracker</a>' in body
        assert "1 action in the action plan." in body
        assert "Add a recommendation" not in body
