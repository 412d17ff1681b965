"""How a pathway's timetable is declared: steps as data, checked when declared.

A step is due a period after (or, back-scheduled, before) a base date:
- START: the date the timetable is run from (referral received, decision, meeting date);
- ANCHOR: the start, unless the partnership has chosen to count from one of the
  timetable's `anchor_choices` (a step) instead, e.g. the notification to the
  National Panel for a rapid review (Working Together 2023);
- or another step: its actual date once it has happened, else its due date.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .periods import Period

START = "start"
ANCHOR = "anchor"
_RESERVED = {START, ANCHOR}


@dataclass(frozen=True)
class StepRule:
    id: str
    title: str
    period: Period
    after: str = ANCHOR  # START, ANCHOR or the id of another step
    before: bool = False  # back-scheduled: the period counts back from the base date
    earliest: Period | None = None  # the start of a window ("between 7 and 13 working days")
    statutory: bool = False  # set in law or statutory guidance: no partnership may change it
    only_if: str = ""  # a condition (e.g. "looked-after") the step applies under
    source: str = ""  # where the timescale comes from, shown to people

    def __post_init__(self) -> None:
        if self.id in _RESERVED or not self.id:
            raise ValueError(f"{self.id!r} cannot be a step id.")
        if self.earliest is not None:
            if self.earliest.unit != self.period.unit:
                raise ValueError(f"{self.id}: the window must be in one unit.")
            if not self._window_ok(self.earliest.amount, self.period.amount):
                raise ValueError(f"{self.id}: the window opens after it closes.")

    def _window_ok(self, opens: int, due: int) -> bool:
        # Counting back, the window opens further back than the due date.
        return opens >= due if self.before else opens <= due

    @property
    def relation(self) -> str:
        return "before" if self.before else "after"

    def with_amounts(self, amount: int, earliest: int | None = None) -> "StepRule":
        """The same step with a partnership's own timescale. Statutory steps refuse."""
        if self.statutory:
            raise ValueError(f"{self.title} is a statutory timescale and cannot be changed.")
        unit = self.period.unit
        low, high = unit.bounds
        if not low <= amount <= high:
            raise ValueError(f"Enter a number of {unit.label} between {low} and {high}.")
        window = None
        if self.earliest is not None:
            opens = self.earliest.amount if earliest is None else earliest
            if not (low <= opens <= high and self._window_ok(opens, amount)):
                least, most = (amount, high) if self.before else (low, amount)
                raise ValueError(
                    "The earliest date must be on or before the due date: enter between "
                    f"{least} and {most} {unit.label}."
                )
            window = self.earliest.with_amount(opens)
        return replace(self, period=self.period.with_amount(amount), earliest=window)


@dataclass(frozen=True)
class Override:
    """A partnership's own amount for a step (and for the opening of its window)."""

    amount: int
    earliest: int | None = None


@dataclass(frozen=True)
class Timetable:
    pathway: str
    start_label: str  # what the start date is, e.g. "Referral received"
    steps: tuple[StepRule, ...]
    anchor_choices: tuple[tuple[str, str], ...] = ((START, ""),)
    conditions: tuple[tuple[str, str], ...] = ()
    _by_id: dict[str, StepRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {step.id: step for step in self.steps}
        if len(by_id) != len(self.steps):
            raise ValueError(f"{self.pathway}: step ids must be unique.")
        object.__setattr__(self, "_by_id", by_id)
        known_conditions = {key for key, _ in self.conditions}
        for step in self.steps:
            if step.after not in _RESERVED and step.after not in by_id:
                raise ValueError(f"{self.pathway}: {step.id} counts from unknown {step.after}.")
            if step.only_if and step.only_if not in known_conditions:
                raise ValueError(f"{self.pathway}: {step.id} has unknown condition.")
            base = by_id.get(step.after)
            if base is not None and base.only_if not in ("", step.only_if):
                raise ValueError(f"{self.pathway}: {step.id} counts from a conditional step.")
        for anchor, _label in self.anchor_choices:
            if anchor == START:
                continue
            if anchor not in by_id or by_id[anchor].only_if or ANCHOR in self._bases(anchor):
                raise ValueError(f"{self.pathway}: {anchor} cannot be the anchor.")
        for step in self.steps:
            self._bases(step.id)  # refuses a cycle

    def _bases(self, step_id: str) -> list[str]:
        """What the step counts from, nearest first, down to START or ANCHOR."""
        chain: list[str] = []
        current = self._by_id[step_id].after
        while current not in _RESERVED:
            if current == step_id or current in chain:
                raise ValueError(f"{self.pathway}: {step_id} counts from itself.")
            chain.append(current)
            current = self._by_id[current].after
        return [*chain, current]

    def step(self, step_id: str) -> StepRule:
        try:
            return self._by_id[step_id]
        except KeyError:
            raise KeyError(f"{self.pathway} has no step {step_id!r}.") from None

    def has_step(self, step_id: str) -> bool:
        return step_id in self._by_id

    def steps_for(self, conditions: frozenset[str] = frozenset()) -> tuple[StepRule, ...]:
        return tuple(s for s in self.steps if not s.only_if or s.only_if in conditions)

    def base_of(self, step: StepRule, anchor: str = START) -> str:
        """What a step counts from once the anchor is chosen: START or a step id."""
        if step.after == ANCHOR:
            return START if anchor in (START, step.id) else anchor
        return step.after

    def dependents(self, step_id: str, anchor: str = START) -> list[str]:
        """Every step that counts, directly or through others, from `step_id`, in order."""
        found = {step_id}
        changed = True
        while changed:
            changed = False
            for step in self.steps:
                if step.id not in found and self.base_of(step, anchor) in found:
                    found.add(step.id)
                    changed = True
        return [s.id for s in self.steps if s.id in found and s.id != step_id]

    def counted_from(self, step: StepRule, anchor: str = START) -> str:
        """What a step counts from, in words: the start, or another step's title."""
        base = self.base_of(step, anchor)
        return self.start_label if base == START else self.step(base).title

    def localised(self, overrides: Mapping[str, Override]) -> "Timetable":
        """This timetable with a partnership's own (non-statutory) timescales."""
        steps = tuple(
            step.with_amounts(overrides[step.id].amount, overrides[step.id].earliest)
            if step.id in overrides
            else step
            for step in self.steps
        )
        return replace(self, steps=steps)
