"""Signing up, the waiting list, and cancelling a place through the pages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from oneteam.events import services
from oneteam.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def sign_up(client, event, **data):
    return client.post(reverse("events:sign_up", args=[event.slug]), data, follow=True)


def test_anonymous_visitors_see_the_event_and_a_sign_in_link(client, make_event):
    event = make_event()
    page = client.get(event.get_absolute_url()).content.decode()
    assert event.title in page and "Sign in to sign up" in page
    response = client.post(reverse("events:sign_up", args=[event.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Registration.objects.count() == 0


def test_signing_up_gives_a_place_and_shows_it(login, make_user, make_event):
    event = make_event(capacity=2)
    client = login(make_user())
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Only the organisers see this." in page and 'name="accessibility_needs"' in page
    assert "2 of 2" in page
    page = sign_up(client, event, accessibility_needs="Step-free access please").content.decode()
    assert "You have a place" in page
    assert "Cancel my place" in page
    assert "1 of 2" in page
    registration = Registration.objects.get()
    assert registration.status == "confirmed" and registration.seat == 1
    assert registration.accessibility_needs == "Step-free access please"


def test_a_full_event_puts_people_on_the_waiting_list_with_their_number(login, make_user, make_event):
    event = make_event(capacity=1)
    services.sign_up(event=event, by=make_user())
    services.sign_up(event=event, by=make_user())
    client = login(make_user())
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Join the waiting list" in page
    page = sign_up(client, event).content.decode()
    assert "The event is full: you are number 2 on the waiting list" in page
    assert "You are number 2 on the waiting list" in page
    assert "Leave the waiting list" in page


def test_signing_up_twice_changes_nothing(login, make_user, make_event):
    event = make_event()
    client = login(make_user())
    sign_up(client, event)
    sign_up(client, event)
    assert Registration.objects.count() == 1


def test_overlong_accessibility_needs_are_refused_and_kept(login, make_user, make_event):
    event = make_event()
    client = login(make_user())
    response = sign_up(client, event, accessibility_needs="a" * 2001)
    page = response.content.decode()
    assert "There is a problem" in page and "Accessibility needs must be 2,000 characters or fewer" in page
    assert "a" * 2001 in page
    assert Registration.objects.count() == 0


def test_drafts_past_and_cancelled_events_refuse_sign_up(login, organiser, make_user, make_event, past_event):
    client = login(make_user())
    page = sign_up(client, past_event).content.decode()
    assert "This event has already happened" in page
    cancelled = make_event(status=Event.Status.CANCELLED)
    page = sign_up(client, cancelled).content.decode()
    assert "This event is not open for sign-up" in page
    draft = make_event(status=Event.Status.DRAFT)
    assert client.post(reverse("events:sign_up", args=[draft.slug])).status_code == 404
    assert Registration.objects.count() == 0


def test_cancelling_promotes_the_next_person_and_e_mails_them(
    login, make_user, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, title="Leeds lean coffee")
    first = make_user(display_name="Ada")
    second = make_user(email="grace@example.org", display_name="Grace")
    third = make_user()
    for person in (first, second, third):
        services.sign_up(event=event, by=person)
    mail.outbox.clear()
    client = login(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel_place", args=[event.slug]), follow=True)
    assert "Your place is cancelled" in response.content.decode()
    statuses = {r.user_id: r.status for r in Registration.objects.all()}
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waiting"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace@example.org"]
    assert "Leeds lean coffee" in message.subject
    assert "Hello Grace" in message.body and "a place has come up" in message.body
    assert event.get_absolute_url() in message.body
    # The person who moved up sees that they now have a place.
    page = login(second).get(event.get_absolute_url()).content.decode()
    assert "You have a place." in page
    page = login(third).get(event.get_absolute_url()).content.decode()
    assert "You are number 1 on the waiting list" in page


def test_cancelling_without_a_place_says_so(login, make_user, make_event):
    event = make_event()
    response = login(make_user()).post(reverse("events:cancel_place", args=[event.slug]), follow=True)
    assert "You are not signed up for this event" in response.content.decode()


def test_cancel_and_sign_up_again_goes_to_the_back_of_the_queue(make_user, make_event):
    event = make_event(capacity=1)
    a, b, c = make_user(), make_user(), make_user()
    for person in (a, b, c):
        services.sign_up(event=event, by=person)
    services.cancel_registration(event=event, by=c)
    services.sign_up(event=event, by=c)
    services.cancel_registration(event=event, by=a)
    assert Registration.objects.get(user=b).status == "confirmed"
    assert Registration.objects.get(user=c).status == "waiting"


def test_sign_up_page_get_goes_back_to_the_event(login, make_user, make_event):
    event = make_event()
    response = login(make_user()).get(reverse("events:sign_up", args=[event.slug]))
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()


def test_list_shows_upcoming_published_events_with_a_format_filter(client, make_event, past_event):
    coffee = make_event(title="Morning lean coffee")
    workshop = make_event(title="Service design workshop", format=Event.Format.WORKSHOP)
    make_event(title="Secret draft", status=Event.Status.DRAFT)
    page = client.get(reverse("events:list")).content.decode()
    assert coffee.title in page and workshop.title in page
    assert "Secret draft" not in page and past_event.title not in page
    assert "10 places left" in page
    page = client.get(reverse("events:list"), {"format": "workshop"}).content.decode()
    assert workshop.title in page and coffee.title not in page
    page = client.get(reverse("events:list"), {"format": "nonsense"}).content.decode()
    assert workshop.title in page and coffee.title in page
    page = client.get(reverse("events:past")).content.decode()
    assert past_event.title in page and coffee.title not in page


def test_people_can_update_their_accessibility_needs(login, make_user, make_event):
    event = make_event()
    person = make_user()
    services.sign_up(event=event, by=person, accessibility_needs="Captions")
    client = login(person)
    assert "Captions" in client.get(event.get_absolute_url()).content.decode()
    response = sign_up(client, event, accessibility_needs="Captions and a quiet room")
    assert "Your accessibility needs are updated" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.accessibility_needs == "Captions and a quiet room" and registration.status == "confirmed"
