"""Recurring rituals: the worker creates each meeting of a chapter's ritual ahead of time.

A ``chapters.Ritual`` is a template (a monthly lean coffee on the first
Thursday at 8:30, say). Once a day (``create_ritual_events``, a periodic job)
every active ritual gets its meetings for the next ``days_ahead`` days:

- dates are worked out in the chapter's own time zone
  (``HealthSettings.timezone``), so 8:30 stays 8:30 across summer time;
- a date the organisers marked as a holiday is skipped (and recorded as skipped);
- each date is dealt with once (``RitualOccurrence`` is unique per ritual and
  date), so a second worker or a second run creates nothing twice;
- the meeting is created and published through ``events.services`` on behalf
  of the chapter's longest-serving organiser, so rituals pass on with a
  handover; a chapter with no organiser gets no new meetings.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import zoneinfo

from django.db import IntegrityError, transaction
from django_tasks import task

from oneteam.chapters.models import HealthSettings, Holiday, Ritual, RitualOccurrence
from oneteam.chapters.selectors import organisers
from oneteam.core import periodic

from . import services
from .models import Event

logger = logging.getLogger(__name__)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if nth >= 5:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def dates(ritual: Ritual, start: dt.date, end: dt.date) -> list[dt.date]:
    """The ritual's dates from ``start`` to ``end`` inclusive."""
    start = max(start, ritual.starts_on)
    found = []
    if ritual.rhythm == Ritual.Rhythm.MONTHLY:
        year, month = start.year, start.month
        while dt.date(year, month, 1) <= end:
            day = _nth_weekday(year, month, ritual.weekday, ritual.week_of_month)
            if day and start <= day <= end:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    step = 7 if ritual.rhythm == Ritual.Rhythm.WEEKLY else 14
    first = ritual.starts_on + dt.timedelta(days=(ritual.weekday - ritual.starts_on.weekday()) % 7)
    if first < start:
        first += dt.timedelta(days=((start - first).days + step - 1) // step * step)
    day = first
    while day <= end:
        found.append(day)
        day += dt.timedelta(days=step)
    return found


def _zone(ritual: Ritual) -> str:
    row = HealthSettings.objects.filter(chapter=ritual.chapter_id).first()
    return row.timezone if row else "Europe/London"


def create_for(ritual: Ritual, now: dt.datetime) -> list[Event]:
    """Create the ritual's meetings due within its horizon; returns the new events."""
    zone_name = _zone(ritual)
    zone = zoneinfo.ZoneInfo(zone_name)
    today = now.astimezone(zone).date()
    holidays = dict(Holiday.objects.filter(chapter=ritual.chapter_id).values_list("date", "name"))
    done = set(RitualOccurrence.objects.filter(ritual=ritual).values_list("date", flat=True))
    created = []
    for day in dates(ritual, today + dt.timedelta(days=1), today + dt.timedelta(days=ritual.days_ahead)):
        if day in done:
            continue
        host = next(iter(organisers(ritual.chapter)), None)
        if host is None:
            logger.info("Ritual %s: the chapter has no organiser, so no new meetings.", ritual.pk)
            return created
        try:
            with transaction.atomic():
                occurrence = RitualOccurrence.objects.create(ritual=ritual, date=day, skipped_for=holidays.get(day, ""))
                if occurrence.skipped_for:
                    continue
                start = dt.datetime.combine(day, ritual.start_time, tzinfo=zone)
                event = services.create_event(
                    chapter=ritual.chapter, by=host, title=f"{ritual.title}: {day:%-d %B %Y}",
                    format=ritual.format, start=start, end=start + dt.timedelta(minutes=ritual.duration_minutes),
                    timezone=zone_name, venue=ritual.venue, online_url=ritual.online_url,
                    capacity=ritual.capacity, description=ritual.description,
                )
                services.publish_event(event=event, by=host)
                occurrence.event_id = event.pk
                occurrence.save(update_fields=["event_id"])
                created.append(event)
        except IntegrityError:
            continue  # another worker dealt with this date a moment ago
    return created


@task()
def create_ritual_events(now: str | None = None) -> int:
    moment = periodic.parse_now(now)
    count = 0
    for ritual in Ritual.objects.filter(active=True).select_related("chapter").order_by("pk"):
        count += len(create_for(ritual, moment))
    return count


def register() -> None:
    periodic.register("events.rituals", every=dt.timedelta(days=1), task=create_ritual_events)
