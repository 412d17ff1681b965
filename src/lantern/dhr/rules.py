"""Whether a death qualifies for a DHR (DVCVA 2004 s9). Pure: dates and choices in,
messages by field out. Empty means the notification may be recorded."""

import datetime

from .models import QUALIFYING_RELATIONSHIPS

MINIMUM_AGE = 16


def age_on(born: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (born.month, born.day)
    return day.year - born.year - before_birthday


def notification_problems(
    *,
    date_of_birth: datetime.date,
    date_of_death: datetime.date,
    notified_on: datetime.date,
    relationship: str,
    today: datetime.date,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if date_of_death > today:
        problems["date_of_death"] = "The date of death cannot be in the future."
    elif date_of_birth > date_of_death:
        problems["date_of_birth"] = "The date of birth must be before the date of death."
    elif age_on(date_of_birth, date_of_death) < MINIMUM_AGE:
        problems["date_of_birth"] = (
            f"The person who died was {age_on(date_of_birth, date_of_death)} when they died. "
            "A DHR is for a death at 16 or over: refer a younger person's death to the "
            "children's partnership."
        )
    if notified_on > today:
        problems["notified_on"] = "The date the CSP was notified cannot be in the future."
    elif notified_on < date_of_death and "date_of_death" not in problems:
        problems["notified_on"] = "The CSP cannot have been notified before the death."
    if relationship not in QUALIFYING_RELATIONSHIPS:
        problems["relationship"] = (
            "A DHR is for a death from violence, abuse or neglect by a relative, a current or "
            "former intimate partner or a member of the same household. If the person "
            "responsible was none of these, this is not a DHR."
        )
    return problems
