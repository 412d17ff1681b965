# The SAR fixtures (a partnership with an agency lead each, the Business Manager, the
# Independent Chair, a referral at each stage) serve My work's tests: the SAR has the most
# kinds of work and of people. Today is fixed there (2 March 2026).
import datetime

import pytest

from lantern.adults import decision, services
from lantern.cases.models import Case, CaseStatus
from lantern.meetings.models import Decision
from tests.adults.conftest import *  # noqa: F403
from tests.adults.conftest import TODAY, _today, answer_scoping  # noqa: F401
from tests.factories import CaseFactory


@pytest.fixture
def decided(submitted, manager, chair, panel_chair):
    """A SAR referral screened, signed off, scoped and decided by the sub-group: waiting
    for the Independent Chair to agree it."""
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    services.scoping_send(referral=submitted)
    answer_scoping(submitted)
    services.scoping_complete(referral=submitted)
    decision.decision_record(
        referral=submitted, kind="mandatory", rationale="s44 met.", decided_on=TODAY, user=manager
    )
    submitted.refresh_from_db()
    return submitted


def rapid_review_decided(partnership, manager, *, decided_on: datetime.date = TODAY) -> Decision:
    """A rapid review whose meeting has decided (a local CSPR), not yet endorsed."""
    case: Case = CaseFactory(
        partnership=partnership, pathway="rapid-review", stage="meeting", status=CaseStatus.OPEN
    )
    return Decision.objects.create(
        case=case,
        kind="cspr",
        kind_label="Local child safeguarding practice review",
        rationale="The criteria for a local review are met.",
        decided_on=decided_on,
        recorded_by=manager,
    )
