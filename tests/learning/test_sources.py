"""Local learning enters the library as it is written (issue 14: "every finding,
recommendation, report, briefing, audit summary ... in the partnership"): a finding, a
recommendation and an audit's learning summary, written through their own services, are
found by the library's search, by their case's readers only."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.models import Role
from lantern.actions.services import action_change, action_create
from lantern.audits import learning
from lantern.audits.services import audit_open
from lantern.clock.engine import ENGLAND
from lantern.learning.models import LibraryItem, Theme
from lantern.learning.selectors import library_search
from lantern.learning.sources import library_sync_partnership
from tests.actions.helpers import TEXT, make_plan
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def refs(hits):
    return [h.item.ref for h in hits]


def test_a_recommendation_written_through_its_service_is_found_by_search(cast):
    """Issue 14: a recommendation made on a review (lantern.actions.services) is in the
    library at once, with a stable ref and its case, found by the case's members and not
    by an outsider of the same partnership."""
    plan = make_plan(cast)
    recommendation = plan.recommendation
    partnership = cast.case.partnership
    entry = LibraryItem.objects.get(partnership=partnership, ref=f"rec-{recommendation.pk}")
    assert entry.kind == "recommendation" and entry.case == cast.case
    assert entry.source_key == f"actions.recommendation:{recommendation.pk}"
    assert entry.title.startswith(f"{cast.case.reference} recommendation 1: ")
    assert TEXT in entry.text
    for reader in (cast.member, cast.read_only_member, cast.business_manager):
        hits = library_search(partnership=partnership, user=reader, query="discharge protocol")
        assert f"rec-{recommendation.pk}" in refs(hits)
    assert library_search(partnership=partnership, user=cast.outsider, query="protocol") == []
    assert library_search(partnership=partnership, user=cast.stranger, query="protocol") == []


def test_a_finding_is_in_the_library_with_its_case(cast):
    plan = make_plan(cast)
    finding = plan.recommendation.case.findings.get()
    entry = LibraryItem.objects.get(ref=f"finding-{finding.pk}")
    assert entry.kind == "finding" and entry.case_id == cast.case.pk
    assert entry.published_on == timezone.localdate()
    hits = library_search(partnership=cast.case.partnership, user=cast.member, query="discharge")
    assert f"finding-{finding.pk}" in refs(hits)


def test_a_recommendation_names_the_agencies_that_lead_its_actions(cast):
    """Issue 14: each item with its agencies: a recommendation's are the lead agencies of
    its actions, kept in step as actions are added and their lead changes."""
    plan = make_plan(cast)
    entry = LibraryItem.objects.get(ref=f"rec-{plan.recommendation.pk}")
    assert list(entry.agencies.all()) == [plan.agency]
    other = AgencyFactory(partnership=cast.case.partnership, name="Another agency")
    action_change(
        action=plan.action,
        user=cast.member,
        title=plan.action.title,
        description=plan.action.description,
        lead_agency=other,
        owner=plan.action.owner,
        due=plan.action.due,
        success_measure=plan.action.success_measure,
    )
    assert list(entry.agencies.all()) == [other]
    action_create(
        recommendation=plan.recommendation,
        title="Second action",
        lead_agency=plan.agency,
        owner=plan.owner,
        due=timezone.localdate() + datetime.timedelta(days=60),
        success_measure="Plans are shared.",
        user=cast.member,
    )
    assert set(entry.agencies.all()) == {other, plan.agency}
    found = library_search(
        partnership=cast.case.partnership, user=cast.member, query="", agencies=[other.pk]
    )
    assert refs(found) == [f"rec-{plan.recommendation.pk}"]


def test_an_audit_learning_summary_enters_and_leaves_the_library(cast):
    """Issue 14: an audit's learning summary is in the library, confidential to the audit's
    readers, themed with the audit's theme where the taxonomy knows it; emptied, it leaves."""
    partnership = cast.case.partnership
    lead = UserFactory(partnership=partnership)
    manager = cast.business_manager
    audit = audit_open(
        partnership=partnership,
        theme="Self-neglect",
        theme_lead=lead,
        scope="Adults who self-neglect.",
        kind="adults",
        qap_meeting_on=ENGLAND.next_working_day(timezone.localdate() + datetime.timedelta(days=70)),
    )
    learning.learning_summary_save(
        audit=audit,
        text="Hoarding was rarely assessed with the person's capacity in mind.",
        flagged=False,
        user=manager,
    )
    entry = LibraryItem.objects.get(ref=f"audit-summary-{audit.pk}")
    assert entry.kind == "audit" and entry.case_id == audit.case_id
    assert [t.slug for t in entry.themes.all()] == ["self-neglect"]
    assert refs(library_search(partnership=partnership, user=manager, query="hoarding")) == [
        entry.ref
    ]
    assert library_search(partnership=partnership, user=cast.outsider, query="hoarding") == []
    learning.learning_summary_save(audit=audit, text=" ", flagged=False, user=manager)
    assert not LibraryItem.objects.filter(ref=entry.ref).exists()


