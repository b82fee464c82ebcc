"""Announcements where the community already talks: Slack and Microsoft Teams incoming webhooks.

The address of an incoming webhook is a secret: anyone holding it can post to
the channel. It is stored encrypted (Fernet, with a key derived from
``SECRET_KEY``) and only its last characters are ever shown again.

``announce(chapter, text)`` records a ``WebhookDelivery`` and queues
``post_delivery``, which posts it from ``oneteam worker``. A failure is tried
again later with back-off (1, 4, 16, 64 minutes); after ``MAX_ATTEMPTS`` the
delivery is marked failed with the reason, which the organisers see on the
chapter's announcements page.

Only ``https`` addresses on the services' own hosts are accepted
(``WEBHOOK_HOSTS``), so the site never posts to an address inside its own
network; tests point ``ONETEAM_WEBHOOK_HOSTS`` at a local fake server.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from .models import Chapter, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 10
WEBHOOK_HOSTS = {
    Webhook.Kind.SLACK: ("hooks.slack.com",),
    Webhook.Kind.TEAMS: (".webhook.office.com", ".logic.azure.com", "outlook.office.com"),
}


def _fernet() -> Fernet:
    digest = hashlib.sha256(("oneteam.chapters.webhook:" + settings.SECRET_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(url: str) -> str:
    return _fernet().encrypt(url.encode()).decode()


def decrypt(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed: the organisers add the address again
        return None


def hint(url: str) -> str:
    """What the organisers see of a stored address: its host and last four characters."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}/…{url[-4:]}"


def _allowed_hosts(kind: str) -> tuple[str, ...]:
    extra = tuple(getattr(settings, "ONETEAM_WEBHOOK_HOSTS", ()))
    return WEBHOOK_HOSTS.get(kind, ()) + extra


def address_problem(kind: str, url: str) -> str | None:
    """Why the address cannot be used, in words, or None."""
    parts = urlsplit(url)
    extra = tuple(getattr(settings, "ONETEAM_WEBHOOK_HOSTS", ()))
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and not (extra and host in extra):
        return "Enter an address that starts with https://"
    for allowed in _allowed_hosts(kind):
        if host == allowed.lstrip(".") or (allowed.startswith(".") and host.endswith(allowed)):
            return None
    return "Enter the incoming-webhook address that Slack or Teams gave you (it is on their own domain)"


def payload(kind: str, text: str) -> bytes:
    # Both services take a JSON body with "text" for a plain message.
    return json.dumps({"text": text}).encode()


def announce(chapter: Chapter, text: str) -> WebhookDelivery | None:
    """Post ``text`` to the chapter's channel, if it has one, once the current change is saved."""
    webhook = Webhook.objects.filter(chapter=chapter).first()
    if webhook is None:
        return None
    delivery = WebhookDelivery.objects.create(webhook=webhook, text=text[:1000], created_at=timezone.now())
    backend = task_backends[post_delivery.backend]
    if type(backend).__name__ == "DatabaseBackend":
        post_delivery.enqueue(delivery.pk, 1)
    else:
        transaction.on_commit(lambda: post_delivery.enqueue(delivery.pk, 1), robust=True)
    return delivery


def retry_delay(attempt: int) -> dt.timedelta:
    return dt.timedelta(minutes=4 ** (attempt - 1))  # 1, 4, 16, 64 minutes


def _post(url: str, body: bytes) -> None:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https, checked host)
        response.read(1024)


@task()
def post_delivery(delivery_id: int, attempt: int = 1) -> str:
    """Post one announcement; on failure queue the next attempt with back-off, or give up."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return "gone"
    url = decrypt(delivery.webhook.url_encrypted)
    error = ""
    if url is None:
        error = "The stored address can no longer be read; add it again."
    else:
        try:
            _post(url, payload(delivery.webhook.kind, delivery.text))
        except urllib.error.HTTPError as exc:
            error = f"The service answered {exc.code} {exc.reason}."
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            error = f"Could not reach the service: {reason}."
    delivery.attempts = attempt
    if not error:
        delivery.status, delivery.finished_at, delivery.last_error = WebhookDelivery.Status.SENT, timezone.now(), ""
        delivery.save(update_fields=["status", "attempts", "finished_at", "last_error"])
        return "sent"
    delivery.last_error = error[:300]
    logger.warning("Webhook delivery %s failed (attempt %s): %s", delivery.pk, attempt, error)
    backend = task_backends[post_delivery.backend]
    if attempt < MAX_ATTEMPTS and url is not None and backend.supports_defer:
        delivery.save(update_fields=["attempts", "last_error"])
        post_delivery.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(delivery.pk, attempt + 1)
        return "retrying"
    delivery.status, delivery.finished_at = WebhookDelivery.Status.FAILED, timezone.now()
    delivery.save(update_fields=["status", "attempts", "last_error", "finished_at"])
    return "failed"
