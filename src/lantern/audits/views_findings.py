"""Findings, recommendations, good practice, ratification and the learning shared.
Thin: the rules are in lantern.audits.findings and lantern.audits.learning."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from lantern.actions.models import Finding
from lantern.actions.quality import recommendation_checks
from lantern.cases.access import get_case_for_user

from . import findings, learning
from .access import audit_of, get_led_audit_for_user, may_lead
from .forms_findings import (
    AcknowledgeForm,
    FindingForm,
    GoodPracticeForm,
    LearningForm,
    RatificationForm,
    RecommendationForm,
    SeminarForm,
)
from .models import RatifyingBody
from .views import form_page


def _back(reference: str) -> str:
    return reverse("audits:findings", args=[reference])


@login_required
def findings_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="audit findings")
    audit = audit_of(case)
    ratifications = list(audit.ratifications.select_related("group"))
    learned = findings.audit_learning(audit)
    context = {
        "case": case,
        "audit": audit,
        "findings": learned.findings,
        "unlinked": learned.unlinked,
        "good_practice": audit.good_practice.select_related("agency"),
        "ratifications": ratifications,
        "ratified": any(r.body == RatifyingBody.EXECUTIVE for r in ratifications),
        "seminars": audit.seminars.all(),
        "can_lead": may_lead(request.user, audit),
    }
    return render(request, "audits/findings.html", context)


@login_required
def finding_add(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    form = FindingForm(request.POST or None)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: findings.finding_add(audit=audit, user=request.user, **data),
        title="Add an audit finding",
        button="Add the finding",
        success="The finding has been added.",
        back=_back(reference),
    )


def _advised(data: dict[str, Any]) -> bool:
    """Whether the tracker's quality prompt has advice on this recommendation."""
    checks = recommendation_checks(
        text=data["text"],
        owner_named=data["owner"] is not None,
        impact_measure=data["impact_measure"],
        impact_review_on=data["impact_review_on"],
        today=timezone.localdate(),
    )
    return any(not check.ok for check in checks)


@login_required
def recommendation_add(request: HttpRequest, reference: str, finding_id: int) -> HttpResponse:
    """A recommendation under a finding. When the quality prompt sends it back, its advice
    shows on the recommendation with a "Keep it as written" checkbox to go on regardless."""
    audit = get_led_audit_for_user(request.user, reference)
    finding = get_object_or_404(Finding, case=audit.case, pk=finding_id)
    initial = {"monitoring_group": audit.qap_group}
    form = RecommendationForm(
        request.POST or None, partnership=audit.case.partnership, initial=initial
    )

    def save(data: dict[str, Any]) -> object:
        try:
            return findings.recommendation_add(
                audit=audit, finding=finding, user=request.user, **data
            )
        except ValidationError as error:
            if "text" in getattr(error, "error_dict", {}) and _advised(data):
                form.offer_keep_as_written()
            raise

    return form_page(
        request,
        audit=audit,
        form=form,
        save=save,
        title=f"Add a recommendation under finding {finding.number}",
        button="Add the recommendation",
        success="The recommendation has been added.",
        back=_back(reference),
        intro=finding.text,
    )


@login_required
def good_practice_add(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    form = GoodPracticeForm(request.POST or None, partnership=audit.case.partnership)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: findings.good_practice_add(audit=audit, user=request.user, **data),
        title="Record good practice",
        button="Record the good practice",
        success="The good practice has been recorded. Acknowledge it via the senior "
        "management team.",
        back=_back(reference),
    )


@login_required
def acknowledge(request: HttpRequest, reference: str, practice_id: int) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    practice = get_object_or_404(audit.good_practice, pk=practice_id)
    form = AcknowledgeForm(request.POST or None)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: findings.good_practice_acknowledge(
            practice=practice, user=request.user, **data
        ),
        title="Record the acknowledgement of good practice",
        button="Save the acknowledgement",
        success="The acknowledgement has been recorded.",
        back=_back(reference),
        intro=practice.text,
    )


@login_required
def ratify(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    form = RatificationForm(request.POST or None, partnership=audit.case.partnership)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: findings.ratification_record(audit=audit, user=request.user, **data),
        title="Record the ratification of the findings",
        button="Record the ratification",
        success="The ratification has been recorded.",
        back=_back(reference),
    )


@login_required
def learning_summary(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    initial = {"text": audit.learning_summary, "flagged": audit.learning_flagged_for_publication}
    form = LearningForm(request.POST or None, initial=initial)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: learning.learning_summary_save(audit=audit, user=request.user, **data),
        title="Learning summary",
        button="Save the learning summary",
        success="The learning summary has been saved.",
        back=_back(reference),
    )


@login_required
def seminar_add(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    form = SeminarForm(request.POST or None)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: learning.seminar_record(audit=audit, user=request.user, **data),
        title="Record a seminar or briefing",
        button="Record the seminar",
        success="The seminar has been recorded.",
        back=_back(reference),
    )
