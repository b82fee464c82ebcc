"""`oneteam embed_projects`: embed the projects whose vector is missing or stale."""

from django.core.management.base import BaseCommand

from oneteam.work import embedding
from oneteam.work.tasks import backlog, embed_projects


class Command(BaseCommand):
    help = ("Embed every project whose vector is missing or stale, here and now (slow on a small CPU), "
            "or with --queue hand it to `oneteam worker`.")

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="queue the work for `oneteam worker` instead")

    def handle(self, *args, queue: bool = False, **options):
        name = embedding.model_name()
        if name is None:
            self.stdout.write("This instance matches on words only (ONETEAM_EMBEDDING_MODEL=lexical, or the "
                              "semantic extra is not installed): nothing to embed.")
            return
        if queue:
            embed_projects.enqueue()
            self.stdout.write(f"Queued: {backlog()} project(s) wait for `oneteam worker` ({name}).")
            return
        written = embed_projects.call()
        self.stdout.write(self.style.SUCCESS(f"Embedded {written} project(s) with {name}."))
