"""The dashboard's tables in the order the page shows them."""

import datetime

from . import dashboard as core
from . import dashboard_more as more
from .dashboard import Table
from .dashboard_clocks import clocks
from .dashboard_filters import ANY, Filters
from .period import Period


def dashboard(
    partnership_id: int, period: Period, today: datetime.date, filters: Filters = ANY
) -> list[Table]:
    p, f = partnership_id, filters
    return [
        clocks(p, period, today, f),
        core.timeliness(p, period, today, f),
        core.referrals(p, period, f),
        more.decisions(p, period, f),
        more.themes(p, period, f),
        core.actions_by_agency(p, period, f),
        more.open_actions_by_age(p, period, f),
        more.overdue_trend(p, period, f),
        more.audit_grades(p, period, f),
        more.training_by_quarter(p, period),
    ]
