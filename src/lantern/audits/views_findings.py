"""Findings, recommendations, good practice, ratification and the learning shared.
Thin: the rules are in lantern.audits.findings and lantern.audits.learning."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

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
from .models import Recommendation
from .views import form_page


def _back(reference: str) -> str:
    return reverse("audits:findings", args=[reference])


@login_required
def findings_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, reference, what="audit findings")
    audit = audit_of(case)
    recommendations = Recommendation.objects.select_related("owner", "monitoring_group")
    context = {
        "case": case,
        "audit": audit,
        "findings": audit.findings.prefetch_related(
            Prefetch("recommendations", queryset=recommendations)
        ),
        "good_practice": audit.good_practice.select_related("agency"),
        "ratifications": audit.ratifications.select_related("group"),
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
        title="Add a finding",
        button="Add the finding",
        success="The finding has been added.",
        back=_back(reference),
    )


@login_required
def recommendation_add(request: HttpRequest, reference: str, finding_id: int) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    finding = get_object_or_404(audit.findings, pk=finding_id)
    initial = {"monitoring_group": audit.qap_group}
    form = RecommendationForm(
        request.POST or None, partnership=audit.case.partnership, initial=initial
    )
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: findings.recommendation_add(finding=finding, user=request.user, **data),
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
