"""`oneteam worker`: run the background work the site queues (e-mail first of all),
and keep the clock that queues periodic jobs (see ``core.periodic``)."""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection
from django_tasks import task_backends

from oneteam.core import periodic

logger = logging.getLogger(__name__)


def run_clock(stop: threading.Event, interval: float = periodic.CLOCK_INTERVAL) -> None:
    """Queue due periodic jobs every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            close_old_connections()
            periodic.enqueue_due()
        except DatabaseError as exc:  # the database being away must not stop the worker
            logger.warning("The clock could not queue periodic jobs: %s", exc)
        finally:
            connection.close()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run queued background work: e-mail, periodic jobs and the jobs later parts of OneTeam add."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued now, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--no-clock", action="store_true", help="Do not queue periodic jobs from this worker.")

    def handle(self, *args, batch: bool, interval: float, verbosity: int, no_clock: bool = False, **options):
        queue = type(task_backends["default"]).__name__
        stop = threading.Event()
        # A batch runs only what is queued (`oneteam tick` queues what is due).
        if not batch and not no_clock:
            threading.Thread(target=run_clock, args=(stop,), name="oneteam-clock", daemon=True).start()
        try:
            if queue == "DatabaseBackend":
                call_command(
                    "db_worker", queue_name="*", interval=interval, batch=batch, reload=False,
                    startup_delay=not batch, verbosity=verbosity,
                )
            elif queue == "RQBackend":
                arguments = ["default", "--with-scheduler"] + (["--burst"] if batch else [])
                call_command("rqworker", *arguments, verbosity=verbosity)
            else:
                raise CommandError(
                    f"The task queue is {queue}: tasks run as soon as they are queued, so there is no worker to start."
                )
        finally:
            stop.set()
