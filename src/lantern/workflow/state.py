"""What Lantern knows about a case's progress, loaded in bulk: the clock's steps, the
pathway's record, the latest decision, the documents, the requests to agencies and the
Home Office rounds. A fixed number of queries however many cases (for the work list)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lantern.adults.models import Sar, SarReferral
from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
from lantern.children.models import Cspr, RapidReview
from lantern.clock.engine import WorkingCalendar
from lantern.clock.models import CaseStep
from lantern.clock.selectors import working_calendar
from lantern.dhr.models import Dhr, HomeOfficeSubmission
from lantern.documents.models import Document
from lantern.meetings.models import Decision

from .declarations import DECLARATIONS, Step, step_of


@dataclass
class CaseState:
    case: Case
    calendar: WorkingCalendar
    steps: dict[tuple[str, str], CaseStep] = field(default_factory=dict)
    review: RapidReview | None = None
    cspr: Cspr | None = None
    referral: SarReferral | None = None
    sar: Sar | None = None
    dhr: Dhr | None = None
    decision: Decision | None = None
    documents: list[Document] = field(default_factory=list)
    requests: list[AgencyRequest] = field(default_factory=list)
    submissions: list[HomeOfficeSubmission] = field(default_factory=list)

    def declaration(self, key: str) -> Step:
        return step_of(self.case.pathway, key)

    def declarations(self) -> tuple[Step, ...]:
        return DECLARATIONS.get(self.case.pathway, ())

    def value(self, path: str) -> Any:
        head, _, rest = path.partition(".")
        if head == "doc":
            return any(d.kind == rest for d in self.documents)
        if head == "requests":
            return any(r.kind == rest for r in self.requests)
        if head == "submissions":
            # The current report is with the Home Office panel, or accepted: not when the
            # panel asked for a revision, nor once a later version replaced it.
            latest = self.submissions[-1] if self.submissions else None
            return bool(
                latest and self.dhr and latest.response != "resubmit"
                and latest.report_id == self.dhr.overview_report_id
            )  # fmt: skip
        if head == "accepted":
            # Accepted, and no later version now waits for the panel's response.
            latest = self.submissions[-1] if self.submissions else None
            return bool(
                latest and latest.response != "pending"
                and any(s.response == "accepted" for s in self.submissions)
            )  # fmt: skip
        value: Any = getattr(self, head)
        for name in rest.split(".") if rest else []:
            if value is None:
                return None
            value = getattr(value, name)
        return value

    def holds(self, path: str) -> bool:
        """A path, or "path=a|b", or "path!=a|b" (false while there is no value)."""
        if "!=" in path:
            path, wanted = path.split("!=")
            value = self.value(path)
            return value is not None and str(value) not in wanted.split("|")
        if "=" in path:
            path, wanted = path.split("=")
            return str(self.value(path)) in wanted.split("|")
        return bool(self.value(path))

    def clock_step(self, step: Step) -> CaseStep | None:
        return self.steps.get((step.clock, step.key)) if step.clock else None

    def on_clock(self, step: Step) -> bool:
        """False when the case runs the step's timetable without this step (a condition
        that does not apply, or a branch not taken)."""
        if not step.clock or self.clock_step(step) is not None:
            return True
        return not any(timetable == step.clock for timetable, _ in self.steps)

    def is_done(self, step: Step) -> bool:
        clock = self.clock_step(step)
        if clock is not None and clock.done_on is not None:
            return True
        return bool(step.done) and self.holds(step.done)

    def done_on(self, step: Step) -> datetime.date | None:
        clock = self.clock_step(step)
        if clock is not None and clock.done_on is not None:
            return clock.done_on
        if step.done and "=" not in step.done:
            value = self.value(step.done)
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                return value
        return None


def load_states(cases: Iterable[Case]) -> dict[int, CaseState]:
    cases = list(cases)
    if not cases:
        return {}
    ids = [c.pk for c in cases]
    calendars: dict[int, WorkingCalendar] = {}
    for partnership_id in {c.partnership_id for c in cases}:
        calendars[partnership_id] = working_calendar(partnership_id)
    states = {c.pk: CaseState(case=c, calendar=calendars[c.partnership_id]) for c in cases}
    for step in CaseStep.objects.filter(case_id__in=ids):
        states[step.case_id].steps[(step.pathway, step.step_id)] = step
    one_each = [
        ("review", RapidReview.objects.all()),
        ("cspr", Cspr.objects.select_related("final_report")),
        ("referral", SarReferral.objects.all()),
        ("sar", Sar.objects.select_related("final_report")),
        ("dhr", Dhr.objects.select_related("overview_report")),
    ]
    for name, queryset in one_each:
        for record in queryset.filter(case_id__in=ids):
            setattr(states[record.case_id], name, record)
    for decision in Decision.objects.filter(case_id__in=ids).order_by("decided_on", "pk"):
        states[decision.case_id].decision = decision  # the latest wins
    for document in Document.objects.filter(case_id__in=ids).only(
        "pk", "case_id", "kind", "is_draft", "version"
    ):
        states[document.case_id].documents.append(document)
    by_case: dict[int, list[AgencyRequest]] = defaultdict(list)
    for request in AgencyRequest.objects.filter(case_id__in=ids).select_related("agency"):
        by_case[request.case_id].append(request)
    for case_id, requests in by_case.items():
        states[case_id].requests = requests
    rounds = HomeOfficeSubmission.objects.filter(dhr__case_id__in=ids).select_related(
        "report", "dhr"
    )
    for submission in rounds.order_by("round"):
        states[submission.dhr.case_id].submissions.append(submission)
    return states


def case_state(case: Case) -> CaseState:
    return load_states([case])[case.pk]
