"""iCalendar feeds: one event, a chapter's events, a person's own events."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Event, Registration

PRODID = "-//OneTeam//Events//EN"


def event_uid(event: Event) -> str:
    """Stable for the life of the event, so calendars update rather than duplicate it."""
    host = urlparse(settings.SITE_URL).hostname or "oneteam"
    return f"event-{event.pk}@{host}"


def _status(event: Event, registration: Registration | None) -> str:
    if event.is_cancelled:
        return "CANCELLED"
    if registration is not None and registration.status == Registration.Status.WAITING:
        return "TENTATIVE"
    return "CONFIRMED"


def _vevent(event: Event, registration: Registration | None = None) -> icalendar.Event:
    url = settings.SITE_URL + event.get_absolute_url()
    summary = event.title
    if registration is not None and registration.status == Registration.Status.WAITING:
        summary = _("%(title)s (waiting list)") % {"title": event.title}
    description = [event.description.strip()] if event.description.strip() else []
    if event.online_url:
        description.append(_("Join online: %(url)s") % {"url": event.online_url})
    description.append(_("Event page: %(url)s") % {"url": url})

    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.updated_at or timezone.now())
    vevent.add("dtstart", timezone.localtime(event.start, event.tz))
    vevent.add("dtend", timezone.localtime(event.end, event.tz))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", summary)
    vevent.add("status", _status(event, registration))
    vevent.add("url", url)
    vevent.add("location", event.venue or event.online_url)
    vevent.add("description", "\n\n".join(description))
    vevent.add("categories", [str(event.get_format_display())])
    return vevent


def calendar(name: str, items: Iterable[Event | tuple[Event, Registration]]) -> bytes:
    """An iCalendar file with one VEVENT per event and the VTIMEZONEs they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in items:
        event, registration = item if isinstance(item, tuple) else (item, None)
        cal.add_component(_vevent(event, registration))
    cal.add_missing_timezones()
    return cal.to_ical()
