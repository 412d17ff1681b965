"""The statutory clock's engine: Python and numpy, dates in and dates out, no Django.

A test imports every module here with Django made unimportable, to keep it so.
"""

from .batch import StepDates, schedule_many
from .periods import Period, Unit, add_months, after, before
from .rules import ANCHOR, START, Override, StepRule, Timetable
from .scheduling import Planned, long_date, schedule
from .status import DUE_SOON_DAYS, Status, step_status
from .timetables import TIMETABLES
from .workdays import ENGLAND, DateOutOfRange, WorkingCalendar, bank_holidays

__all__ = [
    "ANCHOR",
    "DUE_SOON_DAYS",
    "ENGLAND",
    "START",
    "TIMETABLES",
    "DateOutOfRange",
    "Override",
    "Period",
    "Planned",
    "Status",
    "StepDates",
    "StepRule",
    "Timetable",
    "Unit",
    "WorkingCalendar",
    "add_months",
    "after",
    "bank_holidays",
    "before",
    "long_date",
    "schedule",
    "schedule_many",
    "step_status",
]
