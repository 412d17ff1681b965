"""How the tracker shows an action's status and RAG: a tag with a colour AND its text
(never colour alone), and one word for where a recommendation's actions stand."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .models import DONE, Action, ActionStatus, Rag, SourceKind, rag_of, source_kind, state_of

STATE_TAG: dict[str, str] = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--blue",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OVERDUE: "govuk-tag--red",
    ActionStatus.COMPLETE: "govuk-tag--green",
    ActionStatus.VERIFIED: "govuk-tag--purple",
}
RAG_TAG: dict[str, str] = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
}
#: The order a group reads its list in: what needs it first.
STATE_ORDER = [
    ActionStatus.OVERDUE,
    ActionStatus.AT_RISK,
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.COMPLETE,
    ActionStatus.VERIFIED,
]


@dataclass(frozen=True)
class ActionRow:
    """One action as a row: its reference, the status shown and the RAG, with their tags."""

    action: Action
    state: str
    rag: str

    @classmethod
    def of(cls, action: Action, today: datetime.date) -> "ActionRow":
        return cls(
            action,
            state_of(action.status, action.due, today),
            rag_of(action.status, action.due, today),
        )

    @property
    def ref(self) -> str:
        return f"{self.action.recommendation.label}.{self.action.number}"

    @property
    def state_label(self) -> str:
        return ActionStatus(self.state).label

    @property
    def state_tag(self) -> str:
        return STATE_TAG[self.state]

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label

    @property
    def rag_tag(self) -> str:
        return RAG_TAG[self.rag]


def rows_of(actions: Iterable[Action], today: datetime.date) -> list[ActionRow]:
    return [ActionRow.of(a, today) for a in actions]


def progress_of(actions: Iterable[Action], today: datetime.date) -> str:
    """Where a recommendation stands, from its actions."""
    states = [state_of(a.status, a.due, today) for a in actions]
    if not states:
        return "No actions yet"
    if ActionStatus.OVERDUE in states:
        return "Overdue"
    if all(s == ActionStatus.VERIFIED for s in states):
        return "Verified"
    if all(s in DONE for s in states):
        return "Complete"
    return "In progress"


def source_label(pathway: str) -> str:
    return SourceKind(source_kind(pathway)).label
