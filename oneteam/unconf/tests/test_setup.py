"""Setting up an unconference: only for unconference events, rooms, slots, closed room-slots, themes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from oneteam.events.models import Event
from oneteam.unconf import services
from oneteam.unconf.models import ClosedCell, Room


def test_only_an_unconference_event_gets_one(make_event, global_organiser):
    meetup = make_event(format=Event.Format.MEETUP)
    with pytest.raises(services.UnconfError, match="format Unconference"):
        services.create_unconference(event=meetup, by=global_organiser)


def test_only_organisers_set_up(unconf_event, make_user):
    with pytest.raises(PermissionDenied):
        services.create_unconference(event=unconf_event, by=make_user())


def test_one_unconference_per_event(unconference, global_organiser):
    with pytest.raises(services.UnconfError, match="already"):
        services.create_unconference(event=unconference.event, by=global_organiser)


def test_room_names_unique_and_capacity_checked_by_the_database(unconference, global_organiser):
    services.add_room(unconference=unconference, by=global_organiser, name="Hall", capacity=40)
    with pytest.raises(services.UnconfError, match="already a room"):
        services.add_room(unconference=unconference, by=global_organiser, name="Hall", capacity=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(unconference=unconference, name="Cupboard", capacity=0)


def test_slots_may_not_overlap(unconference, rooms_and_slots, global_organiser):
    _rooms, slots = rooms_and_slots
    with pytest.raises(services.UnconfError, match="overlaps"):
        services.add_slot(unconference=unconference, by=global_organiser, start=slots[0].start + dt.timedelta(minutes=10),
                          end=slots[0].end + dt.timedelta(minutes=10))


def test_closing_rooms_through_the_setup_page(client, unconference, rooms_and_slots, global_organiser):
    rooms, slots = rooms_and_slots
    client.force_login(global_organiser)
    url = reverse("unconf:setup", args=[unconference.slug])
    response = client.post(url, {"action": "closed", "closed": [f"{rooms[1].pk}-{slots[0].pk}"]}, follow=True)
    assert "The closed rooms are saved." in response.content.decode()
    assert list(ClosedCell.objects.values_list("room_id", "slot_id")) == [(rooms[1].pk, slots[0].pk)]
    client.post(url, {"action": "closed"})
    assert not ClosedCell.objects.exists()


def test_setup_forms_show_govuk_errors(client, unconference, global_organiser):
    client.force_login(global_organiser)
    response = client.post(reverse("unconf:setup", args=[unconference.slug]),
                           {"action": "room", "room-name": "", "room-capacity": "lots"})
    body = response.content.decode()
    assert "Enter the room&#x27;s name" in body or "Enter the room's name" in body
    assert "Enter how many people the room holds as a whole number" in body


def test_setup_page_is_for_organisers_only(client, unconference, make_user):
    client.force_login(make_user())
    assert client.get(reverse("unconf:setup", args=[unconference.slug])).status_code == 403


def test_an_organiser_finds_their_unconference_event_to_set_up(client, make_event, global_organiser, make_user):
    event = make_event(title="Spring unconference", slug="spring-unconf", format=Event.Format.UNCONFERENCE)
    client.force_login(global_organiser)
    page = client.get(reverse("unconf:list")).content.decode()
    assert "Set up pitches and a grid for Spring unconference" in page
    response = client.post(reverse("unconf:create", args=[event.slug]), {"pitching": "advance"}, follow=True)
    assert "The unconference is set up" in response.content.decode()
    assert "Set up pitches and a grid for" not in client.get(reverse("unconf:list")).content.decode()
    client.force_login(make_user())
    assert "Set up pitches" not in client.get(reverse("unconf:list")).content.decode()
