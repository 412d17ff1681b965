"""Where the workflow gets a report's facts: helper B's lantern.reports.annual_facts.draw_facts
once it exists; until then, an empty skeleton with every section key, so the workflow runs."""

from typing import Any


def draw(report: Any) -> dict:
    try:
        from .annual_facts import draw_facts  # type: ignore[attr-defined]
    except ImportError:
        from .sections import sections_for

        return {
            "drawn_on": "",
            "year_start": report.year_start.isoformat(),
            "year_end": report.year_end.isoformat(),
            "sections": {s.key: [] for s in sections_for(report.kind)},
            "members": [],
        }
    return draw_facts(report)
