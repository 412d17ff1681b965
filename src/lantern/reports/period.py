"""Reporting periods. The annual reports cover a financial year (1 April to 31 March: the
Care Act's "each financial year", and the children's yearly report by local custom); the
dashboards cover any period chosen."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after the day it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def financial_year(starting: int) -> Period:
    """The financial year that starts on 1 April of `starting`."""
    return Period(datetime.date(starting, 4, 1), datetime.date(starting + 1, 3, 31))


def financial_year_of(day: datetime.date) -> Period:
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def last_complete_financial_year(today: datetime.date) -> Period:
    """The latest financial year that has ended before `today`."""
    return financial_year(financial_year_of(today).start.year - 1)


def financial_year_label(period: Period) -> str:
    """ "2025 to 2026", as GOV.UK writes a financial year."""
    return f"{period.start.year} to {period.end.year}"
