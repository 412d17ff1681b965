"""A list of actions by the status shown (overdue first, then at risk, not started, on
track, complete, verified), each status soonest due first, read a page at a time.

The status shown depends on today (an open action past its due date is overdue), so no
stored column gives this order. Instead one aggregate query counts each status, and a
page is read in one query that takes, from each status the page overlaps, just the
slice it needs, each slice in the order of an index (status, due, id) (issue 13).
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q

from .display import STATE_ORDER
from .models import Action, ActionQuerySet, state_q

_RANK = {state: n for n, state in enumerate(STATE_ORDER)}


class ByState:
    """The paginator's object list: `count()` is the total, a slice fetches one page."""

    def __init__(self, actions: ActionQuerySet, today: datetime.date) -> None:
        self.actions = actions
        self.today = today
        totals = actions.order_by().aggregate(
            **{state: Count("pk", filter=state_q(state, today)) for state in STATE_ORDER}
        )
        #: How many actions show each status, in STATE_ORDER.
        self.counts: dict[str, int] = {state: totals[state] or 0 for state in STATE_ORDER}

    def count(self) -> int:
        return sum(self.counts.values())

    def __len__(self) -> int:
        return self.count()

    def _slices(self, start: int, stop: int) -> Iterator[Q]:
        """For each status the positions [start, stop) overlap, the ids of its part."""
        first = 0
        for state in STATE_ORDER:
            last = first + self.counts[state]
            low, high = max(start, first), min(stop, last)
            if low < high:
                ids = (
                    self.actions.filter(state_q(state, self.today))
                    .order_by("due", "pk")
                    .values("pk")[low - first : high - first]
                )
                yield Q(pk__in=ids)
            first = last

    def __getitem__(self, index: slice) -> list[Action]:
        if not isinstance(index, slice):
            raise TypeError("ByState is read a page (a slice) at a time.")
        start, stop, _ = index.indices(self.count())
        wanted = Q()
        for part in self._slices(start, stop):
            wanted |= part
        if not wanted:
            return []
        page: list[Any] = list(self.actions.filter(wanted))
        # At most a page of rows: put them in the list's order here.
        page.sort(key=lambda a: (_RANK[a.state(self.today)], a.due, a.pk))
        return page
