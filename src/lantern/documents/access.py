"""Who may open which document of a case they can read.

- Drafts: only the case's members and the Business Unit (who manage every case),
  not partnership-wide readers such as the Independent Chair or the auditor.
- Meeting papers: only the people invited to the meeting and the case's managers
  (lantern.meetings.access.can_see_papers).
"""

from typing import Any

from lantern.access.policy import Access, Perm, case_access, has_perm, membership
from lantern.cases.models import Case
from lantern.meetings.access import can_see_papers

from .models import Document

# A referrer is told the outcome; drafts are not shared with practitioners (domain.md).
NO_DRAFTS_CAPACITIES = frozenset({"referrer"})


def can_see_drafts(user: Any, case: Case) -> bool:
    if case_access(user, case) < Access.READ:
        return False
    if has_perm(user, Perm.CHANGE_ALL_CASES):
        return True
    member = membership(user, case)
    return member is not None and member.capacity not in NO_DRAFTS_CAPACITIES


def refusal(user: Any, document: Document) -> str:
    """Why this person may not open the document ("" if they may). Assumes they can
    read its case."""
    if document.is_draft and not can_see_drafts(user, document.case):
        return "Drafts are shared only with the people working on the case."
    if document.meeting is not None and not can_see_papers(user, document.meeting):
        return "Papers of a meeting are shared only with the people invited to it."
    return ""


def can_open(user: Any, document: Document) -> bool:
    return case_access(user, document.case) >= Access.READ and not refusal(user, document)
