"""E-mail leaves through the task worker, never from inside a request.

Services call ``send_after_commit()`` inside their transaction. With the
database task backend (the default) the e-mails are queued in the same
transaction as the change: they go out if and only if the change is saved.
With another backend (Redis) they are queued once the transaction commits.
Either way a broken mail server can never turn a saved change into an error
page: ``deliver`` runs in ``oneteam worker``, sends every message of a batch
through one SMTP connection, and tries the ones that failed again later.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
SUBJECT_LENGTH = 200


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def clean_subject(subject) -> str:
    """One line: a newline in a title must never become a header break."""
    return " ".join(str(subject).split())[:SUBJECT_LENGTH]


def compose(*, to, subject, template: str, context: dict, zone=None) -> Mail:
    """Render a plain-text e-mail for one person, with dates in their own time zone.

    ``to`` is a person (their address, language and zone are used) or an
    address. ``zone`` is the zone to fall back on when the person has not
    chosen one (an event's own zone, say).
    """
    person = None if isinstance(to, str) else to
    address = person.email if person else to
    chosen = (person.tz if person else None) or zone or dt.timezone.utc
    with timezone.override(chosen):
        body = render_to_string(template, {**context, "recipient": person})
    return Mail(to=address, subject=clean_subject(subject), body=body)


def _queue(payload: list[dict]) -> None:
    deliver.enqueue(payload)


def send_after_commit(mails: Iterable[Mail]) -> None:
    """Queue the e-mails to be sent once the current transaction is saved."""
    payload = [asdict(mail) for mail in mails if mail.to]
    if not payload:
        return
    backend = task_backends[deliver.backend]
    if type(backend).__name__ == "DatabaseBackend":
        _queue(payload)  # same transaction as the change: queued iff it commits
    else:
        transaction.on_commit(lambda: _queue(payload), robust=True)


def _retry_delay(attempt: int) -> dt.timedelta:
    return dt.timedelta(minutes=2 ** attempt)  # 2, 4, 8, 16 minutes


@task()
def deliver(mails: list[dict], attempt: int = 1) -> int:
    """Send a batch through one connection; queue the failures again with back-off.

    Returns how many were sent.
    """
    messages = [EmailMessage(subject=clean_subject(m["subject"]), body=m["body"], to=[m["to"]]) for m in mails]
    failed: list[dict] = []
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Could not reach the mail server (attempt %s): %s", attempt, exc)
        failed = list(mails)
    else:
        try:
            for mail, message in zip(mails, messages):
                try:
                    sent += connection.send_messages([message]) or 0
                except (smtplib.SMTPException, OSError, ValueError) as exc:
                    logger.warning("Could not send %r to %s (attempt %s): %s", mail["subject"], mail["to"], attempt, exc)
                    failed.append(mail)
        finally:
            try:
                connection.close()
            except (smtplib.SMTPException, OSError):
                pass
    if failed:
        _retry(failed, attempt)
    return sent


def _retry(failed: list[dict], attempt: int) -> None:
    if attempt >= MAX_ATTEMPTS:
        for mail in failed:
            logger.error("Gave up sending %r to %s after %s attempts.", mail["subject"], mail["to"], attempt)
        return
    backend = task_backends[deliver.backend]
    if not backend.supports_defer:
        logger.error("The task backend cannot retry later; %s e-mail(s) not sent.", len(failed))
        return
    deliver.using(run_after=timezone.now() + _retry_delay(attempt)).enqueue(failed, attempt + 1)
