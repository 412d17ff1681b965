"""My work lists the action updates asked of the action's owner and its lead agency's
people, who may not be on the action's case, linked to where they are answered: the
action's "Record progress" page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.actions.services import action_update_request
from lantern.cases.models import CaseStatus
from tests.actions.helpers import add_action, make_plan, working

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_plan(cast)


def _ask(cast, action, due_in=14):
    return action_update_request(action=action, due=working(due_in), user=cast.member)


def _detail(request):
    return reverse("agencyrequests:detail", args=[request.case.reference, request.pk])


def _progress(request):
    return reverse("actions:action_progress", args=[request.action_id])


@pytest.mark.parametrize(
    "who, sees",
    [
        ("owner", True),  # owns the action, not on the case
        ("lead", True),  # the lead agency's safeguarding lead, not on the case
        ("member", False),  # leads the case, answers for no agency
        ("read_only_member", False),
        ("outsider", False),
        ("stranger", False),
    ],
)
def test_who_is_asked_for_an_action_update(client, cast, plan, who, sees):
    update = _ask(cast, plan.action)
    person = getattr(plan, who, None) or getattr(cast, who)
    client.force_login(person)
    body = client.get(reverse("web:dashboard")).content.decode()
    assert (f'href="{_progress(update)}"' in body) == sees
    assert (update.title in body) == sees


def test_the_owner_follows_it_to_record_progress_after_the_case_closes(client, cast, plan):
    update = _ask(cast, plan.action)
    cast.case.status = CaseStatus.CLOSED
    cast.case.save()
    client.force_login(plan.owner)
    assert f'href="{_progress(update)}"' in client.get(reverse("web:dashboard")).content.decode()
    page = client.get(_detail(update))
    assert page.status_code == 200
    progress = reverse("actions:action_progress", args=[plan.action.pk])
    assert f'href="{progress}"' in page.content.decode()


def test_my_work_query_count_stays_flat_as_action_updates_grow(client, cast, plan):
    def ask_more(n):
        for _ in range(n):
            action = add_action(
                plan.recommendation, agency=plan.agency, owner=plan.owner, user=cast.member
            )
            _ask(cast, action)

    ask_more(2)
    client.force_login(plan.owner)
    client.get(reverse("web:dashboard"))
    cache.clear()  # worked out, not kept from the visit before (issue 13)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:dashboard"))
    ask_more(10)
    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("web:dashboard")).content.decode()
    assert body.count("Update on action") == 12
    assert len(many.captured_queries) == len(few.captured_queries)
