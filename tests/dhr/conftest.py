import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile

from lantern.accounts.models import Role
from lantern.clock.services import case_schedule
from lantern.dhr import services
from lantern.dhr.models import Dhr
from lantern.documents.services import document_upload
from tests.factories import PartnershipFactory, UserFactory

D = datetime.date
NOTIFIED = D(2026, 3, 2)


def notification_data(**overrides):
    data = {
        "notified_on": NOTIFIED, "notified_by": "DI Moss, Police",
        "full_name": "Alex Morgan Example", "date_of_birth": D(1980, 5, 17),
        "date_of_death": D(2026, 2, 20), "relationship": "ex_partner",
        "suspected_suicide": False, "circumstances": "Killed by a former partner.",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def manager(db):
    partnership = PartnershipFactory()
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


@pytest.fixture
def dhr(manager):
    with time_machine.travel(D(2026, 3, 3), tick=False):
        dhr = services.dhr_notify(user=manager, data=notification_data())
    # Chosen before anything is published (lantern.workflow.publication).
    dhr.case.pseudonym = "Adult A"
    dhr.case.save(update_fields=["pseudonym"])
    return dhr


def report(dhr, user, text, supersedes=None):
    return document_upload(
        case=dhr.case, title="Overview report", kind="final_report", user=user,
        is_draft=False, supersedes=supersedes,
        file=ContentFile(text.encode(), name="overview.txt"),
    )  # fmt: skip


@pytest.fixture
def cast_dhr(cast):
    """The `cast` case made a DHR, so every view can be tried with the four people."""
    case = cast.case
    case.pathway, case.stage = "dhr", "notification"
    case.save()
    dhr = Dhr.objects.create(
        case=case, notified_on=NOTIFIED, notified_by="Police", recorded_by=cast.business_manager,
        date_of_death=D(2026, 2, 20), relationship="partner", circumstances="Stabbed.",
    )  # fmt: skip
    case_schedule(case=case, pathway="dhr", start=NOTIFIED)
    return dhr
