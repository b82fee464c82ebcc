"""Background work of the register: embedding new and changed projects.

Embedding is slow on a small CPU (15–60 texts a second), so it never happens
in a request. A service queues ``embed_projects`` when a project's words
change; the worker embeds every project whose vector is missing or stale, in
batches, and stores the vectors in ``ProjectVector``. Until a project has its
vector, suggestions for it come from the lexical index.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import embedding
from .models import Project, ProjectVector

logger = logging.getLogger(__name__)
BATCH = 64


def stale_projects(name: str):
    """Projects whose stored vector is missing, from another model, or older than their last change."""
    from django.db.models import F, Q

    return Project.objects.filter(
        Q(vector__isnull=True) | ~Q(vector__model=name) | Q(vector__embedded_at__lt=F("changed_at"))
    )


def backlog() -> int | None:
    """How many projects wait for the worker; None when the instance is lexical only."""
    name = embedding.model_name()
    return stale_projects(name).count() if name else None


def queue_embedding() -> None:
    """Ask the worker to catch up, once the current transaction is saved."""
    if embedding.model_name() is None:
        return
    transaction.on_commit(lambda: embed_projects.enqueue(), robust=True)


@task()
def embed_projects(limit: int = 10_000) -> int:
    """Embed up to ``limit`` stale projects; returns how many vectors were written."""
    name = embedding.model_name()
    if name is None:
        return 0
    written = 0
    while written < limit:
        batch = list(stale_projects(name).only("pk", "title", "summary").order_by("pk")[:BATCH])
        if not batch:
            break
        known = {v.project_id: v for v in ProjectVector.objects.filter(project__in=batch)}
        todo = [p for p in batch if not (
            p.pk in known and known[p.pk].model == name and known[p.pk].text_hash == embedding.text_hash(p.text)
        )]
        vectors = embedding.embed([p.text for p in todo], name) if todo else []
        with transaction.atomic():
            for project in batch:
                if project in todo:
                    vector = vectors[todo.index(project)]
                    ProjectVector.objects.update_or_create(
                        project=project,
                        defaults={"model": name, "text_hash": embedding.text_hash(project.text),
                                  "vector": embedding.to_bytes(vector)},
                    )
                else:  # words unchanged (only the phase or the people moved): just mark it current
                    known[project.pk].save(update_fields=["embedded_at"])
        written += len(batch)
    logger.info("Embedded %s project(s) with %s.", written, name)
    return written
