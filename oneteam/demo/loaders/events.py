"""events.toml: events, who signed up (and what they need), and their feedback.

Every event is created and published by its chapter's first organiser
(``create_event``, ``publish_event``); people sign up through ``sign_up``, so
the first ``capacity`` people listed get a seat and the rest form the waiting
list by themselves; feedback goes through ``submit_feedback``.

Times are written relative to today (``days_from_today`` and a local
``starts_at`` in the event's own zone). They are the one thing refreshed on
every run, so upcoming events stay upcoming and past ones stay past; the
iCalendar sequence goes up only when the times really change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from oneteam.chapters.selectors import organisers
from oneteam.events import services
from oneteam.events.models import MAX_CAPACITY, Event, Feedback, Registration

from ..context import Checker, Context, pin_slug, where, where_in

FILE = "events.toml"

EVENT_FIELDS = {
    "chapter": str, "title": str, "format": str, "timezone": str, "days_from_today": int,
    "starts_at": dt.time, "minutes": int, "capacity": int,
}
EVENT_OPTIONAL = {"description": str, "venue": str, "online_url": str, "draft": bool, "feedback_published": bool}
FEEDBACK_FIELDS = {"email": str, "rating": int}
FEEDBACK_OPTIONAL = {"liked": str, "learned": str, "lacked": str, "longed_for": str}


def _section(data: dict, name: str) -> dict:
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def check(data: dict, checker: Checker) -> None:
    checker.table(
        data, FILE, optional={"events": dict, "registrations": dict, "accessibility_needs": dict, "feedback": dict}
    )
    events: dict[str, dict] = {}
    for slug, spec in _section(data, "events").items():
        place = where(FILE, "events", slug)
        checker.define("event", slug, place, FILE)
        if checker.table(spec, place, required=EVENT_FIELDS, optional=EVENT_OPTIONAL):
            _check_event(spec, place, checker)
            events[slug] = spec

    signed_up: dict[str, list[str]] = {}
    for slug, emails in _section(data, "registrations").items():
        place = where(FILE, "registrations", slug)
        if not checker.refer("event", slug, place):
            continue
        if events.get(slug, {}).get("draft"):
            checker.problem(place, "a draft is not open for sign-up")
        listed = signed_up.setdefault(slug, [])
        for index, email in checker.texts(emails, place):
            spot = where_in(place, index)
            if checker.refer("person", email, spot) and email in listed:
                checker.problem(spot, f"{email} is signed up twice")
            listed.append(email)

    for slug, needs in _section(data, "accessibility_needs").items():
        place = where(FILE, "accessibility_needs", slug)
        if not checker.refer("event", slug, place):
            continue
        if not isinstance(needs, dict):
            checker.problem(place, "expected a table of e-mail address = \"what they need\"")
            continue
        for email, text in needs.items():
            spot = where_in(place, email)
            if not isinstance(text, str):
                checker.problem(spot, f"expected text, found {text!r}")
            if checker.refer("person", email, spot) and email not in signed_up.get(slug, []):
                checker.problem(spot, f"{email} is not in registrations.{slug}")

    for slug, replies in _section(data, "feedback").items():
        place = where(FILE, "feedback", slug)
        if not checker.refer("event", slug, place):
            continue
        spec = events.get(slug)
        if spec and (spec.get("draft") or spec["days_from_today"] >= 0):
            checker.problem(place, "feedback needs a published event in the past (days_from_today below 0)")
        if not isinstance(replies, list):
            checker.problem(place, "expected a list of [[feedback.<event>]] tables")
            continue
        seated = signed_up.get(slug, [])[: spec["capacity"]] if spec else []
        given: set[str] = set()
        for index, reply in enumerate(replies):
            spot = where_in(place, index)
            if not checker.table(reply, spot, required=FEEDBACK_FIELDS, optional=FEEDBACK_OPTIONAL):
                continue
            email = reply["email"]
            if checker.refer("person", email, where_in(spot, "email")):
                if email not in seated:
                    checker.problem(where_in(spot, "email"), f"{email} had no place in registrations.{slug}")
                elif email in given:
                    checker.problem(where_in(spot, "email"), f"{email} gives feedback twice")
                given.add(email)
            if not 1 <= reply["rating"] <= 5:
                checker.problem(where_in(spot, "rating"), "a rating runs from 1 (poor) to 5 (excellent)")


def _check_event(spec: dict, place: str, checker: Checker) -> None:
    checker.refer("chapter", spec["chapter"], where_in(place, "chapter"))
    checker.choice(spec["format"], Event.Format.values, where_in(place, "format"))
    if spec["timezone"] not in zoneinfo.available_timezones():
        checker.problem(where_in(place, "timezone"), f"{spec['timezone']!r} is not a time zone such as Europe/London")
    if spec["minutes"] < 1:
        checker.problem(where_in(place, "minutes"), "an event lasts at least a minute")
    if not 1 <= spec["capacity"] <= MAX_CAPACITY:
        checker.problem(where_in(place, "capacity"), f"places run from 1 to {MAX_CAPACITY}")
    if not (spec.get("venue") or spec.get("online_url")):
        checker.problem(place, "an event needs a 'venue', an 'online_url' or both")


def event_times(spec: dict, now: dt.datetime, days_from_today: int | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Start and end from today's date in the event's own zone, so a rerun the same day changes nothing."""
    zone = zoneinfo.ZoneInfo(spec["timezone"])
    days = spec["days_from_today"] if days_from_today is None else days_from_today
    day = now.astimezone(zone).date() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, spec["starts_at"], tzinfo=zone)
    return start, start + dt.timedelta(minutes=spec["minutes"])


