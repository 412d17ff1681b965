"""Grades and moderation pages. Thin: the rules are in lantern.audits.grading."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lantern.cases.access import get_case_for_user

from . import grading
from .access import audit_of, get_led_audit_for_user, may_lead
from .forms_grades import JudgementForm, ModerationForm
from .models import CaseJudgement
from .views import form_page


def _back(reference: str) -> str:
    return reverse("audits:grades", args=[reference])


@login_required
def grades(request: HttpRequest, reference: str) -> HttpResponse:
    """Each selected case: its agencies' grades and its moderated judgement."""
    case = get_case_for_user(request.user, reference, what="audit grades")
    audit = audit_of(case)
    returns = list(audit.returns.select_related("agency"))
    judgements = {j.case_reference: j for j in audit.judgements.select_related("moderated_by")}
    cases = [
        {
            "reference": ref,
            "returns": [r for r in returns if r.case_reference == ref],
            "judgement": judgements.get(ref),
        }
        for ref in grading.selected_references(audit)
    ]
    context = {
        "case": case,
        "audit": audit,
        "cases": cases,
        "can_lead": may_lead(request.user, audit),
    }
    return render(request, "audits/grades.html", context)


@login_required
def moderate(request: HttpRequest, reference: str, case_reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    if case_reference not in grading.selected_references(audit):
        raise Http404("That case was not selected for this audit.")
    returns = list(audit.returns.filter(case_reference=case_reference).select_related("agency"))
    judged = CaseJudgement.objects.filter(audit=audit, case_reference=case_reference).first()
    initial = {"judgement": judged.grade, "note": judged.note} if judged else {}
    form = ModerationForm(
        request.POST or None, case_reference=case_reference, returns=returns, initial=initial
    )
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: grading.case_moderate(
            audit=audit,
            case_reference=case_reference,
            grades=form.grades(),
            judgement=data["judgement"],
            note=data["note"],
            user=request.user,
        ),
        title=f"Grade and moderate case {case_reference}",
        button="Save the grades",
        success=f"The grades for {case_reference} have been saved.",
        back=_back(reference),
        intro="Grade each agency's work on the case from its return, then moderate one "
        "overall judgement for the case.",
    )


@login_required
def judge(request: HttpRequest, reference: str) -> HttpResponse:
    audit = get_led_audit_for_user(request.user, reference)
    initial = {"judgement": audit.judgement, "note": audit.judgement_note}
    form = JudgementForm(request.POST or None, initial=initial)
    return form_page(
        request,
        audit=audit,
        form=form,
        save=lambda data: grading.audit_judge(audit=audit, user=request.user, **data),
        title="Moderate the audit's overall judgement",
        button="Save the judgement",
        success="The audit's overall judgement has been saved.",
        back=_back(reference),
    )
