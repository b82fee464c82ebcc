"""Periodic jobs: work that happens because time passes, not because someone clicked.

An app registers a job when Django starts (in its ``AppConfig.ready``)::

    periodic.register("chapters.health", every=dt.timedelta(hours=1), task=refresh_health)

``task`` is a ``django_tasks`` task taking one argument, ``now`` (an ISO 8601
string): the moment the clock said the job was due. The job works out
everything from that ``now``, so tests drive a whole life by calling
``enqueue_due(now)`` with the times they choose.

``oneteam worker`` runs a clock beside the queue: every ``CLOCK_INTERVAL``
it calls ``enqueue_due(timezone.now())``. Each job's last run is a row of
``PeriodicRun``, claimed under a row lock (``select_for_update(skip_locked)``)
and updated in the same transaction as the task is queued, so two workers
never queue the same run twice. ``oneteam tick`` does one round by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

CLOCK_INTERVAL = 30.0  # seconds between looks at the clock in `oneteam worker`


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    task: object  # a django_tasks Task whose only argument is ``now`` (ISO 8601)


_jobs: dict[str, Job] = {}


def register(name: str, *, every: dt.timedelta, task) -> None:
    _jobs[name] = Job(name=name, every=every, task=task)


def jobs() -> list[Job]:
    """In the order they were registered: an app registers a job before the ones that read its results."""
    return list(_jobs.values())


def enqueue_due(now: dt.datetime | None = None, *, only: set[str] | None = None) -> list[str]:
    """Queue every job whose time has come; return their names.

    A job is due when it has never run or ran at least ``every`` before ``now``.
    A job another worker is claiming at this moment is skipped: that worker
    queues it.
    """
    from .models import PeriodicRun

    now = now or timezone.now()
    queued = []
    for job in jobs():
        if only is not None and job.name not in only:
            continue
        PeriodicRun.objects.get_or_create(name=job.name)
        with transaction.atomic():
            run = PeriodicRun.objects.select_for_update(skip_locked=True).filter(name=job.name).first()
            if run is None or (run.last_run_at is not None and run.last_run_at + job.every > now):
                continue
            run.last_run_at, run.runs = now, run.runs + 1
            run.save(update_fields=["last_run_at", "runs"])
            job.task.enqueue(now.isoformat())
            queued.append(job.name)
    if queued:
        logger.info("Queued periodic jobs: %s", ", ".join(queued))
    return queued


def parse_now(now: str | None) -> dt.datetime:
    """The ``now`` a periodic task was given, as an aware datetime."""
    if not now:
        return timezone.now()
    moment = dt.datetime.fromisoformat(now)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.timezone.utc)
