"""Background work of the register: embedding new and changed projects, and
finding each project's nearest neighbours for the overlaps report.

Embedding is slow on a small CPU (15–60 texts a second), so it never happens
in a request. A service queues ``embed_projects`` when a project's words
change; the worker embeds every project whose vector is missing or stale, in
batches, and stores the vectors in ``ProjectVector``. Until a project has its
vector, suggestions for it come from the lexical index.

After embedding (or at once, on an instance that matches words only), the
worker runs ``find_neighbours``: for every project changed or embedded since
its last scan it asks the process's similarity index for the closest projects
in other organisations and stores the best ``NEIGHBOURS`` in ``Neighbour``.
The overlaps report ranks pairs from that table, so it covers the whole
register and compares nothing while someone waits. A periodic job
(``work.neighbours``) catches up on anything a lost job missed.
"""

from __future__ import annotations

import logging

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from . import embedding
from .models import Neighbour, NeighbourScan, Project, ProjectVector

logger = logging.getLogger(__name__)
BATCH = 64
NEIGHBOURS = 10  # kept per project: enough that a reader who may not see some still gets pairs
NEIGHBOUR_BATCH = 100
NEIGHBOURS_EVERY = dt.timedelta(minutes=15)


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


def neighbour_backlog() -> int:
    """How many projects wait for the worker to find their neighbours (their pairs are not in the
    overlaps report yet)."""
    return unscanned_projects().count()


def queue_embedding() -> None:
    """Ask the worker to catch up (vectors, then neighbours), once the current transaction is saved."""
    job = find_neighbours if embedding.model_name() is None else embed_projects
    transaction.on_commit(lambda: job.enqueue(), robust=True)


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
    if written:
        transaction.on_commit(lambda: find_neighbours.enqueue(), robust=True)
    return written


def unscanned_projects():
    """Projects whose neighbours were never found, or were found before the project or its vector last changed."""
    return Project.objects.filter(
        Q(neighbour_scan__isnull=True)
        | Q(neighbour_scan__scanned_at__lt=F("changed_at"))
        | Q(vector__embedded_at__gt=F("neighbour_scan__scanned_at"))
    )


@task()
def find_neighbours(now: str | None = None, limit: int = 1_000_000) -> int:
    """Find the nearest projects in other organisations for every project changed since its last scan.

    ``now`` is there for the periodic clock and unused. Returns how many projects were scanned.
    """
    from .index import project_index

    scanned = 0
    while scanned < limit:
        batch = list(unscanned_projects().order_by("pk").values_list("pk", "organisation_id")[:NEIGHBOUR_BATCH])
        if not batch:
            break
        started = timezone.now()  # a change after this moment makes the project stale again
        index = project_index()
        found = {pk: index.similar_to(pk, NEIGHBOURS * 3) for pk, _ in batch}
        candidates = {other for ranked in found.values() for other, _ in ranked}
        organisation_of = dict(Project.objects.filter(pk__in=candidates).values_list("pk", "organisation_id"))
        rows = []
        for pk, organisation in batch:
            elsewhere = [(other, score) for other, score in found[pk]
                         if organisation_of.get(other) not in (None, organisation)]
            rows.extend(Neighbour(project_id=pk, neighbour_id=other, score=score)
                        for other, score in elsewhere[:NEIGHBOURS])
        pks = [pk for pk, _ in batch]
        with transaction.atomic():
            # These projects' own rows are replaced. Other projects' rows that point at them go only
            # if they were found before the project or its vector last changed (they scored its old
            # words); rows found since are current. (Dropping every row that points at the batch
            # lost, on the first pass, each earlier batch's rows into every later batch.)
            scan = "project__neighbour_scan__scanned_at"
            stale = (Q(**{f"{scan}__isnull": True}) | Q(**{f"{scan}__lt": F("neighbour__changed_at")})
                     | Q(**{f"{scan}__lt": F("neighbour__vector__embedded_at")}))
            Neighbour.objects.filter(project_id__in=pks).delete()
            Neighbour.objects.filter(Q(neighbour_id__in=pks) & stale).delete()
            Neighbour.objects.bulk_create(rows, ignore_conflicts=True)
            NeighbourScan.objects.filter(project_id__in=pks).delete()
            existing = set(Project.objects.filter(pk__in=pks).values_list("pk", flat=True))
            NeighbourScan.objects.bulk_create([NeighbourScan(project_id=pk, scanned_at=started)
                                               for pk in pks if pk in existing])
        scanned += len(batch)
    if scanned:
        logger.info("Found the neighbours of %s project(s).", scanned)
    return scanned
