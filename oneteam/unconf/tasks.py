"""Background work of the unconference app, run by ``oneteam worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_grid(run_id: int) -> None:
    """Solve the grid for a queued ``GridRun`` (see ``services.request_generation``)."""
    from . import services

    services.run_generation(run_id=run_id)


@task()
def refresh_similar(unconference_id: int, requested_at: float = 0.0) -> int:
    """Recompute "you might pitch together" for an unconference's pitches.

    A burst of pitches queues a burst of these; one that started after the
    request already saw its pitch, so the others return at once.
    """
    from . import services
    from .models import Unconference

    unconference = Unconference.objects.filter(pk=unconference_id).first()
    if unconference is None:
        return 0
    done = unconference.similar_refreshed_at
    if done is not None and done.timestamp() >= requested_at:
        return 0
    return services.refresh_similarity(unconference=unconference)
