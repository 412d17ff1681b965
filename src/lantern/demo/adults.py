"""Demo Safeguarding Adult Reviews: a referral returned as incomplete, a SAR at month four
with one IMR overdue, and a SAR delayed beyond six months with its notice."""

import datetime

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.adults import decision, delay, review, services
from lantern.adults.models import Sar, SarReferral
from lantern.agencyrequests.models import AgencyRequest
from lantern.cases.models import Case
from lantern.clock.engine import ENGLAND
from lantern.clock.models import CaseStep
from lantern.clock.services import step_extend
from lantern.demo.chronology import demo_chronology_load
from lantern.meetings.models import Decision
from lantern.partnerships.models import Agency, Partnership

ASC, POLICE, ICB = (
    "Demoshire Council Adult Social Care",
    "Demoshire Police",
    ("Demoshire Integrated Care Board"),
)
HOSPITAL, HOMES = "Demo Hospitals NHS Foundation Trust", "Demo Homes"


def _referral(partnership: Partnership, name: str, received: datetime.date) -> SarReferral:
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    referrer = User.objects.get(email="hospital.rep@example.org")
    data = {
        "referring_agency": agencies[HOSPITAL], "public_concern_from": "",
        "authorised_by": "Nadia Rahman", "authoriser_role": "safeguarding_lead",
        "authorised_on": received, "adult_name": name, "date_of_birth": None, "address": "",
        "care_and_support_needs": True, "died": True, "abuse_or_neglect": "suspected",
        "serious": False, "agencies_concern": True,
        "what_happened": "Died in hospital with untreated pressure ulcers after living alone.",
        "involved_agencies": [agencies[n] for n in (ASC, POLICE, ICB, HOMES)],
    }  # fmt: skip
    return services.referral_submit(user=referrer, data=data, received_on=received)


def _agreed_sar(partnership: Partnership, name: str, commissioned: datetime.date) -> Sar:
    """A referral taken through screening, scoping and decision, commissioned on the date."""
    manager = User.objects.get(email="business.manager@example.org")
    chair = User.objects.get(email="independent.chair@example.org")
    received = commissioned - datetime.timedelta(weeks=10)
    referral = _referral(partnership, name, received)
    services.referral_screen(
        referral=referral, user=manager, on=received,
        panel_chair=User.objects.get(email="qap.chair@example.org"),
    )  # fmt: skip
    services.scoping_sign_off(referral=referral, user=chair)
    services.scoping_send(referral=referral, sent_on=received)
    returned = timezone.make_aware(datetime.datetime.combine(received, datetime.time(12)))
    AgencyRequest.objects.filter(case=referral.case, kind="scoping").update(
        status="accepted", submitted_at=returned + datetime.timedelta(weeks=3)
    )
    services.scoping_complete(referral=referral)
    decided = received + datetime.timedelta(weeks=7)
    decision.decision_record(
        referral=referral, kind="mandatory", decided_on=decided, user=manager,
        rationale="The adult died of suspected neglect and agencies could have worked together "
        "better: the Care Act s44 duty applies.",
    )  # fmt: skip
    decision.chair_agree(referral=referral, user=chair)
    # The demo's history happened in the past: the agreement came a week after the decision.
    agreed_on = decided + datetime.timedelta(weeks=1)
    Decision.objects.filter(case=referral.case).update(endorsed_on=agreed_on)
    CaseStep.objects.filter(case=referral.case, step_id="chair-agreed").update(done_on=agreed_on)
    decision.family_notified(
        referral=referral, on=agreed_on, by_whom="Ruth Okafor (Independent Chair)"
    )
    sar = review.sar_commission(referral=referral, on=commissioned)
    review.sar_step_done(
        sar=sar, step_id="reviewers-commissioned", on=commissioned + datetime.timedelta(weeks=3)
    )
    review.sar_step_done(
        sar=sar, step_id="initial-scoping-meeting", on=commissioned + datetime.timedelta(weeks=7)
    )
    return sar


def demo_adults_load(partnership: Partnership) -> int:
    """Loads four adult cases; returns how many it made (0 if SARs are already there)."""
    if Case.objects.filter(partnership=partnership, pathway="sar").exists():
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        returned = _referral(partnership, "Olive Invented", today - datetime.timedelta(days=3))
        returned.case.pseudonym = "Adult A"
        returned.case.save(update_fields=["pseudonym"])
        services.referral_return(
            referral=returned,
            reason="Say who authorised the referral and whether the adult had care and "
            "support needs that the council was meeting.",
        )
        month_four = _agreed_sar(partnership, "Harold Makebelieve", review.add_months(today, -4))
        imrs = review.imr_send(
            sar=month_four,
            agency_ids=list(
                Agency.objects.filter(
                    partnership=partnership, name__in=[ASC, POLICE, HOMES]
                ).values_list("pk", flat=True)
            ),
            due=ENGLAND.next_working_day(today + datetime.timedelta(weeks=2)),
        )
        late = next(r for r in imrs if r.agency.name == HOMES)
        AgencyRequest.objects.filter(pk=late.pk).update(
            sent_on=today - datetime.timedelta(weeks=8), due=today - datetime.timedelta(days=10)
        )
        # The agencies' chronologies for this review, one likely duplicate among them.
        demo_chronology_load(month_four.case)
        month_four.case.pseudonym = "Adult B"
        month_four.case.save(update_fields=["pseudonym"])
        delayed = _agreed_sar(partnership, "Edith Nonesuch", review.add_months(today, -3))
        delayed.case.pseudonym = "Adult C"
        delayed.case.save(update_fields=["pseudonym"])
        step = CaseStep.objects.get(case=delayed.case, pathway="sar", step_id="sab-signoff")
        step_extend(step=step, new_due=review.add_months(today, 6), reason="Criminal proceedings.")
        delay.delay_notice(
            sar=delayed,
            reasons="A criminal trial is listed; the review waits so as not to prejudice it.",
            recipients="The adult's advocate, Demo Advocacy Service",
            user=User.objects.get(email="business.manager@example.org"),
        )
        # Screened this week: waiting for the Independent Chair to sign it off for scoping.
        screened = _referral(partnership, "Percy Fancied", today - datetime.timedelta(days=2))
        screened.case.pseudonym = "Adult D"
        screened.case.save(update_fields=["pseudonym"])
        services.referral_screen(
            referral=screened, user=User.objects.get(email="business.manager@example.org"),
            panel_chair=User.objects.get(email="qap.chair@example.org"), on=today,
        )  # fmt: skip
    return 4
