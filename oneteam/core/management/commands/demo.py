"""`oneteam demo`: load a small demo community (safe to run again)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from oneteam.core.demo import load_demo


def is_development() -> bool:
    return bool(settings.DEBUG or getattr(settings, "DEV", False) or getattr(settings, "TESTING", False))


class Command(BaseCommand):
    help = (
        "Load demo chapters, people, events, sign-ups and feedback. "
        "Running it again adds nothing new and only moves the demo events' dates along. "
        "Outside development (DEBUG, ONETEAM_DEV and ONETEAM_TESTING all off) it needs --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even though this is not a development site.",
        )

    def handle(self, *args, force=False, **options):
        if not (force or is_development()):
            raise CommandError(
                "refusing to load the demo outside development: it adds people whose passwords are "
                "published in the README (set ONETEAM_DEV=1, or run `oneteam demo --force` if you mean it)."
            )
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(summary.message()))
