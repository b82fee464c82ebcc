"""iCalendar files: one event, a chapter's feed, a person's own feed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from oneteam.events import services
from oneteam.events.models import Event

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


def test_one_event_as_ics(client, make_event):
    toronto = zoneinfo.ZoneInfo("America/Toronto")
    event = make_event(
        title="Toronto lean coffee",
        start=dt.datetime(2031, 6, 5, 18, 30, tzinfo=toronto),
        end=dt.datetime(2031, 6, 5, 20, 0, tzinfo=toronto),
        timezone="America/Toronto",
        venue="City Hall, room 4",
        description="Bring a topic.",
        sequence=3,
    )
    cal = parse(client.get(reverse("events:ical", args=[event.slug])))
    (vevent,) = vevents(cal)
    assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert str(vevent["SUMMARY"]) == "Toronto lean coffee"
    start = vevent.decoded("DTSTART")
    assert start == dt.datetime(2031, 6, 5, 18, 30, tzinfo=toronto)
    assert vevent["DTSTART"].params["TZID"] == "America/Toronto"
    assert vevent.decoded("DTEND") == dt.datetime(2031, 6, 5, 20, 0, tzinfo=toronto)
    assert vevent.decoded("SEQUENCE") == 3
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert str(vevent["LOCATION"]) == "City Hall, room 4"
    assert "Bring a topic." in str(vevent["DESCRIPTION"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Toronto"]


def test_uid_is_stable_and_sequence_goes_up_on_change(client, organiser, make_event):
    event = make_event(status=Event.Status.DRAFT, online_url="https://meet.example.org/x", venue="")
    services.publish_event(event=event, by=organiser)
    first = vevents(parse(client.get(reverse("events:ical", args=[event.slug]))))[0]
    services.update_event(event=event, by=organiser, title="New name")
    services.cancel_event(event=event, by=organiser)
    second = vevents(parse(client.get(reverse("events:ical", args=[event.slug]))))[0]
    assert first["UID"] == second["UID"]
    assert second.decoded("SEQUENCE") == first.decoded("SEQUENCE") + 2
    assert str(second["STATUS"]) == "CANCELLED"
    assert str(second["SUMMARY"]) == "New name"
    assert str(second["LOCATION"]) == "https://meet.example.org/x"


def test_chapter_feed_lists_published_and_cancelled_events(client, make_event, global_chapter):
    published = make_event(title="Published one")
    cancelled = make_event(title="Cancelled one", status=Event.Status.CANCELLED)
    make_event(title="Draft one", status=Event.Status.DRAFT)
    cal = parse(client.get(reverse("events:chapter_feed", args=[global_chapter.slug])))
    by_title = {str(v["SUMMARY"]): v for v in vevents(cal)}
    assert set(by_title) == {published.title, cancelled.title}
    assert str(by_title["Cancelled one"]["STATUS"]) == "CANCELLED"
    assert client.get(reverse("events:chapter_feed", args=["nowhere"])).status_code == 404


def test_personal_feed_has_confirmed_and_waiting_events_only(client, make_user, make_event, calendar_token):
    person = make_user()
    confirmed = make_event(title="Got a place", capacity=1)
    full = make_event(title="Waiting for a place", capacity=1)
    left = make_event(title="Left this one")
    make_event(title="Never signed up")
    services.sign_up(event=confirmed, by=person)
    services.sign_up(event=full, by=make_user())
    services.sign_up(event=full, by=person)
    services.sign_up(event=left, by=person)
    services.cancel_registration(event=left, by=person)

    cal = parse(client.get(reverse("events:personal_feed", args=[calendar_token(person)])))
    by_uid = {str(v["UID"]): v for v in vevents(cal)}
    assert set(by_uid) == {f"event-{confirmed.pk}@127.0.0.1", f"event-{full.pk}@127.0.0.1"}
    assert str(by_uid[f"event-{confirmed.pk}@127.0.0.1"]["STATUS"]) == "CONFIRMED"
    waiting = by_uid[f"event-{full.pk}@127.0.0.1"]
    assert str(waiting["STATUS"]) == "TENTATIVE" and "waiting list" in str(waiting["SUMMARY"])


def test_unknown_or_empty_token_is_404(client, make_user):
    make_user()
    assert client.get(reverse("events:personal_feed", args=["not-a-real-token"])).status_code == 404
    assert client.get("/events/calendar/.ics").status_code == 404


def test_utc_event_needs_no_vtimezone(client, make_event):
    event = make_event(timezone="UTC", start=dt.datetime(2031, 1, 1, 9, tzinfo=dt.UTC),
                       end=dt.datetime(2031, 1, 1, 10, tzinfo=dt.UTC))
    cal = parse(client.get(reverse("events:ical", args=[event.slug])))
    assert vevents(cal)[0].decoded("DTSTART") == dt.datetime(2031, 1, 1, 9, tzinfo=dt.UTC)


def test_personal_feed_is_private_and_refused_once_the_account_is_deactivated(client, make_user, make_event, calendar_token):
    person = make_user()
    services.sign_up(event=make_event(), by=person)
    token = calendar_token(person)
    response = client.get(reverse("events:personal_feed", args=[token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get(reverse("events:personal_feed", args=[token])).status_code == 404
