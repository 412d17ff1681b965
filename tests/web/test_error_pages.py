"""Refused and failing pages are Lantern's own, in the service's style, saying no more
than the person may know (tests/config/test_make_run.py checks them under `make run`)."""

from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
DEBUG_TEXTS = ("URLconf", "urlpatterns", "Traceback", "DEBUG = True")


def _is_lanterns(body: str, heading: str) -> None:
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    for text in DEBUG_TEXTS:
        assert text not in body


def test_the_suite_runs_as_make_run_does_without_debug():
    assert settings.DEBUG is False


def test_outsider_gets_page_not_found_that_lists_nothing(client, cast):
    client.force_login(cast.outsider)
    response = client.get(reverse("cases:detail", args=[cast.case.reference]))
    assert response.status_code == 404
    _is_lanterns(response.content.decode(), "Page not found")


def test_read_only_member_gets_you_cannot_do_that(client, cast):
    client.force_login(cast.read_only_member)
    response = client.get(reverse("cases:edit", args=[cast.case.reference]))
    assert response.status_code == 403
    body = response.content.decode()
    _is_lanterns(body, "You cannot do that")
    assert "You can read this case but not change it." in body


def test_a_failure_gets_sorry_there_is_a_problem(client, cast):
    client.raise_request_exception = False
    client.force_login(cast.business_manager)
    with mock.patch("lantern.cases.views.cases_for_user", side_effect=RuntimeError("boom")):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 500
    body = response.content.decode()
    _is_lanterns(body, "Sorry, there is a problem with Lantern")
    assert "boom" not in body
