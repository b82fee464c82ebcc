"""Fixtures for the chapters tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def start(global_chapter):
    """Start a chapter through the service, as a person would."""
    from oneteam.chapters import services
    from oneteam.chapters.models import Chapter

    def make(creator, name, *, level=Chapter.Level.LOCAL, parent=None, age_days=None, **data):
        chapter = services.start_chapter(creator, name=name, level=level, parent=parent or global_chapter, **data)
        if age_days is not None:
            Chapter.objects.filter(pk=chapter.pk).update(created_at=timezone.now() - dt.timedelta(days=age_days))
            chapter.refresh_from_db()
        return chapter

    return make


@pytest.fixture
def organiser(make_user):
    return make_user(email="olu@example.org", display_name="Olu Organiser")


@pytest.fixture
def leeds(start, organiser):
    return start(organiser, "OneTeam Leeds", city="Leeds", country="GB", rhythm="First Thursday of the month")
