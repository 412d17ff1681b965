import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.calendars.services import feed_token
from lantern.sso.services import SESSION_PROVIDER_KEY, sign_in_providers

from .email_change import email_change_confirm, email_change_pending
from .forms import ChangePasswordForm, NewPasswordForm, ResetForm, SignInForm, TokenForm
from .services import confirmed_totp_device, totp_confirm, totp_device_for_setup


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        providers = sign_in_providers()
        return super().get_context_data(
            providers=providers,
            several_partnerships=len({p.partnership_id for p in providers}) > 1,
            **kwargs,
        )


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        # Lantern's session ends here; a provider's own session does not, so whoever came
        # through one is offered its sign-out next.
        provider_id = request.session.get(SESSION_PROVIDER_KEY)
        response = super().post(request, *args, **kwargs)
        if provider_id:
            return redirect(f"{reverse('sso:signed_out')}?provider={int(provider_id)}")
        return response


class ResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    feed_path = reverse("calendars:feed", kwargs={"token": feed_token(user)})
    return render(
        request,
        "accounts/account.html",
        {
            "has_two_factor": confirmed_totp_device(user) is not None,
            "assignments": user.role_assignments.select_related("group", "agency"),
            "calendar_url": request.build_absolute_uri(feed_path),
        },
    )


def _allowed(device: TOTPDevice, form: TokenForm) -> bool:
    """django-otp makes each wrong code double the wait before the next try."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "token",
            "Too many wrong codes. Wait a few seconds, then enter the newest code.",
        )
    return bool(allowed)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = totp_device_for_setup(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _allowed(device, form) and totp_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect("web:dashboard")
        if not form.errors:
            form.add_error(
                "token",
                "That code is not right. Check the time on your phone, then try the newest code.",
            )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (SVG we generated)
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": bool(
                request.user.partnership and request.user.partnership.require_two_factor
            ),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_totp_device(request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _allowed(device, form) and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect("web:dashboard")
        if not form.errors:
            form.add_error("token", "That code is not right. Try the newest code your app shows.")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    partnership = request.user.partnership
    if partnership is not None and partnership.require_two_factor:
        messages.error(
            request, "Your partnership requires two-factor authentication, so it cannot be removed."
        )
        return redirect("accounts:account")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, "Two-factor authentication has been removed from your account.")
    return redirect("accounts:account")


def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new sign-in address. Opening it changes nothing (mail scanners
    open links); pressing the button does. No sign-in needed: the link is the proof."""
    try:
        pending = email_change_pending(token)
    except ValidationError as error:
        return render(
            request, "accounts/email_confirm.html", {"problem": " ".join(error.messages)},
            status=400,
        )  # fmt: skip
    if request.method == "POST":
        email_change_confirm(token)
        messages.success(request, f"You now sign in with {pending['new']}.")
        return redirect("accounts:login")
    return render(request, "accounts/email_confirm.html", {"pending": pending})
