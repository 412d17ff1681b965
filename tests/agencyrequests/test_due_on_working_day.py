"""Found on a walk: a request's due date on a Saturday was accepted.

The rule: a due date falls on a working day. The kernel's send (requests_send, through
which scoping, IMR, audit return and action update requests all go) refuses a weekend,
bank holiday or closure day once, with the clock's message naming the next working day."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lantern.agencyrequests import services
from lantern.agencyrequests.models import AgencyRequest, RequestKind
from lantern.clock.models import ClosureDay

from .conftest import TODAY

pytestmark = pytest.mark.django_db

SATURDAY = datetime.date(2026, 3, 7)
GOOD_FRIDAY = datetime.date(2026, 4, 3)


def _send(cast, agencies, due):
    return services.requests_send(
        case=cast.case,
        agency_ids=[agencies.police.pk],
        kind=RequestKind.SCOPING,
        title="Initial scoping return",
        instructions="Cover the last two years.",
        due=due,
    )


@pytest.mark.parametrize(
    "due, message",
    [
        (
            SATURDAY,
            "7 March 2026 is a Saturday: choose a working day, such as Monday 9 March 2026.",
        ),
        (
            GOOD_FRIDAY,
            "3 April 2026 is a bank holiday: choose a working day, such as Tuesday 7 April 2026.",
        ),
    ],
)
def test_a_due_date_on_a_non_working_day_is_refused_and_nothing_is_sent(
    cast, agencies, due, message
):
    with pytest.raises(ValidationError) as refused:
        _send(cast, agencies, due)
    assert refused.value.message_dict == {"due": [message]}
    assert not AgencyRequest.objects.exists()
    assert not mail.outbox


def test_a_due_date_on_the_partnerships_closure_day_is_refused(cast, agencies):
    ClosureDay.objects.create(
        partnership=cast.case.partnership, date=datetime.date(2026, 3, 6), reason="Office move"
    )
    with pytest.raises(ValidationError) as refused:
        _send(cast, agencies, datetime.date(2026, 3, 6))
    assert "is a closure day" in refused.value.message_dict["due"][0]


def test_a_due_date_on_a_working_day_is_sent(cast, agencies):
    [request] = _send(cast, agencies, TODAY + datetime.timedelta(days=4))
    assert request.due == datetime.date(2026, 3, 6)


def test_adding_agencies_to_a_batch_with_a_saturday_due_date_is_refused(cast, agencies):
    """requests_add goes through the same send, so its new due date is checked too."""
    _send(cast, agencies, TODAY + datetime.timedelta(days=4))
    with pytest.raises(ValidationError) as refused:
        services.requests_add(
            case=cast.case, kind=RequestKind.SCOPING, agency_ids=[agencies.icb.pk], due=SATURDAY
        )
    assert "is a Saturday" in refused.value.message_dict["due"][0]
