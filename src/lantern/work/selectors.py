"""What is waiting for a person: one list, overdue and soonest first, from every source.

- steps they must act on, from the pathways' declarations, with the decisions to endorse
  or sign off and the referrals returned to them (lantern.workflow.selectors);
- requests their agency must answer (lantern.agencyrequests.selectors);
- past meetings to record as held or not held (lantern.meetings.selectors);
- actions they own, still open, and complete ones their group must sign off
  (lantern.work.owned);
- registers to take and core courses to quality assure, for whoever runs training
  (lantern.training.work);
- findings to decide on, annual reports to draft, approve and send (lantern.reports.work).

The number of queries is the same however many items there are
(tests/work/test_queries.py names them and locks the count).
"""

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import timezone

from lantern.agencyrequests.selectors import requests_waiting_for
from lantern.audit.models import Action as AuditAction
from lantern.audit.models import AuditEvent
from lantern.meetings.selectors import meetings_to_record_for
from lantern.partnerships.models import Partnership
from lantern.reports.work import reporting_work_for
from lantern.training.work import training_work_for
from lantern.workflow.selectors import steps_waiting_for

from .items import WorkItem
from .owned import actions_owned, actions_to_sign_off


def _order(item: WorkItem) -> tuple[bool, bool, datetime.date, str, str]:
    # Overdue first, then soonest due; items with no date last.
    return (
        not item.overdue,
        item.due is None,
        item.due or datetime.date.max,
        item.case_reference,
        item.title,
    )


def work_for(user: Any, *, today: datetime.date | None = None) -> list[WorkItem]:
    """Every item waiting for this person, each with its due date. A deactivated person,
    or one of no partnership, has nothing waiting."""
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        return []
    today = today or timezone.localdate()
    items = [
        *steps_waiting_for(user, today=today),
        *requests_waiting_for(user),
        *meetings_to_record_for(user),
        *actions_owned(user, today),
        *actions_to_sign_off(user),
        *training_work_for(user, today),
        *reporting_work_for(user, today),
    ]
    return sorted(items, key=_order)


#: How long a list (and its count) found by My work or the API is kept. Any change in
#: the partnership makes it unknown at once (below, and lantern.work.middleware).
COUNT_SECONDS = 5 * 60


def _version_key(partnership_id: int | None) -> str:
    return f"lantern:work-version:{partnership_id}"


def _version(user: Any) -> Any:
    """The partnership's work version, read once a request (kept on the request's user)."""
    if "_work_version" not in user.__dict__:
        user.__dict__["_work_version"] = cache.get(_version_key(user.partnership_id), 0)
    return user.__dict__["_work_version"]


def _person_key(user: Any) -> str:
    # The account's creation time too, so a reused id never inherits what was kept.
    return f"{user.pk}:{user.date_joined.timestamp()}"


def _count_key(user: Any) -> str:
    return f"lantern:work-count:{_person_key(user)}"


def _read(user: Any, key: str) -> Any:
    """What is kept under `key`, if it was kept under the partnership's current work
    version (a change by anyone retires everything kept before it); else None. The
    version and the value are one read of the cache (on PostgreSQL without Redis the
    cache is a table: one query, not two, on every page's navigation)."""
    versions = _version_key(user.partnership_id)
    found = cache.get_many([versions, key])
    version = user.__dict__["_work_version"] = found.get(versions, 0)
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return None
    return stored[1]


def _keep(user: Any, key: str, value: Any) -> None:
    cache.set(key, (_version(user), value), COUNT_SECONDS)


_CHANGES = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE)


def _latest_change(partnership_id: int) -> str:
    """The partnership's latest recorded change, as text. Every create, change and delete
    of a record the trail follows writes an event in the change's own transaction
    (lantern.audit.registry), whoever makes it: a page, the API, a task or a command.
    Reads and sign-ins (most of the trail) change no one's work, so they are left out:
    otherwise anyone opening a case would clear everyone's kept list. One query, three
    probes of the (partnership, action, at, id) index."""
    events = AuditEvent.objects.filter(partnership_id=partnership_id).order_by("-at", "-id")
    latest = (
        Partnership.objects.filter(pk=partnership_id)
        .annotate(
            **{
                action: Subquery(events.filter(action=action).values("id")[:1])
                for action in _CHANGES
            }
        )
        .values_list(*_CHANGES)
        .first()
    )
    return ".".join(str(n) for n in latest) if latest else "none"


def _list_key(user: Any, today: datetime.date) -> str:
    # Everything the list depends on: the person (and their account), the day (what is
    # overdue), the partnership's work version (bumped by any form sent) and its latest
    # recorded change (any change, even one made outside a request).
    return (
        f"lantern:work-list:{_person_key(user)}:{today.isoformat()}:"
        f"{_latest_change(user.partnership_id)}"
    )


def kept(user: Any, **compute: Callable[[], Any]) -> dict[str, Any]:
    """What My work shows the person, kept between requests until anything in the
    partnership changes (issue 13): the values named, each worked out by its function
    only when it is not kept yet (all of them stored again at once, then). Read from the
    cache once a request (kept on the request's user)."""
    if "_work_kept" not in user.__dict__:
        key = _list_key(user, timezone.localdate())
        user.__dict__["_work_kept"] = (key, _read(user, key) or {})
    key, entry = user.__dict__["_work_kept"]
    missing = [name for name in compute if name not in entry]
    for name in missing:
        entry[name] = compute[name]()
    if missing:
        _keep(user, key, entry)
    return entry  # type: ignore[no-any-return]


def work_for_request(user: Any) -> list[WorkItem]:
    """work_for, kept between requests until anything in the partnership changes
    (issue 13: working the list out reads every open case's state, about twenty queries
    and 70 ms for a large partnership's Business Manager; a list kept is three). The
    count is kept for the navigation of the pages that follow."""
    found: list[WorkItem] | None = user.__dict__.get("_work_items")
    if found is not None:
        return found
    if not user.is_authenticated or not user.is_active or not user.partnership_id:
        found = user.__dict__["_work_items"] = []
        return found

    def work() -> list[WorkItem]:
        items = work_for(user)
        _keep(user, _count_key(user), len(items))
        return items

    found = user.__dict__["_work_items"] = kept(user, items=work)["items"]
    return found


def known_work_count(user: Any) -> int | None:
    """How many items My work last found for the person, or None if it is not known.

    Never works the list out: that costs about twenty queries, too many for every page.
    So the navigation says "My work (3)" when the count is known and current, and just
    "My work" after the person has changed something, until My work is seen again."""
    if not user.is_authenticated:
        return None
    found: list[WorkItem] | None = user.__dict__.get("_work_items")
    if found is not None:
        return len(found)
    count: int | None = _read(user, _count_key(user))
    return count


def forget_work_count(user: Any) -> None:
    """Forget every count kept in the person's partnership: what one person does (sends a
    request, records a decision, completes an action) puts work on, or takes it off,
    other people's lists, and the navigation must never show a count it no longer knows."""
    key = _version_key(user.partnership_id)
    try:
        cache.incr(key)
    except ValueError:  # not kept yet (or evicted): any new value retires the old counts
        cache.set(key, time.time_ns(), None)
