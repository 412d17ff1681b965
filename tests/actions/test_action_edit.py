"""Actions can be changed (issue 12, item 7: "give actions an edit page"), by whoever runs
the review, and two people changing one action lose nothing (issue 12, item 12)."""

import pytest
from django.test import Client
from django.urls import reverse

from lantern.actions.models import Action, ActionStatus
from tests.web.conflicts import shown_copy

from .helpers import MEASURE, days, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def _edit(action):
    return reverse("actions:action_edit", args=[action.pk])


def _form(plan, **changes):
    due = days(40)
    return {
        "title": plan.action.title,
        "description": "",
        "lead_agency": plan.agency.pk,
        "owner": plan.owner.pk,
        "due_0": due.day,
        "due_1": due.month,
        "due_2": due.year,
        "success_measure": MEASURE,
        **changes,
    }


def test_the_review_lead_changes_an_action_issue_12_item_7(client, plan):
    client.force_login(plan.cast.member)
    page = client.get(reverse("actions:action", args=[plan.action.pk])).content.decode()
    assert _edit(plan.action) in page  # "Change the action" on the action's page
    copy = shown_copy(client, _edit(plan.action))
    response = client.post(_edit(plan.action), _form(plan, title="Agree the protocol", **copy))
    assert response.status_code == 302
    action = Action.objects.get(pk=plan.action.pk)
    assert (action.title, action.due, action.version) == ("Agree the protocol", days(40), 2)


def test_a_title_pasted_with_a_control_character_is_saved_clean_issue_12_item_7(client, plan):
    client.force_login(plan.cast.member)
    copy = shown_copy(client, _edit(plan.action))
    client.post(_edit(plan.action), _form(plan, title="Agree\x0bthe protocol", **copy))
    assert Action.objects.get(pk=plan.action.pk).title == "Agree the protocol"


@pytest.mark.parametrize("who", ["owner", "lead", "chair"])
def test_only_whoever_runs_the_review_may_change_it_issue_12_item_7(client, plan, who):
    client.force_login(getattr(plan, who))
    assert client.get(_edit(plan.action)).status_code == 403
    assert client.post(_edit(plan.action), _form(plan, title="x")).status_code == 403
    assert Action.objects.get(pk=plan.action.pk).title == plan.action.title


def test_a_signed_off_action_cannot_be_changed_issue_12_item_7(client, plan):
    Action.objects.filter(pk=plan.action.pk).update(status=ActionStatus.VERIFIED)
    client.force_login(plan.cast.member)
    response = client.post(_edit(plan.action), _form(plan, title="Reopened"))
    assert response.status_code == 200
    assert "signed this action off" in response.content.decode()
    assert Action.objects.get(pk=plan.action.pk).title == plan.action.title


def test_second_save_sees_what_changed_and_loses_nothing_issue_12_item_12(plan):
    other_lead = plan.cast.business_manager
    first, second = Client(), Client()
    first.force_login(plan.cast.member)
    second.force_login(other_lead)
    firsts, seconds = shown_copy(first, _edit(plan.action)), shown_copy(second, _edit(plan.action))
    assert (
        first.post(_edit(plan.action), _form(plan, title="First title", **firsts)).status_code
        == 302
    )
    refused = second.post(_edit(plan.action), _form(plan, title="Second title", **seconds))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "nothing you sent has been saved" in page
    assert "First title" in page and "Second title" in page
    assert Action.objects.get(pk=plan.action.pk).title == "First title"
