"""The dashboard's tables in the order the page shows them."""

import datetime

from . import dashboard as core
from . import dashboard_more as more
from .dashboard import Table
from .dashboard_clocks import clocks
from .period import Period


def dashboard(partnership_id: int, period: Period, today: datetime.date) -> list[Table]:
    return [
        clocks(partnership_id, period, today),
        core.timeliness(partnership_id, period, today),
        core.referrals(partnership_id, period),
        more.decisions(partnership_id, period),
        more.themes(partnership_id, period),
        core.actions_by_agency(partnership_id, period),
        more.open_actions_by_age(partnership_id, period),
        more.audit_grades(partnership_id, period),
        more.training_by_quarter(partnership_id, period),
    ]
