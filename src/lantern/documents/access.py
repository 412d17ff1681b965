"""Who may open which document of a case they can read.

- Drafts: the rule is the policy's (lantern.access.policy.can_read_draft): the case's
  managers, its authors (the independent reviewer) and the draft's uploader; never
  practitioners, observers, referrers or partnership-wide readers such as the
  Independent Chair or the auditor.
- Meeting papers: only the people invited to the meeting and the case's managers
  (lantern.meetings.access.can_see_papers).
"""

from typing import Any

from lantern.access.policy import Access, can_read_draft, case_access
from lantern.meetings.access import can_see_papers

from .models import Document

DRAFT_REFUSAL = "Drafts are shared only with the review's managers and authors."


def refusal(user: Any, document: Document) -> str:
    """Why this person may not open the document ("" if they may). Assumes they can
    read its case."""
    if document.is_draft and not can_read_draft(user, document):
        return DRAFT_REFUSAL
    if document.meeting is not None and not can_see_papers(user, document.meeting):
        return "Papers of a meeting are shared only with the people invited to it."
    return ""


def can_open(user: Any, document: Document) -> bool:
    return case_access(user, document.case) >= Access.READ and not refusal(user, document)
