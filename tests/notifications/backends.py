"""An e-mail backend whose mail server refuses everything, for tests."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPRecipientsRefused({"x@example.org": (550, b"No such mailbox")})


class RefusingOnceBackend(BaseEmailBackend):
    """Refuses the first message it is given in a test, then delivers to the outbox."""

    refused = 0

    def send_messages(self, email_messages):
        if RefusingOnceBackend.refused == 0:
            RefusingOnceBackend.refused += 1
            raise SMTPRecipientsRefused({"x@example.org": (451, b"Try again later")})
        from django.core.mail.backends.locmem import EmailBackend

        return EmailBackend().send_messages(email_messages)
