"""“My events”: what a person has signed up for, organises, and their calendar feed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from oneteam.events import selectors, services
from oneteam.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_my_events_lists_upcoming_past_organised_and_the_feed(login, organiser, make_user, make_event, past_event):
    person = make_user()
    going = make_event(title="Going to this one")
    full = make_event(title="Waiting for this one", capacity=1)
    services.sign_up(event=going, by=person)
    services.sign_up(event=full, by=make_user())
    services.sign_up(event=full, by=person)
    Registration.objects.create(event=past_event, user=person, status="confirmed", seat=1)
    make_event(title="Not mine")

    page = login(person).get(reverse("events:mine")).content.decode()
    upcoming, past = page.split("Past events</h2>")
    assert "Going to this one" in upcoming and "Waiting for this one" in upcoming
    assert "Waiting list: number 1" in upcoming and "Confirmed" in upcoming
    assert past_event.title in past and past_event.title not in upcoming
    assert "Not mine" not in page
    assert "Events you organise" not in page
    assert "Get my calendar address" in page


def test_the_calendar_address_is_shown_once_and_a_new_one_revokes_the_old(login, make_user, make_event):
    person = make_user()
    services.sign_up(event=make_event(title="In my calendar"), by=person)
    client = login(person)
    assert client.get(reverse("events:calendar_address")).status_code == 405
    page = client.post(reverse("events:calendar_address"), follow=True).content.decode()
    first = re.search(r"http://testserver/events/calendar/([^\"]+)\.ics", page).group(1)
    assert "Copy it now" in page
    assert first not in client.get(reverse("events:mine")).content.decode()  # shown once only
    assert b"In my calendar" in client.get(reverse("events:personal_feed", args=[first])).content

    page = client.post(reverse("events:calendar_address"), follow=True).content.decode()
    second = re.search(r"http://testserver/events/calendar/([^\"]+)\.ics", page).group(1)
    assert second != first
    assert client.get(reverse("events:personal_feed", args=[first])).status_code == 404
    assert client.get(reverse("events:personal_feed", args=[second])).status_code == 200


def test_organisers_see_their_chapters_upcoming_events(login, organiser, make_event):
    draft = make_event(title="Planning in progress", status=Event.Status.DRAFT)
    page = login(organiser).get(reverse("events:mine")).content.decode()
    assert "Events you organise" in page and draft.title in page
    assert reverse("events:create", args=[organiser.memberships.get().chapter.slug]) in page


def test_my_events_needs_sign_in(client):
    response = client.get(reverse("events:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_selector_excludes_cancelled_registrations(make_user, make_event):
    person = make_user()
    event = make_event()
    services.sign_up(event=event, by=person)
    services.cancel_registration(event=event, by=person)
    mine = selectors.my_events(person)
    assert mine.upcoming == [] and mine.past == [] and mine.organising == [] and mine.chapters == []


def test_waiting_positions_are_right_and_cost_no_query_per_event(make_user, make_event, django_assert_num_queries):
    person = make_user()
    for ahead in range(5):
        event = make_event(capacity=1)
        services.sign_up(event=event, by=make_user())  # takes the only place
        for _ in range(ahead):
            services.sign_up(event=event, by=make_user())
        services.sign_up(event=event, by=person)
    with django_assert_num_queries(3):  # registrations, organised chapters, organised events
        mine = selectors.my_events(person)
    assert [r.position for r in mine.upcoming] == [1, 2, 3, 4, 5]
