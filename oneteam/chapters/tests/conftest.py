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
        chapter = services.start_chapter(by=creator, name=name, level=level, parent=parent or global_chapter, **data)
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


@pytest.fixture
def co_organise(db):
    """Make ``person`` an organiser the only way there is: invited, then accepting."""
    from oneteam.chapters import services
    from oneteam.chapters.models import OrganiserInvitation

    def make(chapter, inviter, person):
        services.invite_organiser(chapter=chapter, by=inviter, email=person.email)
        invitation = OrganiserInvitation.objects.get(chapter=chapter, email=person.email, status="pending")
        return services.accept_invitation(invitation=invitation, by=person)

    return make


from .fakes import fake_webhook, task_failures  # noqa: E402, F401  (fixtures for the health tests)
