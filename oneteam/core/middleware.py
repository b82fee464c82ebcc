"""Show dates in the reader's own time zone.

The zone comes from the signed-in person's choice, else from a ``tz`` cookie
that a line of JavaScript sets from the browser, else UTC. Pages that show an
event also show its own zone, so nothing depends on JavaScript.
"""

from __future__ import annotations

import zoneinfo
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "tz"


def viewer_timezone(request) -> zoneinfo.ZoneInfo:
    name = unquote(request.COOKIES.get(COOKIE, ""))
    try:
        return zoneinfo.ZoneInfo(name) if name else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class ViewerTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz = viewer_timezone(request)
        request.viewer_tz = tz
        timezone.activate(tz)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
