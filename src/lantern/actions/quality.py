"""The prompt that checks a recommendation before it is saved: is it specific, does it have
an owner, and a measure of impact with a date to review it?

Nationally, recommendations repeat because they are vague ("raise awareness", "remind
staff") and nobody can show their impact; this prompt asks the writer to say who will do
what, and how the group will know it made a difference. It is advice, not a lock: the
writer may keep a recommendation as written after reading it.
"""

import datetime
import re
from dataclasses import dataclass

#: Wording that on its own cannot be tracked to an outcome.
VAGUE_PHRASES = (
    "raise awareness",
    "raising awareness",
    "consider",
    "continue to",
    "remind staff",
    "remind practitioners",
    "be aware",
    "reflect on",
    "lessons learned",
    "lessons learnt",
    "as appropriate",
    "where possible",
)
MIN_WORDS = 12
MIN_MEASURE_WORDS = 5


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    advice: str


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text)


def recommendation_checks(
    *,
    text: str,
    owner_named: bool,
    impact_measure: str,
    impact_review_on: datetime.date | None,
    today: datetime.date,
) -> list[Check]:
    lowered = " ".join(_words(text.lower()))
    vague = [p for p in VAGUE_PHRASES if re.search(rf"\b{re.escape(p)}\b", lowered)]
    words = len(_words(text))
    if words < MIN_WORDS:
        specific = Check(
            "Specific",
            False,
            f"Say who will do what, and by when: {words} words is too short to track.",
        )
    elif vague:
        quoted = ", ".join(f"“{p}”" for p in vague)
        specific = Check(
            "Specific",
            False,
            f"Replace {quoted} with the change in practice you expect to see.",
        )
    else:
        specific = Check("Specific", True, "It says what should change.")
    owner = Check(
        "Has an owner",
        owner_named,
        "Someone is answerable for it." if owner_named else "Name the person answerable for it.",
    )
    measure_ok = len(_words(impact_measure)) >= MIN_MEASURE_WORDS
    date_ok = impact_review_on is not None and impact_review_on > today
    if not measure_ok:
        measure_advice = "Describe how the group will know it made a difference."
    elif not date_ok:
        measure_advice = "Give a date, after today, when the impact will be reviewed."
    else:
        measure_advice = "It has a measure and a review date."
    measure = Check("Has a measure", measure_ok and date_ok, measure_advice)
    return [specific, owner, measure]
