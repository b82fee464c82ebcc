"""`oneteam tick`: queue the periodic jobs that are due now, once (the worker does this on its own)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oneteam.core import periodic


class Command(BaseCommand):
    help = "Queue the periodic jobs that are due (health, alerts, digests, rituals), then stop."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), for trying things out.")

    def handle(self, *args, now=None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = periodic.parse_now(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 date and time.") from None
        queued = periodic.enqueue_due(moment)
        self.stdout.write(("Queued: " + ", ".join(queued)) if queued else "Nothing is due.")
