"""Fixtures for the unconference tests: a published unconference with rooms, slots and people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from oneteam.events.models import Event


@pytest.fixture
def unconf_event(make_event):
    start = (timezone.now() + dt.timedelta(days=10)).replace(hour=8, minute=0, second=0, microsecond=0)
    return make_event(title="Global unconference", slug="global-unconf", format=Event.Format.UNCONFERENCE,
                      start=start, end=start + dt.timedelta(hours=9), timezone="UTC", capacity=500)


@pytest.fixture
def unconference(unconf_event, global_organiser):
    from oneteam.unconf import services

    unconference = services.create_unconference(event=unconf_event, by=global_organiser)
    return unconference


@pytest.fixture
def rooms_and_slots(unconference, global_organiser):
    """Two rooms (30 and 10 places) and three slots of 45 minutes."""
    from oneteam.unconf import services

    rooms = [
        services.add_room(unconference=unconference, by=global_organiser, name="Main hall", capacity=30),
        services.add_room(unconference=unconference, by=global_organiser, name="Small room", capacity=10),
    ]
    start = unconference.event.start + dt.timedelta(hours=1)
    slots = [
        services.add_slot(unconference=unconference, by=global_organiser, start=start + dt.timedelta(hours=i),
                          end=start + dt.timedelta(hours=i, minutes=45))
        for i in range(3)
    ]
    return rooms, slots


@pytest.fixture
def pitch_by(unconference):
    from oneteam.unconf import services

    def make(person, title="Open policy making", description="", **extra):
        return services.submit_pitch(unconference=unconference, by=person, title=title, description=description,
                                     **extra)

    return make
