"""A source may close its learning to change: an audit's findings and recommendations are
fixed once a group has ratified them. Each pathway registers its rule here (from its
AppConfig.ready), and the tracker asks before it writes a finding or a recommendation,
so the rule holds on every page and API, not just the pathway's own."""

from collections.abc import Callable

from lantern.cases.models import Case

#: pathway -> a function giving why the case's learning is closed, or "" when it is open.
_rules: dict[str, Callable[[Case], str]] = {}


def register(pathway: str, rule: Callable[[Case], str]) -> None:
    _rules[pathway] = rule


def learning_closed(case: Case) -> str:
    rule = _rules.get(case.pathway)
    return rule(case) if rule is not None else ""
