"""Fixtures for the events tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def organiser(global_organiser):
    return global_organiser


@pytest.fixture
def other_chapter(global_chapter, make_user):
    """A chapter with its own organiser, who is not the ``organiser`` fixture."""
    from oneteam.chapters.models import Chapter, Membership

    chapter = Chapter.objects.create(name="OneTeam Leeds", slug="leeds", level=Chapter.Level.LOCAL, parent=global_chapter)
    Membership.objects.create(
        chapter=chapter, user=make_user(email="lee@example.org", display_name="Lee"), role=Membership.Role.ORGANISER
    )
    return chapter


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def past_event(make_event):
    """A published event that ended an hour ago."""
    start = timezone.now() - dt.timedelta(hours=3)
    return make_event(title="Last month lean coffee", slug="last-lean-coffee", start=start,
                      end=start + dt.timedelta(hours=2))
