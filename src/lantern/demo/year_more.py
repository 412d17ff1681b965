"""More of the demo's year (issue 16): SAR referrals received across the last complete
financial year (one returned as incomplete and corrected, one not meeting the criteria),
both decided "other steps, not a SAR", multi-agency case file audits of adults'
and children's cases judged and presented at the QA&P in the year, and the training
evaluation reported in the year.

Built through the apps' services; a judgement the service stamps with today's time is
dated back into the year with queryset.update(), as the history would have left it."""

import datetime
from datetime import timedelta

from django.utils import timezone

from lantern.accounts.models import User
from lantern.adults import decision, services
from lantern.adults.models import SarReferral
from lantern.agencyrequests.models import AgencyRequest
from lantern.audits import events, findings, grading, report, returns, selection
from lantern.audits import services as audits
from lantern.audits.findings import FIRST_RATIFIER
from lantern.audits.models import Audit, AuditKind
from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Group, GroupKind, Partnership
from lantern.reports.period import Period
from lantern.training.report import evaluation_report_record

from .adults import ASC, HOMES, HOSPITAL, ICB, POLICE
from .audits import WORKING, _answer, _tool

RETURNED, NOT_MET = "Adult G", "Adult H"
#: (kind, theme, days into the year the QA&P met, agencies, the judgement)
AUDITS = [
    ("adults", "Safeguarding adults discharged from hospital", 150,
     (ASC, ICB, HOSPITAL), "good"),
    ("children", "Children missing education", 300,
     ("Demoshire Council Children's Services", POLICE, ICB), "requires_improvement"),
]  # fmt: skip


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _referral_data(
    partnership: Partnership, name: str, received: datetime.date, needs: bool
) -> dict[str, object]:
    """Neither referral meets the s44 duty: no concern about how agencies worked together."""
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    return {
        "referring_agency": agencies[HOSPITAL], "public_concern_from": "",
        "authorised_by": "Nadia Rahman", "authoriser_role": "safeguarding_lead",
        "authorised_on": received, "adult_name": name, "date_of_birth": None, "address": "",
        "care_and_support_needs": needs, "died": False, "abuse_or_neglect": "suspected",
        "serious": True, "agencies_concern": False,
        "what_happened": "A fall at home after weeks without the visits that were planned.",
        "involved_agencies": [agencies[n] for n in (ASC, POLICE, ICB, HOMES)],
    }  # fmt: skip


def _sar_referral(
    partnership: Partnership, name: str, received: datetime.date, *, needs: bool
) -> SarReferral:
    return services.referral_submit(
        user=User.objects.get(email="hospital.rep@example.org"),
        data=_referral_data(partnership, name, received, needs),
        received_on=received,
    )


def _not_a_sar(referral: SarReferral, received: datetime.date, rationale: str) -> None:
    """Screened, scoped and decided "other steps, not a SAR" five weeks after `received`."""
    manager = User.objects.get(email="business.manager@example.org")
    services.referral_screen(
        referral=referral, user=manager, on=received,
        panel_chair=User.objects.get(email="qap.chair@example.org"),
    )  # fmt: skip
    services.scoping_sign_off(
        referral=referral, user=User.objects.get(email="independent.chair@example.org")
    )
    services.scoping_send(referral=referral, sent_on=received)
    AgencyRequest.objects.filter(case=referral.case, kind="scoping").update(
        status="accepted", submitted_at=_at(received + timedelta(weeks=2))
    )
    services.scoping_complete(referral=referral)
    decision.decision_record(
        referral=referral, kind="other", decided_on=received + timedelta(weeks=5),
        user=manager, rationale=rationale,
    )  # fmt: skip


def demo_year_sar_referrals_load(partnership: Partnership, year: Period) -> int:
    """Two SAR referrals received in the year, one returned as incomplete and corrected,
    both decided "other steps, not a SAR"; returns how many (0 if there already)."""
    if Case.objects.filter(partnership=partnership, pseudonym=RETURNED).exists():
        return 0
    first = year.start + timedelta(days=70)
    returned = _sar_referral(partnership, "Joan Untrue", first, needs=True)
    returned.case.pseudonym = RETURNED
    returned.case.save(update_fields=["pseudonym"])
    services.referral_return(
        referral=returned,
        reason="Say who authorised the referral and which agencies knew the adult.",
    )
    services.referral_resubmit(
        referral=returned,
        data=_referral_data(partnership, "Joan Untrue", first, needs=True),
    )
    _not_a_sar(
        returned, WORKING.next_working_day(first + timedelta(weeks=2)),
        "The council's s42 enquiry is under way and will draw out the learning: a SAR "
        "would add nothing the enquiry will not. Adult Social Care reports back to the QA&P.",
    )  # fmt: skip
    received = year.start + timedelta(days=200)
    referral = _sar_referral(partnership, "Stanley Fable", received, needs=False)
    referral.case.pseudonym = NOT_MET
    referral.case.save(update_fields=["pseudonym"])
    _not_a_sar(
        referral, received,
        "The adult had no care and support needs: the Care Act s44 criteria are not "
        "met. Adult Social Care and the housing provider review the visits with the family.",
    )  # fmt: skip
    return 2


