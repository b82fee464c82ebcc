"""Signing up for an event through the API, with a token or a session."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from oneteam.events.models import Event, Registration
from oneteam.people.models import ApiToken

pytestmark = pytest.mark.django_db


JSON = "application/json"


def url(event_or_slug) -> str:
    slug = getattr(event_or_slug, "slug", event_or_slug)
    return f"/api/events/{slug}/registration"


def test_sign_up_with_a_token_gives_a_place(make_user, make_event, token_for):
    person = make_user()
    event = make_event()
    api = token_for(person)

    response = api.post(url(event), {"accessibility_needs": "Hearing loop please"}, content_type=JSON)

    assert response.status_code == 201
    assert response.json() == {"status": "confirmed", "position": None}
    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.accessibility_needs == "Hearing loop please"
    assert ApiToken.objects.get(user=person).last_used_at is not None


def test_signing_up_again_answers_200_and_keeps_the_needs_without_a_body(make_user, make_event, token_for):
    person = make_user()
    event = make_event()
    api = token_for(person)
    api.post(url(event), {"accessibility_needs": "Quiet room"}, content_type=JSON)

    again = api.post(url(event), content_type=JSON)
    and_again = api.post(url(event), "", content_type=JSON)

    assert again.status_code == 200
    assert again.json()["status"] == "confirmed" and and_again.status_code == 200
    assert Registration.objects.get(event=event, user=person).accessibility_needs == "Quiet room"
    status = api.get(url(event)).json()
    assert status == {"status": "confirmed", "position": None, "accessibility_needs": "Quiet room"}


def test_session_sign_up_needs_the_csrf_token(make_user, make_event):
    person = make_user()
    event = make_event()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)

    refused = browser.post(url(event), content_type=JSON)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Registration.objects.filter(event=event).exists()

    token = "abcdefghijklmnopqrstuvwxyz012345"  # what the csrftoken cookie holds after any page
    browser.cookies["csrftoken"] = token
    accepted = browser.post(url(event), content_type=JSON, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    assert browser.get(url(event)).json()["status"] == "confirmed"


def test_session_read_of_own_status_needs_no_csrf(make_user, make_event, client):
    person = make_user()
    event = make_event()
    client.force_login(person)
    assert client.get(url(event)).json() == {"status": "not_registered", "position": None, "accessibility_needs": ""}


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_without_credentials_the_answer_is_401_with_a_reason(client, make_event, method):
    event = make_event()
    response = getattr(client, method)(url(event), content_type=JSON)
    assert response.status_code == 401
    assert "personal API token" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(client, make_event):
    event = make_event()
    response = client.post(url(event), content_type=JSON, HTTP_AUTHORIZATION="Bearer ot_made-up")
    assert response.status_code == 401
    assert "not recognised" in response.json()["detail"]
    assert not Registration.objects.exists()


def test_a_token_of_a_deactivated_person_is_refused(make_user, make_event, token_for):
    person = make_user()
    api = token_for(person)
    person.is_active = False
    person.save()
    assert api.post(url(make_event())).status_code == 401


@pytest.mark.parametrize("slug", ["no-such-event", "a-draft"])
def test_unknown_or_draft_event_is_404(make_user, make_event, token_for, slug):
    make_event(slug="a-draft", status=Event.Status.DRAFT)
    response = token_for(make_user()).post(url(slug), content_type=JSON)
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no published event at this address."
    assert not Registration.objects.exists()


def test_past_event_is_409(make_user, make_event, token_for):
    event = make_event(start=timezone.now() - dt.timedelta(days=1))
    response = token_for(make_user()).post(url(event), content_type=JSON)
    assert response.status_code == 409
    assert response.json() == {"detail": "This event has already happened."}
    assert not Registration.objects.exists()


def test_cancelled_event_is_409(make_user, make_event, token_for):
    event = make_event(status=Event.Status.CANCELLED)
    response = token_for(make_user()).post(url(event), content_type=JSON)
    assert response.status_code == 409
    assert response.json() == {"detail": "This event is not open for sign-up."}


def test_overlong_accessibility_needs_are_refused_with_a_reason(make_user, make_event, token_for):
    event = make_event()
    response = token_for(make_user()).post(
        url(event), {"accessibility_needs": "x" * 2001}, content_type=JSON
    )
    assert response.status_code == 422
    body = response.json()
    assert "accessibility_needs" in body["detail"] and "2000" in body["detail"]
    assert not Registration.objects.exists()


def test_malformed_json_is_refused_with_a_reason(make_user, make_event, token_for):
    event = make_event()
    response = token_for(make_user()).post(url(event), "{not json", content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    assert not Registration.objects.exists()


def test_full_event_puts_people_on_the_waiting_list_in_order(make_user, make_event, token_for):
    event = make_event(capacity=1)
    first, second, third = (token_for(make_user()) for _ in range(3))

    assert first.post(url(event), content_type=JSON).json() == {"status": "confirmed", "position": None}
    assert second.post(url(event), content_type=JSON).json() == {"status": "waiting", "position": 1}
    assert third.post(url(event), content_type=JSON).json() == {"status": "waiting", "position": 2}
    assert third.get(url(event)).json()["position"] == 2

    detail = first.get(f"/api/events/{event.slug}").json()
    assert detail["places_left"] == 0 and detail["waiting_count"] == 2


def test_cancelling_promotes_the_next_person(make_user, make_event, token_for, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    first = token_for(make_user())
    waiting_person = make_user(email="next@example.org")
    second = token_for(waiting_person)
    third = token_for(make_user())
    for api in (first, second, third):
        api.post(url(event), content_type=JSON)

    with django_capture_on_commit_callbacks(execute=True):
        response = first.delete(url(event))

    assert response.status_code == 200
    assert response.json() == {"status": "cancelled", "promoted": True}
    assert second.get(url(event)).json()["status"] == "confirmed"
    assert third.get(url(event)).json()["position"] == 1
    assert first.get(url(event)).json()["status"] == "not_registered"
    assert any("next@example.org" in m.to for m in mail.outbox)


def test_leaving_the_waiting_list_promotes_nobody(make_user, make_event, token_for):
    event = make_event(capacity=1)
    first, second = token_for(make_user()), token_for(make_user())
    first.post(url(event), content_type=JSON)
    second.post(url(event), content_type=JSON)
    assert second.delete(url(event)).json() == {"status": "cancelled", "promoted": False}


def test_cancelling_without_a_place_is_409(make_user, make_event, token_for):
    event = make_event()
    response = token_for(make_user()).delete(url(event))
    assert response.status_code == 409
    assert response.json() == {"detail": "You are not signed up for this event."}


def test_control_characters_in_accessibility_needs_are_refused(make_user, make_event, token_for):
    event = make_event()
    response = token_for(make_user()).post(
        url(event), {"accessibility_needs": "Wheelchair\x00"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Some values were refused: accessibility_needs: must not contain control characters."
    )
    assert not Registration.objects.exists()
