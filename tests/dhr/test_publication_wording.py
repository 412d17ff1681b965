"""Found on a walk: after the Home Office panel accepted the overview report, the DHR page
still said "Not published. The report is published only after the Home Office panel accepts
it", and the submit and publish forms did not say which version they act on.

Rules: the Publication section says what is true at each point (no report; chosen, not sent;
sent, waiting; asked to resubmit; accepted, not yet published; published), and the submit
and publish pages name the report (title and version number) they submit or publish."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from lantern.dhr import homeoffice, services

from .conftest import report

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(client, url):
    # Signed in afresh at each travelled-to date, so the session is always current.
    client.force_login(client.manager)
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def _publication(client, dhr):
    page = _text(client, reverse("dhr:detail", args=[dhr.case.reference]))
    return page.split("Publication", 1)[1]


def _action(client, dhr, action):
    return _text(client, reverse("dhr:action", args=[dhr.case.reference, action]))


def test_found_on_a_walk_publication_says_what_is_true_at_each_point(client, dhr, manager):
    client.manager = manager
    with time_machine.travel(D(2026, 3, 25), tick=False):
        services.dhr_decide(
            dhr=dhr, outcome="conduct", rationale="Criteria met.", decided_on=D(2026, 3, 25)
        )
        services.chair_appoint(dhr=dhr, name="Jane Independent", on=D(2026, 3, 25))
        assert "No overview report has been chosen yet" in _publication(client, dhr)
    with time_machine.travel(D(2026, 9, 1), tick=False):
        first = report(dhr, manager, "Adult A was killed by her former partner.")
        services.overview_report_set(dhr=dhr, document=first)
        assert (
            "Overview report (version 1) has not been sent to the Home Office panel yet"
            in _publication(client, dhr)
        )
        # Rule: the submit form names the version it submits.
        assert "being submitted to the Home Office panel: Overview report, version 1" in _action(
            client, dhr, "submit"
        )
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 9, 1))
        assert "was sent to the Home Office panel on 1 September 2026" in _publication(client, dhr)
    with time_machine.travel(D(2026, 10, 20), tick=False):
        homeoffice.submission_respond(
            dhr=dhr, response="resubmit", feedback="More on agencies.", responded_on=D(2026, 10, 15)
        )
        assert "asked for Overview report (version 1) to be revised" in _publication(client, dhr)
        second = report(dhr, manager, "Adult A. More on agencies.", supersedes=first)
        services.overview_report_set(dhr=dhr, document=second)
        assert "Overview report, version 2" in _action(client, dhr, "submit")
        homeoffice.submission_add(dhr=dhr, submitted_on=D(2026, 10, 20))
    with time_machine.travel(D(2026, 12, 1), tick=False):
        homeoffice.submission_respond(
            dhr=dhr, response="accepted", feedback="", responded_on=D(2026, 12, 1)
        )
        after_acceptance = _publication(client, dhr)
        assert "published only after the Home Office panel accepts it" not in after_acceptance
        assert (
            "The Home Office panel accepted Overview report (version 2) on 1 December 2026: "
            "it can now be published" in after_acceptance
        )
        # Rule: the publish form names the version it publishes.
        assert "being published: Overview report, version 2" in _action(client, dhr, "publish")
        dhr.case.pseudonym = "Adult A"
        dhr.case.save()
        homeoffice.dhr_publish(dhr=dhr, on=D(2026, 12, 1), url="https://example.org/dhr")
        assert "Published 1 December 2026" in _publication(client, dhr)
