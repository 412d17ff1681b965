"""The pages every referral pathway shares: returning a referral, and its referrer
correcting it. The pathway's view fetches the case (through the access policy) and its
referral, then hands over to these."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lantern.web.forms import add_service_errors

from . import referrals
from .forms import ReferralReturnForm


def referral_new_page(
    request: HttpRequest,
    *,
    form_class: Any,
    submit: Callable[[Any, Form], Any],
    back: str,
    template: str,
) -> HttpResponse:
    """Anyone of a partnership may refer: the form, then the pathway's `submit(user, form)`
    opens the case and the referrer lands on its page (`back`)."""
    user = request.user
    if not getattr(user, "partnership_id", None):
        raise PermissionDenied("Only people of a partnership can refer.")
    form = form_class(request.POST or None, partnership=user.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            record = submit(user, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            reference = record.case.reference
            messages.success(request, f"Your referral has been sent as {reference}.")
            return redirect(back, reference=reference)
    return render(request, template, {"form": form})


def referral_return_page(
    request: HttpRequest, *, case: Any, record: Any, back: str, tell: Any = None
) -> HttpResponse:
    """The Business Manager's page to return `record` to its referrer. `back` is the URL
    name of the case's page; `tell` how the pathway tells its referrer (else an e-mail)."""
    form = ReferralReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        extra = {"tell": tell} if tell is not None else {}
        try:
            referrals.referral_return(record=record, reason=form.cleaned_data["reason"], **extra)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The referral has been returned to the referrer.")
            return redirect(back, reference=case.reference)
    context = {"case": case, "form": form, "back": reverse(back, args=[case.reference])}
    return render(request, "workflow/referral_return.html", context)


def referral_correct_page(
    request: HttpRequest,
    *,
    case: Any,
    record: Any,
    form: Form,
    resubmit: Callable[[Form], Any],
    back: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The referrer's page to correct a returned referral and send it again. Only they may,
    and only while it is returned."""
    if record.referred_by_id != request.user.pk or record.status != referrals.RETURNED:
        raise PermissionDenied("Only the referrer can correct a returned referral.")
    if request.method == "POST" and form.is_valid():
        try:
            resubmit(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your corrected referral has been sent.")
            return redirect(back, reference=case.reference)
    return render(request, template, {"form": form, "case": case, **context})
