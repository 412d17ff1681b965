"""The timeline picture of a case's steps: geometry worked out here, drawn by a template
as inline SVG with presentation attributes (the Content Security Policy forbids styles)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import template
from django.utils import timezone

from ..engine import Status, long_date
from ..models import CaseStep

register = template.Library()

WIDTH, LABEL_WIDTH, ROW, TOP = 760, 300, 30, 34
COLOURS = {
    Status.DONE_ON_TIME: "#00703c",
    Status.DONE_LATE: "#f47738",
    Status.OVERDUE: "#d4351c",
}


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    y: int
    text_y: int
    due_x: float
    window_x: float | None
    done_x: float | None
    late_to_x: float | None
    colour: str


@dataclass(frozen=True)
class Timeline:
    rows: list[Row]
    summary: str
    first: date | None = None
    last: date | None = None
    today_x: float | None = None
    width: int = WIDTH
    height: int = 0
    plot_left: int = LABEL_WIDTH
    plot_right: int = WIDTH - 10
    axis_y: int = 0
    axis_label_y: int = 0


def _describe(step: CaseStep, status: Status) -> str:
    text = f"{step.title}: due {long_date(step.due)}"
    if step.earliest:
        text += f" (not before {long_date(step.earliest)})"
    if step.done_on:
        text += f", done {long_date(step.done_on)}"
    return f"{text}. {status.label}."


def _summary(statuses: list[Status]) -> str:
    done = sum(s.is_done for s in statuses)
    late = statuses.count(Status.DONE_LATE)
    overdue = statuses.count(Status.OVERDUE)
    return (
        f"Timeline of {len(statuses)} steps, due dates against the dates done: "
        f"{done} done ({late} late), {overdue} overdue."
    )


def build_timeline(steps: Sequence[CaseStep], today: date | None = None) -> Timeline:
    today = today or timezone.localdate()
    if not steps:
        return Timeline(rows=[], summary="")
    statuses = [step.status for step in steps]
    days = [d for s in steps for d in (s.due, s.earliest, s.done_on) if d] + [today]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    left, right = LABEL_WIDTH, WIDTH - 10

    def x(day: date | None) -> float | None:
        return None if day is None else round(left + (right - left) * (day - first).days / span, 1)

    rows = []
    for index, (step, status) in enumerate(zip(steps, statuses, strict=True)):
        y = TOP + index * ROW
        late_to = step.done_on if status is Status.DONE_LATE else None
        if status is Status.OVERDUE:
            late_to = today
        label = step.title if len(step.title) <= 38 else step.title[:37] + "…"
        rows.append(
            Row(
                label=label,
                text=_describe(step, status),
                y=y,
                text_y=y + 5,
                due_x=x(step.due) or 0,
                window_x=x(step.earliest),
                done_x=x(step.done_on),
                late_to_x=x(late_to),
                colour=COLOURS.get(status, "#505a5f"),
            )
        )
    axis_y = TOP + len(rows) * ROW - ROW // 2
    return Timeline(
        rows=rows,
        summary=_summary(statuses),
        first=first,
        last=last,
        today_x=x(today),
        height=axis_y + 26,
        axis_y=axis_y,
        axis_label_y=axis_y + 20,
    )


@register.inclusion_tag("clock/_timeline_svg.html")
def clock_timeline(steps: Sequence[CaseStep]) -> dict[str, Any]:
    return {"timeline": build_timeline(list(steps))}
