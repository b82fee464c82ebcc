"""A person's own agenda as an iCalendar file: one VEVENT per session they wanted."""

from __future__ import annotations

from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Unconference
from .selectors import Agenda

PRODID = "-//OneTeam//Unconference//EN"


def agenda_calendar(unconference: Unconference, agenda: Agenda) -> bytes:
    host = urlparse(settings.SITE_URL).hostname or "oneteam"
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("My sessions at %(title)s") % {"title": unconference.title})
    zone = unconference.event.tz
    for entry in agenda.slots:
        for placement in entry.sessions:
            pitch = placement.pitch
            url = settings.SITE_URL + pitch.get_absolute_url()
            vevent = icalendar.Event()
            vevent.add("uid", f"unconf-session-{pitch.pk}@{host}")
            vevent.add("dtstamp", pitch.updated_at or timezone.now())
            vevent.add("dtstart", timezone.localtime(placement.slot.start, zone))
            vevent.add("dtend", timezone.localtime(placement.slot.end, zone))
            summary = pitch.title
            if pitch.pk in agenda.hosting:
                summary = _("%(title)s (you are hosting)") % {"title": pitch.title}
            vevent.add("summary", summary)
            vevent.add("location", placement.room.name)
            description = [pitch.description.strip()] if pitch.description.strip() else []
            if entry.clash:
                description.append(_("Clash: you wanted %(n)s sessions in this slot.") % {"n": len(entry.sessions)})
            description.append(_("Session page: %(url)s") % {"url": url})
            vevent.add("description", "\n\n".join(description))
            vevent.add("url", url)
            vevent.add("status", "TENTATIVE" if entry.clash and pitch.pk not in agenda.hosting else "CONFIRMED")
            cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
