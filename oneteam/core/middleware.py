"""Middleware of every request: dates in the reader's time zone; null characters refused.

A signed-in person who chose a zone on their profile reads every date in it
(``request.viewer_zone``). Everyone else has no known zone: pages show each
event's own zone and UTC, labelled as such, and the active zone is UTC.

A null character in the address (``?q=%00``) can match nothing, and
PostgreSQL refuses it in any query, so a search or filter read straight
from the address would fail with a server error there. Forms already
refuse it field by field; for the address it is refused here, once, before
any view, and pages answer 400 with the reason. The API refuses it in its own
schemas (``api.schemas.Input``), with a 422 naming each value.
"""

from __future__ import annotations

import zoneinfo

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

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


class RefuseNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") or not any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            return self.get_response(request)
        reason = _("The address contains a null character, which no search or filter can use. "
                   "Remove it and try again.")
        return render(request, "400.html", {"reason": reason}, status=400)
