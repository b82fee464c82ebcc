"""Absolute links to the website and to the API, built from the request's host."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.urls import reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def is_slug(value: str) -> bool:
    """Whether ``value`` could be a slug at all (anything else cannot exist, so is a 404)."""
    return SLUG.fullmatch(value) is not None


def absolute(request: HttpRequest, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def chapter_ref(request: HttpRequest, chapter) -> dict:
    return {
        "slug": chapter.slug,
        "name": chapter.name,
        "url": absolute(request, "chapters:detail", chapter.slug),
        "api_url": absolute(request, "api:chapter_detail", chapter.slug),
    }


def event_summary(request: HttpRequest, event) -> dict:
    """An event's title, format and times (in the event's own zone), with its links."""
    zone = event.tz
    return {
        "slug": event.slug,
        "title": event.title,
        "format": event.format,
        "start": event.start.astimezone(zone),
        "end": event.end.astimezone(zone),
        "timezone": event.timezone,
        "url": absolute(request, "events:detail", event.slug),
        "api_url": absolute(request, "api:event_detail", event.slug),
    }


def country(value) -> dict | None:
    return {"code": value.code, "name": str(value.name)} if value else None
