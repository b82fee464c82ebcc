"""Dates in the reader's own time zone.

A signed-in person who chose a zone on their profile reads every date in it
(``request.viewer_zone``). Everyone else has no known zone: pages show each
event's own zone and UTC, labelled as such, and the active zone is UTC.
"""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

UTC = zoneinfo.ZoneInfo("UTC")


class ViewerTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = user.tz if user is not None and user.is_authenticated else None
        request.viewer_zone = zone
        timezone.activate(zone or UTC)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
