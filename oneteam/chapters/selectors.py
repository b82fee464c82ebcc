"""Reads about chapters that pages and the API share."""

from __future__ import annotations



def chapter_counts() -> dict[str, int]:
    from .models import Chapter

    chapters = Chapter.objects.all()
    return {
        "chapters": chapters.count(),
        "countries": chapters.exclude(country="").values("country").distinct().count(),
    }
