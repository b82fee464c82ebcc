"""`oneteam demo`: load a small demo community (safe to run again)."""

from django.core.management.base import BaseCommand

from oneteam.core.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load demo chapters, people, events, sign-ups and feedback. "
        "Running it again adds nothing new and only moves the demo events' dates along."
    )

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(summary.message()))
