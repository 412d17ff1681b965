"""What reporting puts on My work (lantern.work). Written by the annual reports' work."""

import datetime
from typing import Any

from lantern.work.items import WorkItem


def reporting_work_for(user: Any, today: datetime.date | None = None) -> list[WorkItem]:
    return []