def test_syncing_a_partnership_again_changes_nothing_and_keeps_confirmed_themes(cast):
    """Issue 14: the sync is idempotent (the demo loader runs it on every load), and the
    themes a person confirmed stay."""
    plan = make_plan(cast)
    partnership = cast.case.partnership
    entry = LibraryItem.objects.get(ref=f"rec-{plan.recommendation.pk}")
    entry.themes.set([Theme.objects.get(slug="self-neglect")])
    before = LibraryItem.objects.filter(partnership=partnership).count()
    assert library_sync_partnership(partnership) == 2  # the finding and the recommendation
    assert library_sync_partnership(partnership) == 2
    assert LibraryItem.objects.filter(partnership=partnership).count() == before == 2
    assert [t.slug for t in entry.themes.all()] == ["self-neglect"]


def test_a_write_refused_by_its_service_leaves_no_library_item(cast):
    """Bad input changes nothing: a refused recommendation adds nothing to the library."""
    from django.core.exceptions import ValidationError

    from lantern.actions.services import recommendation_create

    with pytest.raises(ValidationError):
        recommendation_create(
            case=cast.case,
            text="",
            monitoring_group=None,
            owner=None,
            impact_measure="",
            impact_review_on=None,
            user=cast.member,
        )
    assert not LibraryItem.objects.filter(partnership=cast.case.partnership).exists()


def test_only_library_managers_confirm_themes_of_local_learning(client, cast):
    """Issue 14: themes suggested, confirmed by a person who manages the library; the item
    keeps its source and case when its themes are saved."""
    plan = make_plan(cast)
    entry = LibraryItem.objects.get(ref=f"rec-{plan.recommendation.pk}")
    url = f"/library/{entry.pk}/themes/"
    client.force_login(cast.member)
    assert client.get(url).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    chair = UserFactory(
        partnership=cast.case.partnership, roles=[(Role.GROUP_CHAIR, plan.group)]
    )  # the plan's group is the L&I sub-group
    client.force_login(chair)
    assert client.get(url).status_code == 404  # not on the case: it does not exist for them
    client.force_login(cast.business_manager)
    assert client.get(url).status_code == 200
    response = client.post(url, {"themes": ["self-neglect"]})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert [t.slug for t in entry.themes.all()] == ["self-neglect"]
    assert entry.case_id == cast.case.pk
    assert entry.source_key == f"actions.recommendation:{plan.recommendation.pk}"


def test_lantern_library_sync_fills_the_library_from_records_written_before_it(cast):
    """Issue 14: records a deployment held before the library existed enter it with
    `lantern library sync --partnership SLUG`, run once; running it again changes nothing."""
    from io import StringIO

    from django.core.management import call_command

    plan = make_plan(cast)
    partnership = cast.case.partnership
    ref = f"rec-{plan.recommendation.pk}"
    LibraryItem.objects.filter(partnership=partnership).delete()  # as before issue 14
    out = StringIO()
    call_command("library", "sync", "--partnership", partnership.slug, stdout=out)
    assert "item(s) written" in out.getvalue()
    assert LibraryItem.objects.filter(partnership=partnership, ref=ref).exists()
    before = list(LibraryItem.objects.filter(partnership=partnership).values_list("ref", "text"))
    call_command("library", "sync", "--partnership", partnership.slug, stdout=StringIO())
    after = list(LibraryItem.objects.filter(partnership=partnership).values_list("ref", "text"))
    assert sorted(after) == sorted(before)
