"""The declarations hold together: each clock step named is one of the clock's, each
earlier step named is declared, each stage is one of the pathway's, each page exists,
and every done-path reads something the case's state has."""

import pytest
from django.urls import NoReverseMatch, reverse

from lantern.cases.pathways import PATHWAYS
from lantern.clock.engine.timetables import TIMETABLES
from lantern.workflow.declarations import DECLARATIONS
from lantern.workflow.rules import After, WorkingDaysAfter

STEPS = [(pathway, step) for pathway, steps in DECLARATIONS.items() for step in steps]


@pytest.mark.parametrize(("pathway", "step"), STEPS, ids=[f"{p}:{s.key}" for p, s in STEPS])
def test_each_declared_step_matches_the_clock_the_stages_and_the_pages(pathway, step):
    keys = {s.key for s in DECLARATIONS[pathway]}
    if step.clock:
        assert step.key in {rule.id for rule in TIMETABLES[step.clock].steps}
    for rule in step.requires:
        if isinstance(rule, After | WorkingDaysAfter):
            assert rule.step in keys
    if step.stage:
        assert step.stage in dict(PATHWAYS[pathway].stages)
    assert step.roles or step.capacities, "every step has someone to act on it"
    assert step.clock or step.done, "Lantern can tell when every step is done"
    kwargs = {"reference": "X-1"} | {k: 1 if v.startswith("@") else v for k, v in step.url_args}
    try:
        reverse(step.url, kwargs=kwargs)
    except NoReverseMatch:  # pragma: no cover - the assertion says which
        pytest.fail(f"{pathway}:{step.key} names no page: {step.url} {kwargs}")


def test_keys_are_unique_within_each_pathway():
    for steps in DECLARATIONS.values():
        keys = [s.key for s in steps]
        assert len(keys) == len(set(keys))
