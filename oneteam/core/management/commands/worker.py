"""`oneteam worker`: run the background work the site queues (e-mail first of all)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends


class Command(BaseCommand):
    help = "Run queued background work: e-mail, and the jobs later parts of OneTeam add."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued now, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")

    def handle(self, *args, batch: bool, interval: float, verbosity: int, **options):
        queue = type(task_backends["default"]).__name__
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
