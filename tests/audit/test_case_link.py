"""Issue 13: each event names the case it belongs to (case_id), filled in when it is
recorded and, for earlier events, by migration 0004; the chain still verifies; and the
audit trail page's and a case's history's queries are read off indexes that lead with
the partnership (EXPLAIN)."""

import importlib

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from lantern.agencyrequests.models import AgencyRequest
from lantern.audit import chain
from lantern.audit.models import Action, AuditChainHead, AuditEvent
from lantern.audit.recorder import record
from lantern.audit.selectors import object_types_query
from lantern.cases.services import case_update
from lantern.notifications.selectors import case_events
from tests.factories import AgencyFactory, CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("lantern.audit.migrations.0004_case_id_and_partnership_indexes")


def _verify() -> chain.Verdict:
    head = AuditChainHead.objects.filter(id=1).first()
    return chain.verify(AuditEvent.objects.order_by("id"), head)


def _last(object_type: str, object_id: object) -> AuditEvent:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).first()


def test_issue_13_the_recorder_stores_the_case_an_event_belongs_to():
    """The case itself, and a record with a `case` field; not a record of no case."""
    case = CaseFactory()
    case_update(case=case, title="Renamed")
    membership = MembershipFactory(case=case)
    agency = AgencyFactory(partnership=case.partnership)
    request = AgencyRequest.objects.create(
        case=case, agency=agency, kind="scoping", title="Scoping", due="2026-03-09"
    )
    assert _last("cases.case", case.pk).case_id == case.pk
    assert _last("cases.casemembership", membership.pk).case_id == case.pk
    assert _last("agencyrequests.agencyrequest", request.pk).case_id == case.pk
    assert _last("partnerships.agency", agency.pk).case_id is None
    # The subject is made before the case that holds it: found by its own id instead.
    assert _last("cases.subject", case.subject_id).case_id is None
    membership.delete()
    deleted = AuditEvent.objects.get(action="delete", object_type="cases.casemembership")
    assert deleted.case_id == case.pk


def test_issue_13_case_id_is_outside_the_hash_so_the_chain_still_verifies():
    case = CaseFactory()
    event = _last("cases.case", case.pk)
    assert "case_id" not in chain.HASHED_FIELDS
    assert event.hash == chain.event_hash(chain.fields_of(event), event.prev_hash)
    assert _verify().ok


def test_issue_13_the_migration_links_earlier_events_to_their_cases():
    """Migration 0004's backfill: a case's events by their id, a record's from the record,
    a deleted record's from the case its deletion wrote down; nothing else is touched,
    the chain still verifies, and the trail refuses changes again afterwards."""
    case = CaseFactory()
    agency = AgencyFactory(partnership=case.partnership)
    request = AgencyRequest.objects.create(
        case=case, agency=agency, kind="scoping", title="Scoping", due="2026-03-09"
    )
    # Events as they were recorded before case_id existed: by name, with no case.
    unlinked = {
        "case": record(Action.UPDATE, object_type="cases.case", object_id=str(case.pk)),
        "request": record(
            Action.UPDATE, object_type="agencyrequests.agencyrequest", object_id=str(request.pk)
        ),
        "deleted": record(
            Action.DELETE,
            object_type="cases.casemembership",
            object_id="987654",
            changes={"case": case.pk, "person": 1},
        ),
        "list": record(Action.READ, object_type="cases.case", object_label="List of cases"),
        "agency": record(
            Action.UPDATE, object_type="partnerships.agency", object_id=str(agency.pk)
        ),
    }
    assert all(event.case_id is None for event in unlinked.values())
    hashes = dict(AuditEvent.objects.values_list("id", "hash"))

    MIGRATION.link_events_to_cases(apps, connection)

    linked = {name: AuditEvent.objects.get(pk=e.pk).case_id for name, e in unlinked.items()}
    assert linked == {
        "case": case.pk,
        "request": case.pk,
        "deleted": case.pk,
        "list": None,
        "agency": None,
    }
    assert dict(AuditEvent.objects.values_list("id", "hash")) == hashes
    assert _verify().ok
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET case_id = NULL")


