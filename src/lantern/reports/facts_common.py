"""Blocks of an annual report's facts (the contract's shapes), and the dates they show.

Dates are shown as text like "4 March 2026" everywhere in the blocks (the facts are for
readers, not machines); the header's dates are ISO (YYYY-MM-DD) as the contract says.
"""

import datetime
from typing import Any

Block = dict[str, Any]


def day(value: datetime.date | None) -> str | None:
    return f"{value:%-d %B %Y}" if value else None


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from start to end (a SAR's time taken, counted as people do)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    return months - 1 if end.day < start.day else months


def figures(*items: tuple[str, int | str, str]) -> Block:
    return {
        "type": "figures",
        "items": [{"label": label, "value": value, "hint": hint} for label, value, hint in items],
    }


def table(caption: str, head: list[str], rows: list[list[Any]], numeric: list[bool]) -> Block:
    return {"type": "table", "caption": caption, "head": head, "rows": rows, "numeric": numeric}


def none(text: str) -> Block:
    return {"type": "none", "text": text}
