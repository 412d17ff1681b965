"""One thing waiting for a person, whatever produced it (a step, a request, a decision,
an action or a returned referral). Selectors in other apps return these; My work and
`GET /api/v1/me/work` list them."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    kind: str  # "step", "request", "endorsement", "signoff", "action", "referral", "meeting"
    title: str  # what to do, e.g. "Record the rapid review meeting"
    url: str  # where it is done
    due: datetime.date | None
    case_reference: str = ""
    case_title: str = ""
    why: str = ""  # why it is yours, e.g. "You lead this case"
    overdue: bool = False
