"""The sign-in journey through an identity provider: begin, callback, and sign-out."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

from .models import IdentityProvider
from .services import (
    ProviderUnavailable,
    SignInRefused,
    claims_from_callback,
    is_locked_out,
    oidc_client,
    person_for_claims,
    provider_sign_in,
    refusal_record,
)

_NEXT_KEY = "lantern_sso_next"


def _unavailable(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    return render(request, "sso/unavailable.html", {"provider": provider}, status=503)


@never_cache
def begin(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider.objects.active(), pk=pk)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[_NEXT_KEY] = next_url
    try:
        client = oidc_client(provider)
        return client.authorize_redirect(
            request, request.build_absolute_uri(reverse("sso:callback", args=[provider.pk]))
        )
    except ProviderUnavailable:
        return _unavailable(request, provider)


@never_cache
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider.objects.active(), pk=pk)
    try:
        claims = claims_from_callback(request, provider)
        user = person_for_claims(provider, claims)
    except ProviderUnavailable:
        return _unavailable(request, provider)
    except SignInRefused as refusal:
        refusal_record(request, provider, refusal.attempted)
        return render(
            request, "sso/refused.html", {"provider": provider, "refusal": refusal}, status=403
        )
    if is_locked_out(request, user.email):
        return render(request, "accounts/locked_out.html", status=429)
    next_url = request.session.pop(_NEXT_KEY, "") or settings.LOGIN_REDIRECT_URL
    provider_sign_in(request=request, provider=provider, user=user, claims=claims)
    return redirect(next_url)


def signed_out(request: HttpRequest) -> HttpResponse:
    """After Lantern's sign-out, for someone who came through a provider: its own session
    may still be open, and they may want to end it too (on a shared computer, say)."""
    provider = IdentityProvider.objects.active().filter(pk=request.GET.get("provider") or 0)
    return render(request, "sso/signed_out.html", {"provider": provider.first()})


def provider_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider.objects.active(), pk=pk)
    try:
        metadata = oidc_client(provider).load_server_metadata()
    except ProviderUnavailable:
        return _unavailable(request, provider)
    end_session = metadata.get("end_session_endpoint")
    if not end_session:
        return render(request, "sso/signed_out.html", {"provider": provider, "no_end": True})
    back = request.build_absolute_uri(reverse("accounts:login"))
    query = urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": back})
    return HttpResponseRedirect(f"{end_session}{'&' if '?' in end_session else '?'}{query}")
