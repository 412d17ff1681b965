"""Who may see a meeting's papers, and fetching a meeting within a case."""

from typing import Any

from django.shortcuts import get_object_or_404

from lantern.access.policy import Access, Perm, can, case_access
from lantern.accounts.models import Role
from lantern.cases.models import Case

from .models import Meeting


def can_see_papers(user: Any, meeting: Meeting) -> bool:
    """Papers go only to the people invited to the meeting (with accounts) and to
    whoever manages the case; everyone else on the case is refused."""
    case = meeting.case
    if case_access(user, case) < Access.READ:
        return False
    if can(user, Perm.CHANGE_CASE, case):
        return True
    return meeting.attendance.filter(person_id=user.pk).exists()


def is_independent_chair(user: Any) -> bool:
    return Role.INDEPENDENT_CHAIR in user.role_set()


def get_meeting(case: Case, meeting_id: int) -> Meeting:
    """A meeting of this case (already fetched for the user), or 404."""
    return get_object_or_404(case.meetings.all(), pk=meeting_id)
