"""A recommendation's page (its actions, what it repeats and the similar earlier
learning), linking it as a repeat, and adding an action to it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.access.policy import Perm, can, can_manage_recommendation
from lantern.web.forms import add_service_errors

from . import services
from .access import get_recommendation_for_user, get_rw_recommendation_for_user
from .display import progress_of, rows_of, source_label
from .forms import ActionForm, positive_id
from .repeats import similar_learning
from .selectors import recommendations_for_user, visible_repeats


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    recommendation = get_recommendation_for_user(user, pk)
    today = timezone.localdate()
    actions = list(recommendation.actions.all())
    similar = similar_learning(
        user, recommendation.text, exclude=recommendation, case=recommendation.case
    )
    can_manage = can_manage_recommendation(user, recommendation)
    return render(
        request,
        "actions/recommendation.html",
        {
            "recommendation": recommendation,
            "case": recommendation.case,
            "source": source_label(recommendation.case.pathway),
            "rows": rows_of(actions, today),
            "progress": progress_of(actions, today),
            "repeated_by": recommendations_for_user(user).filter(repeats=recommendation),
            "visible_repeats": visible_repeats(user, [recommendation]),
            "similar": similar,
            "can_manage": can_manage,
            "can_read_case": can(user, Perm.VIEW_CASE, recommendation.case),
            # Only earlier recommendations can be the one this repeats.
            "linkable": {
                s.recommendation.pk
                for s in similar
                if s.recommendation is not None
                and s.recommendation.created_at < recommendation.created_at
            }
            if can_manage
            else set(),
        },
    )


@login_required
@require_POST
def recommendation_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """Links the recommendation to an earlier one it repeats (or, blank, unlinks it)."""
    user: Any = request.user
    recommendation = get_rw_recommendation_for_user(user, pk)
    chosen = request.POST.get("repeats", "").strip()
    earlier = None
    if chosen:
        earlier_id = positive_id(chosen)
        if earlier_id is not None:
            earlier = recommendations_for_user(user).filter(pk=earlier_id).first()
        if earlier is None:
            messages.error(request, "Choose an earlier recommendation you can see.")
            return redirect("actions:recommendation", pk=pk)
    try:
        services.recommendation_link_repeat(
            recommendation=recommendation, earlier=earlier, user=user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if earlier is None:
            messages.success(request, f"{recommendation.label} is no longer linked as a repeat.")
        else:
            messages.success(
                request, f"{recommendation.label} is linked as repeating {earlier.label}."
            )
    return redirect("actions:recommendation", pk=pk)


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    recommendation = get_rw_recommendation_for_user(user, pk)
    form = ActionForm(request.POST or None, partnership_id=recommendation.partnership_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                recommendation=recommendation,
                title=data["title"],
                description=data["description"],
                lead_agency=data["lead_agency"],
                owner=data["owner"],
                due=data["due"],
                success_measure=data["success_measure"],
                user=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Action {recommendation.label}.{action.number} has been added."
            )
            return redirect("actions:action", pk=action.pk)
    return render(
        request,
        "actions/action_add.html",
        {"recommendation": recommendation, "case": recommendation.case, "form": form},
    )
