import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile

from lantern.accounts.models import Role
from lantern.children import cspr as cspr_services
from lantern.children.models import Cspr
from lantern.clock.services import case_schedule
from lantern.documents.services import document_upload
from lantern.partnerships.models import AgencyKind, StatutoryPartner
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    PartnershipFactory,
    SubjectFactory,
    UserFactory,
)

D = datetime.date


@pytest.fixture
def partnership(db):
    partnership = PartnershipFactory(name="Test Safeguarding Partnership")
    for name, kind, statutory in [
        ("Council", AgencyKind.LOCAL_AUTHORITY, StatutoryPartner.LOCAL_AUTHORITY),
        ("ICB", AgencyKind.ICB, StatutoryPartner.ICB),
        ("Police", AgencyKind.POLICE, StatutoryPartner.POLICE),
        ("School", AgencyKind.SCHOOL, ""),
    ]:
        agency = AgencyFactory(
            partnership=partnership, name=name, kind=kind, statutory_partner=statutory
        )
        # Every agency has a safeguarding lead, so a request to it always reaches someone.
        UserFactory(
            partnership=partnership, agency=agency, full_name=f"{name} lead",
            roles=[(Role.SAFEGUARDING_LEAD, agency)],
        )  # fmt: skip
    return partnership


@pytest.fixture
def agencies(partnership):
    return {a.name: a for a in partnership.agencies.all()}


@pytest.fixture
def referrer(partnership, agencies):
    return UserFactory(
        partnership=partnership, agency=agencies["School"], email="dsl@school.example"
    )


@pytest.fixture
def manager(partnership):
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


def referral_post(agencies, **overrides):
    """A complete, valid referral form as a browser would post it."""
    data = {
        "referring_agency": agencies["School"].pk,
        "authorised_by": "Pat Lead",
        "authorised_on_0": "2", "authorised_on_1": "11", "authorised_on_2": "2026",
        "child_name": "Jamie Example",
        "date_of_birth_0": "14", "date_of_birth_1": "6", "date_of_birth_2": "2019",
        "address": "1 Example Street",
        "looked_after": "no",
        "incident_on_0": "1", "incident_on_1": "11", "incident_on_2": "2026",
        "harm": "serious_harm",
        "abuse_or_neglect": "suspected",
        "what_happened": "Admitted to hospital with unexplained injuries.",
        "involved_agencies": [agencies["Police"].pk, agencies["Council"].pk],
    }  # fmt: skip
    data.update(overrides)
    return data


TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def cspr(partnership, manager):
    subject = SubjectFactory(partnership=partnership, full_name="Jamie Example")
    case = CaseFactory(
        partnership=partnership, pathway="cspr", stage="review", subject=subject,
        pseudonym="Child A",
    )  # fmt: skip
    case_schedule(case=case, pathway="cspr", start=D(2026, 6, 1))
    review = Cspr.objects.create(case=case, commissioned_on=D(2026, 6, 1), methodology="SILP")
    with time_machine.travel(D(2026, 12, 3), tick=False):
        report = document_upload(
            case=case, title="Final report", kind="final_report", user=manager, is_draft=False,
            file=ContentFile(b"Child A lived with her mother.", name="report.txt"),
        )  # fmt: skip
        cspr_services.final_report_set(cspr=review, document=report, on=D(2026, 12, 3))
    return review
