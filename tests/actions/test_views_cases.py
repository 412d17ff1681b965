"""The learning of one case: the page, adding findings and recommendations (with the
quality prompt and repeat learning), and adopting national learning."""

import pytest
from django.urls import reverse

from lantern.accounts.models import Role
from lantern.actions.models import Finding, Recommendation
from lantern.actions.services import recommendation_create
from lantern.cases.models import Case
from tests.factories import CaseFactory, MembershipFactory, UserFactory

from .helpers import MEASURE, TEXT, days, grow_learning, make_plan

VAGUE = "Agencies should raise awareness of neglect."


@pytest.fixture
def plan(cast):
    return make_plan(cast)


def _url(name, case):
    return reverse(f"actions:{name}", args=[case.reference])


# The learning page -------------------------------------------------------------------


def test_the_learning_page_shows_findings_recommendations_and_actions(client, plan):
    client.force_login(plan.cast.member)
    response = client.get(_url("case", plan.case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Finding 1" in body and "Discharge plans were not shared" in body
    assert "Recommendation 1" in body and "agree a written protocol for sharing" in body
    assert plan.action.title in body
    assert "Add a recommendation" in body and "Add an action" in body


def test_the_learning_page_is_read_only_for_an_observer(client, plan):
    client.force_login(plan.cast.read_only_member)
    body = client.get(_url("case", plan.case)).content.decode()
    assert plan.action.title in body
    assert "Add a recommendation" not in body and "Add an action" not in body


def test_the_learning_page_does_not_exist_for_outsiders(client, plan):
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.get(_url("case", plan.case)).status_code == 404


def test_the_learning_page_is_logged_as_a_read(client, plan):
    from lantern.audit.models import AuditEvent

    client.force_login(plan.cast.read_only_member)
    client.get(_url("case", plan.case))
    event = AuditEvent.objects.filter(actor=plan.cast.read_only_member, action="read").last()
    assert event.object_id == str(plan.case.pk)
    assert event.changes == {"viewed": "learning and actions"}


# Queries for the learning page, whatever the number of findings, recommendations and
# actions:
#  1. the session                     2. the person
#  3. their two-factor devices        4. their partnership (header)
#  5. the case                        6. their roles (the policy)
#  7. their membership of the case    8. the read logged
#  9. the case's recommendations, with group, owner, finding and what each repeats joined
# 10. their actions                  11. the actions' lead agencies
# 12. the actions' owners            13. the case's findings
# 14. the agencies they answer for   15. the groups they sit on
# 16. which of the recommendations repeated they may read
# 17. the groups they chair, 18. the groups they sit on (may they draft a briefing, as
#     the L&I sub-group's chair or member: issue 14; a further query each where they do)
# +1. before the read is logged (8), the audit chain's head taken (issue 12, item 4)
# (no session write: issue 13 renews it at most once a minute)
LEARNING_QUERIES = 19


@pytest.mark.parametrize("total", [2, 20])
def test_the_learning_page_query_count_stays_flat(client, plan, django_assert_num_queries, total):
    grow_learning(plan, total)
    client.force_login(plan.cast.member)
    with django_assert_num_queries(LEARNING_QUERIES):
        response = client.get(_url("case", plan.case))
    assert response.status_code == 200
    entries = [e for _f, es in response.context["findings"] for e in es]
    assert sum(len(e.rows) for e in entries + response.context["unlinked"]) == total


def test_the_learning_page_offers_a_seven_minute_briefing_to_those_who_draft_them(client, plan):
    """Issue 14: a review's findings and recommendations become a briefing from their page,
    for the Business Unit and the L&I sub-group (who draft publications), not for others;
    the link opens the briefing form with this case chosen."""
    href = f"/publications/briefing/new/?case={plan.case.pk}"
    client.force_login(plan.cast.business_manager)
    body = client.get(_url("case", plan.case)).content.decode()
    assert f'href="{href}"' in body
    form = client.get(href)
    assert form.status_code == 200
    client.force_login(plan.cast.member)
    assert f'href="{href}"' not in client.get(_url("case", plan.case)).content.decode()


def test_the_case_page_links_to_its_learning(client, plan):
    plan.case.pathway = "national"  # the generic case page: every pathway's page has the link
    plan.case.save(update_fields=["pathway"])
    client.force_login(plan.cast.member)
    body = client.get(reverse("cases:detail", args=[plan.case.reference])).content.decode()
    assert f'href="{_url("case", plan.case)}"' in body


# Adding a finding ----------------------------------------------------------------------


def test_the_lead_adds_a_finding(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(_url("finding_add", plan.case), {"text": "Nobody owned the plan."})
    assert response.status_code == 302
    assert Finding.objects.get(case=plan.case, number=2).text == "Nobody owned the plan."


def test_a_blank_finding_is_refused_and_nothing_saved(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(_url("finding_add", plan.case), {"text": "  "})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Enter the finding." in response.content.decode()
    assert Finding.objects.filter(case=plan.case).count() == 1


def test_only_whoever_runs_the_case_adds_findings(client, plan):
    url = _url("finding_add", plan.case)
    client.force_login(plan.cast.read_only_member)
    assert client.post(url, {"text": "x"}).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, {"text": "x"}).status_code == 404
    assert Finding.objects.filter(case=plan.case).count() == 1


# Adding a recommendation -------------------------------------------------------------


def _form(plan, **changes):
    review_on = days(200)
    data = {
        "finding": Finding.objects.get(case=plan.case).pk,
        "text": "The police and the council run a joint audit of strategy discussions for "
        "infants under one each quarter and report the results to the group.",
        "monitoring_group": plan.group.pk,
        "owner": plan.cast.member.pk,
        "impact_measure": "Nine in ten strategy discussions include health within two days.",
        "impact_review_on_0": review_on.day,
        "impact_review_on_1": review_on.month,
        "impact_review_on_2": review_on.year,
        "save": "1",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_lead_adds_a_recommendation(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(_url("recommendation_add", plan.case), _form(plan))
    added = Recommendation.objects.get(case=plan.case, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:recommendation", args=[added.pk])
    assert added.monitoring_group == plan.group and added.owner == plan.cast.member
    assert added.finding.number == 1 and added.repeats is None


def test_a_vague_recommendation_shows_the_quality_prompt_until_kept_as_written(client, plan):
    client.force_login(plan.cast.member)
    url = _url("recommendation_add", plan.case)
    response = client.post(url, _form(plan, text=VAGUE))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "too short to track" in body
    assert "Before you save it" in body
    assert "Keep it as written" in body
    assert Recommendation.objects.filter(case=plan.case).count() == 1
    response = client.post(url, _form(plan, text=VAGUE, keep_as_written="on"))
    assert response.status_code == 302
    assert Recommendation.objects.get(case=plan.case, number=2).text == VAGUE


def test_a_recommendation_that_passes_the_prompt_shows_no_prompt(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(_url("recommendation_add", plan.case), _form(plan, save=None, check="1"))
    assert response.status_code == 200
    assert [(c.name, c.ok) for c in response.context["checks"]] == [
        ("Specific", True),
        ("Has an owner", True),
        ("Has a measure", True),
    ]
    body = response.content.decode()
    assert "Before you save it" not in body and "Keep it as written" not in body
    assert "There is a problem" not in body
    # What was checked: the repeat learning, and the answers kept to be saved.
    assert "Repeat learning" in body
    assert "run a joint audit of strategy discussions" in body
    assert "Add the recommendation" in body
    assert Recommendation.objects.filter(case=plan.case).count() == 1  # checked, not saved


def test_missing_answers_are_each_named_and_nothing_is_saved(client, plan):
    client.force_login(plan.cast.member)
    response = client.post(
        _url("recommendation_add", plan.case),
        _form(
            plan,
            text="",
            monitoring_group="",
            owner="",
            impact_measure="",
            impact_review_on_0="",
            impact_review_on_1="",
            impact_review_on_2="",
        ),
    )
    body = response.content.decode()
    for message in (
        "Enter the recommendation.",
        "Choose the group of this partnership that will monitor it.",
        "Choose the person answerable for this recommendation.",
        "Describe how the group will know it has made a difference.",
        "Enter the date the impact will be reviewed.",
    ):
        assert message in body
    assert 'href="#id_impact_review_on_0"' in body
    assert Recommendation.objects.filter(case=plan.case).count() == 1


def test_a_group_of_another_partnership_is_refused(client, plan):
    from tests.factories import GroupFactory

    client.force_login(plan.cast.member)
    response = client.post(
        _url("recommendation_add", plan.case), _form(plan, monitoring_group=GroupFactory().pk)
    )
    assert "Which group will monitor it?: choose one from the list." in response.content.decode()
    assert Recommendation.objects.filter(case=plan.case).count() == 1


@pytest.fixture
def earlier(plan):
    """A recommendation of another review of the partnership, on the same learning."""
    other = CaseFactory(
        partnership=plan.case.partnership, reference="CSPR-2025-004", pathway="cspr"
    )
    MembershipFactory(case=other, person=plan.cast.member)
    return recommendation_create(
        case=other,
        text="The hospital trust and children's social care share discharge plans for babies "
        "within 24 hours, under a written information sharing protocol.",
        monitoring_group=plan.group,
        owner=plan.cast.member,
        impact_measure=MEASURE,
        impact_review_on=days(100),
        user=plan.cast.member,
    )


def test_checking_shows_similar_earlier_learning_without_saving(client, plan, earlier):
    client.force_login(plan.cast.member)
    response = client.post(
        _url("recommendation_add", plan.case), _form(plan, text=TEXT, save=None, check="1")
    )
    body = response.content.decode()
    assert "Repeat learning" in body
    assert "CSPR-2025-004 R1" in body
    assert "No actions yet" in body  # where the earlier one stands
    assert f"This repeats {earlier.label}" in body
    assert Recommendation.objects.filter(case=plan.case).count() == 1


def test_the_writer_links_the_new_recommendation_as_a_repeat(client, plan, earlier):
    client.force_login(plan.cast.member)
    response = client.post(
        _url("recommendation_add", plan.case), _form(plan, text=TEXT, repeats=earlier.pk)
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(case=plan.case, number=2).repeats == earlier


def test_earlier_learning_the_writer_may_not_see_is_neither_shown_nor_linkable(
    client, plan, earlier
):
    # A lead of this case only: the earlier review is not theirs to read.
    lead = MembershipFactory(case=plan.case).person
    client.force_login(lead)
    url = _url("recommendation_add", plan.case)
    body = client.post(url, _form(plan, text=TEXT, save=None, check="1")).content.decode()
    assert "CSPR-2025-004" not in body
    response = client.post(url, _form(plan, text=TEXT, repeats=earlier.pk))
    assert (
        "Does it repeat earlier learning?: choose one from the list." in response.content.decode()
    )
    assert Recommendation.objects.filter(case=plan.case).count() == 1


def test_only_whoever_runs_the_case_adds_recommendations(client, plan):
    url = _url("recommendation_add", plan.case)
    client.force_login(plan.cast.read_only_member)
    assert client.get(url).status_code == 403
    assert client.post(url, _form(plan)).status_code == 403
    for person in (plan.cast.outsider, plan.cast.stranger):
        client.force_login(person)
        assert client.post(url, _form(plan)).status_code == 404
    assert Recommendation.objects.filter(case=plan.case).count() == 1


# Adopting national learning ----------------------------------------------------------

TITLE = "Cawston Park SAR (2021): adopted by the Safeguarding Adults Board"


def test_the_business_unit_adopts_national_learning(client, cast):
    client.force_login(cast.business_manager)
    url = reverse("actions:national_new")
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": TITLE})
    case = Case.objects.get(partnership=cast.case.partnership, pathway="national")
    assert case.title == TITLE and case.subject is None
    assert case.reference.startswith("NAT-")
    assert response["Location"] == reverse("actions:case", args=[case.reference])
    assert "National learning" in client.get(response["Location"]).content.decode()


def test_national_learning_needs_a_title(client, cast):
    client.force_login(cast.business_manager)
    response = client.post(reverse("actions:national_new"), {"title": ""})
    assert "Enter the national learning adopted." in response.content.decode()
    assert not Case.objects.filter(pathway="national").exists()


def test_only_those_who_change_every_case_adopt_national_learning(client, cast):
    url = reverse("actions:national_new")
    chair = UserFactory(partnership=cast.case.partnership, roles=[Role.INDEPENDENT_CHAIR])
    for person in (chair, cast.member, cast.read_only_member, cast.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": TITLE}).status_code == 403
    assert not Case.objects.filter(pathway="national").exists()


def test_a_business_manager_elsewhere_adopts_it_only_for_their_own_partnership(client, cast):
    client.force_login(cast.stranger)
    client.post(reverse("actions:national_new"), {"title": TITLE})
    case = Case.objects.get(pathway="national")
    assert case.partnership_id == cast.stranger.partnership_id != cast.case.partnership_id


def test_the_evaluation_table_suggests_the_monitoring_group(client, plan):
    # A review's learning is reported to L&I under the framework's evaluation table: the
    # plan's group is the partnership's only L&I sub-group; a QA&P group is not chosen.
    from lantern.partnerships.models import GroupKind
    from tests.factories import GroupFactory

    GroupFactory(partnership=plan.case.partnership, kind=GroupKind.QAP)
    assert plan.case.pathway != "macfa" and plan.group.kind == GroupKind.LI
    client.force_login(plan.cast.member)
    form = client.get(_url("recommendation_add", plan.case)).context["form"]
    assert form["monitoring_group"].value() == plan.group.pk
