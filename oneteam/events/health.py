"""What the events app tells ``chapters.health`` about a chapter: its meetings.

Only published meetings count (never a draft, never a cancelled one), so
nothing private shapes a chapter's public health.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q
from django.urls import reverse

from oneteam.chapters.models import RitualOccurrence

from .models import Event, Feedback, Registration

WINDOW = dt.timedelta(days=90)
MONTHS = 6
MONTH = dt.timedelta(days=30)


def _attendance(events) -> float | None:
    counts = list(
        events.annotate(
            people=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
        ).values_list("people", flat=True)
    )
    return round(sum(counts) / len(counts), 1) if counts else None


def _rating(events) -> float | None:
    value = Feedback.objects.filter(event__in=events).aggregate(avg=Avg("rating"))["avg"]
    return round(value, 1) if value is not None else None


def missed_rituals(chapter, now: dt.datetime) -> list[dict]:
    """Ritual meetings of the last 90 days that did not take place: cancelled, or deleted before they met."""
    occurrences = RitualOccurrence.objects.filter(
        ritual__chapter=chapter, event_id__isnull=False, date__gt=(now - WINDOW).date(), date__lte=now.date(),
    ).select_related("ritual").order_by("date")
    held = set(Event.objects.filter(
        pk__in=[o.event_id for o in occurrences], status=Event.Status.PUBLISHED
    ).values_list("pk", flat=True))
    return [{"title": o.ritual.title, "date": o.date.isoformat()} for o in occurrences if o.event_id not in held]


def chapter_figures(chapter, now: dt.datetime) -> dict:
    published = Event.objects.filter(chapter=chapter, status=Event.Status.PUBLISHED)
    held = published.filter(start__lte=now)
    recent = held.filter(start__gt=now - WINDOW)
    earlier = held.filter(start__gt=now - 2 * WINDOW, start__lte=now - WINDOW)
    last = held.order_by("-start").values_list("start", flat=True).first()
    upcoming = published.filter(start__gt=now).order_by("start").first()
    months = []
    for index in range(MONTHS - 1, -1, -1):
        end = now - index * MONTH
        in_month = held.filter(start__gt=end - MONTH, start__lte=end)
        people = Registration.objects.filter(event__in=in_month, status=Registration.Status.CONFIRMED).count()
        months.append({"ending": end.date().isoformat(), "events": in_month.count(), "people": people})
    return {
        "events_recent": recent.count(),
        "last_event_at": last.isoformat() if last else None,
        "next_event": {
            "title": upcoming.title, "start": upcoming.start.isoformat(), "timezone": upcoming.timezone,
            "url": reverse("events:detail", args=[upcoming.slug]),
        } if upcoming else None,
        "attendance_recent": _attendance(recent),
        "attendance_earlier": _attendance(earlier),
        "signups_recent": Registration.objects.filter(event__in=recent).count(),
        "places_kept_recent": Registration.objects.filter(
            event__in=recent, status=Registration.Status.CONFIRMED
        ).count(),
        "feedback_recent": _rating(recent),
        "feedback_earlier": _rating(earlier),
        "months": months,
        "missed_rituals": missed_rituals(chapter, now),
    }
