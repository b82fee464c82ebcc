"""An unconference-format event's page links to its pitches and grid, and asks organisers to set it up."""

from __future__ import annotations

import pytest

from oneteam.events.models import Event
from oneteam.unconf import services

pytestmark = pytest.mark.django_db


def _page(client, event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_organisers_are_asked_to_set_it_up_and_others_see_nothing_yet(client, unconf_event, global_organiser,
                                                                      make_user):
    assert "Unconference: pitches and the grid" not in _page(client, unconf_event)
    client.force_login(make_user())
    assert "Set up the unconference" not in _page(client, unconf_event)
    client.force_login(global_organiser)
    page = _page(client, unconf_event)
    assert "This unconference is not set up yet" in page
    assert f'href="/unconferences/new/{unconf_event.slug}/"' in page


def test_the_page_links_to_the_pitches_and_to_the_grid_once_published(client, unconference, rooms_and_slots, pitch_by,
                                                                     make_user, global_organiser, committed):
    event = unconference.event
    page = _page(client, event)
    assert f'href="{unconference.get_absolute_url()}"' in page and "The pitches" in page
    assert "The grid is not published yet." in page and f"/unconferences/{unconference.slug}/grid/" not in page
    assert "Set up the unconference" not in page and "Set up rooms" not in page

    pitch_by(make_user(), "Data in the open")
    with committed():
        services.request_generation(unconference=unconference, by=global_organiser, seconds=1)
    client.force_login(global_organiser)
    page = _page(client, event)
    assert f"/unconferences/{unconference.slug}/grid/" in page and "not published: only organisers" in page
    assert "Set up rooms, slots and themes" in page

    services.set_grid_published(unconference=unconference, by=global_organiser, published=True)
    client.logout()
    page = _page(client, event)
    assert f'href="/unconferences/{unconference.slug}/grid/"' in page and "The grid is not published yet." not in page


def test_other_formats_have_no_unconference_section(client, make_event, global_organiser):
    event = make_event(title="A meetup", slug="a-meetup", format=Event.Format.MEETUP)
    client.force_login(global_organiser)
    assert "Unconference: pitches and the grid" not in _page(client, event)
