"""API tokens: how a program acts for a person. Only a hash of each token is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token, shown once when made (`lantern api-token EMAIL`) and then only by prefix.

    Deleting a person deletes their tokens (CASCADE): a token is a credential of that person
    and means nothing without them, and its making and revoking stay in the audit trail.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=16, unique=True, help_text="The start of the token, to tell tokens apart."
    )
    key_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token, in hex.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"API token {self.prefix}" + (f" ({self.name})" if self.name else "")

    @property
    def partnership_id(self) -> int | None:
        # Files the token's audit events under its holder's partnership (audit.recorder).
        partnership_id: int | None = self.user.partnership_id
        return partnership_id
