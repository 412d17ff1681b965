import datetime

import pytest
import time_machine

from lantern.accounts.models import Role
from lantern.adults import decision, review, services
from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Capacity, CaseMembership
from lantern.partnerships.models import AgencyKind, StatutoryPartner
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def partnership(db):
    partnership = PartnershipFactory(name="Test Safeguarding Partnership")
    for name, kind, statutory in [
        ("Council", AgencyKind.LOCAL_AUTHORITY, StatutoryPartner.LOCAL_AUTHORITY),
        ("ICB", AgencyKind.ICB, StatutoryPartner.ICB),
        ("Police", AgencyKind.POLICE, StatutoryPartner.POLICE),
        ("Care Home", AgencyKind.SCHOOL, ""),
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
    return UserFactory(partnership=partnership, agency=agencies["Care Home"])


@pytest.fixture
def manager(partnership):
    return UserFactory(partnership=partnership, roles=[Role.BUSINESS_MANAGER])


@pytest.fixture
def chair(partnership):
    return UserFactory(partnership=partnership, roles=[Role.INDEPENDENT_CHAIR])


@pytest.fixture
def panel_chair(partnership):
    return UserFactory(partnership=partnership, roles=[Role.GROUP_CHAIR])


def referral_data(agencies, **overrides):
    data = {
        "referring_agency": agencies["Care Home"],
        "public_concern_from": "",
        "authorised_by": "Pat Lead",
        "authoriser_role": "safeguarding_lead",
        "authorised_on": TODAY - datetime.timedelta(days=1),
        "adult_name": "Alex Example",
        "date_of_birth": datetime.date(1950, 4, 3),
        "address": "2 Example Road\nDemotown DT1 2AB",
        "care_and_support_needs": True,
        "died": True,
        "abuse_or_neglect": "suspected",
        "serious": False,
        "agencies_concern": True,
        "what_happened": "Died in hospital with pressure sores.",
        "involved_agencies": [agencies["Council"], agencies["Police"]],
    }
    return data | overrides


@pytest.fixture
def submitted(referrer, agencies):
    return services.referral_submit(user=referrer, data=referral_data(agencies))


def answer_scoping(referral):
    for request in AgencyRequest.objects.filter(case=referral.case, kind="scoping"):
        AgencyRequest.objects.filter(pk=request.pk).update(
            status="submitted", submitted_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
        )


@pytest.fixture
def agreed(submitted, manager, chair, panel_chair):
    """A referral screened, signed off, scoped, decided and agreed by the Independent Chair."""
    services.referral_screen(referral=submitted, user=manager, panel_chair=panel_chair, on=TODAY)
    services.scoping_sign_off(referral=submitted, user=chair)
    services.scoping_send(referral=submitted)
    answer_scoping(submitted)
    services.scoping_complete(referral=submitted)
    decision.decision_record(
        referral=submitted, kind="mandatory", rationale="s44 met.", decided_on=TODAY, user=manager
    )
    decision.chair_agree(referral=submitted, user=chair)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def sar(agreed):
    sar = review.sar_commission(referral=agreed, on=TODAY)
    # Chosen before anything is published (lantern.workflow.publication).
    sar.case.pseudonym = "Adult A"
    sar.case.save(update_fields=["pseudonym"])
    return sar


def make_member(case, person, capacity=Capacity.LEAD, agency=None):
    return CaseMembership.objects.create(case=case, person=person, capacity=capacity, agency=agency)


def imrs_requested(sar, manager=None):
    """Reviewers commissioned, the initial scoping meeting held, IMRs asked of the referrer's
    agency: the SAR's steps in their declared order."""
    for step_id in ("reviewers-commissioned", "initial-scoping-meeting"):
        review.sar_step_done(sar=sar, step_id=step_id, on=TODAY)
    referral = sar.case.sar_referral
    return review.imr_send(
        sar=sar, agency_ids=[referral.referring_agency_id], due=TODAY + datetime.timedelta(weeks=6)
    )


def answer_imrs(sar):
    AgencyRequest.objects.filter(case=sar.case, kind="imr").update(
        status="submitted", submitted_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    )


def draft_upload(sar, user):
    from django.core.files.base import ContentFile

    from lantern.documents.services import document_upload

    return document_upload(
        case=sar.case, title="SAR draft report", kind="report_draft", user=user, is_draft=True,
        file=ContentFile(b"Adult A: draft.", name="draft.txt"),
    )  # fmt: skip


def signed_off(sar, manager, publication="summary"):
    """The SAR carried in order to the SAB sign-off."""
    imrs_requested(sar)
    answer_imrs(sar)
    draft_upload(sar, manager)
    for step_id in ("draft-report", "sar-committee"):
        review.sar_step_done(sar=sar, step_id=step_id, on=TODAY)
    return review.sab_signoff(sar=sar, on=TODAY, publication=publication)
