from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from lantern.web.forms import GovukForm, GovukFormMixin


def _say(form: forms.BaseForm, required: dict[str, str]) -> None:
    """Specific "required" messages, as GOV.UK asks, in place of Django's "This field is
    required."; and no autofocus, which skips the skip link (WCAG 2.4.3)."""
    for name, message in required.items():
        field = form.fields[name]
        field.error_messages = {**field.error_messages, "required": message}
        field.widget.attrs.pop("autofocus", None)


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. "
        "After several wrong attempts the account is locked for a while.",
        "inactive": "This account has been closed. Ask your Business Unit.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        # No autofocus (Django sets one): it would skip the skip link and the page's
        # heading for screen reader and keyboard users (WCAG 2.4.3).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        _say(self, {"username": "Enter your e-mail address.", "password": "Enter your password."})

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        # Before the password is tried: told only after a right password, the answer would
        # confirm a guess that never counted towards lock-out.
        from lantern.accounts.models import User

        username = self.cleaned_data.get("username")
        if username:
            user = User.objects.filter(email__iexact=username, is_active=True).first()
            if user is not None:
                self._refuse_password_sign_in_off(user)
        return super().clean()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        self._refuse_password_sign_in_off(user)

    def _refuse_password_sign_in_off(self, user) -> None:
        from lantern.sso.services import password_sign_in_allowed

        if not password_sign_in_allowed(user):
            raise forms.ValidationError(
                "Your partnership does not use passwords: sign in with your organisation's "
                "button above.",
                code="password_sign_in_off",
            )


class ResetForm(GovukFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say(self, {"email": "Enter the e-mail address you sign in with."})
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the correct format, like name@example.org."
        )

    def get_users(self, email):
        # Django skips people with no usable password; people added by the Business Unit
        # have none until they choose one, and must be able to ask for a new link.
        from lantern.accounts.models import User

        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class NewPasswordForm(GovukFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say(
            self,
            {
                "new_password1": "Enter a new password.",
                "new_password2": "Enter the new password again.",
            },
        )


class ChangePasswordForm(GovukFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say(
            self,
            {
                "old_password": "Enter your current password.",
                "new_password1": "Enter a new password.",
                "new_password2": "Enter the new password again.",
            },
        )


class TokenForm(GovukForm):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app.",
            "min_length": "Enter all 6 digits of the code.",
            "max_length": "The code has 6 digits.",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters.")
        return token
