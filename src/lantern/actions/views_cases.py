"""The learning of one review or audit: its findings, the recommendations under them and
their actions; adding findings and recommendations; adopting national learning."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lantern.access.policy import Perm, can, can_draft_publications, has_perm
from lantern.cases.access import get_case_for_user, get_rw_case_for_user
from lantern.cases.services import case_open
from lantern.web.forms import add_service_errors

from . import services
from .display import ActionRow, progress_of, rows_of, source_label
from .evaluation import default_monitoring_group
from .forms import FindingForm, NationalLearningForm, RecommendationForm
from .models import Finding, Recommendation
from .quality import recommendation_checks
from .repeats import similar_learning
from .selectors import recommendations_for_case, recommendations_for_user, visible_repeats


@dataclass(frozen=True)
class RecommendationEntry:
    recommendation: Recommendation
    rows: list[ActionRow]
    progress: str


@login_required
def case_learning(request: HttpRequest, reference: str) -> HttpResponse:
    user: Any = request.user
    case = get_case_for_user(user, reference, what="learning and actions")
    today = timezone.localdate()
    entries: dict[int | None, list[RecommendationEntry]] = {}
    recommendations = list(recommendations_for_case(case))
    for recommendation in recommendations:
        recommendation.case = case  # for its label, without a query each
        actions = list(recommendation.actions.all())
        entry = RecommendationEntry(
            recommendation, rows_of(actions, today), progress_of(actions, today)
        )
        entries.setdefault(recommendation.finding_id, []).append(entry)
    findings = [(f, entries.get(f.pk, [])) for f in Finding.objects.filter(case=case)]
    return render(
        request,
        "actions/case.html",
        {
            "case": case,
            "source": source_label(case.pathway),
            "findings": findings,
            "unlinked": entries.get(None, []),
            "visible_repeats": visible_repeats(user, recommendations),
            "can_change": can(user, Perm.CHANGE_CASE, case),
            # Issue 14: the case's findings and recommendations drafted as a briefing.
            "can_brief": bool(findings or recommendations) and can_draft_publications(user),
        },
    )


@login_required
def finding_add(request: HttpRequest, reference: str) -> HttpResponse:
    user: Any = request.user
    case = get_rw_case_for_user(user, reference)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(case=case, text=form.cleaned_data["text"], user=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Finding {finding.number} has been added.")
            return redirect("actions:case", reference=case.reference)
    return render(request, "actions/finding_add.html", {"case": case, "form": form})


@login_required
def recommendation_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Writing a recommendation. "Check" (or a save that fails) shows the quality prompt's
    advice and the most similar earlier learning, which the writer may link as repeated."""
    user: Any = request.user
    case = get_rw_case_for_user(user, reference)
    posted = request.method == "POST"
    similar = similar_learning(user, request.POST.get("text", ""), case=case) if posted else []
    form = RecommendationForm(
        request.POST or None,
        # The evaluation table says which group this kind of learning is reported to.
        initial={"monitoring_group": default_monitoring_group(case)},
        case=case,
        earlier=recommendations_for_user(user),
        repeat_choices=[s.recommendation for s in similar if s.recommendation is not None],
    )
    checks: list[Any] = []
    if posted and form.is_valid():
        data = form.cleaned_data
        checks = recommendation_checks(
            text=data["text"],
            owner_named=data["owner"] is not None,
            impact_measure=data["impact_measure"],
            impact_review_on=data["impact_review_on"],
            today=timezone.localdate(),
        )
        if "save" in request.POST:
            try:
                recommendation = services.recommendation_create(
                    case=case,
                    text=data["text"],
                    monitoring_group=data["monitoring_group"],
                    owner=data["owner"],
                    impact_measure=data["impact_measure"],
                    impact_review_on=data["impact_review_on"],
                    user=user,
                    finding=data["finding"],
                    repeats=data["repeats"],
                    keep_as_written=data["keep_as_written"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Recommendation {recommendation.label} has been added.")
                return redirect("actions:recommendation", pk=recommendation.pk)
    return render(
        request,
        "actions/recommendation_add.html",
        {
            "case": case,
            "form": form,
            "checked": posted,
            "similar": similar,
            "checks": checks,
            "advice": any(not c.ok for c in checks),
        },
    )


@login_required
def national_new(request: HttpRequest) -> HttpResponse:
    """Opens a case for national learning adopted locally, to carry its recommendations."""
    user: Any = request.user
    if not has_perm(user, Perm.CHANGE_ALL_CASES):
        raise PermissionDenied("Only the Business Unit can adopt national learning.")
    # The learning library's "Adopt this national learning locally" names it (issue 14).
    initial = {"title": request.GET.get("title", "")[:200]}
    form = NationalLearningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open(
                partnership=user.partnership,
                pathway="national",
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{case.reference} has been opened: add its learning.")
            return redirect("actions:case", reference=case.reference)
    return render(request, "actions/national_new.html", {"form": form})
