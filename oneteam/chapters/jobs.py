"""The chapters app's periodic jobs (see ``core.periodic``): health and alerts, and digests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task

from oneteam.core import periodic

from . import alerts

HEALTH_EVERY = dt.timedelta(hours=1)


@task()
def refresh_health(now: str | None = None) -> int:
    with transaction.atomic():
        return alerts.refresh_all(periodic.parse_now(now))


@task()
def daily_digest(now: str | None = None) -> int:
    with transaction.atomic():
        return alerts.send_digests(alerts.DIGEST_DAILY, periodic.parse_now(now))


@task()
def weekly_digest(now: str | None = None) -> int:
    with transaction.atomic():
        return alerts.send_digests(alerts.DIGEST_WEEKLY, periodic.parse_now(now))


def register() -> None:
    periodic.register("chapters.health", every=HEALTH_EVERY, task=refresh_health)
    periodic.register("chapters.digest.daily", every=dt.timedelta(days=1), task=daily_digest)
    periodic.register("chapters.digest.weekly", every=dt.timedelta(days=7), task=weekly_digest)
