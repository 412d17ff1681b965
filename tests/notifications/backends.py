"""An e-mail backend whose mail server refuses everything, for tests."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPRecipientsRefused({"x@example.org": (550, b"No such mailbox")})
