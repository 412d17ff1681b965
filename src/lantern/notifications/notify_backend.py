"""An e-mail backend that sends through GOV.UK Notify instead of SMTP (LANTERN_EMAIL=notify).

Notify sends from a template made in its dashboard: give it a subject of `((subject))`
and a body of `((body))`, and set LANTERN_NOTIFY_TEMPLATE_ID to its id. The key is
LANTERN_NOTIFY_API_KEY (or LANTERN_NOTIFY_API_KEY_FILE).
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class NotifyBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.api_key = kwargs.get("api_key") or settings.LANTERN_NOTIFY_API_KEY
        self.template_id = kwargs.get("template_id") or settings.LANTERN_NOTIFY_TEMPLATE_ID
        if not self.api_key or not self.template_id:
            raise ImproperlyConfigured(
                "LANTERN_EMAIL=notify needs LANTERN_NOTIFY_API_KEY and LANTERN_NOTIFY_TEMPLATE_ID."
            )
        self.client: Any = None

    def open(self) -> bool:
        if self.client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self.client = NotificationsAPIClient(
                self.api_key, base_url=settings.LANTERN_NOTIFY_BASE_URL
            )
            return True
        return False

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                # Notify takes one address per call; cc and bcc are sent the same way.
                for address in [*message.to, *message.cc, *message.bcc]:
                    try:
                        self.client.send_email_notification(
                            email_address=address,
                            template_id=self.template_id,
                            personalisation={"subject": message.subject, "body": message.body},
                        )
                    except Exception:
                        if not self.fail_silently:
                            raise
                        continue
                sent += 1
        finally:
            if opened:
                self.close()
        return sent
