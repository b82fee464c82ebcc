"""E-mail backends for the tests: one that counts connections, one whose server breaks."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

opened: list[int] = []


class CountingBackend(LocmemBackend):
    """Like Django's test backend, but remembers how many connections were opened."""

    def open(self):
        opened.append(1)
        return super().open()


class RefusingBackend(LocmemBackend):
    """A server that refuses the first message of each connection, then takes the rest."""

    def open(self):
        self.refused = False
        return super().open()

    def send_messages(self, messages):
        if not getattr(self, "refused", True):
            self.refused = True
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


class DownBackend(LocmemBackend):
    """A mail server that cannot be reached at all."""

    def open(self):
        raise smtplib.SMTPConnectError(421, "service not available")

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")
