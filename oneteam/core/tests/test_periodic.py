"""The clock: periodic jobs are queued when due, once, whoever else is looking."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks import task

from oneteam.core import periodic
from oneteam.core.models import PeriodicRun

pytestmark = pytest.mark.django_db
RAN: list[str] = []


@task()
def remember(now: str) -> None:
    RAN.append(now)


@pytest.fixture
def job():
    RAN.clear()
    saved = dict(periodic._jobs)
    periodic._jobs.clear()
    periodic.register("test.job", every=dt.timedelta(hours=1), task=remember)
    yield
    periodic._jobs.clear()
    periodic._jobs.update(saved)


def test_a_job_runs_when_due_and_not_before(job):
    t0 = dt.datetime(2030, 1, 1, 9, tzinfo=dt.timezone.utc)
    assert periodic.enqueue_due(t0) == ["test.job"]
    assert periodic.enqueue_due(t0 + dt.timedelta(minutes=59)) == []
    assert periodic.enqueue_due(t0 + dt.timedelta(hours=1)) == ["test.job"]
    assert RAN == [t0.isoformat(), (t0 + dt.timedelta(hours=1)).isoformat()]
    run = PeriodicRun.objects.get(name="test.job")
    assert run.runs == 2 and run.last_run_at == t0 + dt.timedelta(hours=1)


def test_the_now_a_task_gets_is_the_clocks():
    assert periodic.parse_now("2030-01-01T09:00:00+00:00") == dt.datetime(2030, 1, 1, 9, tzinfo=dt.timezone.utc)
    assert periodic.parse_now("2030-01-01T09:00:00").tzinfo is not None


def test_tick_command_queues_what_is_due(job, capsys):
    from django.core.management import call_command

    call_command("tick", now="2030-01-01T09:00:00+00:00")
    assert "Queued: test.job" in capsys.readouterr().out
    call_command("tick", now="2030-01-01T09:10:00+00:00")
    assert "Nothing is due." in capsys.readouterr().out


def test_the_apps_register_their_jobs():
    names = [j.name for j in periodic.jobs()]
    assert names == ["chapters.health", "chapters.digest.daily", "chapters.digest.weekly", "events.rituals",
                     "work.neighbours"]


@pytest.mark.django_db(transaction=True)  # the clock runs in its own thread, with its own connection
def test_the_workers_clock_queues_due_jobs_in_its_own_thread(job, monkeypatch):
    import threading

    from oneteam.core.management.commands import worker

    stop = threading.Event()
    real = periodic.enqueue_due

    def once(now=None):
        try:
            return real(dt.datetime(2030, 1, 1, 9, tzinfo=dt.timezone.utc))
        finally:
            stop.set()

    monkeypatch.setattr(periodic, "enqueue_due", once)
    clock = threading.Thread(target=worker.run_clock, args=(stop, 0.01))
    clock.start()
    clock.join(timeout=10)
    assert not clock.is_alive()
    assert RAN == ["2030-01-01T09:00:00+00:00"]
    assert PeriodicRun.objects.get(name="test.job").runs == 1