def load(data: dict, ctx: Context) -> None:
    # Events created this run before their real time, to be moved there once people have signed up.
    ahead: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for slug, spec in data.get("events", {}).items():
        start, end = event_times(spec, ctx.now)
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            event = _create(slug, spec, start, end, ctx)
            if event.start != start:
                ahead[slug] = (start, end)
        elif event.start != start or event.end != end:
            # Keep the demo fresh: upcoming events stay upcoming, past ones stay past.
            event.start, event.end = start, end
            event.sequence += 1
            event.save(update_fields=["start", "end", "sequence", "updated_at"])
        ctx.keep("event", slug, event)

    needs = data.get("accessibility_needs", {})
    for slug, emails in data.get("registrations", {}).items():
        event = ctx.get("event", slug)
        if not event.is_published or event.is_past:
            continue  # nobody signs up for what has happened: an event's past is left as it is
        for email in emails:
            person = ctx.get("person", email)
            if Registration.objects.filter(event=event, user=person).exists():
                continue  # signed up, waiting, or cancelled: their choice stands
            services.sign_up(event=event, by=person, accessibility_needs=needs.get(slug, {}).get(email, ""))
            ctx.count()

    # Time passes: the one step that is no service. Events created ahead of
    # their real time move back to it, in one direct update each; the
    # sequence stays, since nothing about the event changed.
    for slug, (start, end) in ahead.items():
        event = ctx.get("event", slug)
        Event.objects.filter(pk=event.pk).update(start=start, end=end)
        event.start, event.end = start, end

    for slug, replies in data.get("feedback", {}).items():
        event = ctx.get("event", slug)
        for reply in replies:
            fields = dict(reply)
            person = ctx.get("person", fields.pop("email"))
            if Feedback.objects.filter(event=event, user=person).exists():
                continue
            if not Registration.objects.filter(event=event, user=person, status=Registration.Status.CONFIRMED).exists():
                continue  # they gave up their place, so they have nothing to rate
            services.submit_feedback(event=event, by=person, **fields)
            ctx.count()


def _create(slug: str, spec: dict, start: dt.datetime, end: dt.datetime, ctx: Context) -> Event:
    chapter = ctx.get("chapter", spec["chapter"])
    organiser = organisers(chapter)[0]
    if end <= timezone.now():
        # sign_up refuses an event that has ended and submit_feedback one that
        # has not. So a past event is made as it was before it happened: it is
        # created for tomorrow, at its own local time, people sign up for it,
        # and then it moves back to its real date (see "Time passes" above).
        start, end = event_times(spec, ctx.now, days_from_today=1)
    event = services.create_event(
        chapter=chapter, by=organiser, title=spec["title"], format=spec["format"], start=start, end=end,
        timezone=spec["timezone"], venue=spec.get("venue", ""), online_url=spec.get("online_url", ""),
        capacity=spec["capacity"], description=spec.get("description", ""),
    )
    pin_slug(event, slug)
    if not spec.get("draft"):
        event = services.publish_event(event=event, by=organiser)
    if spec.get("feedback_published"):
        event = services.set_feedback_published(event=event, by=organiser, published=True)
    ctx.count()
    return event
