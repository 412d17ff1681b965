from django.contrib import admin

from lantern.audit.admin import ReadsLoggedAdmin

from .models import IdentityProvider, SignInPolicy


@admin.register(IdentityProvider)
class IdentityProviderAdmin(ReadsLoggedAdmin, admin.ModelAdmin):
    """Operators register a partnership's providers (docs/sign-in.md). The secret stays in
    a file on the server: only its path is stored."""

    list_display = ["name", "partnership", "issuer", "active"]
    list_filter = ["partnership", "active"]
    search_fields = ["name", "issuer"]


@admin.register(SignInPolicy)
class SignInPolicyAdmin(ReadsLoggedAdmin, admin.ModelAdmin):
    list_display = ["partnership", "password_sign_in"]