def _plan(sql: str, params: list) -> str:
    """The query plan, as text. On PostgreSQL sequential scans and sorts are priced out:
    a test table is tiny, so the planner's choice says nothing; the question is whether an
    index serves the query and its order (benchmarks/audit_trail.py asks at scale)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


def _queryset_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return _plan(sql, list(params))


@pytest.fixture
def case():
    case = CaseFactory()
    case_update(case=case, title="Renamed")
    return case


@pytest.mark.parametrize(
    "narrowed, index",
    [
        ({}, "audit_partnership_at_id"),
        ({"action": "read"}, "audit_partnership_action"),
        ({"object_type": "cases.case"}, "audit_partnership_type"),
    ],
)
def test_issue_13_every_filter_of_the_trail_is_read_off_its_index(case, narrowed, index):
    events = AuditEvent.objects.for_partnership(case.partnership_id).filter(**narrowed)
    plan = _queryset_plan(events.order_by("-at", "-id")[:50])
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan  # the index gives the order


def test_issue_13_the_kinds_of_record_are_read_off_the_type_index(case):
    plan = _plan(*object_types_query(case.partnership_id))
    assert "audit_partnership_type" in plan, plan


def test_issue_13_a_cases_history_is_read_off_the_case_index(cast):
    plan = _queryset_plan(case_events(cast.case, reader=cast.member)[:200])
    assert "audit_partnership_case" in plan, plan


def test_an_action_and_its_progress_belong_to_the_case_of_their_recommendation():
    """Found on a walk: a case's history named the recommendation made on it but not the
    action made under it. An action belongs to its recommendation's case, and its
    progress and evidence to the action's; each event carries that case, and the case's
    history shows them."""
    import datetime

    from lantern.accounts.models import Role
    from lantern.actions.models import Evidence
    from lantern.actions.services import (
        NewEvidence,
        action_create,
        action_update_record,
        recommendation_create,
    )
    from tests.factories import GroupFactory, UserFactory

    case = CaseFactory()
    other = CaseFactory(partnership=case.partnership)
    manager = UserFactory(partnership=case.partnership, roles=[Role.BUSINESS_MANAGER])
    police = AgencyFactory(partnership=case.partnership)
    recommendation = recommendation_create(
        case=case,
        text="Agencies share discharge plans for infants within a day of discharge.",
        monitoring_group=GroupFactory(partnership=case.partnership),
        owner=manager,
        impact_measure="Audit of ten discharges.",
        impact_review_on=datetime.date(2027, 6, 1),
        user=manager,
        keep_as_written=True,
    )
    action = action_create(
        recommendation=recommendation,
        title="Agree the discharge-plan protocol",
        lead_agency=police,
        owner=manager,
        due=datetime.date(2027, 3, 1),
        success_measure="Protocol signed.",
        user=manager,
    )
    update = action_update_record(
        action=action,
        user=manager,
        status="complete",
        note="Signed.",
        evidence=[NewEvidence("Signed protocol", link="https://intranet.example.org/p")],
    )
    evidence = Evidence.objects.get(action=action)
    assert _last("actions.action", action.pk).case_id == case.pk
    assert _last("actions.actionupdate", update.pk).case_id == case.pk
    assert _last("actions.evidence", evidence.pk).case_id == case.pk
    # ... and the partnership, so they are on its audit trail too.
    assert _last("actions.actionupdate", update.pk).partnership_id == case.partnership_id
    assert _last("actions.evidence", evidence.pk).partnership_id == case.partnership_id
    shown = {(e.object_type, e.object_id) for e in case_events(case, reader=manager)}
    assert ("actions.action", str(action.pk)) in shown
    assert ("actions.actionupdate", str(update.pk)) in shown
    assert not [e for e in case_events(other, reader=manager) if e.object_type == "actions.action"]