def demo_year_audits_load(partnership: Partnership, year: Period) -> int:
    """An adults' and a children's audit judged and presented at the QA&P in the year;
    returns how many (0 if there already)."""
    themes = [theme for _, theme, *_ in AUDITS]
    if Audit.objects.filter(case__partnership=partnership, theme__in=themes).exists():
        return 0
    manager = User.objects.get(email="business.manager@example.org")
    theme_lead = User.objects.get(email="theme.lead@example.org")
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    qap = Group.objects.get(
        partnership=partnership, name="Quality Assurance & Performance sub-group"
    )
    for kind, theme, into_year, names, judgement in AUDITS:
        qap_on = WORKING.previous_working_day(year.start + timedelta(days=into_year))
        audit = audits.audit_open(
            partnership=partnership, theme=theme, theme_lead=theme_lead,
            scope=f"{theme}: cases from the year before, and the agencies that knew them.",
            kind=kind, qap_group=qap, qap_meeting_on=qap_on,
            opened_on=qap_on - timedelta(weeks=12),
        )  # fmt: skip
        held = audit.case.steps.get(step_id="audit").due
        _tool(audit, held - timedelta(days=50))
        selection.cases_draw(
            audit=audit,
            user=manager,
            references_text="\n".join(f"{kind[:2].upper()}-2025-{n:03d}" for n in range(1, 9)),
            at=_at(held - timedelta(days=42)),
        )
        returns.template_send(
            audit=audit, agency_ids=[agencies[n].pk for n in names],
            sent_on=held - timedelta(days=35),
        )  # fmt: skip
        for name in names:
            _answer(
                audit, manager, agencies[name],
                ["Their views were recorded and shaped the plan.", "yes", judgement],
                "The plan kept them safe.",
            )  # fmt: skip
        for reference in grading.selected_references(audit):
            rets = audit.returns.filter(case_reference=reference)
            grading.case_moderate(
                audit=audit, case_reference=reference,
                grades={r.pk: judgement for r in rets}, judgement=judgement,
                note="Agreed by the auditors at moderation.", user=theme_lead,
            )  # fmt: skip
        grading.audit_judge(
            audit=audit, judgement=judgement, user=theme_lead,
            note="The auditors' moderated view across the agencies' returns.",
        )  # fmt: skip
        Audit.objects.filter(pk=audit.pk).update(judged_at=_at(held))
        findings.finding_add(
            audit=audit, text="Agencies recorded the person's views but rarely shared them.",
            user=manager,
        )  # fmt: skip
        _learning_event(audit, held, manager)
        report.report_generate(audit=audit, user=manager)
        report.report_presented(audit=audit, user=manager, on=qap_on)
        _ratified_and_closed(audit, qap_on, manager)
    return len(AUDITS)


def _learning_event(audit: Audit, held: datetime.date, manager: User) -> None:
    """The audit session and learning event, held on the audit's day with its programme
    sent a week before, so no step of a finished audit is left waiting."""
    event = events.event_schedule(
        audit=audit, date=held, time=datetime.time(9, 30),
        location="Committee Room 2, Demoshire County Hall",
        programme="09:30 Case discussions in agency pairs\n12:00 Moderation and learning",
        user=manager,
    )  # fmt: skip
    events.invitee_add(event=event, user=manager, person=audit.theme_lead)
    events.programme_send(event=event, user=manager, on=held - timedelta(days=7))
    everyone = dict.fromkeys(event.invitees.values_list("pk", flat=True), "attended")
    events.attendance_save(event=event, attendance=everyone, held_on=held, user=manager)


def _ratified_and_closed(audit: Audit, qap_on: datetime.date, manager: User) -> None:
    """Ratified by the Board or the children's group, then the Executive; the final
    report written and the audit closed a month after the QA&P."""
    first_kind, _name = FIRST_RATIFIER[AuditKind(audit.kind)]
    partnership_id = audit.case.partnership_id
    for kind, days in ((first_kind, 14), (GroupKind.EXECUTIVE, 28)):
        findings.ratification_record(
            audit=audit, group=Group.objects.get(partnership_id=partnership_id, kind=kind),
            ratified_on=qap_on + timedelta(days=days), note="", user=manager,
        )  # fmt: skip
    report.report_generate(audit=audit, user=manager)
    report.audit_close(audit=audit, user=manager)
    Case.objects.filter(pk=audit.case_id).update(closed_on=qap_on + timedelta(days=30))


def demo_year_training_report_load(partnership: Partnership, year: Period) -> int:
    """The training evaluation of the year's first three quarters, reported in January."""
    from lantern.training.models import EvaluationReport

    start, end = year.start, datetime.date(year.start.year, 12, 31)
    if EvaluationReport.objects.filter(
        partnership=partnership, period_start=start, period_end=end
    ).exists():
        return 0
    evaluation_report_record(
        user=User.objects.get(email="ld.coordinator@example.org"),
        period_start=start,
        period_end=end,
        reported_on=WORKING.next_working_day(end + timedelta(days=21)),
        summary="Courses ran as planned from April to December. Practitioners said the "
        "neglect training changed how they record a child's lived experience; managers saw "
        "it in supervision three months on. Online sessions need a facilitator per room.",
    )
    return 1
