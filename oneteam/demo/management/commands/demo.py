"""`oneteam demo`: load the demo community (safe to run again), in development only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from oneteam.demo.context import DemoDataError
from oneteam.demo.runner import load_demo


def in_development() -> bool:
    """DEBUG, ONETEAM_DEV (what `make run` sets) or ONETEAM_TESTING."""
    return bool(settings.DEBUG or getattr(settings, "DEV", False) or getattr(settings, "TESTING", False))


class Command(BaseCommand):
    help = (
        "Load demo chapters, people, events, sign-ups and feedback from oneteam/demo/data/. "
        "Running it again adds nothing new and only moves the demo events' dates along. "
        "Development only, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="load it even though this instance is not in development (DEBUG, ONETEAM_DEV, ONETEAM_TESTING)",
        )

    def handle(self, *args, force: bool = False, **options):
        if not (force or in_development()):
            raise CommandError(
                "The demo adds invented people whose passwords are published, so it only loads in development "
                "(DEBUG, ONETEAM_DEV or ONETEAM_TESTING set); add --force to load it here anyway."
            )
        try:
            summary = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
        from oneteam.work import embedding
        from oneteam.work.tasks import find_neighbours, queue_embedding

        if embedding.model_name() is None:
            # Words only: finding the demo's overlaps takes a moment, so it is done here, not queued.
            find_neighbours.call()
        else:
            queue_embedding()  # `oneteam worker` makes the meaning vectors, then finds the overlaps
        self.stdout.write(self.style.SUCCESS(summary.message()))
