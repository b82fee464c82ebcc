"""Core's only table: when each periodic job last ran (see ``periodic``)."""

from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    """One row per periodic job: the clock's memory, shared by every worker."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
