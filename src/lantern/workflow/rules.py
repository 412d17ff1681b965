"""The kinds of precondition a step can declare. Each is data; `problems` says, in words
that name the rule, what stops the step on the given date (empty: nothing does)."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lantern.agencyrequests.models import WAITING

if TYPE_CHECKING:
    from .declarations import Step
    from .state import CaseState


def _day(on: datetime.date) -> str:
    return f"{on.day} {on:%B %Y}"


@dataclass(frozen=True)
class Rule:
    def problems(
        self, state: "CaseState", step: "Step", on: datetime.date | None, facts: dict[str, Any]
    ) -> list[str]:
        raise NotImplementedError


@dataclass(frozen=True)
class After(Rule):
    """An earlier step is done, and this one is not dated before it."""

    step: str
    message: str = ""  # the rule in words, where it has a source to name

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        earlier = state.declaration(self.step)
        if not state.is_done(earlier):
            default = f"{step.title} comes after “{earlier.title}”: record that first."
            return [self.message or default]
        when = state.done_on(earlier)
        if on is not None and when is not None and on < when:
            return [f"{step.title} cannot be dated before “{earlier.title}” ({_day(when)})."]
        return []


@dataclass(frozen=True)
class WorkingDaysAfter(Rule):
    """A minimum interval, in the partnership's working days, after an earlier step."""

    step: str
    days: int
    rule: str  # the rule in words, with its source
    what: str  # "publication"

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        when = state.done_on(state.declaration(self.step))
        if when is None or on is None:
            return []
        earliest = state.calendar.add_working_days(when, self.days)
        if on < earliest:
            return [f"{self.rule} — the earliest {self.what} date is {_day(earliest)}."]
        return []


@dataclass(frozen=True)
class RequestsReturned(Rule):
    """Every request of a kind sent to the agencies has been answered."""

    kind: str  # AgencyRequest.kind: "scoping", "imr"
    what: str  # "scoping returns", "IMRs"

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        sent = [r for r in state.requests if r.kind == self.kind]
        if not sent:
            return [f"{step.title} needs the {self.what}: none have been requested."]
        # A return sent back to the agency for more is waiting again, though once submitted.
        waiting = sorted(str(r.agency) for r in sent if r.status in WAITING)
        if waiting:
            return [f"Still waiting for {', '.join(waiting)}: “{step.title}” needs every one "
                    f"of the {self.what} returned."]  # fmt: skip
        return []


@dataclass(frozen=True)
class DocumentOnCase(Rule):
    """A document is on the case: one of these kinds (not a draft when `draft` is False);
    with `draft` True, any document marked as a draft counts too."""

    kinds: tuple[str, ...]
    draft: bool
    what: str  # "a draft report"

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        for d in state.documents:
            if self.draft and (d.is_draft or d.kind in self.kinds):
                return []
            if not self.draft and d.kind in self.kinds and not d.is_draft:
                return []
        return [f"{step.title} needs {self.what} on the case: upload it first."]


@dataclass(frozen=True)
class Present(Rule):
    """Something recorded on the pathway's record (a path such as "cspr.final_report")."""

    path: str
    message: str

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        return [] if state.holds(self.path) else [self.message]


@dataclass(frozen=True)
class FinalDocument(Rule):
    """The document at `path` is chosen and is not a draft."""

    path: str
    message: str

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        document = state.value(self.path)
        if document is None or document.is_draft:
            return [self.message]
        return []


@dataclass(frozen=True)
class AcceptedVersion(Rule):
    """Home Office DHR guidance: the report published is the version the Quality
    Assurance Panel accepted; any later version goes back to the panel first."""

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        dhr = state.dhr
        accepted = next((s for s in reversed(state.submissions) if s.response == "accepted"), None)
        if dhr is None or accepted is None:
            return []  # declared as After("response"), with its message
        report = dhr.overview_report
        if report is None or report.pk != accepted.report_id:
            accepted_version = accepted.report.version
            if _is_version_of(report, accepted.report_id):
                return [
                    "Home Office DHR guidance: only the version the Home Office Quality "
                    f"Assurance Panel accepted (version {accepted_version}) may be published. "
                    f"Version {report.version} is later: submit it to the panel and have it "
                    "accepted first, or publish the accepted version."
                ]
            return [
                "Home Office DHR guidance: only the version the Home Office Quality Assurance "
                f"Panel accepted (version {accepted_version}) may be published: choose it as "
                "the overview report, or submit this report to the panel first."
            ]
        if on is not None and accepted.responded_on and on < accepted.responded_on:
            return ["Publication cannot come before the panel accepted the report "
                    f"({_day(accepted.responded_on)})."]  # fmt: skip
        return []


@dataclass(frozen=True)
class ReasonIfDiffers(Rule):
    """A decision that differs from the assessment at `path` needs a recorded reason.
    The decision comes in facts["kind"], the reason in facts["reason"]."""

    path: str
    kinds: tuple[str, ...]  # the decisions the assessment can be compared with
    rule: str

    def problems(self, state, step, on, facts):  # type: ignore[no-untyped-def]
        assessed, kind = state.value(self.path), facts.get("kind")
        if kind not in self.kinds or assessed not in self.kinds or kind == assessed:
            return []
        if str(facts.get("reason") or "").strip():
            return []
        return [f"{self.rule}: the referral was assessed as {assessed} and the decision is "
                f"{kind}. Record the reason the decision differs from the assessment."]  # fmt: skip


def _is_version_of(document: Any, accepted_id: int) -> bool:
    """True when `document` supersedes the accepted one, directly or through others."""
    while document is not None:
        if document.pk == accepted_id:
            return True
        document = document.supersedes
    return False
